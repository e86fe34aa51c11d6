/**
 * Side effects of `@sparseland/kernels`: registers the `cpu` and `wasm` kernels and every gradient.
 *
 * @module
 */
import './backends/cpu/register.js';
import './backends/wasm/register.js';
import './gradients.js';
