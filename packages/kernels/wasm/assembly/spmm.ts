// CSR sparse × dense: C[rows, n] = A · B with B row-major [cols, n] (SpMM). Rows split over the threads;
// each row is one csrRowProduct written straight into C. With the matrix's rowOrder (rows by length,
// descending), tiles take rows in that order, so the heaviest rows start first (sorted-row scheduling).

import { csrRowProduct } from './csr-rows';

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of SpMM. Argument block (i32 words): out, rowPtr,
 * colIdx, values, b, rows, n, per, indexWidth (32 or 16), rowOrder (0: natural order).
 */
export function spmm_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const b = load<u32>(args, 16);
  const rows = load<i32>(args, 20);
  const n = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const wide = load<i32>(args, 32) != 16;
  const order = load<u32>(args, 36);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  const rowBytes = (<usize>n) << 2;
  for (let q = r0; q < r1; q++) {
    const i = order == 0 ? q : load<i32>(order + ((<usize>q) << 2));
    const start = load<i32>(rowPtr + ((<usize>i) << 2));
    const end = load<i32>(rowPtr + ((<usize>(i + 1)) << 2));
    const dst = out + <usize>i * rowBytes;
    if (wide) csrRowProduct<i32>(dst, start, end, colIdx, values, b, n);
    else csrRowProduct<u16>(dst, start, end, colIdx, values, b, n);
  }
}
