import { SparselandError } from '../errors/sparseland-error.js';
import { broadcastShapes } from '../internal/shape.js';
import type { BinaryKernel, UnaryKernel } from '../kernel-names.js';
import { arithmeticDType, type DType, isDType, isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { fromValues, type TensorLike, toTensor, zerosLike } from './create.js';
import { registerGradient, runKernel, scoped } from './run.js';
import { sumToShape } from './shape.js';

/**
 * Convert `x` to `dtype` (to `bool`: nonzero is true; float to int truncates toward zero, NaN and
 * infinities become 0). Returns `x` itself when it already has that dtype.
 *
 * @example
 * ```ts
 * cast(tensor([1.7, -1.7]), 'int32').dataSync(); // Int32Array [1, -1]
 * ```
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'cast');
    if (!isDType(dtype)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'cast',
        arg: 'dtype',
        expected: "be one of 'float32', 'int32', 'uint8', 'bool', 'float64'",
        actual: String(dtype),
      });
    }
    return t.dtype === dtype ? t : runKernel('Cast', { x: t }, { dtype });
  });
}

/** Operands of a binary op: JavaScript numbers adopt the tensor's dtype when they fit it ("weak" scalars). */
function operands(a: TensorLike, b: TensorLike, fn: string): [Tensor, Tensor] {
  const weak = (v: TensorLike, other: TensorLike): DType | undefined => {
    if (typeof v !== 'number' || !(other instanceof Tensor)) return undefined;
    if (isFloat(other.dtype)) return other.dtype;
    return Number.isInteger(v) ? (other.dtype === 'bool' ? 'int32' : other.dtype) : 'float32';
  };
  const ta = a instanceof Tensor ? toTensor(a, 'a', fn) : fromValues(a, { ...optDType(weak(a, b)) }, fn, 'a');
  const tb = b instanceof Tensor ? toTensor(b, 'b', fn) : fromValues(b, { ...optDType(weak(b, a)) }, fn, 'b');
  return [ta, tb];
}

function optDType(d: DType | undefined): { dtype?: DType } {
  return d === undefined ? {} : { dtype: d };
}

/** @internal Run a binary kernel after broadcasting checks and promotion of both operands to `dtype`. */
export function binary(
  kernel: BinaryKernel,
  a: TensorLike,
  b: TensorLike,
  fn: string,
  dtype?: (d: DType) => DType,
): Tensor {
  return scoped(() => {
    const [ta, tb] = operands(a, b, fn);
    broadcastShapes(ta.shape, tb.shape, fn);
    const common = arithmeticDType(ta.dtype, tb.dtype);
    const d = dtype === undefined ? common : dtype(common);
    return runKernel(kernel, { a: cast(ta, d), b: cast(tb, d) }, {});
  });
}

const floatOf = (d: DType): DType => (isFloat(d) ? d : 'float32');

/** @internal Run a unary kernel, computing in float for the transcendental ones. */
export function unary(kernel: UnaryKernel, x: TensorLike, fn: string, floatOnly: boolean): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', fn);
    const d = floatOnly ? floatOf(t.dtype) : t.dtype === 'bool' ? 'int32' : t.dtype;
    return runKernel(kernel, { x: cast(t, d) }, {});
  });
}

