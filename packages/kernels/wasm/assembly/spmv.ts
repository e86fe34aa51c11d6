// CSR sparse matrix times dense vector: y[i] = alpha * sum_p values[p] * x[colIdx[p]] + beta * y0[i].
// Bandwidth-bound: each row streams its values (f32x4 loads) and indices, gathers x into f32x4 lanes
// (v128.load32_lane) and keeps two f32x4 accumulators (eight entries per step); scalar tail.

import { colAt } from './csr-rows';

function rowsOf<I>(
  out: usize,
  rowPtr: usize,
  colIdx: usize,
  values: usize,
  x: usize,
  y0: usize,
  alpha: f32,
  beta: f32,
  r0: i32,
  r1: i32,
  order: usize,
): void {
  for (let q = r0; q < r1; q++) {
    const i = order == 0 ? q : load<i32>(order + ((<usize>q) << 2));
    const start = load<i32>(rowPtr + ((<usize>i) << 2));
    const end = load<i32>(rowPtr + ((<usize>(i + 1)) << 2));
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let p = start;
    for (; p + 7 < end; p += 8) {
      let g0 = v128.load32_zero(x + (colAt<I>(colIdx, p) << 2));
      g0 = v128.load32_lane(x + (colAt<I>(colIdx, p + 1) << 2), g0, 1);
      g0 = v128.load32_lane(x + (colAt<I>(colIdx, p + 2) << 2), g0, 2);
      g0 = v128.load32_lane(x + (colAt<I>(colIdx, p + 3) << 2), g0, 3);
      let g1 = v128.load32_zero(x + (colAt<I>(colIdx, p + 4) << 2));
      g1 = v128.load32_lane(x + (colAt<I>(colIdx, p + 5) << 2), g1, 1);
      g1 = v128.load32_lane(x + (colAt<I>(colIdx, p + 6) << 2), g1, 2);
      g1 = v128.load32_lane(x + (colAt<I>(colIdx, p + 7) << 2), g1, 3);
      const v = values + ((<usize>p) << 2);
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(v), g0));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(v, 16), g1));
    }
    if (p + 3 < end) {
      let g = v128.load32_zero(x + (colAt<I>(colIdx, p) << 2));
      g = v128.load32_lane(x + (colAt<I>(colIdx, p + 1) << 2), g, 1);
      g = v128.load32_lane(x + (colAt<I>(colIdx, p + 2) << 2), g, 2);
      g = v128.load32_lane(x + (colAt<I>(colIdx, p + 3) << 2), g, 3);
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(values + ((<usize>p) << 2)), g));
      p += 4;
    }
    const acc = f32x4.add(acc0, acc1);
    let s =
      f32x4.extract_lane(acc, 0) +
      f32x4.extract_lane(acc, 1) +
      (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; p < end; p++)
      s += load<f32>(values + ((<usize>p) << 2)) * load<f32>(x + (colAt<I>(colIdx, p) << 2));
    s *= alpha;
    store<f32>(out + ((<usize>i) << 2), y0 == 0 ? s : s + beta * load<f32>(y0 + ((<usize>i) << 2)));
  }
}

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of SpMV. Argument block (i32 words): out, rowPtr, colIdx,
 * values, x, y0 (0: none), rows, per, alpha (f32 bits), beta (f32 bits), indexWidth (32 or 16), rowOrder
 * (0: natural order; else rows by length, descending: the heaviest rows start first).
 */
export function spmv_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const x = load<u32>(args, 16);
  const y0 = load<u32>(args, 20);
  const rows = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const alpha = load<f32>(args, 32);
  const beta = load<f32>(args, 36);
  const order = load<u32>(args, 44);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  if (load<i32>(args, 40) == 16) rowsOf<u16>(out, rowPtr, colIdx, values, x, y0, alpha, beta, r0, r1, order);
  else rowsOf<i32>(out, rowPtr, colIdx, values, x, y0, alpha, beta, r0, r1, order);
}
