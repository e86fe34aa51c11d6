/**
 * Batched matmul on `webgl`: one thread per output element, a float32 dot product over `k`. Transposes are
 * strides (uniforms), so one program serves every combination of flags and shapes. An operand whose batch
 * dimensions broadcast only in part (neither all 1 nor the full batch shape) is expanded on the host first.
 *
 * @module
 */
import { broadcastShapes, sizeOf, stridesOf } from '../../../internal/shape.js';
import { allFloat32, defineNative, defineWebGLKernel, f32 } from '../webgl-backend.js';

defineNative('mm_base', {
  source: `int mm_base(int i, int m, int n, int batchStride, int rowStride, int colStride) {
  int mn = m * n;
  int t = i / mn;
  int r = i - t * mn;
  int row = r / n;
  int col = r - row * n;
  return t * batchStride + row * rowStride + col * colStride;
}`,
  returnType: 'Integer',
  argumentTypes: ['Integer', 'Integer', 'Integer', 'Integer', 'Integer', 'Integer'],
});

// a(i, p) = a[aBase + p * ap] with aBase = t * ab + i * ai; b(p, j) = b[bBase + p * bp] with bBase = t * bb + j * bj
const program = {
  key: 'MatMul',
  source: () => `function (a, b, m, n, k, ab, ai, ap, bb, bj, bp) {
  const i = this.thread.x;
  const aBase = mm_base(i, m, n, ab, ai, 0);
  const bBase = mm_base(i, m, n, bb, 0, bj);
  let acc = 0.0;
  for (let p = 0; p < k; p++) {
    acc = acc + a[aBase + p * ap] * b[bBase + p * bp];
  }
  return acc;
}`,
  argumentTypes: {
    a: 'Array' as const,
    b: 'Array' as const,
    ...Object.fromEntries(
      ['m', 'n', 'k', 'ab', 'ai', 'ap', 'bb', 'bj', 'bp'].map((x) => [x, 'Integer' as const]),
    ),
  },
};

/** `values` (`[...batch, rows, cols]`) with its batch dimensions broadcast to `batchShape`, on the host. */
function expandBatch(
  values: Float32Array,
  shape: readonly number[],
  batchShape: readonly number[],
  matSize: number,
): Float32Array {
  const own = shape.slice(0, -2);
  const pad = batchShape.length - own.length;
  const ownStrides = stridesOf(own);
  const outStrides = stridesOf(batchShape);
  const batch = sizeOf(batchShape);
  const out = new Float32Array(batch * matSize);
  for (let t = 0; t < batch; t++) {
    let off = 0;
    let rest = t;
    for (let ax = 0; ax < batchShape.length; ax++) {
      const idx = Math.floor(rest / outStrides[ax]!);
      rest -= idx * outStrides[ax]!;
      if (ax >= pad && own[ax - pad] !== 1) off += idx * ownStrides[ax - pad]!;
    }
    out.set(values.subarray(off * matSize, (off + 1) * matSize), t * matSize);
  }
  return out;
}

defineWebGLKernel('MatMul', (args) => {
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = args.attrs;
  const { backend } = args;
  if (!allFloat32(a, b)) return backend.runOnHost('MatMul', args);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  const outShape = [...batchShape, m, n];
  const batch = sizeOf(batchShape);
  // an operand expanded to the full batch must fit too: check what will be uploaded
  const aFull = sizeOf(a.shape.slice(0, -2)) === 1 ? a.shape : [...batchShape, m * k];
  const bFull = sizeOf(b.shape.slice(0, -2)) === 1 ? b.shape : [...batchShape, k * n];
  backend.checkSize(aFull, 'matmul');
  backend.checkSize(bFull, 'matmul');
  backend.checkSize(outShape, 'matmul');
  const size = batch * m * n;
  if (size === 0 || k === 0) return backend.output(new Float32Array(size), outShape, 'float32');
  // per-operand batch stride: 0 when its batch dims are all 1, a matrix when it has the full batch shape
  const operand = (t: typeof a, matSize: number): [Float32Array, number] => {
    const own = sizeOf(t.shape.slice(0, -2));
    if (own === 1) return [f32(backend, t), 0];
    if (own === batch) {
      const lead = t.shape.slice(0, -2);
      const pad = batchShape.length - lead.length;
      if (lead.every((d, i) => d === batchShape[pad + i])) return [f32(backend, t), matSize];
    }
    return [expandBatch(f32(backend, t), t.shape, batchShape, matSize), matSize];
  };
  const [av, ab] = operand(a, m * k);
  const [bv, bb] = operand(b, k * n);
  // strides of a(i, p) and of b(p, j) inside one matrix
  const [ai, ap] = transposeA ? [1, m] : [k, 1];
  const [bp, bj] = transposeB ? [1, k] : [n, 1];
  const out = backend.run(program, size, [av, bv, m, n, k, ab, ai, ap, bb, bj, bp]);
  return backend.output(out, outShape, 'float32');
});
