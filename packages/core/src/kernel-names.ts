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

/** Attributes of kernels that take none. */
export type NoAttrs = Record<string, never>;

/** Attributes of the reduction kernels. */
export interface ReduceAttrs {
  /** Axes to reduce, sorted, distinct and in range. */
  axes: number[];
  /** Keep reduced axes with size 1. */
  keepDims: boolean;
}

declare module './backend/registry.js' {
  interface KernelTable {
    /** `|x|`. */
    Abs: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `-x`. */
    Neg: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** -1, 0 or 1 (NaN stays NaN). */
    Sign: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `e^x`. */
    Exp: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Natural logarithm. */
    Log: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `log(1 + x)`. */
    Log1p: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Square root. */
    Sqrt: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `1 / sqrt(x)`. */
    Rsqrt: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `x * x`. */
    Square: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `1 / x`. */
    Reciprocal: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Hyperbolic tangent. */
    Tanh: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Logistic sigmoid. */
    Sigmoid: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `max(x, 0)` (NaN stays NaN). */
    Relu: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Exact GELU `x * Phi(x)`. */
    Gelu: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Error function. */
    Erf: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `x * sigmoid(x)`. */
    Silu: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Round down. */
    Floor: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Round up. */
    Ceil: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Round half to even. */
    Round: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Sine. */
    Sin: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Cosine. */
    Cos: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** Logical not, as `bool`. */
    LogicalNot: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** NaN mask, as `bool`. */
    IsNaN: { inputs: { x: Tensor }; attrs: NoAttrs };
    /** `a + b`. */
    Add: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a - b`. */
    Sub: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a * b`. */
    Mul: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a / b` (float inputs). */
    Div: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a ** b` (float inputs). */
    Pow: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Elementwise maximum; NaN wins. */
    Maximum: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Elementwise minimum; NaN wins. */
    Minimum: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Floored modulo with the sign of `b` (integer `x mod 0` is 0). */
    Mod: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `floor(a / b)` (integer division by 0 gives 0). */
    FloorDiv: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a == b`, as `bool`. */
    Equal: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a != b`, as `bool`. */
    NotEqual: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a < b`, as `bool`. */
    Less: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a <= b`, as `bool`. */
    LessEqual: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a > b`, as `bool`. */
    Greater: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** `a >= b`, as `bool`. */
    GreaterEqual: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Logical and, as `bool`. */
    LogicalAnd: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Logical or, as `bool`. */
    LogicalOr: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Logical exclusive or, as `bool`. */
    LogicalXor: { inputs: { a: Tensor; b: Tensor }; attrs: NoAttrs };
    /** Sum over `axes` (`bool`/`uint8` sum as `int32`). */
    Sum: { inputs: { x: Tensor }; attrs: ReduceAttrs };
    /** Product over `axes`. */
    Prod: { inputs: { x: Tensor }; attrs: ReduceAttrs };
    /** Maximum over `axes`; NaN wins. */
    Max: { inputs: { x: Tensor }; attrs: ReduceAttrs };
    /** Minimum over `axes`; NaN wins. */
    Min: { inputs: { x: Tensor }; attrs: ReduceAttrs };
    /** Whether any element is nonzero, as `bool`. */
    Any: { inputs: { x: Tensor }; attrs: ReduceAttrs };
    /** Whether every element is nonzero, as `bool`. */
    All: { inputs: { x: Tensor }; attrs: ReduceAttrs };
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
