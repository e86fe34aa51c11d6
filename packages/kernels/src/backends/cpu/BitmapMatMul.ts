/** `cpu` Bitmap64 matmul: walk each tile's set lanes with `clz32`, values in lane order (spec §3.5). */
import { BitmapMatMul } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/**
 * `dst[rows, n] = A·B` for Bitmap64 `A` and `B [cols, n]`. With axis `'row'` a tile holds 64 columns of one
 * row; with `'col'`, 64 rows of one column.
 */
export function bitmapMatmul(
  rows: number,
  cols: number,
  axis: 'row' | 'col',
  bits: Int32Array,
  tileOffset: Int32Array,
  values: FloatArray,
  b: FloatArray,
  n: number,
  dst: FloatArray,
): FloatArray {
  const [lines, length] = axis === 'row' ? [rows, cols] : [cols, rows];
  const perLine = Math.ceil(length / 64);
  const acc = new Float64Array(rows * n);
  for (let line = 0; line < lines; line++) {
    for (let tt = 0; tt < perLine; tt++) {
      const t = line * perLine + tt;
      let slot = tileOffset[t]!;
      for (let half = 0; half < 2; half++) {
        let w = bits[2 * t + half]!;
        while (w !== 0) {
          const lz = Math.clz32(w);
          w &= ~(0x80000000 >>> lz);
          const along = tt * 64 + half * 32 + lz;
          const v = values[slot++]!;
          // 'row': entry (line, along); 'col': entry (along, line)
          const r = axis === 'row' ? line : along;
          const c = axis === 'row' ? along : line;
          const ao = r * n;
          const s = c * n;
          for (let j = 0; j < n; j++) acc[ao + j]! += v * b[s + j]!;
        }
      }
    }
  }
  dst.set(acc);
  return dst;
}

/** Registration of {@link BitmapMatMul} on `cpu`. */
export const bitmapMatmulOnCpu = defineCpuKernel(BitmapMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, axis } = attrs;
  const n = inputs.b.shape[1]!;
  const out = allocFloat(inputs.values.dtype, rows * n);
  bitmapMatmul(
    rows,
    cols,
    axis,
    backend.values(inputs.bits) as Int32Array,
    backend.values(inputs.tileOffset) as Int32Array,
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.b) as FloatArray,
    n,
    out,
  );
  return backend.output(out, [rows, n], inputs.values.dtype);
});
