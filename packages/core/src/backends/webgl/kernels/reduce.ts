/**
 * Reductions, softmax and log-softmax on `webgl`. A reduction runs once per run of adjacent reduced axes,
 * each pass over an `[outer, n, inner]` layout (one thread per output, a loop over `n`); sums use Kahan
 * compensation. Softmax takes three passes: the line maximum, the sum of shifted exponentials, and the
 * elementwise result.
 *
 * @module
 */
import { sizeOf } from '../../../internal/shape.js';
import { REDUCE_KERNELS, type ReduceKernel } from '../../../kernel-names.js';
import { allFloat32, defineNative, defineWebGLKernel, f32, type WebGLBackend } from '../webgl-backend.js';

/** Per reduction: the initial value (GLSL, and as a number) and the step, as GLSL in `acc` and `v`. */
const REDUCERS: Record<ReduceKernel, { init: string; empty: number; step: string }> = {
  Sum: { init: '0.0', empty: 0, step: 'acc + v' }, // the kernel source compensates (Kahan); see below
  Prod: { init: '1.0', empty: 1, step: 'acc * v' },
  Max: { init: 'f_neg(f_inf())', empty: Number.NEGATIVE_INFINITY, step: 'm_max(acc, v)' },
  Min: { init: 'f_inf()', empty: Number.POSITIVE_INFINITY, step: 'm_min(acc, v)' },
  Any: { init: '0.0', empty: 0, step: '(acc != 0.0 || !is_zero(v)) ? 1.0 : 0.0' },
  All: { init: '1.0', empty: 1, step: '(acc != 0.0 && !is_zero(v)) ? 1.0 : 0.0' },
};

defineNative('line_start', {
  source: 'int line_start(int i, int n, int inner) { return line_base(i, n, inner); }',
  returnType: 'Integer',
  argumentTypes: ['Integer', 'Integer', 'Integer'],
});
defineNative('line_index', {
  source: 'int line_index(int i, int n, int inner) { return line_of(i, n, inner); }',
  returnType: 'Integer',
  argumentTypes: ['Integer', 'Integer', 'Integer'],
});
// a compensated sum is right only while the plain sum is finite (an infinity makes the compensation NaN)
defineNative('sum_pick', {
  source: 'float sum_pick(float plain, float compensated) { return is_finite(plain) ? compensated : plain; }',
  returnType: 'Number',
  argumentTypes: ['Number', 'Number'],
});

const lineArgs = { x: 'Array', n: 'Integer', inner: 'Integer' } as const;

for (const name of REDUCE_KERNELS) {
  const { init, step } = REDUCERS[name];
  defineNative(`r_${name}_init`, {
    source: `float r_${name}_init() { return ${init}; }`,
    returnType: 'Number',
    argumentTypes: [],
  });
  defineNative(`r_${name}`, {
    source: `float r_${name}(float acc, float v) { return ${step}; }`,
    returnType: 'Number',
    argumentTypes: ['Number', 'Number'],
  });
}

const reducePrograms = Object.fromEntries(
  REDUCE_KERNELS.map((name) => [
    name,
    {
      key: name,
      source: () =>
        name === 'Sum'
          ? `function (x, n, inner) {
  const base = line_start(this.thread.x, n, inner);
  let plain = 0.0;
  let sum = 0.0;
  let c = 0.0;
  for (let j = 0; j < n; j++) {
    const v = x[base + j * inner];
    plain = plain + v;
    const y = v - c;
    const t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum_pick(plain, sum);
}`
          : `function (x, n, inner) {
  const base = line_start(this.thread.x, n, inner);
  let acc = r_${name}_init();
  for (let j = 0; j < n; j++) {
    acc = r_${name}(acc, x[base + j * inner]);
  }
  return acc;
}`,
      argumentTypes: lineArgs,
    },
  ]),
) as Record<ReduceKernel, { key: string; source: () => string; argumentTypes: typeof lineArgs }>;

