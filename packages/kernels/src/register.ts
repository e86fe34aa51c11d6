/**
 * Side effects of `@sparseland/kernels`: registers the `cpu`, `wasm` and `webgpu` kernels and every gradient.
 *
 * @module
 */
import './backends/cpu/register.js';
import './backends/wasm/register.js';
import './backends/webgpu/register.js';
import './gradients.js';
