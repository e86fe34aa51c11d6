/**
 * `Clip` and `Where` on `webgl` (float32 values on the GPU; `Where`'s condition of any dtype is uploaded as
 * float32 0/1), and `Cast`, which always has a non-float32 side, so it runs the `cpu` kernel on the host
 * arrays (no data moves, no warning).
 *
 * @module
 */
import { broadcastShapes, sizeOf } from '../../../internal/shape.js';
import { allFloat32, defineNative, defineWebGLKernel, f32 } from '../webgl-backend.js';
import { broadcastOperands } from './elementwise.js';

defineNative('clip_value', {
  source: `float clip_value(float v, float lo, float hi) {
  if (is_nan(v)) { return v; }
  return v < lo ? lo : (v > hi ? hi : v);
}`,
  returnType: 'Number',
  argumentTypes: ['Number', 'Number', 'Number'],
});

const clipProgram = {
  key: 'Clip',
  source: () => 'function (x, lo, hi) { return clip_value(x[this.thread.x], lo, hi); }',
  argumentTypes: { x: 'Array', lo: 'Float', hi: 'Float' } as const,
};

defineWebGLKernel('Clip', (args) => {
  const { x } = args.inputs;
  const { min, max } = args.attrs;
  const { backend } = args;
  if (!allFloat32(x)) return backend.runOnHost('Clip', args);
  backend.checkSize(x.shape, 'clip');
  return backend.output(
    backend.run(clipProgram, sizeOf(x.shape), [f32(backend, x), min, max]),
    x.shape,
    'float32',
  );
});

defineNative('where_value', {
  source: 'float where_value(float c, float a, float b) { return is_zero(c) ? b : a; }',
  returnType: 'Number',
  argumentTypes: ['Number', 'Number', 'Number'],
});

const strideNames = ['c', 'a', 'b'].flatMap((p) => [0, 1, 2, 3].map((i) => `${p}${i}`));
const whereProgram = {
  key: 'Where',
  source: () => `function (c, a, b, d1, d2, d3, ${strideNames.join(', ')}) {
  const i = this.thread.x;
  return where_value(c[bcast_at(i, d1, d2, d3, c0, c1, c2, c3)], a[bcast_at(i, d1, d2, d3, a0, a1, a2, a3)],
    b[bcast_at(i, d1, d2, d3, b0, b1, b2, b3)]);
}`,
  argumentTypes: {
    c: 'Array' as const,
    a: 'Array' as const,
    b: 'Array' as const,
    ...Object.fromEntries(['d1', 'd2', 'd3', ...strideNames].map((k) => [k, 'Integer' as const])),
  },
};

defineWebGLKernel('Where', (args) => {
  const { condition, a, b } = args.inputs;
  const { backend } = args;
  if (!allFloat32(a, b)) return backend.runOnHost('Where', args);
  const outShape = broadcastShapes(broadcastShapes(condition.shape, a.shape, 'where'), b.shape, 'where');
  for (const shape of [condition.shape, a.shape, b.shape, outShape]) backend.checkSize(shape, 'where');
  const n = sizeOf(outShape);
  if (n === 0) return backend.output(new Float32Array(0), outShape, 'float32');
  // the condition goes up as float32 (where_value only tests it for zero): no copy when it already is
  const c =
    condition.dtype === 'float32' ? f32(backend, condition) : Float32Array.from(backend.values(condition));
  const operands = broadcastOperands(
    [c, f32(backend, a), f32(backend, b)],
    [condition.shape, a.shape, b.shape],
    outShape,
  );
  const out = backend.run(whereProgram, n, operands);
  return backend.output(out, outShape, 'float32');
});

defineWebGLKernel('Cast', (args) => args.backend.runOnHost('Cast', args));