/** Reduce `values` of `shape` along `axes` (sorted), one pass per run of adjacent axes; keeps dims. */
function reduceOnGpu(
  backend: WebGLBackend,
  name: ReduceKernel,
  values: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
): Float32Array {
  const runs: [number, number][] = [];
  for (const ax of axes) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === ax - 1) last[1] = ax;
    else runs.push([ax, ax]);
  }
  const dims = [...shape];
  if (values.length === 0) {
    // nothing to upload: every output (if any) is the initial value
    for (const ax of axes) dims[ax] = 1;
    return new Float32Array(sizeOf(dims)).fill(REDUCERS[name].empty);
  }
  // no axes: one pass over lines of 1, so that every value still goes through the step (Any/All give 0 or 1)
  if (runs.length === 0) return backend.run(reducePrograms[name], values.length, [values, 1, 1]);
  let current = values;
  // last run first: earlier axes keep their positions
  for (let r = runs.length - 1; r >= 0; r--) {
    const [lo, hi] = runs[r]!;
    const n = sizeOf(dims.slice(lo, hi + 1));
    const inner = sizeOf(dims.slice(hi + 1));
    for (let ax = lo; ax <= hi; ax++) dims[ax] = 1;
    // after the first pass, Any/All combine 0/1 values and Sum/Prod/Max/Min partial results: same step
    current = backend.run(reducePrograms[name], sizeOf(dims), [current, n, inner]);
  }
  return current;
}

for (const name of REDUCE_KERNELS) {
  defineWebGLKernel(name, (args) => {
    const { x } = args.inputs;
    const { axes, keepDims } = args.attrs;
    const { backend } = args;
    if (!allFloat32(x)) return backend.runOnHost(name, args);
    backend.checkSize(x.shape, name);
    const outShape = keepDims
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const out = reduceOnGpu(backend, name, f32(backend, x), x.shape, axes);
    return name === 'Any' || name === 'All'
      ? backend.output(Uint8Array.from(out), outShape, 'bool')
      : backend.output(out, outShape, 'float32');
  });
}

// softmax: shift = the line maximum, except 0 for a line of -Infinity (the result is then 0 / 0 = NaN);
// natives cannot call each other (gpu.js emits only those a kernel calls), so each one inlines the shift
const SHIFT = '((is_inf(m) && sign_bit(m)) ? 0.0 : m)';
defineNative('sm_exp', {
  source: `float sm_exp(float v, float m) { return m_exp(v - ${SHIFT}); }`,
  returnType: 'Number',
  argumentTypes: ['Number', 'Number'],
});
defineNative('sm_out', {
  source: `float sm_out(float v, float m, float s) { return m_div(m_exp(v - ${SHIFT}), s); }`,
  returnType: 'Number',
  argumentTypes: ['Number', 'Number', 'Number'],
});
defineNative('sm_log_out', {
  source: `float sm_log_out(float v, float m, float s) { return (v - ${SHIFT}) - m_log(s); }`,
  returnType: 'Number',
  argumentTypes: ['Number', 'Number', 'Number'],
});

const expSumProgram = {
  key: 'Softmax:expsum',
  source: () => `function (x, m, n, inner) {
  const base = line_start(this.thread.x, n, inner);
  const mx = m[this.thread.x];
  let acc = 0.0;
  for (let j = 0; j < n; j++) {
    acc = acc + sm_exp(x[base + j * inner], mx);
  }
  return acc;
}`,
  argumentTypes: { x: 'Array', m: 'Array', n: 'Integer', inner: 'Integer' } as const,
};

const outPrograms = [false, true].map((log) => ({
  key: log ? 'LogSoftmax:out' : 'Softmax:out',
  source: () => `function (x, m, s, n, inner) {
  const l = line_index(this.thread.x, n, inner);
  return ${log ? 'sm_log_out' : 'sm_out'}(x[this.thread.x], m[l], s[l]);
}`,
  argumentTypes: { x: 'Array', m: 'Array', s: 'Array', n: 'Integer', inner: 'Integer' } as const,
}));

for (const [name, log] of [
  ['Softmax', false],
  ['LogSoftmax', true],
] as const) {
  defineWebGLKernel(name, (args) => {
    const { logits: x } = args.inputs;
    const { axis } = args.attrs;
    const { backend } = args;
    if (!allFloat32(x)) return backend.runOnHost(name, args);
    backend.checkSize(x.shape, name);
    const size = sizeOf(x.shape);
    const n = x.shape[axis]!;
    const inner = sizeOf(x.shape.slice(axis + 1));
    const lines = n === 0 ? 0 : size / n;
    const v = f32(backend, x);
    const m = backend.run(reducePrograms.Max, lines, [v, n, inner]);
    const s = backend.run(expSumProgram, lines, [v, m, n, inner]);
    const out = backend.run(outPrograms[log ? 1 : 0]!, size, [v, m, s, n, inner]);
    return backend.output(out, x.shape, 'float32');
  });
}
