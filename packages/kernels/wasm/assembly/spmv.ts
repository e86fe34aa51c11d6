// CSR sparse matrix times dense vector: y[i] = alpha * sum_p values[p] * x[colIdx[p]] + beta * y0[i].
// Bound by the gathers of x: each row is one Gather.dot of csr-rows.ts (x's entries paired into f32x4 by
// shuffles, eight entries per step).

import { Gather } from './csr-rows';

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
    const s = Gather.dot<I>(start, end, colIdx, values, x, 4) * alpha;
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
