/**
 * Registers the `webgl` backend and its kernels: the only side-effect module of the webgl backend (imported by
 * the `@sparseland/core/webgl` entry point, never by the main one).
 *
 * The backend registers with priority -1, below `webgpu` (0), `cpu` (1) and `wasm` (2), so it never becomes
 * the default: select it with `await setBackend('webgl')` where WebGPU is missing.
 *
 * When the WebGL context is lost, the registration is renewed, so that the next `await setBackend('webgl')`
 * creates a new context (tensors survive: their data lives on the host).
 *
 * @module
 */
import { engine } from '../../engine.js';
import '../cpu/register.js';
import './kernels/elementwise.js';
import './kernels/matmul.js';
import './kernels/reduce.js';
import './kernels/select.js';
import { WebGLBackend } from './webgl-backend.js';

/** Registry priority of `webgl`: below `webgpu` and the CPU backends, so never picked by default. */
export const WEBGL_PRIORITY = -1;

function factory(): Promise<WebGLBackend> {
  return WebGLBackend.create({
    onLost: () => engine.registerBackend('webgl', factory, WEBGL_PRIORITY),
  });
}

engine.registerBackend('webgl', factory, WEBGL_PRIORITY);
