/** `wasm` SparseSoftmaxGrad: `dx = scale·y·(dy − Σ_row y·dy)`, rows over the threads, f32x4 passes. */
import { SparseSoftmaxGrad } from '../../kernel-names.js';
import { defineWasmKernelConfig, f32Bits, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link SparseSoftmaxGrad} on `wasm` (float32; float64 operands live on `cpu`). */
export const sparseSoftmaxGradOnWasm = defineWasmKernelConfig(
  SparseSoftmaxGrad,
  ({ inputs, attrs, backend }) => {
    const { rows, nnz, scale } = attrs;
    const out = backend.output([nnz], 'float32');
    if (nnz === 0) return out;
    const { per, tiles } = rowTiles(backend, rows, nnz);
    const args = backend.args([
      backend.ptr(out),
      backend.ptr(inputs.rowPtr),
      backend.ptr(inputs.y),
      backend.ptr(inputs.dy),
      rows,
      per,
      f32Bits(scale),
    ]);
    runTiles(backend, TILE.SPARSE_SOFTMAX_GRAD_F32, args, tiles, nnz);
    return out;
  },
);
