import type { Tensor } from '../tensor/tensor.js';
import type { Backend, TensorInfo } from './backend.js';

/**
 * Every kernel's declaration: its name mapped to its typed inputs and attributes.
 *
 * Core declares its kernels in `kernel-names.ts`; other packages add theirs by declaration merging:
 * ```ts
 * declare module '@sparseland/core' {
 *   interface KernelTable { SpMM: { inputs: { a: Tensor; b: Tensor }; attrs: { transposeB: boolean } } }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface KernelTable {}

/** Name of a declared kernel. */
export type KernelName = keyof KernelTable & string;

/** The shape of every {@link KernelTable} entry: named inputs and static attributes. */
export interface KernelDeclaration<I extends object = object, A extends object = object> {
  /** Named input tensors (or arrays of tensors). */
  inputs: I;
  /** Static attributes. */
  attrs: A;
}

/** Inputs of kernel `K` as the public op passes them (tensors). */
export type KernelInputs<K extends KernelName> = KernelTable[K] extends KernelDeclaration
  ? KernelTable[K]['inputs']
  : never;

/** Attributes of kernel `K`. */
export type KernelAttrs<K extends KernelName> = KernelTable[K] extends KernelDeclaration
  ? KernelTable[K]['attrs']
  : never;

/** Inputs as a backend sees them: every tensor replaced by its {@link TensorInfo}. */
export type InfoOf<I> = {
  [P in keyof I]: I[P] extends Tensor ? TensorInfo : I[P] extends Tensor[] ? TensorInfo[] : I[P];
};

/** Arguments a kernel implementation receives. */
export interface KernelArgs<K extends KernelName, B extends Backend = Backend> {
  /** Inputs on the executing backend. */
  inputs: InfoOf<KernelInputs<K>>;
  /** Attributes, already validated by the public op. */
  attrs: KernelAttrs<K>;
  /** The executing backend. */
  backend: B;
}

/** A backend's implementation of one kernel: returns one output or several. */
export type KernelImpl<K extends KernelName, B extends Backend = Backend> = (
  args: KernelArgs<K, B>,
) => TensorInfo | TensorInfo[];

const kernels = new Map<string, KernelImpl<KernelName>>();
const key = (kernel: string, backend: string) => `${backend}/${kernel}`;

/**
 * Register `impl` as backend `backend`'s implementation of `kernel`; replaces an earlier one.
 *
 * @example
 * ```ts
 * registerKernel('Relu', 'cpu', ({ inputs, backend }) => reluOnCpu(inputs.x, backend));
 * ```
 */
export function registerKernel<K extends KernelName, B extends Backend>(
  kernel: K,
  backend: string,
  impl: KernelImpl<K, B>,
): void {
  kernels.set(key(kernel, backend), impl as unknown as KernelImpl<KernelName>);
}

/** The implementation of `kernel` on `backend`, if registered. */
export function getKernel<K extends KernelName>(kernel: K, backend: string): KernelImpl<K> | undefined {
  return kernels.get(key(kernel, backend)) as KernelImpl<K> | undefined;
}

/** Remove a registration (used by tests and by backends that replace a kernel). */
export function unregisterKernel(kernel: KernelName, backend: string): void {
  kernels.delete(key(kernel, backend));
}

/** Names of the kernels registered for `backend`, sorted. */
export function kernelsFor(backend: string): string[] {
  const prefix = `${backend}/`;
  return [...kernels.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length))
    .sort();
}
