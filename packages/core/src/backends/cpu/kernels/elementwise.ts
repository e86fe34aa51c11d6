import type { TensorInfo } from '../../../backend/backend.js';
import { erf, gelu, roundHalfEven, sigmoid } from '../../../internal/math.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../../internal/shape.js';
import { type BinaryKernel, COMPARISON_KERNELS, type UnaryKernel } from '../../../kernel-names.js';
import { allocate, type DType, isFloat, type TypedArray } from '../../../tensor/dtype.js';
import { type CpuBackend, defineCpuKernel } from '../cpu-backend.js';

const UNARY: Record<UnaryKernel, (x: number) => number> = {
  Abs: Math.abs,
  Neg: (x) => -x,
  Sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN),
  Exp: Math.exp,
  Log: Math.log,
  Log1p: Math.log1p,
  Sqrt: Math.sqrt,
  Rsqrt: (x) => 1 / Math.sqrt(x),
  Square: (x) => x * x,
  Reciprocal: (x) => 1 / x,
  Tanh: Math.tanh,
  Sigmoid: sigmoid,
  Relu: (x) => (x > 0 ? x : x === 0 || x < 0 ? 0 : x),
  Gelu: (x) => (x === Number.NEGATIVE_INFINITY ? 0 : gelu(x)), // the limit, not -Inf * 0
  Erf: erf,
  Silu: (x) => (x === Number.NEGATIVE_INFINITY ? 0 : x * sigmoid(x)),
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Sin: Math.sin,
  Cos: Math.cos,
  LogicalNot: (x) => (x === 0 ? 1 : 0),
  IsNaN: (x) => (Number.isNaN(x) ? 1 : 0),
};

/** Floored modulo with the sign of the divisor, as NumPy's `mod`. */
function mod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** `a ** b` as C and NumPy define it: JavaScript's `**` gives NaN for `1 ** NaN` and `(-1) ** ±Infinity`. */
function pow(a: number, b: number): number {
  return a === 1 || (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY))
    ? 1
    : a ** b;
}

/**
 * Floored quotient as NumPy's `floor_divide` (npy_divmod): consistent with {@link mod}, so that
 * `floorDiv(a, b) * b + mod(a, b) == a` (`1 // 0.1` is 9, not `floor(1 / 0.1) = 10`).
 */
