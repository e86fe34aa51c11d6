import { broadcastShapes, sizeOf, stridesOf } from '../../../internal/shape.js';
import { defineWasmKernel, type WasmBackend } from '../wasm-backend.js';
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

/** Outputs per gemv tile: rows of dot products, or columns of axpy sums. */
const GEMV_ROWS = 64;
const GEMV_COLS = 256;

/**
 * A batched matrix-vector product (m == 1 or n == 1) without packing: as dot products over contiguous rows
 * of the matrix, or as sums of scaled contiguous rows (axpy). Each output is computed by one thread in a
 * fixed order, so the thread count never changes a result.
 */
function gemv(
  backend: WasmBackend,
  p: {
    m: number;
    n: number;
    k: number;
    batch: number;
    aOff: Int32Array;
    bOff: Int32Array;
    transposeA: boolean;
    transposeB: boolean;
    a: number;
    b: number;
    out: number;
  },
): void {
  // the vector is the operand with one row (m == 1: a) or one column (n == 1: b); it is contiguous
  const vecIsA = p.m === 1;
  const count = vecIsA ? p.n : p.m;
  // the matrix: rows contiguous along k (dot rows), or along the outputs (axpy columns)
  let mode: number;
  let ld: number;
  if (vecIsA) {
    mode = p.transposeB ? 0 : 1; // b [n, k] rows along k; b [k, n] rows along n
    ld = p.transposeB ? p.k : p.n;
  } else {
    mode = p.transposeA ? 1 : 0; // a [k, m] rows along m; a [m, k] rows along k
    ld = p.transposeA ? p.m : p.k;
  }
  const per = mode === 0 ? GEMV_ROWS : GEMV_COLS;
  const tilesPerBatch = Math.ceil(count / per);
  const table = new Int32Array(p.batch * 2);
  for (let t = 0; t < p.batch; t++) {
    table[2 * t] = vecIsA ? p.bOff[t]! : p.aOff[t]!;
    table[2 * t + 1] = vecIsA ? p.aOff[t]! : p.bOff[t]!;
  }
  const offs = backend.scratch(table.byteLength);
  backend.writeInt32(offs, table);
  const args = backend.args([
    mode,
    p.out,
    vecIsA ? p.b : p.a,
    vecIsA ? p.a : p.b,
    ld,
    p.k,
    count,
    per,
    tilesPerBatch,
    offs,
  ]);
  const tiles = p.batch * tilesPerBatch;
  const flops = 2 * p.batch * count * p.k;
  backend.runTiles(
    TILE.GEMV_F32,
    args,
    tiles,
    0,
    (t) => backend.k.run_tile(TILE.GEMV_F32, args, t, 0),
    flops >= 1 << 21 ? Number.POSITIVE_INFINITY : 1,
  );
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
  if (m === 1 || n === 1) {
    gemv(backend, {
      m,
      n,
      k,
      batch,
      aOff,
      bOff,
      transposeA,
      transposeB,
      a: backend.ptr(a),
      b: backend.ptr(b),
      out: out.dataId.ptr,
    });
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
