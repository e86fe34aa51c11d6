/**
 * Reductions on `webgpu`: Sum, Prod, Max, Min, Any, All over any set of axes, ArgMax/ArgMin, Softmax and
 * LogSoftmax, Cumsum.
 *
 * A reduction reads `x` as `[kept..., reduced...]` through strides (no transpose). Long reductions give each
 * output one workgroup of {@link RWG} threads that stride over the reduced elements and combine their
 * partial results in workgroup memory (a tree of barriers); short ones give each output one thread. Softmax
 * uses one workgroup per line with the same workgroup reductions for the maximum and the sum. Arg-reductions
 * and cumsum walk their line in one thread, in order (first NaN and first tie win; cumsum is a sequential
 * float32 sum).
 *
 * @module
 */
import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf, stridesOf } from '../../../internal/shape.js';
import { REDUCE_KERNELS, type ReduceKernel } from '../../../kernel-names.js';
import type { DType } from '../../../tensor/dtype.js';
import { grid, threadGrid, Uniforms, wgslType } from '../program.js';
import { defineGpuKernel, type WebGPUBackend } from '../webgpu-backend.js';
import { WGSL_MATH } from '../wgsl-math.js';
import { decompose, program, tag, truthy, WG } from './common.js';

/** Threads per workgroup of workgroup reductions. */
const RWG = 64;

/** Output dtype of a reduction of `dtype` (the cpu rules). */
function reducedDType(kernel: ReduceKernel, dtype: DType): DType {
  if (kernel === 'Any' || kernel === 'All') return 'bool';
  if ((kernel === 'Sum' || kernel === 'Prod') && (dtype === 'bool' || dtype === 'uint8')) return 'int32';
  return dtype;
}

/** How a reduction accumulates: accumulator type, identity, load conversion, combine, and the empty result. */
interface Reducer {
  acc: string;
  init: string;
  load: (v: string) => string;
  combine: (a: string, b: string) => string;
  empty: string;
}

function reducer(kernel: ReduceKernel, dtype: DType): Reducer {
  const t = wgslType(dtype);
  switch (kernel) {
    case 'Any':
    case 'All':
      return {
        acc: 'u32',
        init: kernel === 'Any' ? '0u' : '1u',
        load: (v) => `select(0u, 1u, ${truthy(v, dtype)})`,
        combine: (a, b) => (kernel === 'Any' ? `(${a} | ${b})` : `(${a} & ${b})`),
        empty: kernel === 'Any' ? '0u' : '1u',
      };
    case 'Sum':
    case 'Prod': {
      const acc = t === 'f32' ? 'f32' : 'i32';
      const one = acc === 'f32' ? '1.0' : '1';
      const zero = acc === 'f32' ? '0.0' : '0';
      return {
        acc,
        init: kernel === 'Sum' ? zero : one,
        load: (v) => (t === 'u32' ? `i32(${v})` : v),
        combine: (a, b) => (kernel === 'Sum' ? `(${a} + ${b})` : `(${a} * ${b})`),
        empty: kernel === 'Sum' ? zero : one,
      };
    }
    default: {
      const isMax = kernel === 'Max';
      if (t === 'f32') {
        return {
          acc: 'f32',
          init: isMax ? 'f_neg(f_inf())' : 'f_inf()',
          load: (v) => v,
          combine: (a, b) => (isMax ? `m_max(${a}, ${b})` : `m_min(${a}, ${b})`),
          empty: isMax ? 'f_neg(f_inf())' : 'f_inf()',
        };
      }
      // integers: the cpu stores -Infinity / Infinity of an empty reduction as 0
      const init =
        t === 'i32' ? (isMax ? 'i32(-2147483647 - 1)' : '2147483647') : isMax ? '0u' : '0xffffffffu';
      return {
        acc: t,
        init,
        load: (v) => v,
        combine: (a, b) => (isMax ? `max(${a}, ${b})` : `min(${a}, ${b})`),
        empty: t === 'i32' ? '0' : '0u',
      };
    }
  }
}

for (const kernel of REDUCE_KERNELS) {
  defineGpuKernel(kernel, ({ inputs: { x }, attrs: { axes, keepDims }, backend }) =>
    reduce(backend, kernel, x, axes, keepDims),
  );
}

