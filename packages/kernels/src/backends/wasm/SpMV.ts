/** `wasm` SpMV: CSR rows split over the threads, four independent accumulators per row. */
import { SpMV } from '../../kernel-names.js';
import { defineWasmKernelConfig, f32Bits, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link SpMV} on `wasm` (float32; float64 operands live on `cpu`). */
export const spmvOnWasm = defineWasmKernelConfig(SpMV, ({ inputs, attrs, backend }) => {
  const { rows, nnz, indexWidth, alpha, beta } = attrs;
  const out = backend.output([rows], 'float32');
  const { per, tiles } = rowTiles(backend, rows, nnz);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    backend.ptr(inputs.values),
    backend.ptr(inputs.x),
    inputs.y === undefined ? 0 : backend.ptr(inputs.y),
    rows,
    per,
    f32Bits(alpha),
    f32Bits(beta),
    indexWidth,
    inputs.rowOrder === undefined ? 0 : backend.ptr(inputs.rowOrder),
  ]);
  runTiles(backend, TILE.SPMV_F32, args, tiles, nnz);
  return out;
});
