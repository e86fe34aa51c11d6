/** `cpu` SDDMM: per row, with `A[row]` kept hot, dot products with 4 accumulators (spec §3.3). */

import { indexView } from '../../internal/index-width.js';
import { SDDMM } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/**
 * `dst[p] = ⟨A[row p], B[col p]⟩ (· scale[p])`. `A(r, t)` is `a[r·sa + t·ta]` and `B(c, t)` is
 * `b[c·sb + t·tb]` (strides of a plain or transposed layout).
 */
export function sddmmCsr(
  rows: number,
  k: number,
  rowPtr: Int32Array,
  colIdx: Int32Array | Uint16Array,
  a: FloatArray,
  sa: number,
  ta: number,
  b: FloatArray,
  sb: number,
  tb: number,
  scale: FloatArray | undefined,
  dst: FloatArray,
): FloatArray {
  for (let r = 0; r < rows; r++) {
    const ao = r * sa;
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) {
      const bo = colIdx[p]! * sb;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t = 0;
      for (; t + 3 < k; t += 4) {
        s0 += a[ao + t * ta]! * b[bo + t * tb]!;
        s1 += a[ao + (t + 1) * ta]! * b[bo + (t + 1) * tb]!;
        s2 += a[ao + (t + 2) * ta]! * b[bo + (t + 2) * tb]!;
        s3 += a[ao + (t + 3) * ta]! * b[bo + (t + 3) * tb]!;
      }
      for (; t < k; t++) s0 += a[ao + t * ta]! * b[bo + t * tb]!;
      const dot = s0 + s1 + (s2 + s3);
      dst[p] = scale === undefined ? dot : dot * scale[p]!;
    }
  }
  return dst;
}

/** Registration of {@link SDDMM} on `cpu`. */
export const sddmmOnCpu = defineCpuKernel(SDDMM, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth, k, transposeA, transposeB } = attrs;
  const out = allocFloat(inputs.a.dtype, nnz);
  sddmmCsr(
    rows,
    k,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    backend.values(inputs.a) as FloatArray,
    transposeA ? 1 : k,
    transposeA ? rows : 1,
    backend.values(inputs.b) as FloatArray,
    transposeB ? 1 : k,
    transposeB ? cols : 1,
    inputs.scale === undefined ? undefined : (backend.values(inputs.scale) as FloatArray),
    out,
  );
  return backend.output(out, [nnz], inputs.a.dtype);
});
