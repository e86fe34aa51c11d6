/**
 * Side effects of `@sparseland/kernels`: registers the `cpu` kernels and every gradient.
 *
 * @module
 */
import './backends/cpu/register.js';
import './gradients.js';
