/** `cpu` N:M matmul: decode each row's positions to absolute columns once, then the CSR loop (spec §3.4). */

import { bitsFor } from '../../internal/bits.js';
import { NMMatMul } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/**
 * `dst[rows, n] = W·X` for N:M `W` (`values [rows, G·keep]`, packed `meta`) and `X [cols, n]`.
 * Slots whose column falls in the zero padding of the last group are skipped (never read past `X`).
 */
export function nmMatmul(
  rows: number,
  cols: number,
  keep: number,
  of: number,
  values: FloatArray,
  meta: Int32Array,
  b: FloatArray,
  n: number,
  dst: FloatArray,
): FloatArray {
  const groups = Math.ceil(cols / of);
  const perRow = groups * keep;
  const bits = bitsFor(of);
  const perWord = Math.floor(32 / bits);
  const words = Math.ceil(perRow / perWord);
  const mask = (1 << bits) - 1;
  const col = new Int32Array(perRow);
  const acc = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    // decode positions to absolute columns (−1 for padding)
    for (let j = 0; j < perRow; j++) {
      const word = meta[r * words + Math.floor(j / perWord)]!;
      const c = Math.floor(j / keep) * of + ((word >>> (bits * (j % perWord))) & mask);
      col[j] = c < cols ? c : -1;
    }
    acc.fill(0);
    const vo = r * perRow;
    for (let j = 0; j < perRow; j++) {
      const c = col[j]!;
      if (c < 0) continue;
      const v = values[vo + j]!;
      const s = c * n;
      for (let t = 0; t < n; t++) acc[t]! += v * b[s + t]!;
    }
    dst.set(acc, r * n);
  }
  return dst;
}

/** Registration of {@link NMMatMul} on `cpu`. */
export const nmMatmulOnCpu = defineCpuKernel(NMMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, keep, of } = attrs;
  const n = inputs.b.shape[1]!;
  const out = allocFloat(inputs.values.dtype, rows * n);
  nmMatmul(
    rows,
    cols,
    keep,
    of,
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.meta) as Int32Array,
    backend.values(inputs.b) as FloatArray,
    n,
    out,
  );
  return backend.output(out, [rows, n], inputs.values.dtype);
});
