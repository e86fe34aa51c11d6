/**
 * Elementwise `webgpu` kernels: unary, binary with broadcasting, comparisons and logic, Clip, Cast, Where.
 *
 * One thread per output element. Float math goes through the helpers of `wgsl-math.ts`, which match the
 * `cpu` reference on NaN, infinities and signed zeros; integer arithmetic wraps (int32 modulo 2^32, uint8
 * modulo 256), and integer division or modulo by zero gives 0, as NumPy.
 *
 * @module
 */
import type { TensorInfo } from '../../../backend/backend.js';
import { broadcastShapes, sizeOf } from '../../../internal/shape.js';
import {
  BINARY_KERNELS,
  type BinaryKernel,
  COMPARISON_KERNELS,
  UNARY_KERNELS,
  type UnaryKernel,
} from '../../../kernel-names.js';
import type { DType } from '../../../tensor/dtype.js';
import { threadGrid, Uniforms, wgslType } from '../program.js';
import { defineGpuKernel, type WebGPUBackend } from '../webgpu-backend.js';
import { WGSL_MATH } from '../wgsl-math.js';
import {
  broadcastOf,
  broadcastOffsets,
  broadcastUniforms,
  convert,
  program,
  tag,
  truthy,
  WG,
} from './common.js';

/** Integer floor division and modulo (NumPy semantics, 0 for a zero divisor). */
const INT_HELPERS = /* wgsl */ `
fn i_floordiv(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  var q = a / b;
  if ((a % b) != 0 && ((a < 0) != (b < 0))) { q = q - 1; }
  return q;
}
fn i_mod(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  var r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { r = r + b; }
  return r;
}
`;

/** Float unary expressions of `v` (f32). */
const FLOAT_UNARY: Record<UnaryKernel, string> = {
  Abs: 'f_abs(v)',
  Neg: 'f_neg(v)',
  Sign: 'm_sign(v)',
  Exp: 'm_exp(v)',
  Log: 'm_log(v)',
  Log1p: 'm_log1p(v)',
  Sqrt: 'm_sqrt(v)',
  Rsqrt: 'm_div(1.0, m_sqrt(v))',
  Square: 'v * v',
  Reciprocal: 'm_div(1.0, v)',
  Tanh: 'm_tanh(v)',
  Sigmoid: 'm_sigmoid(v)',
  Relu: 'm_relu(v)',
  Gelu: 'm_gelu(v)',
  Erf: 'm_erf(v)',
  Silu: 'm_silu(v)',
  Floor: 'm_floor(v)',
  Ceil: 'm_ceil(v)',
  Round: 'm_round(v)',
  Sin: 'm_sin(v)',
  Cos: 'm_cos(v)',
  LogicalNot: 'select(0u, 1u, is_zero(v))',
  IsNaN: 'select(0u, 1u, is_nan(v))',
};

/** Unary kernels that keep integers integral without going through float. */
const INT_UNARY: Partial<Record<UnaryKernel, { i32: string; u32: string }>> = {
  Abs: { i32: 'abs(v)', u32: 'v' },
  Neg: { i32: '-v', u32: '((0u - v) & 0xffu)' },
  Sign: { i32: 'sign(v)', u32: 'select(0u, 1u, v != 0u)' },
  Square: { i32: 'v * v', u32: '((v * v) & 0xffu)' },
  Relu: { i32: 'max(v, 0)', u32: 'v' },
  Floor: { i32: 'v', u32: 'v' },
  Ceil: { i32: 'v', u32: 'v' },
  Round: { i32: 'v', u32: 'v' },
  LogicalNot: { i32: 'select(0u, 1u, v == 0)', u32: 'select(0u, 1u, v == 0u)' },
  IsNaN: { i32: '0u', u32: '0u' },
};

/** The load and the expression of a unary kernel on `dtype` producing `outDType`. */
function unaryCode(kernel: UnaryKernel, dtype: DType, outDType: DType): { load: string; expr: string } {
  const t = wgslType(dtype);
  if (t === 'f32') return { load: 'ld_x(gi)', expr: FLOAT_UNARY[kernel] };
  const exact = INT_UNARY[kernel];
  if (exact !== undefined) return { load: 'ld_x(gi)', expr: exact[t] };
  // a float-only kernel on integers (ops cast to float first; kept for direct kernel calls)
  return { load: 'f32(ld_x(gi))', expr: convert(FLOAT_UNARY[kernel], 'float32', outDType) };
}

