/** `wasm` SpMM: CSR × dense, rows split over the threads, f32x4 across B's columns in register blocks of 16. */
import { SpMM } from '../../kernel-names.js';
import { defineWasmKernelConfig, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link SpMM} on `wasm` (float32; float64 operands live on `cpu`). */
export const spmmOnWasm = defineWasmKernelConfig(SpMM, ({ inputs, attrs, backend }) => {
  const { rows, nnz, indexWidth } = attrs;
  const n = inputs.b.shape[1]!;
  const out = backend.output([rows, n], 'float32');
  if (rows * n === 0) return out;
  const { per, tiles } = rowTiles(backend, rows, nnz * n);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    backend.ptr(inputs.values),
    backend.ptr(inputs.b),
    rows,
    n,
    per,
    indexWidth,
    inputs.rowOrder === undefined ? 0 : backend.ptr(inputs.rowOrder),
  ]);
  runTiles(backend, TILE.SPMM_F32, args, tiles, nnz * n);
  return out;
});