function reduce(
  backend: WebGPUBackend,
  kernel: ReduceKernel,
  x: TensorInfo,
  axes: readonly number[],
  keepDims: boolean,
): TensorInfo {
  const shape = x.shape;
  const outShape = keepDims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
  const outDType = reducedDType(kernel, x.dtype);
  const out = backend.output(outShape, outDType, kernel);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const st = stridesOf(shape);
  const keptShape = kept.map((i) => shape[i]!);
  const redShape = axes.map((i) => shape[i]!);
  const keptCount = sizeOf(keptShape);
  const r = sizeOf(redShape);
  if (keptCount === 0) return out;
  const kr = kept.length;
  const rr = axes.length;
  const u = new Uniforms()
    .u(keptCount, r)
    .u(...keptShape)
    .u(...kept.map((i) => st[i]!))
    .u(...redShape)
    .u(...axes.map((i) => st[i]!));
  // one workgroup per output when the reduced length is long or there are few outputs
  const wide = r >= 256 || (r >= 16 && keptCount < 4096);
  const red = reducer(kernel, x.dtype);
  const outT = wgslType(outDType);
  const words = 2 + 2 * kr + 2 * rr;
  const keptAt = 2;
  const redAt = 2 + 2 * kr;
  const p = program(`${kernel}:${tag(x.dtype)}:${kr}:${rr}:${wide ? 'wg' : 'th'}`, words, () => {
    const prologue = [
      'var base = 0u;',
      decompose('k', kr, keptAt, keptAt + kr, 'base'),
      `var acc: ${red.acc} = ${red.init};`,
    ];
    const step = [
      'var off = base;',
      decompose('j', rr, redAt, redAt + rr, 'off'),
      `acc = ${red.combine('acc', red.load('ld_x(off)'))};`,
    ];
    const finish = (v: string) => `st_y(k, select(${v}, ${red.empty}, U(1u) == 0u));`;
    if (!wide) {
      return {
        inputs: [{ name: 'x', type: wgslType(x.dtype) }],
        outputs: [{ name: 'y', type: outT }],
        workgroup: WG,
        helpers: WGSL_MATH,
        body: [
          'let k = gi;',
          'if (k >= U(0u)) { return; }',
          ...prologue,
          'for (var j = 0u; j < U(1u); j++) {',
          ...step,
          '}',
          finish('acc'),
        ].join('\n'),
      };
    }
    return {
      inputs: [{ name: 'x', type: wgslType(x.dtype) }],
      outputs: [{ name: 'y', type: outT }],
      workgroup: RWG,
      helpers: `${WGSL_MATH}\nvar<workgroup> part: array<${red.acc}, ${RWG}>;`,
      body: [
        'let k = wi;',
        'if (k >= U(0u)) { return; }',
        ...prologue,
        `for (var j = lid; j < U(1u); j += ${RWG}u) {`,
        ...step,
        '}',
        'part[lid] = acc;',
        'workgroupBarrier();',
        `for (var s = ${RWG / 2}u; s > 0u; s >>= 1u) {`,
        `  if (lid < s) { part[lid] = ${red.combine('part[lid]', 'part[lid + s]')}; }`,
        '  workgroupBarrier();',
        '}',
        `if (lid == 0u) { ${finish('part[0]')} }`,
      ].join('\n'),
    };
  });
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: u,
    workgroups: wide ? grid(keptCount) : threadGrid(keptCount, WG),
  });
  return out;
}

/** `[outer, n, inner]` around `axis`. */
function aroundAxis(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

function argReduce(backend: WebGPUBackend, x: TensorInfo, axis: number, max: boolean): TensorInfo {
  const kernel = max ? 'ArgMax' : 'ArgMin';
  const out = backend.output(
    x.shape.filter((_, i) => i !== axis),
    'int32',
    kernel,
  );
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const lines = outer * inner;
  const t = wgslType(x.dtype);
  const better = max ? 'e > best' : 'e < best';
  const p = program(`${kernel}:${tag(x.dtype)}`, 3, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [{ name: 'y', type: 'i32' }],
    workgroup: WG,
    helpers: WGSL_MATH,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let n = U(1u); let inner = U(2u);',
      'let base = (gi / inner) * n * inner + gi % inner;',
      'var best = ld_x(base);',
      'var arg = 0u;',
      'for (var j = 1u; j < n; j++) {',
      t === 'f32' ? '  if (is_nan(best)) { break; }' : '',
      '  let e = ld_x(base + j * inner);',
      t === 'f32'
        ? `  if (is_nan(e) || ${better}) { best = e; arg = j; }`
        : `  if (${better}) { best = e; arg = j; }`,
      '}',
      'st_y(gi, i32(arg));',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: new Uniforms().u(lines, n, inner),
    workgroups: threadGrid(lines, WG),
  });
  return out;
}