function runUnary(backend: WebGPUBackend, kernel: UnaryKernel, x: TensorInfo, outDType: DType): TensorInfo {
  const out = backend.output(x.shape, outDType, kernel);
  const n = sizeOf(x.shape);
  const p = program(`${kernel}:${tag(x.dtype)}`, 1, () => {
    const { load, expr } = unaryCode(kernel, x.dtype, outDType);
    return {
      inputs: [{ name: 'x', type: wgslType(x.dtype) }],
      outputs: [{ name: 'y', type: wgslType(outDType) }],
      workgroup: WG,
      helpers: WGSL_MATH,
      body: `if (gi >= U(0u)) { return; }\nlet v = ${load};\nst_y(gi, ${expr});`,
    };
  });
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: new Uniforms().u(n),
    workgroups: threadGrid(n, WG),
  });
  return out;
}

for (const kernel of UNARY_KERNELS) {
  const boolOut = kernel === 'LogicalNot' || kernel === 'IsNaN';
  defineGpuKernel(kernel, ({ inputs: { x }, backend }) =>
    runUnary(backend, kernel, x, boolOut ? 'bool' : x.dtype),
  );
}

/** Binary expressions of `a`, `b` per storage type. */
function binaryExpr(kernel: BinaryKernel, dtype: DType): string {
  const t = wgslType(dtype);
  const ta = truthy('a', dtype);
  const tb = truthy('b', dtype);
  const b01 = (c: string) => `select(0u, 1u, ${c})`;
  switch (kernel) {
    case 'LogicalAnd':
      return b01(`${ta} && ${tb}`);
    case 'LogicalOr':
      return b01(`${ta} || ${tb}`);
    case 'LogicalXor':
      return b01(`${ta} != ${tb}`);
    default:
  }
  if (t === 'f32') {
    const ordered = '!is_nan(a) && !is_nan(b)';
    switch (kernel) {
      case 'Add':
        return 'a + b';
      case 'Sub':
        return 'a - b';
      case 'Mul':
        return 'a * b';
      case 'Div':
        return 'm_div(a, b)';
      case 'Pow':
        return 'm_pow(a, b)';
      case 'Maximum':
        return 'm_max(a, b)';
      case 'Minimum':
        return 'm_min(a, b)';
      case 'Mod':
        return 'm_mod(a, b)';
      case 'FloorDiv':
        return 'm_floordiv(a, b)';
      case 'Equal':
        return b01(`${ordered} && a == b`);
      case 'NotEqual':
        return b01(`!(${ordered} && a == b)`);
      case 'Less':
        return b01(`${ordered} && a < b`);
      case 'LessEqual':
        return b01(`${ordered} && a <= b`);
      case 'Greater':
        return b01(`${ordered} && a > b`);
      default:
        return b01(`${ordered} && a >= b`);
    }
  }
  const mask = (e: string) => (t === 'u32' ? `((${e}) & 0xffu)` : e);
  const zero = t === 'u32' ? '0u' : '0';
  switch (kernel) {
    case 'Add':
      return mask('a + b');
    case 'Sub':
      return mask('a - b');
    case 'Mul':
      return mask('a * b');
    case 'Div':
    case 'Pow': {
      // float-only kernels (ops cast integers to float32 first); kept for direct kernel calls
      const f = kernel === 'Div' ? 'm_div(f32(a), f32(b))' : 'm_pow(f32(a), f32(b))';
      return convert(f, 'float32', dtype);
    }
    case 'Maximum':
      return 'max(a, b)';
    case 'Minimum':
      return 'min(a, b)';
    case 'Mod':
      return t === 'i32' ? 'i_mod(a, b)' : `select(a % b, ${zero}, b == ${zero})`;
    case 'FloorDiv':
      return t === 'i32' ? 'i_floordiv(a, b)' : `select(a / b, ${zero}, b == ${zero})`;
    case 'Equal':
      return b01('a == b');
    case 'NotEqual':
      return b01('a != b');
    case 'Less':
      return b01('a < b');
    case 'LessEqual':
      return b01('a <= b');
    case 'Greater':
      return b01('a > b');
    default:
      return b01('a >= b');
  }
}