function floorDiv(a: number, b: number): number {
  if (b === 0) return a / b;
  const m = a % b;
  let d = (a - m) / b;
  if (m !== 0 && m < 0 !== b < 0) d -= 1;
  if (d === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  const q = Math.floor(d);
  return d - q > 0.5 ? q + 1 : q;
}

const BINARY: Record<BinaryKernel, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Pow: pow,
  Maximum: Math.max, // NaN propagates
  Minimum: Math.min,
  Mod: mod,
  FloorDiv: floorDiv,
  Equal: (a, b) => (a === b ? 1 : 0),
  NotEqual: (a, b) => (a !== b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  LessEqual: (a, b) => (a <= b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  GreaterEqual: (a, b) => (a >= b ? 1 : 0),
  LogicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  LogicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  LogicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

/**
 * Integer versions of kernels whose float formula is wrong for integers: division by zero gives 0 (as
 * NumPy), and products wrap around exactly (`a * b` in float64 loses the low bits past 2^53).
 */
function intSafe(
  kernel: BinaryKernel,
  f: (a: number, b: number) => number,
): (a: number, b: number) => number {
  if (kernel === 'Mod') return (a, b) => (b === 0 ? 0 : f(a, b));
  if (kernel === 'FloorDiv') return (a, b) => (b === 0 ? 0 : Math.floor(a / b));
  if (kernel === 'Mul') return Math.imul;
  return f;
}

/**
 * Visit every element of `outShape`, calling `inner(offsets, outOffset, n, innerStrides)` once per run of the
 * last axis with the starting offset into each input (inputs read through broadcast strides).
 */
export function broadcastRuns(
  outShape: readonly number[],
  inputShapes: readonly (readonly number[])[],
  inner: (offsets: number[], outOffset: number, n: number, innerStrides: number[]) => void,
): void {
  const rank = outShape.length;
  const size = sizeOf(outShape);
  if (size === 0) return;
  if (rank === 0) {
    inner(
      inputShapes.map(() => 0),
      0,
      1,
      inputShapes.map(() => 0),
    );
    return;
  }
  const strides = inputShapes.map((s) => broadcastStrides(s, outShape));
  const n = outShape[rank - 1]!;
  const innerStrides = strides.map((s) => s[rank - 1]!);
  const idx = new Array<number>(rank - 1).fill(0);
  const offsets = inputShapes.map(() => 0);
  for (let out = 0; out < size; out += n) {
    inner(offsets, out, n, innerStrides);
    // advance the odometer over the leading axes
    for (let ax = rank - 2; ax >= 0; ax--) {
      idx[ax]!++;
      for (let j = 0; j < offsets.length; j++) offsets[j]! += strides[j]![ax]!;
      if (idx[ax]! < outShape[ax]!) break;
      for (let j = 0; j < offsets.length; j++) offsets[j]! -= strides[j]![ax]! * outShape[ax]!;
      idx[ax] = 0;
    }
  }
}

function binaryOnCpu(
  backend: CpuBackend,
  a: TensorInfo,
  b: TensorInfo,
  outDType: DType,
  f: (a: number, b: number) => number,
): TensorInfo {
  const av = backend.values(a);
  const bv = backend.values(b);
  const outShape = broadcastShapes(a.shape, b.shape, 'cpu');
  const out = allocate(outDType, sizeOf(outShape));
  if (av.length === out.length && bv.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = f(av[i]!, bv[i]!);
  } else if (bv.length === 1) {
    const y = bv[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(av[i % av.length]!, y);
  } else {
    broadcastRuns(outShape, [a.shape, b.shape], ([oa, ob], o, n, [sa, sb]) => {
      for (let i = 0; i < n; i++) out[o + i] = f(av[oa! + i * sa!]!, bv[ob! + i * sb!]!);
    });
  }
  return backend.output(out, outShape, outDType);
}

/** Apply `f` elementwise into a fresh array of dtype `dtype`. */
export function mapValues(values: TypedArray, dtype: DType, f: (x: number) => number): TypedArray {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]!);
  return out;
}

for (const [name, f] of Object.entries(UNARY) as [UnaryKernel, (x: number) => number][]) {
  const boolOut = name === 'LogicalNot' || name === 'IsNaN';
  // integer squares wrap exactly (as NumPy, and as Mul): x * x in float64 loses the low bits past 2^53
  const intF = name === 'Square' ? (v: number) => Math.imul(v, v) : f;
  defineCpuKernel(name, ({ inputs: { x }, backend }) => {
    const dtype = boolOut ? 'bool' : x.dtype;
    return backend.output(mapValues(backend.values(x), dtype, isFloat(x.dtype) ? f : intF), x.shape, dtype);
  });
}

for (const [name, f] of Object.entries(BINARY) as [BinaryKernel, (a: number, b: number) => number][]) {
  const boolOut = COMPARISON_KERNELS.includes(name);
  defineCpuKernel(name, ({ inputs: { a, b }, backend }) =>
    binaryOnCpu(backend, a, b, boolOut ? 'bool' : a.dtype, isFloat(a.dtype) ? f : intSafe(name, f)),
  );
}

defineCpuKernel('Clip', ({ inputs: { x }, attrs: { min, max }, backend }) =>
  backend.output(
    mapValues(backend.values(x), x.dtype, (v) => (v < min ? min : Math.min(v, max))),
    x.shape,
    x.dtype,
  ),
);

defineCpuKernel('Cast', ({ inputs: { x }, attrs: { dtype }, backend }) => {
  const v = backend.values(x);
  const out =
    dtype === 'bool'
      ? mapValues(v, 'bool', (e) => (e !== 0 ? 1 : 0))
      : dtype === 'int32' || dtype === 'uint8'
        ? mapValues(v, dtype, (e) => (Number.isFinite(e) ? Math.trunc(e) : 0))
        : mapValues(v, dtype, (e) => e);
  return backend.output(out, x.shape, dtype);
});

defineCpuKernel('Where', ({ inputs: { condition, a, b }, backend }) => {
  const cv = backend.values(condition);
  const av = backend.values(a);
  const bv = backend.values(b);
  const outShape = broadcastShapes(broadcastShapes(condition.shape, a.shape, 'cpu'), b.shape, 'cpu');
  const out = allocate(a.dtype, sizeOf(outShape));
  broadcastRuns(outShape, [condition.shape, a.shape, b.shape], ([oc, oa, ob], o, n, [sc, sa, sb]) => {
    for (let i = 0; i < n; i++)
      out[o + i] = cv[oc! + i * sc!] !== 0 ? av[oa! + i * sa!]! : bv[ob! + i * sb!]!;
  });
  return backend.output(out, outShape, a.dtype);
});
