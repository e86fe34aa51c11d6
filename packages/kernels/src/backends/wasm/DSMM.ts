/**
 * `wasm` DSMM: `X·B` by strips of 16 rows of X (scaled f32x4 row updates of Cᵀ's strip per stored entry,
 * strips over the threads), and `X·Bᵀ` through the Linear kernel without bias or activation.
 */
import { DSMM } from '../../kernel-names.js';
import { runLinear } from './linear-run.js';
import { defineWasmKernelConfig, runTiles, TILE } from './module.js';

/** Registration of {@link DSMM} on `wasm` (float32; float64 operands live on `cpu`). */
export const dsmmOnWasm = defineWasmKernelConfig(DSMM, ({ inputs, attrs, backend }) => {
  if (attrs.transposeB) return runLinear(backend, inputs.a, inputs, attrs, undefined, 'none');
  const { rows, cols, nnz, indexWidth } = attrs;
  const m = inputs.a.shape[0]!;
  const out = backend.output([m, cols], 'float32');
  if (m * cols === 0) return out;
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    backend.ptr(inputs.values),
    backend.ptr(inputs.a),
    m,
    rows,
    cols,
    indexWidth,
  ]);
  runTiles(backend, TILE.DSMM_F32, args, Math.ceil(m / 16), nnz * m + (rows + cols) * m, (rows + cols) * 64);
  return out;
});