defineGpuKernel('ArgMax', ({ inputs: { x }, attrs: { axis }, backend }) => argReduce(backend, x, axis, true));
defineGpuKernel('ArgMin', ({ inputs: { x }, attrs: { axis }, backend }) =>
  argReduce(backend, x, axis, false),
);

function softmaxLike(backend: WebGPUBackend, x: TensorInfo, axis: number, log: boolean): TensorInfo {
  const kernel = log ? 'LogSoftmax' : 'Softmax';
  const out = backend.output(x.shape, x.dtype, kernel);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const lines = outer * inner;
  if (lines === 0 || n === 0) return out;
  const p = program(`${kernel}:${tag(x.dtype)}`, 3, () => ({
    inputs: [{ name: 'x', type: 'f32' }],
    outputs: [{ name: 'y', type: 'f32' }],
    workgroup: RWG,
    helpers: `${WGSL_MATH}\nvar<workgroup> part: array<f32, ${RWG}>;`,
    body: [
      'let line = wi;',
      'if (line >= U(0u)) { return; }',
      'let n = U(1u); let inner = U(2u);',
      'let base = (line / inner) * n * inner + line % inner;',
      'var m = f_neg(f_inf());',
      `for (var j = lid; j < n; j += ${RWG}u) { m = m_max(m, ld_x(base + j * inner)); }`,
      'part[lid] = m;',
      'workgroupBarrier();',
      `for (var s = ${RWG / 2}u; s > 0u; s >>= 1u) {`,
      '  if (lid < s) { part[lid] = m_max(part[lid], part[lid + s]); }',
      '  workgroupBarrier();',
      '}',
      'let mx = part[0];',
      'workgroupBarrier();',
      // a line of -Infinity: exp(x - 0) = 0 and the result is NaN, as NumPy
      'let shift = select(mx, 0.0, is_inf(mx) && sign_bit(mx));',
      'var s = 0.0;',
      `for (var j = lid; j < n; j += ${RWG}u) { s = s + m_exp(ld_x(base + j * inner) - shift); }`,
      'part[lid] = s;',
      'workgroupBarrier();',
      `for (var h = ${RWG / 2}u; h > 0u; h >>= 1u) {`,
      '  if (lid < h) { part[lid] = part[lid] + part[lid + h]; }',
      '  workgroupBarrier();',
      '}',
      'let total = part[0];',
      'let logTotal = m_log(total);',
      `for (var j = lid; j < n; j += ${RWG}u) {`,
      '  let at = base + j * inner;',
      '  let v = ld_x(at) - shift;',
      log ? '  st_y(at, v - logTotal);' : '  st_y(at, m_div(m_exp(v), total));',
      '}',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: new Uniforms().u(lines, n, inner),
    workgroups: grid(lines),
  });
  return out;
}

defineGpuKernel('Softmax', ({ inputs: { logits }, attrs: { axis }, backend }) =>
  softmaxLike(backend, logits, axis, false),
);
defineGpuKernel('LogSoftmax', ({ inputs: { logits }, attrs: { axis }, backend }) =>
  softmaxLike(backend, logits, axis, true),
);

defineGpuKernel('Cumsum', ({ inputs: { x }, attrs: { axis, exclusive, reverse }, backend }) => {
  const outDType: DType = x.dtype === 'bool' || x.dtype === 'uint8' ? 'int32' : x.dtype;
  const out = backend.output(x.shape, outDType, 'Cumsum');
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const lines = outer * inner;
  const acc = wgslType(outDType);
  const load = wgslType(x.dtype) === 'u32' ? 'i32(ld_x(at))' : 'ld_x(at)';
  const p = program(`Cumsum:${tag(x.dtype)}:${exclusive ? 'x' : 'i'}:${reverse ? 'r' : 'f'}`, 3, () => ({
    inputs: [{ name: 'x', type: wgslType(x.dtype) }],
    outputs: [{ name: 'y', type: acc }],
    workgroup: WG,
    helpers: WGSL_MATH,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let n = U(1u); let inner = U(2u);',
      'let base = (gi / inner) * n * inner + gi % inner;',
      `var acc = ${acc}();`,
      'for (var s = 0u; s < n; s++) {',
      `  let at = base + ${reverse ? '(n - 1u - s)' : 's'} * inner;`,
      exclusive ? `  st_y(at, acc);\n  acc = acc + ${load};` : `  acc = acc + ${load};\n  st_y(at, acc);`,
      '}',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [x],
    outputs: [out],
    uniforms: new Uniforms().u(lines, n, inner),
    workgroups: threadGrid(lines, WG),
  });
  return out;
});
