/** `cpu` SpMM: CSR × dense with an 8-wide register tile over the output columns (spec §3.2). */

import { indexView } from '../../internal/index-width.js';
import { SpMM } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** `dst[rows, n] = A·B` for CSR `A` and row-major `B [cols, n]`; the reference loop. */
export function spmmCsr(
  rows: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  values: FloatArray,
  b: FloatArray,
  n: number,
  dst: FloatArray,
): FloatArray {
  const n8 = n - (n % 8);
  for (let i = 0; i < rows; i++) {
    const start = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    const out = i * n;
    for (let j = 0; j < n8; j += 8) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let c4 = 0;
      let c5 = 0;
      let c6 = 0;
      let c7 = 0;
      for (let p = start; p < end; p++) {
        const v = values[p]!;
        const s = colIdx[p]! * n + j;
        c0 += v * b[s]!;
        c1 += v * b[s + 1]!;
        c2 += v * b[s + 2]!;
        c3 += v * b[s + 3]!;
        c4 += v * b[s + 4]!;
        c5 += v * b[s + 5]!;
        c6 += v * b[s + 6]!;
        c7 += v * b[s + 7]!;
      }
      dst[out + j] = c0;
      dst[out + j + 1] = c1;
      dst[out + j + 2] = c2;
      dst[out + j + 3] = c3;
      dst[out + j + 4] = c4;
      dst[out + j + 5] = c5;
      dst[out + j + 6] = c6;
      dst[out + j + 7] = c7;
    }
    for (let j = n8; j < n; j++) {
      let c = 0;
      for (let p = start; p < end; p++) c += values[p]! * b[colIdx[p]! * n + j]!;
      dst[out + j] = c;
    }
  }
  return dst;
}

/** Registration of {@link SpMM} on `cpu`. */
export const spmmOnCpu = defineCpuKernel(SpMM, ({ inputs, attrs, backend }) => {
  const { rows, nnz, indexWidth } = attrs;
  const n = inputs.b.shape[1]!;
  const out = allocFloat(inputs.values.dtype, rows * n);
  spmmCsr(
    rows,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.b) as FloatArray,
    n,
    out,
  );
  return backend.output(out, [rows, n], inputs.values.dtype);
});
