/**
 * The declaration of every core kernel: its name, typed inputs and attributes.
 *
 * Backends implement these names; public ops validate arguments and then call `runKernel`.
 * Inputs reach a kernel with equal dtypes wherever the op promotes them.
 *
 * @module
 */
import type { KernelDeclaration } from './backend/registry.js';
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

/** Inputs of elementwise, reduction and layout kernels: one tensor. */
export interface UnaryInputs {
  /** The input. */
  x: Tensor;
}
/** Inputs of binary kernels and MatMul. */
export interface BinaryInputs {
  /** Left operand. */
  a: Tensor;
  /** Right operand (same dtype as `a`). */
  b: Tensor;
}
/** Inputs of Where. */
export interface WhereInputs {
  /** `bool` selector. */
  condition: Tensor;
  /** Taken where `condition` is true. */
  a: Tensor;
  /** Taken where `condition` is false. */
  b: Tensor;
}
/** Inputs of Softmax and LogSoftmax. */
export interface SoftmaxInputs {
  /** Unnormalised log-probabilities. */
  logits: Tensor;
}
/** Inputs of Gather. */
export interface GatherInputs {
  /** Source. */
  x: Tensor;
  /** int32 positions along the axis. */
  indices: Tensor;
}
/** Inputs of ScatterAdd. */
export interface ScatterAddInputs extends GatherInputs {
  /** Values added at `indices`. */
  updates: Tensor;
}
/** Inputs of OneHot. */
export interface OneHotInputs {
  /** int32 class indices. */
  indices: Tensor;
}
/** Inputs of Concat. */
export interface ConcatInputs {
  /** Tensors of one dtype, equal except along the axis. */
  tensors: Tensor[];
}
/** Inputs of LayerNorm. */
export interface LayerNormInputs {
  /** Normalised over its last axis. */
  x: Tensor;
  /** Scale `[dim]`, of `x`'s dtype. */
  weight: Tensor;
  /** Shift `[dim]`, of `x`'s dtype. */
  bias: Tensor;
}
/** Inputs of RMSNorm. */
export interface RMSNormInputs {
  /** Normalised over its last axis. */
  x: Tensor;
  /** Scale `[dim]`, of `x`'s dtype. */
  weight: Tensor;
}

/** Attributes of kernels that take none. */
export type NoAttrs = Record<string, never>;
/** Attributes of the reduction kernels. */
export interface ReduceAttrs {
  /** Axes to reduce, sorted, distinct and in range. */
  axes: number[];
  /** Keep reduced axes with size 1. */
  keepDims: boolean;
}
/** Attributes of kernels working along one axis. */
export interface AxisAttrs {
  /** Axis, in range. */
  axis: number;
}
/** Attributes of Clip. */
export interface ClipAttrs {
  /** Lower bound. */
  min: number;
  /** Upper bound (>= min). */
  max: number;
}
/** Attributes of Cast. */
export interface CastAttrs {
  /** Target dtype. */
  dtype: DType;
}
/** Attributes of MatMul. */
export interface MatMulAttrs {
  /** Use `a`'s last two axes transposed. */
  transposeA: boolean;
  /** Use `b`'s last two axes transposed. */
  transposeB: boolean;
}
/** Attributes of TopK. */
export interface TopKAttrs {
  /** How many entries to keep, in `[0, n]`. */
  k: number;
  /** Largest (true) or smallest (false) first. */
  largest: boolean;
}
/** Attributes of Sort. */
export interface SortAttrs extends AxisAttrs {
  /** Largest first. */
  descending: boolean;
}
/** Attributes of Cumsum. */
export interface CumsumAttrs extends AxisAttrs {
  /** Shift by one, starting at 0. */
  exclusive: boolean;
  /** Sum from the end. */
  reverse: boolean;
}
/** Attributes of OneHot. */
export interface OneHotAttrs {
  /** Number of classes. */
  depth: number;
  /** Value at the class position. */
  onValue: number;
  /** Value elsewhere. */
  offValue: number;
  /** Output dtype. */
  dtype: DType;
}
/** Attributes of Transpose. */
export interface TransposeAttrs {
  /** Output axis `i` is input axis `perm[i]`. */
  perm: number[];
}
/** Attributes of Slice. */
export interface SliceAttrs {
  /** Start per axis. */
  begin: number[];
  /** Length per axis. */
  size: number[];
}
/** Attributes of Pad. */
export interface PadAttrs {
  /** `[before, after]` per axis. */
  paddings: [number, number][];
  /** Fill value. */
  value: number;
}
/** Attributes of Tile. */
export interface TileAttrs {
  /** Repetitions per axis. */
  reps: number[];
}
/** Attributes of LayerNorm and RMSNorm. */
export interface NormAttrs {
  /** Added to the variance (mean square) before the square root; positive. */
  eps: number;
}

