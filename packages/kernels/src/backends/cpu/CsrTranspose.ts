/** `cpu` CSR structure transpose: a stable counting sort by column, O(nnz + cols) (spec §2.7). */

import { indexView } from '../../internal/index-width.js';
import { CsrTranspose } from '../../kernel-names.js';
import { defineCpuKernel } from '../kernel-config.js';

/** `[colPtr, rowIdx, perm]` of the transpose; stability keeps `rowIdx` increasing within each column. */
export function csrTransposeHost(
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  nnz: number,
): [Int32Array, Int32Array, Int32Array] {
  const colPtr = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) colPtr[colIdx[p]! + 1]!++;
  for (let c = 0; c < cols; c++) colPtr[c + 1]! += colPtr[c]!;
  const next = colPtr.slice(0, cols);
  const rowIdx = new Int32Array(nnz);
  const perm = new Int32Array(nnz);
  for (let r = 0; r < rows; r++) {
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) {
      const q = next[colIdx[p]!]!++;
      rowIdx[q] = r;
      perm[q] = p;
    }
  }
  return [colPtr, rowIdx, perm];
}

/** Registration of {@link CsrTranspose} on `cpu`. */
export const csrTransposeOnCpu = defineCpuKernel(CsrTranspose, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth } = attrs;
  const [colPtr, rowIdx, perm] = csrTransposeHost(
    rows,
    cols,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    nnz,
  );
  return [
    backend.output(colPtr, [cols + 1], 'int32'),
    backend.output(rowIdx, [nnz], 'int32'),
    backend.output(perm, [nnz], 'int32'),
  ];
});