/** Elementwise `a + b` with broadcasting. @example `add(tensor([1, 2]), 1).dataSync(); // [2, 3]` */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary('Add', a, b, 'add');
}
/** Elementwise `a - b` with broadcasting. @example `sub(tensor([3, 4]), tensor([1, 1])).dataSync(); // [2, 3]` */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('Sub', a, b, 'sub');
}
/** Elementwise `a * b` with broadcasting. @example `mul(tensor([[1], [2]]), tensor([1, 10])).arraySync(); // [[1, 10], [2, 20]]` */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('Mul', a, b, 'mul');
}
/** Elementwise true division `a / b` (integers divide as float32). @example `div(tensor([1, 3]), 2).dataSync(); // [0.5, 1.5]` */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('Div', a, b, 'div', floatOf);
}
/** Elementwise `a ** b` (computed in float). @example `pow(tensor([2, 3]), 2).dataSync(); // [4, 9]` */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary('Pow', a, b, 'pow', floatOf);
}
/** Elementwise maximum; NaN wins. @example `maximum(tensor([1, 5]), 3).dataSync(); // [3, 5]` */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary('Maximum', a, b, 'maximum');
}
/** Elementwise minimum; NaN wins. @example `minimum(tensor([1, 5]), 3).dataSync(); // [1, 3]` */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary('Minimum', a, b, 'minimum');
}
/** Floored modulo with the sign of `b`, as NumPy's `mod` (integer `x mod 0` is 0). @example `mod(tensor([-1, 5]), 3).dataSync(); // [2, 2]` */
export function mod(a: TensorLike, b: TensorLike): Tensor {
  return binary('Mod', a, b, 'mod');
}
/** Elementwise `floor(a / b)` (integer division by 0 gives 0). @example `floorDiv(tensor([-3, 7]), 2).dataSync(); // [-2, 3]` */
export function floorDiv(a: TensorLike, b: TensorLike): Tensor {
  return binary('FloorDiv', a, b, 'floorDiv');
}
/** Elementwise `a == b` as `bool`. @example `equal(tensor([1, 2]), 2).dataSync(); // Uint8Array [0, 1]` */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return binary('Equal', a, b, 'equal');
}
/** Elementwise `a != b` as `bool`. */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary('NotEqual', a, b, 'notEqual');
}
/** Elementwise `a < b` as `bool`. */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return binary('Less', a, b, 'less');
}
/** Elementwise `a <= b` as `bool`. */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary('LessEqual', a, b, 'lessEqual');
}
/** Elementwise `a > b` as `bool`. @example `greater(tensor([1, 3]), 2).dataSync(); // Uint8Array [0, 1]` */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return binary('Greater', a, b, 'greater');
}
/** Elementwise `a >= b` as `bool`. */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return binary('GreaterEqual', a, b, 'greaterEqual');
}
/** Elementwise logical and (nonzero is true). */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binary('LogicalAnd', a, b, 'logicalAnd');
}
/** Elementwise logical or (nonzero is true). */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binary('LogicalOr', a, b, 'logicalOr');
}
/** Elementwise logical exclusive or (nonzero is true). */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return binary('LogicalXor', a, b, 'logicalXor');
}
/** Elementwise logical not (nonzero is true) as `bool`. */
export function logicalNot(x: TensorLike): Tensor {
  return scoped(() => {
    return runKernel('LogicalNot', { x: toTensor(x, 'x', 'logicalNot') }, {});
  });
}
/** `bool` mask of NaN entries. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the op mirrors the global's name, as tfjs's isNaN
export function isNaN(x: TensorLike): Tensor {
  return scoped(() => {
    return runKernel('IsNaN', { x: toTensor(x, 'x', 'isNaN') }, {});
  });
}

/** `|x|`. @example `abs(tensor([-2, 3])).dataSync(); // [2, 3]` */
export function abs(x: TensorLike): Tensor {
  return unary('Abs', x, 'abs', false);
}
/** `-x`. */
export function neg(x: TensorLike): Tensor {
  return unary('Neg', x, 'neg', false);
}
/** Sign: -1, 0 or 1 (NaN stays NaN). */
export function sign(x: TensorLike): Tensor {
  return unary('Sign', x, 'sign', false);
}
/** `e^x`. @example `exp(tensor([0])).dataSync(); // [1]` */
export function exp(x: TensorLike): Tensor {
  return unary('Exp', x, 'exp', true);
}
/** Natural logarithm. */
export function log(x: TensorLike): Tensor {
  return unary('Log', x, 'log', true);
}
/** `log(1 + x)`, accurate for small `x`. */
export function log1p(x: TensorLike): Tensor {
  return unary('Log1p', x, 'log1p', true);
}
/** Square root. */
export function sqrt(x: TensorLike): Tensor {
  return unary('Sqrt', x, 'sqrt', true);
}
/** `1 / sqrt(x)`. */
export function rsqrt(x: TensorLike): Tensor {
  return unary('Rsqrt', x, 'rsqrt', true);
}
/** `x * x`. */
export function square(x: TensorLike): Tensor {
  return unary('Square', x, 'square', false);
}
/** `1 / x`. */
export function reciprocal(x: TensorLike): Tensor {
  return unary('Reciprocal', x, 'reciprocal', true);
}
/** Hyperbolic tangent. */
export function tanh(x: TensorLike): Tensor {
  return unary('Tanh', x, 'tanh', true);
}
/** Logistic sigmoid `1 / (1 + e^-x)`. @example `sigmoid(tensor([0])).dataSync(); // [0.5]` */
export function sigmoid(x: TensorLike): Tensor {
  return unary('Sigmoid', x, 'sigmoid', true);
}
/** `max(x, 0)` (NaN stays NaN). @example `relu(tensor([-1, 2])).dataSync(); // [0, 2]` */
export function relu(x: TensorLike): Tensor {
  return unary('Relu', x, 'relu', false);
}
/** Exact GELU, `x * Phi(x)` with the normal CDF (PyTorch's default, not the tanh approximation). */
export function gelu(x: TensorLike): Tensor {
  return unary('Gelu', x, 'gelu', true);
}
/** SiLU (swish), `x * sigmoid(x)`. */
export function silu(x: TensorLike): Tensor {
  return unary('Silu', x, 'silu', true);
}
/** Error function. */
export function erf(x: TensorLike): Tensor {
  return unary('Erf', x, 'erf', true);
}
/** Round down. */
export function floor(x: TensorLike): Tensor {
  return unary('Floor', x, 'floor', false);
}
/** Round up. */
export function ceil(x: TensorLike): Tensor {
  return unary('Ceil', x, 'ceil', false);
}
/** Round half to even, as NumPy. */
export function round(x: TensorLike): Tensor {
  return unary('Round', x, 'round', false);
}
/** Sine. */
export function sin(x: TensorLike): Tensor {
  return unary('Sin', x, 'sin', true);
}
/** Cosine. */
export function cos(x: TensorLike): Tensor {
  return unary('Cos', x, 'cos', true);
}

