/**
 * Elementwise `webgl` kernels: every unary kernel, and every binary kernel with NumPy broadcasting (up to
 * rank 4 after merging axes; beyond that the operands are broadcast on the host first). float32 operands run
 * on the GPU; others run the `cpu` kernel on the host arrays.
 *
 * @module
 */
import { broadcastShapes, broadcastStrides, sizeOf, stridesOf } from '../../../internal/shape.js';
import {
  BINARY_KERNELS,
  type BinaryKernel,
  COMPARISON_KERNELS,
  UNARY_KERNELS,
  type UnaryKernel,
} from '../../../kernel-names.js';
import { allFloat32, defineNative, defineWebGLKernel, f32, type WebGLBackend } from '../webgl-backend.js';

/** GLSL expression of each unary kernel in `x` (helpers from `glsl-math.ts`); bool results are 0 or 1. */
const UNARY: Record<UnaryKernel, string> = {
  Abs: 'f_abs(x)',
  Neg: 'f_neg(x)',
  Sign: 'm_sign(x)',
  Exp: 'm_exp(x)',
  Log: 'm_log(x)',
  Log1p: 'm_log1p(x)',
  Sqrt: 'm_sqrt(x)',
  Rsqrt: 'm_rsqrt(x)',
  Square: 'x * x',
  Reciprocal: 'm_div(1.0, x)',
  Tanh: 'm_tanh(x)',
  Sigmoid: 'm_sigmoid(x)',
  Relu: 'm_relu(x)',
  Gelu: 'm_gelu(x)',
  Erf: 'm_erf(x)',
  Silu: 'm_silu(x)',
  Floor: 'm_floor(x)',
  Ceil: 'm_ceil(x)',
  Round: 'm_round(x)',
  Sin: 'm_sin(x)',
  Cos: 'm_cos(x)',
  LogicalNot: '(is_zero(x) ? 1.0 : 0.0)',
  IsNaN: '(is_nan(x) ? 1.0 : 0.0)',
};

/** GLSL expression of each binary kernel in `a` and `b`; comparisons are false on NaN (except `!=`). */
const BINARY: Record<BinaryKernel, string> = {
  Add: 'a + b',
  Sub: 'a - b',
  Mul: 'a * b',
  Div: 'm_div(a, b)',
  Pow: 'm_pow(a, b)',
  Maximum: 'm_max(a, b)',
  Minimum: 'm_min(a, b)',
  Mod: 'm_mod(a, b)',
  FloorDiv: 'm_floordiv(a, b)',
  Equal: '(!is_nan(a) && !is_nan(b) && a == b ? 1.0 : 0.0)',
  NotEqual: '(is_nan(a) || is_nan(b) || a != b ? 1.0 : 0.0)',
  Less: '(!is_nan(a) && !is_nan(b) && a < b ? 1.0 : 0.0)',
  LessEqual: '(!is_nan(a) && !is_nan(b) && a <= b ? 1.0 : 0.0)',
  Greater: '(!is_nan(a) && !is_nan(b) && a > b ? 1.0 : 0.0)',
  GreaterEqual: '(!is_nan(a) && !is_nan(b) && a >= b ? 1.0 : 0.0)',
  LogicalAnd: '(!is_zero(a) && !is_zero(b) ? 1.0 : 0.0)',
  LogicalOr: '(!is_zero(a) || !is_zero(b) ? 1.0 : 0.0)',
  LogicalXor: '(is_zero(a) != is_zero(b) ? 1.0 : 0.0)',
};

/** Broadcast rank of the binary kernels after merging axes. */
const RANK = 4;

defineNative('bcast_at', {
  source: `int bcast_at(int i, int d1, int d2, int d3, int s0, int s1, int s2, int s3) {
  return bcast_index(i, d1, d2, d3, s0, s1, s2, s3);
}`,
  returnType: 'Integer',
  argumentTypes: ['Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer'],
});

/** A float32 result as the kernel's output dtype (`bool` for comparisons). */
function outputOf(backend: WebGLBackend, values: Float32Array, shape: readonly number[], bool: boolean) {
  return bool
    ? backend.output(Uint8Array.from(values), shape, 'bool')
    : backend.output(values, shape, 'float32');
}

for (const name of UNARY_KERNELS) {
  const fn = `u_${name}`;
  defineNative(fn, {
    source: `float ${fn}(float x) { return ${UNARY[name]}; }`,
    returnType: 'Number',
    argumentTypes: ['Number'],
  });
  const program = {
    key: name,
    source: () => `function (x) { return ${fn}(x[this.thread.x]); }`,
    argumentTypes: { x: 'Array' as const },
  };
  const bool = name === 'LogicalNot' || name === 'IsNaN';
  defineWebGLKernel(name, (args) => {
    const { x } = args.inputs;
    const { backend } = args;
    if (!allFloat32(x)) return backend.runOnHost(name, args);
    backend.checkSize(x.shape, name);
    const out = backend.run(program, sizeOf(x.shape), [f32(backend, x)]);
    return outputOf(backend, out, x.shape, bool);
  });
}

