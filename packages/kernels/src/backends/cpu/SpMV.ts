/** `cpu` SpMV: the CSR row loop with the nonzeros unrolled 4× into independent accumulators (spec §3.1). */

import { indexView } from '../../internal/index-width.js';
import { SpMV } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** `dst = alpha·A·x + beta·y0` for CSR `A`; the reference loop (float64 accumulation). */
export function spmvCsr(
  rows: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  values: FloatArray,
  x: FloatArray,
  alpha: number,
  beta: number,
  y0: FloatArray | undefined,
  dst: FloatArray,
): FloatArray {
  for (let i = 0; i < rows; i++) {
    const end = rowPtr[i + 1]!;
    let p = rowPtr[i]!;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (; p + 3 < end; p += 4) {
      a0 += values[p]! * x[colIdx[p]!]!;
      a1 += values[p + 1]! * x[colIdx[p + 1]!]!;
      a2 += values[p + 2]! * x[colIdx[p + 2]!]!;
      a3 += values[p + 3]! * x[colIdx[p + 3]!]!;
    }
    for (; p < end; p++) a0 += values[p]! * x[colIdx[p]!]!;
    const s = a0 + a1 + (a2 + a3);
    dst[i] = y0 === undefined ? alpha * s : alpha * s + beta * y0[i]!;
  }
  return dst;
}

/** Registration of {@link SpMV} on `cpu`. */
export const spmvOnCpu = defineCpuKernel(SpMV, ({ inputs, attrs, backend }) => {
  const { rows, nnz, indexWidth, alpha, beta } = attrs;
  const out = allocFloat(inputs.values.dtype, rows);
  spmvCsr(
    rows,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.x) as FloatArray,
    alpha,
    beta,
    inputs.y === undefined ? undefined : (backend.values(inputs.y) as FloatArray),
    out,
  );
  return backend.output(out, [rows], inputs.values.dtype);
});