/**
 * Clamp every element to `[min, max]` (NaN stays NaN).
 *
 * @throws {@link SparselandError} INVALID_ARGUMENT when `min > max` or either is NaN.
 * @example
 * ```ts
 * clip(tensor([-2, 0.5, 3]), 0, 1).dataSync(); // Float32Array [0, 0.5, 1]
 * ```
 */
export function clip(x: TensorLike, min: number, max: number): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'clip');
    if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'clip',
        arg: 'min, max',
        expected: 'satisfy min <= max (neither NaN)',
        actual: `min ${min}, max ${max}`,
      });
    }
    return runKernel('Clip', { x: cast(t, t.dtype === 'bool' ? 'int32' : t.dtype) }, { min, max });
  });
}

/**
 * Elementwise select: `condition ? a : b`, all three broadcast together.
 *
 * @example
 * ```ts
 * where(tensor([true, false]), 1, 2).dataSync(); // Float32Array [1, 2]
 * ```
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return scoped(() => {
    const c = toTensor(condition, 'condition', 'where', 'bool');
    const [ta, tb] = operands(a, b, 'where');
    broadcastShapes(broadcastShapes(c.shape, ta.shape, 'where', ['condition', 'a']), tb.shape, 'where', [
      'condition/a',
      'b',
    ]);
    const d = ta.dtype === 'bool' && tb.dtype === 'bool' ? 'bool' : arithmeticDType(ta.dtype, tb.dtype);
    return runKernel('Where', { condition: cast(c, 'bool'), a: cast(ta, d), b: cast(tb, d) }, {});
  });
}

// ---- gradients (written once, in terms of ops) ------------------------------------------------

function unaryGrad(kernel: UnaryKernel, dx: (dy: Tensor, x: Tensor, y: Tensor) => Tensor): void {
  registerGradient(kernel, ([dy], { inputs, outputs }) => ({
    x: () => dx(dy!, inputs.x as Tensor, outputs[0]!),
  }));
}

const zeroGrad = (dy: Tensor): Tensor => zerosLike(dy);

unaryGrad('Abs', (dy, x) => mul(dy, sign(x)));
unaryGrad('Neg', (dy) => neg(dy));
unaryGrad('Sign', zeroGrad);
unaryGrad('Exp', (dy, _x, y) => mul(dy, y));
unaryGrad('Log', (dy, x) => div(dy, x));
unaryGrad('Log1p', (dy, x) => div(dy, add(x, 1)));
unaryGrad('Sqrt', (dy, _x, y) => div(dy, mul(y, 2)));
unaryGrad('Rsqrt', (dy, x, y) => mul(dy, div(mul(y, -0.5), x)));
unaryGrad('Square', (dy, x) => mul(dy, mul(x, 2)));
unaryGrad('Reciprocal', (dy, _x, y) => neg(mul(dy, square(y))));
unaryGrad('Tanh', (dy, _x, y) => mul(dy, sub(1, square(y))));
unaryGrad('Sigmoid', (dy, _x, y) => mul(dy, mul(y, sub(1, y))));
unaryGrad('Relu', (dy, x) => mul(dy, cast(greater(x, 0), dy.dtype)));
unaryGrad('Gelu', (dy, x) => {
  // d/dx [x Phi(x)] = Phi(x) + x phi(x)
  const cdf = mul(add(erf(div(x, Math.SQRT2)), 1), 0.5);
  const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  return mul(dy, add(cdf, mul(x, pdf)));
});
unaryGrad('Silu', (dy, x) => {
  const s = sigmoid(x);
  return mul(dy, mul(s, add(1, mul(x, sub(1, s)))));
});
unaryGrad('Erf', (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));
unaryGrad('Floor', zeroGrad);
unaryGrad('Ceil', zeroGrad);
unaryGrad('Round', zeroGrad);
unaryGrad('Sin', (dy, x) => mul(dy, cos(x)));
unaryGrad('Cos', (dy, x) => neg(mul(dy, sin(x))));

registerGradient('Clip', ([dy], { inputs, attrs }) => {
  const { min, max } = attrs as { min: number; max: number };
  const x = inputs.x as Tensor;
  return { x: () => mul(dy!, cast(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy!.dtype)) };
});

registerGradient('Cast', ([dy], { inputs }) => {
  const x = inputs.x as Tensor;
  return { x: isFloat(x.dtype) ? () => cast(dy!, x.dtype) : undefined };
});

function binaryGrad(
  kernel: BinaryKernel,
  da: (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor,
  db: (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor,
): void {
  registerGradient(kernel, ([dy], { inputs, outputs }) => {
    const a = inputs.a as Tensor;
    const b = inputs.b as Tensor;
    return {
      a: () => sumToShape(da(dy!, a, b, outputs[0]!), a.shape),
      b: () => sumToShape(db(dy!, a, b, outputs[0]!), b.shape),
    };
  });
}

binaryGrad(
  'Add',
  (dy) => dy,
  (dy) => dy,
);
binaryGrad(
  'Sub',
  (dy) => dy,
  (dy) => neg(dy),
);
binaryGrad(
  'Mul',
  (dy, _a, b) => mul(dy, b),
  (dy, a) => mul(dy, a),
);
binaryGrad(
  'Div',
  (dy, _a, b) => div(dy, b),
  (dy, a, b) => neg(div(mul(dy, a), square(b))),
);
binaryGrad(
  'Pow',
  (dy, a, b) => mul(dy, mul(b, pow(a, sub(b, 1)))),
  // d/db a^b = a^b ln a, taken as 0 where a <= 0 (as PyTorch does at a = 0)
  (dy, a, _b, y) => mul(dy, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), 0)),
);
/** Ties split the gradient evenly, as PyTorch's maximum/minimum. */
function pick(dy: Tensor, mine: Tensor, other: Tensor, wins: (a: Tensor, b: Tensor) => Tensor): Tensor {
  const share = add(cast(wins(mine, other), dy.dtype), mul(cast(equal(mine, other), dy.dtype), 0.5));
  return mul(dy, share);
}
binaryGrad(
  'Maximum',
  (dy, a, b) => pick(dy, a, b, greater),
  (dy, a, b) => pick(dy, b, a, greater),
);
binaryGrad(
  'Minimum',
  (dy, a, b) => pick(dy, a, b, less),
  (dy, a, b) => pick(dy, b, a, less),
);
binaryGrad(
  'Mod',
  (dy) => dy,
  (dy, a, b) => neg(mul(dy, floor(div(a, b)))),
);
binaryGrad(
  'FloorDiv',
  (dy) => zerosLike(dy),
  (dy) => zerosLike(dy),
);

registerGradient('Where', ([dy], { inputs }) => {
  const c = inputs.condition as Tensor;
  const a = inputs.a as Tensor;
  const b = inputs.b as Tensor;
  return {
    a: () => sumToShape(where(c, dy!, 0), a.shape),
    b: () => sumToShape(where(c, 0, dy!), b.shape),
  };
});
