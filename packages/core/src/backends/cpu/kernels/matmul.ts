import { broadcastShapes, sizeOf, stridesOf } from '../../../internal/shape.js';
import { allocate } from '../../../tensor/dtype.js';
import { defineCpuKernel } from '../cpu-backend.js';

/**
 * Batched matmul: `a [..., m, k] x b [..., k, n]` (each optionally transposed in its last two axes) with
 * NumPy-broadcast batch dimensions. Each row of the output is accumulated in float64 (i-k-j order).
 */
defineCpuKernel('MatMul', ({ inputs: { a, b }, attrs: { transposeA, transposeB }, backend }) => {
  const av = backend.values(a);
  const bv = backend.values(b);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  const batch = sizeOf(batchShape);
  const out = allocate(a.dtype, batch * m * n);
  // per-operand batch offsets through broadcast strides
  const offsetOf = (shape: readonly number[], matSize: number) => {
    const bshape = shape.slice(0, -2);
    const strides = stridesOf(bshape).map((s, i) => (bshape[i] === 1 ? 0 : s * matSize));
    const pad = batchShape.length - bshape.length;
    return (flat: number) => {
      let off = 0;
      for (let ax = batchShape.length - 1, rest = flat; ax >= 0; ax--) {
        const d = batchShape[ax]!;
        const i = rest % d;
        rest = (rest - i) / d;
        if (ax >= pad) off += i * strides[ax - pad]!;
      }
      return off;
    };
  };
  const aOff = offsetOf(a.shape, m * k);
  const bOff = offsetOf(b.shape, k * n);
  // strides of a(i, p) and of b(p, j) inside one matrix
  const [ai, ap] = transposeA ? [1, m] : [k, 1];
  const [bp, bj] = transposeB ? [1, k] : [n, 1];
  const acc = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const ao = aOff(t);
    const bo = bOff(t);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const x = av[ao + i * ai + p * ap]!;
        const row = bo + p * bp;
        for (let j = 0; j < n; j++) acc[j]! += x * bv[row + j * bj]!;
      }
      out.set(acc, t * m * n + i * n);
    }
  }
  return backend.output(out, [...batchShape, m, n], a.dtype);
});
