/**
 * The declaration of every core kernel: its name, typed inputs and attributes.
 *
 * Backends implement these names; public ops validate arguments and then call `runKernel`.
 * Inputs reach a kernel with equal dtypes wherever the op promotes them.
 *
 * @module
 */
import type { DType } from './tensor/dtype.js';
import type { Tensor } from './tensor/tensor.js';

/** Elementwise kernels of one input. */
export const UNARY_KERNELS = [
  'Abs',
  'Neg',
  'Sign',
  'Exp',
  'Log',
  'Log1p',
  'Sqrt',
  'Rsqrt',
  'Square',
  'Reciprocal',
  'Tanh',
  'Sigmoid',
  'Relu',
  'Gelu',
  'Erf',
  'Silu',
  'Floor',
  'Ceil',
  'Round',
  'Sin',
  'Cos',
  'LogicalNot',
  'IsNaN',
] as const;
/** Name of a unary kernel. */
export type UnaryKernel = (typeof UNARY_KERNELS)[number];

/** Elementwise kernels of two broadcast inputs of equal dtype. */
export const BINARY_KERNELS = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Maximum',
  'Minimum',
  'Mod',
  'FloorDiv',
  'Equal',
  'NotEqual',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalXor',
] as const;
/** Name of a binary kernel. */
export type BinaryKernel = (typeof BINARY_KERNELS)[number];

/** Binary kernels whose output is `bool`. */
export const COMPARISON_KERNELS: readonly BinaryKernel[] = [
  'Equal',
  'NotEqual',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalXor',
];

/** Reductions over a set of axes. */
export const REDUCE_KERNELS = ['Sum', 'Prod', 'Max', 'Min', 'Any', 'All'] as const;
/** Name of a reduction kernel. */
export type ReduceKernel = (typeof REDUCE_KERNELS)[number];

type UnaryEntries = { [K in UnaryKernel]: { inputs: { x: Tensor }; attrs: Record<string, never> } };
type BinaryEntries = {
  [K in BinaryKernel]: { inputs: { a: Tensor; b: Tensor }; attrs: Record<string, never> };
};
type ReduceEntries = {
  [K in ReduceKernel]: { inputs: { x: Tensor }; attrs: { axes: number[]; keepDims: boolean } };
};

declare module './backend/registry.js' {
  interface KernelTable extends UnaryEntries, BinaryEntries, ReduceEntries {
    /** Clamp to `[min, max]`; NaN stays NaN. */
    Clip: { inputs: { x: Tensor }; attrs: { min: number; max: number } };
    /** Convert element type (to `bool`: nonzero is true; float to int truncates toward zero). */
    Cast: { inputs: { x: Tensor }; attrs: { dtype: DType } };
    /** `condition ? a : b`, broadcast; `a` and `b` share a dtype. */
    Where: { inputs: { condition: Tensor; a: Tensor; b: Tensor }; attrs: Record<string, never> };
    /** Index of the largest value along `axis` (first on ties; NaN wins). */
    ArgMax: { inputs: { x: Tensor }; attrs: { axis: number } };
    /** Index of the smallest value along `axis` (first on ties; NaN wins). */
    ArgMin: { inputs: { x: Tensor }; attrs: { axis: number } };
    /** Numerically stable softmax along `axis`. */
    Softmax: { inputs: { logits: Tensor }; attrs: { axis: number } };
    /** Numerically stable log-softmax along `axis`. */
    LogSoftmax: { inputs: { logits: Tensor }; attrs: { axis: number } };
    /** Batched matmul of rank >= 2 inputs with broadcast batch dimensions. */
    MatMul: { inputs: { a: Tensor; b: Tensor }; attrs: { transposeA: boolean; transposeB: boolean } };
    /** `k` largest (or smallest) along the last axis: outputs values and int32 indices. */
    TopK: { inputs: { x: Tensor }; attrs: { k: number; largest: boolean } };
    /** Stable sort along `axis`: outputs values and int32 indices. NaN sorts last (first when descending). */
    Sort: { inputs: { x: Tensor }; attrs: { axis: number; descending: boolean } };
    /** Cumulative sum along `axis`. */
    Cumsum: { inputs: { x: Tensor }; attrs: { axis: number; exclusive: boolean; reverse: boolean } };
    /** `x` indexed along `axis` by int32 `indices` (in range). */
    Gather: { inputs: { x: Tensor; indices: Tensor }; attrs: { axis: number } };
    /** `x` plus `updates` added at `indices` along `axis` (the adjoint of Gather). */
    ScatterAdd: { inputs: { x: Tensor; indices: Tensor; updates: Tensor }; attrs: { axis: number } };
    /** One-hot encoding of int32 indices along a new last axis (out-of-range indices give all `offValue`). */
    OneHot: {
      inputs: { indices: Tensor };
      attrs: { depth: number; onValue: number; offValue: number; dtype: DType };
    };
    /** Permute axes. */
    Transpose: { inputs: { x: Tensor }; attrs: { perm: number[] } };
    /** Contiguous slice: `begin` and `size` per axis, all in range. */
    Slice: { inputs: { x: Tensor }; attrs: { begin: number[]; size: number[] } };
    /** Join along `axis` (same dtype, same other dimensions). */
    Concat: { inputs: { tensors: Tensor[] }; attrs: { axis: number } };
    /** Constant padding: `[before, after]` per axis. */
    Pad: { inputs: { x: Tensor }; attrs: { paddings: [number, number][]; value: number } };
    /** Repeat `reps[i]` times along axis `i`. */
    Tile: { inputs: { x: Tensor }; attrs: { reps: number[] } };
  }
}