declare module './backend/registry.js' {
  interface KernelTable {
    /** `|x|`. */
    Abs: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `-x`. */
    Neg: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** -1, 0 or 1 (NaN stays NaN). */
    Sign: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `e^x`. */
    Exp: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Natural logarithm. */
    Log: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `log(1 + x)`. */
    Log1p: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Square root. */
    Sqrt: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `1 / sqrt(x)`. */
    Rsqrt: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `x * x`. */
    Square: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `1 / x`. */
    Reciprocal: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Hyperbolic tangent. */
    Tanh: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Logistic sigmoid. */
    Sigmoid: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `max(x, 0)` (NaN stays NaN). */
    Relu: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Exact GELU `x * Phi(x)`. */
    Gelu: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Error function. */
    Erf: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `x * sigmoid(x)`. */
    Silu: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Round down. */
    Floor: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Round up. */
    Ceil: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Round half to even. */
    Round: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Sine. */
    Sin: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Cosine. */
    Cos: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** Logical not, as `bool`. */
    LogicalNot: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** NaN mask, as `bool`. */
    IsNaN: KernelDeclaration<UnaryInputs, NoAttrs>;
    /** `a + b`. */
    Add: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a - b`. */
    Sub: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a * b`. */
    Mul: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a / b` (float inputs). */
    Div: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a ** b` (float inputs). */
    Pow: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Elementwise maximum; NaN wins. */
    Maximum: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Elementwise minimum; NaN wins. */
    Minimum: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Floored modulo with the sign of `b` (integer `x mod 0` is 0). */
    Mod: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `floor(a / b)` (integer division by 0 gives 0). */
    FloorDiv: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a == b`, as `bool`. */
    Equal: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a != b`, as `bool`. */
    NotEqual: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a < b`, as `bool`. */
    Less: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a <= b`, as `bool`. */
    LessEqual: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a > b`, as `bool`. */
    Greater: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** `a >= b`, as `bool`. */
    GreaterEqual: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Logical and, as `bool`. */
    LogicalAnd: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Logical or, as `bool`. */
    LogicalOr: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Logical exclusive or, as `bool`. */
    LogicalXor: KernelDeclaration<BinaryInputs, NoAttrs>;
    /** Sum over `axes` (`bool`/`uint8` sum as `int32`). */
    Sum: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Product over `axes`. */
    Prod: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Maximum over `axes`; NaN wins. */
    Max: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Minimum over `axes`; NaN wins. */
    Min: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Whether any element is nonzero, as `bool`. */
    Any: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Whether every element is nonzero, as `bool`. */
    All: KernelDeclaration<UnaryInputs, ReduceAttrs>;
    /** Clamp to `[min, max]`; NaN stays NaN. */
    Clip: KernelDeclaration<UnaryInputs, ClipAttrs>;
    /** Convert element type (to `bool`: nonzero is true; float to int truncates toward zero). */
    Cast: KernelDeclaration<UnaryInputs, CastAttrs>;
    /** Index of the largest value along `axis` (first on ties; NaN wins). */
    ArgMax: KernelDeclaration<UnaryInputs, AxisAttrs>;
    /** Index of the smallest value along `axis` (first on ties; NaN wins). */
    ArgMin: KernelDeclaration<UnaryInputs, AxisAttrs>;
    /** Numerically stable softmax along `axis`. */
    Softmax: KernelDeclaration<SoftmaxInputs, AxisAttrs>;
    /** Numerically stable log-softmax along `axis`. */
    LogSoftmax: KernelDeclaration<SoftmaxInputs, AxisAttrs>;
    /** Batched matmul of rank >= 2 inputs with broadcast batch dimensions. */
    MatMul: KernelDeclaration<BinaryInputs, MatMulAttrs>;
    /** `k` largest (or smallest) along the last axis: outputs values and int32 indices. */
    TopK: KernelDeclaration<UnaryInputs, TopKAttrs>;
    /** Stable sort along `axis`: outputs values and int32 indices. NaN sorts last (first when descending). */
    Sort: KernelDeclaration<UnaryInputs, SortAttrs>;
    /** Cumulative sum along `axis`. */
    Cumsum: KernelDeclaration<UnaryInputs, CumsumAttrs>;
    /** `x` indexed along `axis` by int32 `indices` (in range). */
    Gather: KernelDeclaration<GatherInputs, AxisAttrs>;
    /** `x` plus `updates` added at `indices` along `axis` (the adjoint of Gather). */
    ScatterAdd: KernelDeclaration<ScatterAddInputs, AxisAttrs>;
    /** `condition ? a : b`, broadcast; `a` and `b` share a dtype. */
    Where: KernelDeclaration<WhereInputs, NoAttrs>;
    /** One-hot encoding of int32 indices along a new last axis (out-of-range indices give all `offValue`). */
    OneHot: KernelDeclaration<OneHotInputs, OneHotAttrs>;
    /** Permute axes. */
    Transpose: KernelDeclaration<UnaryInputs, TransposeAttrs>;
    /** Contiguous slice: `begin` and `size` per axis, all in range. */
    Slice: KernelDeclaration<UnaryInputs, SliceAttrs>;
    /** Join along `axis` (same dtype, same other dimensions). */
    Concat: KernelDeclaration<ConcatInputs, AxisAttrs>;
    /** Constant padding: `[before, after]` per axis. */
    Pad: KernelDeclaration<UnaryInputs, PadAttrs>;
    /** Repeat `reps[i]` times along axis `i`. */
    Tile: KernelDeclaration<UnaryInputs, TileAttrs>;
    /** `(x - mean) / sqrt(var + eps) * weight + bias` over the last axis (biased variance). */
    LayerNorm: KernelDeclaration<LayerNormInputs, NormAttrs>;
    /** `x / sqrt(mean(x^2) + eps) * weight` over the last axis. */
    RMSNorm: KernelDeclaration<RMSNormInputs, NormAttrs>;
  }
}
