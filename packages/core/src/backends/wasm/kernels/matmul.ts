import { broadcastShapes, sizeOf, stridesOf } from '../../../internal/shape.js';
import { defineWasmKernel } from '../wasm-backend.js';
import { dtypeCode, F32, shiftOf } from './common.js';
import { TILE } from './tiles.js';

/** Per-batch element offsets of an operand of `shape` ([..., rows, cols]) inside the broadcast batch. */
function batchOffsets(shape: readonly number[], batchShape: readonly number[], matSize: number): Int32Array {
  const bshape = shape.slice(0, -2);
  const strides = stridesOf(bshape).map((s, i) => (bshape[i] === 1 ? 0 : s * matSize));
  const pad = batchShape.length - bshape.length;
  const batch = sizeOf(batchShape);
  const out = new Int32Array(batch);
  for (let flat = 0; flat < batch; flat++) {
    let off = 0;
    for (let ax = batchShape.length - 1, rest = flat; ax >= 0; ax--) {
      const d = batchShape[ax]!;
      const i = rest % d;
      rest = (rest - i) / d;
      if (ax >= pad) off += i * strides[ax - pad]!;
    }
    out[flat] = off;
  }
  return out;
}

/**
 * Batched matmul with broadcast batch dimensions and transposes. float32 runs the blocked SIMD kernel,
 * split into output tiles over the worker threads; int32 and uint8 run a wrapping integer loop.
 */
defineWasmKernel('MatMul', ({ inputs: { a, b }, attrs: { transposeA, transposeB }, backend }) => {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  const batch = sizeOf(batchShape);
  const out = backend.output([...batchShape, m, n], a.dtype);
  if (batch * m * n === 0) return out;
  const aOff = batchOffsets(a.shape, batchShape, m * k);
  const bOff = batchOffsets(b.shape, batchShape, k * n);
  const offs = backend.scratch(batch * 8);
  const table = new Int32Array(batch * 2);
  for (let t = 0; t < batch; t++) {
    table[2 * t] = aOff[t]!;
    table[2 * t + 1] = bOff[t]!;
  }
  backend.writeInt32(offs, table);
  // element strides of A(i, p) and B(p, j)
  const [ars, acs] = transposeA ? [1, m] : [k, 1];
  const [brs, bcs] = transposeB ? [1, k] : [n, 1];
  const args = backend.args([
    m,
    n,
    k,
    batch,
    backend.ptr(a),
    backend.ptr(b),
    out.dataId.ptr,
    ars,
    acs,
    brs,
    bcs,
    offs,
    0,
    0,
    0,
    0,
  ]);
  const kx = backend.k;
  if (dtypeCode(a.dtype, 'MatMul') !== F32) {
    kx.matmul_int(args, shiftOf(a.dtype));
    return out;
  }
  const tiles = kx.matmul_f32_tiles(args);
  // small products are not worth waking other threads for
  const flops = 2 * batch * m * n * k;
  backend.runTiles(
    TILE.MATMUL_F32,
    args,
    tiles,
    kx.matmul_scratch_bytes(),
    (t, scratch) => kx.matmul_f32_tile(args, t, scratch),
    flops >= 1 << 21 ? Number.POSITIVE_INFINITY : 1,
  );
  return out;
});
