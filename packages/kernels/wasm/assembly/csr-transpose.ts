// CSR structure transpose (CsrTranspose): a stable counting sort by column, O(nnz + cols), on one thread.

import { colAt } from './csr-rows';

function transposeOf<I>(
  colPtr: usize,
  rowIdx: usize,
  perm: usize,
  rowPtr: usize,
  colIdx: usize,
  rows: i32,
  cols: i32,
  nnz: i32,
  next: usize,
): void {
  memory.fill(colPtr, 0, (<usize>cols + 1) << 2);
  for (let p = 0; p < nnz; p++) {
    const c = colPtr + ((colAt<I>(colIdx, p) + 1) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  for (let c = 0; c < cols; c++) {
    const q = colPtr + ((<usize>(c + 1)) << 2);
    store<i32>(q, load<i32>(q) + load<i32>(q - 4));
  }
  memory.copy(next, colPtr, (<usize>cols) << 2);
  for (let r = 0; r < rows; r++) {
    const end = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    for (let p = load<i32>(rowPtr + ((<usize>r) << 2)); p < end; p++) {
      const slot = next + (colAt<I>(colIdx, p) << 2);
      const q = load<i32>(slot);
      store<i32>(slot, q + 1);
      store<i32>(rowIdx + ((<usize>q) << 2), r);
      store<i32>(perm + ((<usize>q) << 2), p);
    }
  }
}

/**
 * `colPtr [cols+1]`, `rowIdx [nnz]`, `perm [nnz]` of the transpose of a CSR structure (`valuesᵀ =
 * values[perm]`); `next` is `cols·4` bytes of scratch; `width` is 32 or 16.
 */
export function csr_transpose(
  colPtr: usize,
  rowIdx: usize,
  perm: usize,
  rowPtr: usize,
  colIdx: usize,
  rows: i32,
  cols: i32,
  nnz: i32,
  width: i32,
  next: usize,
): void {
  if (width == 16) transposeOf<u16>(colPtr, rowIdx, perm, rowPtr, colIdx, rows, cols, nnz, next);
  else transposeOf<i32>(colPtr, rowIdx, perm, rowPtr, colIdx, rows, cols, nnz, next);
}
