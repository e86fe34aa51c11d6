/**
 * Registers the `wasm` backend and its kernels: the only side-effect module of the wasm backend.
 *
 * The backend registers with priority 2 (above `cpu`), so it is the default wherever WebAssembly with
 * SIMD is available. Its factory compiles synchronously (Node, and browsers that allow a synchronous compile
 * of this size on the main thread, as Chromium does), so `getBackend()` picks it without awaiting; where a
 * synchronous compile is refused it compiles asynchronously (`await ready()` or `await setBackend('wasm')`
 * selects it).
 *
 * @module
 */
import { engine } from '../../engine.js';
import './kernels/elementwise.js';
import './kernels/layout.js';
import './kernels/matmul.js';
import './kernels/norm.js';
import './kernels/reduce.js';
import './kernels/select.js';
import { WasmBackend } from './wasm-backend.js';
import { loadKernels, loadKernelsSync } from './wasm-module.js';

/** Compile synchronously where the host allows it, else asynchronously (a promise the engine awaits). */
function createWasmBackend(): WasmBackend | Promise<WasmBackend> {
  try {
    return new WasmBackend(loadKernelsSync());
  } catch (e) {
    // no WebAssembly or no SIMD: report it; a refused synchronous compile (RangeError): go asynchronous
    if (!(e instanceof RangeError)) throw e;
    return loadKernels().then((k) => new WasmBackend(k));
  }
}

engine.registerBackend('wasm', createWasmBackend, 2);