for (const kernel of BINARY_KERNELS) {
  const boolOut = COMPARISON_KERNELS.includes(kernel);
  defineGpuKernel(kernel, ({ inputs: { a, b }, backend }) => {
    const outShape = broadcastShapes(a.shape, b.shape, kernel);
    const outDType = boolOut ? 'bool' : a.dtype;
    const out = backend.output(outShape, outDType, kernel);
    const n = sizeOf(outShape);
    const bc = broadcastOf([a, b], outShape);
    const u = new Uniforms();
    broadcastUniforms(u, bc, [a, b], outShape);
    const p = program(`${kernel}:${tag(a.dtype)}:${bc.mode}${bc.rank}`, bc.words, () => ({
      inputs: [
        { name: 'xa', type: wgslType(a.dtype) },
        { name: 'xb', type: wgslType(b.dtype) },
      ],
      outputs: [{ name: 'y', type: wgslType(outDType) }],
      workgroup: WG,
      helpers: WGSL_MATH + INT_HELPERS,
      body: [
        'if (gi >= U(0u)) { return; }',
        broadcastOffsets(bc, 2),
        'let a = ld_xa(o0);',
        'let b = ld_xb(o1);',
        `st_y(gi, ${binaryExpr(kernel, a.dtype)});`,
      ].join('\n'),
    }));
    backend.run({ program: p, inputs: [a, b], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
    return out;
  });
}

/** Integer clip bound: how `v < min` (or `v > max`) reads for an integer `v`, and the value written. */
function intBound(x: number, side: 'lo' | 'hi', dtype: DType): [mode: number, cmp: number, value: number] {
  // modes: 0 compare with cmp, 1 always, 2 never
  const c = side === 'lo' ? Math.ceil(x) : Math.floor(x);
  const value = dtype === 'uint8' ? (Math.trunc(x) | 0) & 0xff : Math.trunc(x) | 0;
  if (side === 'lo') {
    if (c <= -2147483648) return [2, 0, value];
    if (c > 2147483647) return [1, 0, value];
    return [0, c, value];
  }
  if (c >= 2147483647) return [2, 0, value];
  if (c < -2147483648) return [1, 0, value];
  return [0, c, value];
}

defineGpuKernel('Clip', ({ inputs: { x }, attrs: { min, max }, backend }) => {
  const out = backend.output(x.shape, x.dtype, 'Clip');
  const n = sizeOf(x.shape);
  const t = wgslType(x.dtype);
  const u = new Uniforms().u(n);
  let body: string;
  if (t === 'f32') {
    u.f(min, max);
    body =
      'let v = ld_x(gi);\nlet lo = UF(1u);\nlet hi = UF(2u);\n' +
      'var r = v;\nif (!is_nan(v)) { if (v < lo) { r = lo; } else if (v > hi) { r = hi; } }\nst_y(gi, r);';
  } else {
    const [lm, lc, lv] = intBound(min, 'lo', x.dtype);
    const [hm, hc, hv] = intBound(max, 'hi', x.dtype);
    u.i(lm, lc, lv, hm, hc, hv);
    const v = t === 'u32' ? 'i32(ld_x(gi))' : 'ld_x(gi)';
    const back = (e: string) => (t === 'u32' ? `bitcast<u32>(${e})` : e);
    body = [
      `let v = ${v};`,
      'var r = v;',
      'let lm = UI(1u); let hm = UI(4u);',
      'if (lm == 1 || (lm == 0 && v < UI(2u))) { r = UI(3u); }',
      'else if (hm == 1 || (hm == 0 && v > UI(5u))) { r = UI(6u); }',
      `st_y(gi, ${back('r')});`,
    ].join('\n');
  }
  const p = program(`Clip:${tag(x.dtype)}`, t === 'f32' ? 3 : 7, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    helpers: WGSL_MATH,
    body: `if (gi >= U(0u)) { return; }\n${body}`,
  }));
  backend.run({ program: p, inputs: [x], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});

defineGpuKernel('Cast', ({ inputs: { x }, attrs: { dtype }, backend }) => {
  const out = backend.output(x.shape, dtype, 'Cast');
  const n = sizeOf(x.shape);
  const p = program(`Cast:${tag(x.dtype)}:${tag(dtype)}`, 1, () => ({
    inputs: [{ name: 'x', type: wgslType(x.dtype) }],
    outputs: [{ name: 'y', type: wgslType(dtype) }],
    workgroup: WG,
    helpers: WGSL_MATH,
    body: `if (gi >= U(0u)) { return; }\nst_y(gi, ${convert('ld_x(gi)', x.dtype, dtype)});`,
  }));
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: new Uniforms().u(n),
    workgroups: threadGrid(n, WG),
  });
  return out;
});

defineGpuKernel('Where', ({ inputs: { condition, a, b }, backend }) => {
  const outShape = broadcastShapes(broadcastShapes(condition.shape, a.shape, 'Where'), b.shape, 'Where');
  const out = backend.output(outShape, a.dtype, 'Where');
  const n = sizeOf(outShape);
  const ins = [condition, a, b];
  const bc = broadcastOf(ins, outShape);
  const u = new Uniforms();
  broadcastUniforms(u, bc, ins, outShape);
  const t = wgslType(a.dtype);
  const p = program(`Where:${tag(condition.dtype)}:${tag(a.dtype)}:${bc.mode}${bc.rank}`, bc.words, () => ({
    inputs: [
      { name: 'c', type: wgslType(condition.dtype) },
      { name: 'xa', type: t },
      { name: 'xb', type: t },
    ],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    helpers: WGSL_MATH,
    body: [
      'if (gi >= U(0u)) { return; }',
      broadcastOffsets(bc, 3),
      `st_y(gi, select(ld_xb(o2), ld_xa(o1), ${truthy('ld_c(o0)', condition.dtype)}));`,
    ].join('\n'),
  }));
  backend.run({ program: p, inputs: ins, outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});
