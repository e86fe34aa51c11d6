/**
 * Registers the `webgpu` backend and its kernels: the only side-effect module of the webgpu backend.
 *
 * The backend registers with priority 0, below `cpu` (1) and `wasm` (2), so it never becomes the default:
 * software adapters (lavapipe, SwiftShader) are far slower than the CPU backends, and a GPU backend cannot
 * read synchronously (`dataSync`). Select it with `await setBackend('webgpu')`.
 *
 * When the device is lost, the registration is renewed, so that the next `await setBackend('webgpu')`
 * starts a new device (the engine keeps one instance per registration).
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
import { WebGPUBackend } from './webgpu-backend.js';

/** Registry priority of `webgpu`: below `cpu`, so never picked by default. */
export const WEBGPU_PRIORITY = 0;

function factory(): Promise<WebGPUBackend> {
  return WebGPUBackend.create({
    onLost: () => engine.registerBackend('webgpu', factory, WEBGPU_PRIORITY),
  });
}

engine.registerBackend('webgpu', factory, WEBGPU_PRIORITY);
