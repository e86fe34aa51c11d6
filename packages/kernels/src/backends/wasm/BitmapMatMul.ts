/**
 * `wasm` Bitmap64 matmul: set lanes walked lowest bit first (`ctz`) into (value, row of B) pairs per output
 * row, summed with 16-column register tiles over L1-sized column blocks; rows (axis `'row'`) or 64-row
 * strips (axis `'col'`) split over the threads. Matvecs sum straight from the lanes.
 */
import { BitmapMatMul } from '../../kernel-names.js';
import { defineWasmKernelConfig, PARALLEL_MIN_WORK, rowTiles, runTiles, TILE } from './module.js';

/** Floats of B a column block may touch (16 KiB, half of a typical L1). */
const L1_FLOATS = 4096;

/** Work tiles of a column-axis matvec: one strip range per thread (each sweeps the values once). */
function colMatvecTiles(strips: number, threads: number): { per: number; tiles: number } {
  const per = Math.max(1, Math.ceil(strips / threads));
  return { per, tiles: strips === 0 ? 0 : Math.ceil(strips / per) };
}

/** Registration of {@link BitmapMatMul} on `wasm` (float32; float64 operands live on `cpu`). */
export const bitmapMatmulOnWasm = defineWasmKernelConfig(BitmapMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, axis } = attrs;
  const n = inputs.b.shape[1]!;
  const out = backend.output([rows, n], 'float32');
  const work = inputs.values.shape[0]! * Math.max(n, 1) + rows * cols;
  const lines = axis === 'row' ? rows : Math.ceil(rows / 64);
  // a column-axis matvec reads the values in storage order once per tile: one tile per thread
  const { per, tiles } =
    axis === 'col' && n === 1
      ? colMatvecTiles(lines, work < PARALLEL_MIN_WORK ? 1 : backend.threads())
      : rowTiles(backend, lines, work);
  // column block: tiles (axis 'row', 64 columns each) or columns (axis 'col'), at most 256
  const nb = Math.max(n, 1);
  const bt = Math.min(256, Math.max(1, Math.floor(L1_FLOATS / (nb * (axis === 'row' ? 64 : 1)))));
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.bits),
    backend.ptr(inputs.tileOffset),
    backend.ptr(inputs.values),
    backend.ptr(inputs.b),
    rows,
    cols,
    n,
    per,
    bt,
  ]);
  const id = axis === 'row' ? TILE.BITMAP_ROW_F32 : TILE.BITMAP_COL_F32;
  runTiles(backend, id, args, tiles, work, bt * 64 * 8 + (axis === 'row' ? 0 : 512));
  return out;
});