/**
 * `outShape` with each operand's broadcast strides, size-1 axes dropped and neighbouring axes merged where
 * every operand steps through them contiguously: most broadcasts come down to rank 1 to 3.
 */
export function mergeAxes(
  outShape: readonly number[],
  shapes: readonly (readonly number[])[],
): { dims: number[]; strides: number[][] } {
  const all = shapes.map((s) => broadcastStrides(s, outShape));
  const dims: number[] = [];
  const strides: number[][] = shapes.map(() => []);
  for (let ax = 0; ax < outShape.length; ax++) {
    const d = outShape[ax]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    // merge into the previous axis when, for every operand, previous stride == this stride * d
    if (last >= 0 && all.every((s, j) => strides[j]![last] === s[ax]! * d)) {
      dims[last]! *= d;
      for (let j = 0; j < all.length; j++) strides[j]![last] = all[j]![ax]!;
    } else {
      dims.push(d);
      for (let j = 0; j < all.length; j++) strides[j]!.push(all[j]![ax]!);
    }
  }
  return { dims, strides };
}

/** `values` of `shape` broadcast to `outShape`, on the host (for broadcasts of rank > 4 after merging). */
export function broadcastOnHost(
  values: Float32Array,
  shape: readonly number[],
  outShape: readonly number[],
): Float32Array {
  const strides = broadcastStrides(shape, outShape);
  const outStrides = stridesOf(outShape);
  const out = new Float32Array(sizeOf(outShape));
  for (let i = 0; i < out.length; i++) {
    let off = 0;
    let rest = i;
    for (let ax = 0; ax < outShape.length; ax++) {
      const idx = Math.floor(rest / outStrides[ax]!);
      rest -= idx * outStrides[ax]!;
      off += idx * strides[ax]!;
    }
    out[i] = values[off]!;
  }
  return out;
}

/**
 * The operands of a broadcast kernel over `outShape`, followed by its rank-4 uniforms for `bcast_at`:
 * `d1, d2, d3`, then the four strides of each operand in turn. Broadcasts that stay above rank 4 after
 * merging axes are expanded on the host first.
 */
export function broadcastOperands(
  values: readonly Float32Array[],
  shapes: readonly (readonly number[])[],
  outShape: readonly number[],
): (Float32Array | number)[] {
  let operands = values;
  let { dims, strides } = mergeAxes(outShape, shapes);
  if (dims.length > RANK) {
    operands = values.map((v, j) => broadcastOnHost(v, shapes[j]!, outShape));
    ({ dims, strides } = mergeAxes(
      outShape,
      shapes.map(() => outShape),
    ));
  }
  const pad = RANK - dims.length;
  const d = [...new Array<number>(pad).fill(1), ...dims];
  const s = strides.flatMap((st) => [...new Array<number>(pad).fill(0), ...st]);
  return [...operands, d[1]!, d[2]!, d[3]!, ...s];
}

for (const name of BINARY_KERNELS) {
  const fn = `b_${name}`;
  defineNative(fn, {
    source: `float ${fn}(float a, float b) { return ${BINARY[name]}; }`,
    returnType: 'Number',
    argumentTypes: ['Number', 'Number'],
  });
  const program = {
    key: name,
    source: () => `function (a, b, d1, d2, d3, a0, a1, a2, a3, b0, b1, b2, b3) {
  const i = this.thread.x;
  return ${fn}(a[bcast_at(i, d1, d2, d3, a0, a1, a2, a3)], b[bcast_at(i, d1, d2, d3, b0, b1, b2, b3)]);
}`,
    argumentTypes: {
      a: 'Array' as const,
      b: 'Array' as const,
      ...Object.fromEntries(
        ['d1', 'd2', 'd3', 'a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3'].map((k) => [
          k,
          'Integer' as const,
        ]),
      ),
    },
  };
  const bool = COMPARISON_KERNELS.includes(name);
  defineWebGLKernel(name, (args) => {
    const { a, b } = args.inputs;
    const { backend } = args;
    if (!allFloat32(a, b)) return backend.runOnHost(name, args);
    const outShape = broadcastShapes(a.shape, b.shape, name);
    backend.checkSize(a.shape, name);
    backend.checkSize(b.shape, name);
    backend.checkSize(outShape, name);
    const n = sizeOf(outShape);
    const out =
      n === 0
        ? new Float32Array(0)
        : backend.run(
            program,
            n,
            broadcastOperands([f32(backend, a), f32(backend, b)], [a.shape, b.shape], outShape),
          );
    return outputOf(backend, out, outShape, bool);
  });
}
