/**
 * How a backend kernel of this package is packaged: one file per kernel exports a config, and the
 * backend's `register.ts` registers the list (the only side-effect module per backend).
 *
 * @module
 */
import {
  type Backend,
  type CpuBackend,
  type KernelImpl,
  type KernelName,
  registerKernel,
} from '@sparseland/core';

/** One kernel implemented for one backend. */
export interface KernelConfig {
  /** Kernel name. */
  readonly kernel: KernelName;
  /** Backend name. */
  readonly backend: string;
  /** Register the implementation in core's registry. */
  register(): void;
}

/** Package a kernel implementation for `backend`. */
export function defineKernel<K extends KernelName, B extends Backend>(
  kernel: K,
  backend: string,
  impl: KernelImpl<K, B>,
): KernelConfig {
  return { kernel, backend, register: () => registerKernel(kernel, backend, impl) };
}

/** Package a `cpu` kernel implementation. */
export function defineCpuKernel<K extends KernelName>(
  kernel: K,
  impl: KernelImpl<K, CpuBackend>,
): KernelConfig {
  return defineKernel(kernel, 'cpu', impl);
}

/** Typed arrays holding float values. */
export type FloatArray = Float32Array | Float64Array;

/** A fresh float array of the dtype of `like` (`float32` or `float64`). */
export function allocFloat(dtype: string, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}
