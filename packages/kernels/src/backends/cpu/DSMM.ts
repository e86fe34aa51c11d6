/** `cpu` DSMM: dense × CSR (`X·B`, a scatter over B's rows) or dense × CSRᵀ (`X·Bᵀ`, row dot products). */

import { indexView } from '../../internal/index-width.js';
import { DSMM } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** `dst[m, cols] = X·B` with `X [m, rows]` and CSR `B [rows, cols]`. */
export function dsmmCsr(
  m: number,
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  values: FloatArray,
  x: FloatArray,
  dst: FloatArray,
): FloatArray {
  const acc = new Float64Array(cols);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let k = 0; k < rows; k++) {
      const a = x[i * rows + k]!;
      for (let p = rowPtr[k]!; p < rowPtr[k + 1]!; p++) acc[colIdx[p]!]! += a * values[p]!;
    }
    dst.set(acc, i * cols);
  }
  return dst;
}

/** `dst[m, rows] = X·Bᵀ` with `X [m, cols]` and CSR `B [rows, cols]` (the Linear layer `x·Wᵀ`). */
export function dsmmCsrT(
  m: number,
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  values: FloatArray,
  x: FloatArray,
  dst: FloatArray,
): FloatArray {
  for (let i = 0; i < m; i++) {
    const xo = i * cols;
    for (let r = 0; r < rows; r++) {
      const end = rowPtr[r + 1]!;
      let p = rowPtr[r]!;
      let a0 = 0;
      let a1 = 0;
      for (; p + 1 < end; p += 2) {
        a0 += values[p]! * x[xo + colIdx[p]!]!;
        a1 += values[p + 1]! * x[xo + colIdx[p + 1]!]!;
      }
      if (p < end) a0 += values[p]! * x[xo + colIdx[p]!]!;
      dst[i * rows + r] = a0 + a1;
    }
  }
  return dst;
}

/** Registration of {@link DSMM} on `cpu`. */
export const dsmmOnCpu = defineCpuKernel(DSMM, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth, transposeB } = attrs;
  const m = inputs.a.shape[0]!;
  const outCols = transposeB ? rows : cols;
  const out = allocFloat(inputs.values.dtype, m * outCols);
  const args = [
    m,
    rows,
    cols,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.a) as FloatArray,
    out,
  ] as const;
  if (transposeB) dsmmCsrT(...args);
  else dsmmCsr(...args);
  return backend.output(out, [m, outCols], inputs.values.dtype);
});
