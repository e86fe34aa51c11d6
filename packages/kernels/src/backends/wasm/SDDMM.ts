/**
 * `wasm` SDDMM: rows of the pattern split over the threads; per row, four stored entries at a time share
 * each f32x4 load of `A`'s row. Operands stored transposed are transposed into scratch first.
 */
import { SDDMM } from '../../kernel-names.js';
import { defineWasmKernelConfig, rowTiles, runTiles, SPARSE_WASM, TILE } from './module.js';

/** Registration of {@link SDDMM} on `wasm` (float32; float64 operands live on `cpu`). */
export const sddmmOnWasm = defineWasmKernelConfig(SDDMM, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth, k, transposeA, transposeB } = attrs;
  const out = backend.output([nnz], 'float32');
  if (nnz === 0) return out;
  const wasm = SPARSE_WASM.on(backend);
  let a = backend.ptr(inputs.a);
  let b = backend.ptr(inputs.b);
  if (transposeA && k > 0) {
    const t = backend.scratch(rows * k * 4);
    wasm.transpose_f32(t, a, k, rows);
    a = t;
  }
  if (transposeB && k > 0) {
    const t = backend.scratch(cols * k * 4);
    wasm.transpose_f32(t, b, k, cols);
    b = t;
  }
  const { per, tiles } = rowTiles(backend, rows, nnz * k);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    a,
    b,
    inputs.scale === undefined ? 0 : backend.ptr(inputs.scale),
    rows,
    k,
    per,
    indexWidth,
  ]);
  runTiles(backend, TILE.SDDMM_F32, args, tiles, nnz * k);
  return out;
});
