/**
 * `@sparseland/core/webgl`: the `webgl` backend, built on gpu.js, for browsers without WebGPU.
 *
 * Importing this module registers the backend (priority -1: never the default). It needs the optional peer
 * dependency `gpu.js` and a WebGL2 context with `EXT_color_buffer_float`; where either is missing (Node.js
 * has no WebGL), `await setBackend('webgl')` fails with `BACKEND_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * import { matmul, setBackend, tensor } from '@sparseland/core';
 * import '@sparseland/core/webgl';
 *
 * await setBackend('webgl');
 * const c = matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
 * await c.data(); // Float32Array [19, 22, 43, 50]
 * ```
 *
 * @module
 */
export { WEBGL_PRIORITY } from './backends/webgl/register.js';
export {
  WebGLBackend,
  type WebGLBackendOptions,
  type WebGLCounters,
  type WebGLProgram,
} from './backends/webgl/webgl-backend.js';
