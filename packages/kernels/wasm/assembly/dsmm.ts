// Dense × CSR: C[m, cols] = X · B for X [m, rows] and CSR B [rows, cols] (DSMM without transposeB; the
// transposed case is the Linear kernel). Each tile owns a strip of 16 rows of X: it copies the strip
// transposed (xs [rows][16]), accumulates Cᵀ's strip cs [cols][16] by scaled row updates
// cs[col p] += values[p] · xs[k] (four f32x4 per stored entry), and writes the strip of C back.

import { colAt } from './csr-rows';

/** Rows of X per tile. */
const STRIP: i32 = 16;

function strip<I>(
  out: usize,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  x: usize,
  rows: i32,
  cols: i32,
  i0: i32,
  w: i32,
  xs: usize,
  cs: usize,
): void {
  // xs[k][i] = X[i0 + i, k]; lanes past w stay 0
  memory.fill(xs, 0, (<usize>rows) << 6);
  memory.fill(cs, 0, (<usize>cols) << 6);
  for (let i = 0; i < w; i++) {
    const src = x + ((<usize>(i0 + i) * <usize>rows) << 2);
    for (let k = 0; k < rows; k++)
      store<f32>(xs + ((<usize>k) << 6) + ((<usize>i) << 2), load<f32>(src + ((<usize>k) << 2)));
  }
  for (let k = 0; k < rows; k++) {
    const start = load<i32>(rowPtr + ((<usize>k) << 2));
    const end = load<i32>(rowPtr + ((<usize>(k + 1)) << 2));
    if (start == end) continue;
    const xk = xs + ((<usize>k) << 6);
    const a0 = v128.load(xk);
    const a1 = v128.load(xk, 16);
    const a2 = v128.load(xk, 32);
    const a3 = v128.load(xk, 48);
    for (let p = start; p < end; p++) {
      const v = f32x4.splat(load<f32>(values + ((<usize>p) << 2)));
      const c = cs + (colAt<I>(colIdx, p) << 6);
      v128.store(c, f32x4.add(v128.load(c), f32x4.mul(v, a0)));
      v128.store(c, f32x4.add(v128.load(c, 16), f32x4.mul(v, a1)), 16);
      v128.store(c, f32x4.add(v128.load(c, 32), f32x4.mul(v, a2)), 32);
      v128.store(c, f32x4.add(v128.load(c, 48), f32x4.mul(v, a3)), 48);
    }
  }
  for (let i = 0; i < w; i++) {
    const dst = out + ((<usize>(i0 + i) * <usize>cols) << 2);
    for (let c = 0; c < cols; c++)
      store<f32>(dst + ((<usize>c) << 2), load<f32>(cs + ((<usize>c) << 6) + ((<usize>i) << 2)));
  }
}

/**
 * Strip `tile` (rows `[16·tile, min(m, 16·tile + 16))` of X and C). Argument block (i32 words): out, rowPtr,
 * colIdx, values, x, m, rows, cols, indexWidth (32 or 16). Scratch: `(rows + cols)·64` bytes.
 */
export function dsmm_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const x = load<u32>(args, 16);
  const m = load<i32>(args, 20);
  const rows = load<i32>(args, 24);
  const cols = load<i32>(args, 28);
  const wide = load<i32>(args, 32) != 16;
  const i0 = tile * STRIP;
  const w = min(STRIP, m - i0);
  const xs = scratch;
  const cs = scratch + ((<usize>rows) << 6);
  if (wide) strip<i32>(out, rowPtr, colIdx, values, x, rows, cols, i0, w, xs, cs);
  else strip<u16>(out, rowPtr, colIdx, values, x, rows, cols, i0, w, xs, cs);
}
