/**
 * `wasm` N:M matmul: rows split over the threads, columns in L1-sized blocks, 16-column register tiles;
 * keep 1 or 2 decode positions inside the multiply loop, and matvecs have their own loops (see
 * wasm/assembly/nm-matmul.ts).
 */
import { bitsFor } from '../../internal/bits.js';
import { NMMatMul } from '../../kernel-names.js';
import { defineWasmKernelConfig, rowTiles, runTiles, TILE } from './module.js';

/** Floats of X a column block may touch (16 KiB, half of a typical L1). */
const L1_FLOATS = 4096;

/** Registration of {@link NMMatMul} on `wasm` (float32; float64 operands live on `cpu`). */
export const nmMatmulOnWasm = defineWasmKernelConfig(NMMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, keep, of } = attrs;
  const n = inputs.b.shape[1]!;
  const out = backend.output([rows, n], 'float32');
  const perRow = Math.ceil(cols / of) * keep;
  const bits = bitsFor(of);
  const perWord = Math.floor(32 / bits);
  // groups per column block: the X rows of a block (`gb·of` rows of n floats) stay in L1; a whole number of
  // metadata words, so every block starts on a word (the kernel's fused decode needs it)
  const fit = Math.floor(L1_FLOATS / (Math.max(n, 1) * of));
  const gb = Math.max(perWord, fit - (fit % perWord));
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
    gb,
  ]);
  // scratch: offsets and values of a block, or a matvec's 4 KiB of 2:4 swizzle controls
  runTiles(backend, TILE.NM_MATMUL_F32, args, tiles, work, Math.max(8 * gb * keep, 4096));
  return out;
});
