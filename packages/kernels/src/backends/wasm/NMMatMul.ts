/** `wasm` N:M matmul: rows split over the threads, positions decoded per row, 32-column register tiles. */
import { bitsFor } from '../../internal/bits.js';
import { NMMatMul } from '../../kernel-names.js';
import { defineWasmKernelConfig, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link NMMatMul} on `wasm` (float32; float64 operands live on `cpu`). */
export const nmMatmulOnWasm = defineWasmKernelConfig(NMMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, keep, of } = attrs;
  const n = inputs.b.shape[1]!;
  const out = backend.output([rows, n], 'float32');
  const perRow = Math.ceil(cols / of) * keep;
  const bits = bitsFor(of);
  const perWord = Math.floor(32 / bits);
  const work = rows * perRow * Math.max(n, 1);
  const { per, tiles } = rowTiles(backend, rows, work);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.values),
    backend.ptr(inputs.meta),
    backend.ptr(inputs.b),
    rows,
    cols,
    keep,
    of,
    n,
    per,
    bits,
    perWord,
    Math.ceil(perRow / perWord),
  ]);
  runTiles(backend, TILE.NM_MATMUL_F32, args, tiles, work, 8 * perRow);
  return out;
});
