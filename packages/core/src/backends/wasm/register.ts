/**
 * Registers the `wasm` backend and its kernels: the only side-effect module of the wasm backend.
 *
 * The backend registers with priority 2 (above `cpu`), so it is the default wherever WebAssembly with
 * SIMD is available. In Node it compiles synchronously, so `getBackend()` picks it without awaiting; in
 * browsers it compiles asynchronously (`await ready()` or `await setBackend('wasm')` selects it).
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

const isNode =
  (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;

engine.registerBackend(
  'wasm',
  () => (isNode ? new WasmBackend(loadKernelsSync()) : loadKernels().then((k) => new WasmBackend(k))),
  2,
);
