/** `wasm` SparseSoftmax: rows over the threads; f32x4 max, exp-and-sum and scale passes per row. */
import { SparseSoftmax } from '../../kernel-names.js';
import { defineWasmKernelConfig, f32Bits, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link SparseSoftmax} on `wasm` (float32; float64 operands live on `cpu`). */
export const sparseSoftmaxOnWasm = defineWasmKernelConfig(SparseSoftmax, ({ inputs, attrs, backend }) => {
  const { rows, nnz, scale } = attrs;
  const out = backend.output([nnz], 'float32');
  if (nnz === 0) return out;
  // exp costs about 16 operations per entry
  const { per, tiles } = rowTiles(backend, rows, nnz * 16);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.values),
    rows,
    per,
    f32Bits(scale),
  ]);
  runTiles(backend, TILE.SPARSE_SOFTMAX_F32, args, tiles, nnz * 16);
  return out;
});
