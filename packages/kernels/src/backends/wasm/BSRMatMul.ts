/** `wasm` BSR matmul: block rows split over the threads, 4×8 register tiles sharing each load of B. */
import { BSRMatMul } from '../../kernel-names.js';
import { defineWasmKernelConfig, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link BSRMatMul} on `wasm` (float32; float64 operands live on `cpu`). */
export const bsrMatmulOnWasm = defineWasmKernelConfig(BSRMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, br, bc } = attrs;
  const n = inputs.b.shape[1]!;
  const out = backend.output([rows, n], 'float32');
  const work = inputs.values.shape[0]! * Math.max(n, 1);
  const { per, tiles } = rowTiles(backend, Math.ceil(rows / br), work);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    backend.ptr(inputs.values),
    backend.ptr(inputs.b),
    rows,
    cols,
    br,
    bc,
    n,
    per,
  ]);
  runTiles(backend, TILE.BSR_MATMUL_F32, args, tiles, work);
  return out;
});
