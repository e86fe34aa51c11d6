/** `cpu` BSR matmul: `br` rows of accumulators per block row (spec §3.1). */
import { BSRMatMul } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** `dst[rows, n] = A·B` for BSR `A` with blocks `[br, bc]` and `B [cols, n]`; edge slots are skipped. */
export function bsrMatmul(
  rows: number,
  cols: number,
  br: number,
  bc: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: FloatArray,
  b: FloatArray,
  n: number,
  dst: FloatArray,
): FloatArray {
  const nbr = Math.ceil(rows / br);
  const size = br * bc;
  const acc = new Float64Array(br * n);
  for (let I = 0; I < nbr; I++) {
    const h = Math.min(br, rows - I * br);
    acc.fill(0);
    for (let p = rowPtr[I]!; p < rowPtr[I + 1]!; p++) {
      const c0 = colIdx[p]! * bc;
      const w = Math.min(bc, cols - c0);
      for (let i = 0; i < h; i++) {
        const ao = i * n;
        for (let j = 0; j < w; j++) {
          const v = values[p * size + i * bc + j]!;
          const s = (c0 + j) * n;
          for (let t = 0; t < n; t++) acc[ao + t]! += v * b[s + t]!;
        }
      }
    }
    dst.set(h === br ? acc : acc.subarray(0, h * n), I * br * n);
  }
  return dst;
}

/** Registration of {@link BSRMatMul} on `cpu`. */
export const bsrMatmulOnCpu = defineCpuKernel(BSRMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, br, bc } = attrs;
  const n = inputs.b.shape[1]!;
  const out = allocFloat(inputs.values.dtype, rows * n);
  bsrMatmul(
    rows,
    cols,
    br,
    bc,
    backend.values(inputs.rowPtr) as Int32Array,
    backend.values(inputs.colIdx) as Int32Array,
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.b) as FloatArray,
    n,
    out,
  );
  return backend.output(out, [rows, n], inputs.values.dtype);
});
