import type { KernelAttrs, KernelInputs, KernelName } from '../backend/registry.js';
import { engine, type GradFn } from '../engine.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Run a kernel on the active backend and return its single output. Public ops call this after validating.
 *
 * @example
 * ```ts
 * const y = runKernel('Relu', { x }, {});
 * ```
 */
export function runKernel<K extends KernelName>(
  kernel: K,
  inputs: KernelInputs<K>,
  attrs: KernelAttrs<K>,
): Tensor {
  return engine.runKernel(kernel, inputs, attrs)[0]!;
}

/** Run a kernel that has several outputs (e.g. `TopK`: values and indices). */
export function runKernelMulti<K extends KernelName>(
  kernel: K,
  inputs: KernelInputs<K>,
  attrs: KernelAttrs<K>,
): Tensor[] {
  return engine.runKernel(kernel, inputs, attrs);
}

/**
 * Declare the gradient of a kernel once, in terms of ops, so it works on every backend.
 *
 * The function receives one upstream gradient per output and the recorded inputs, outputs and
 * attributes; it returns, per input name, a thunk computing that input's gradient (thunks run only
 * for inputs that need one).
 *
 * @example
 * ```ts
 * registerGradient('Exp', ([dy], { outputs: [y] }) => ({ x: () => mul(dy!, y!) }));
 * ```
 */
export function registerGradient(kernel: KernelName, fn: GradFn): void {
  engine.registerGradient(kernel, fn);
}

/**
 * @internal Run an op's body in its own scope: temporaries it creates (converted arguments, casts,
 * intermediate results of composite ops) are freed, and only what it returns survives, as in tfjs.
 */
export function scoped<T>(fn: () => T): T {
  return engine.tidy(fn);
}
