/**
 * `wasm` fast Walsh–Hadamard transform: SIMD butterflies, radix-4 passes, cache-blocked; rows over the
 * threads, or, with fewer rows than threads, the blocks and then each whole-row pass over the threads.
 */
import { FWHT } from '../../kernel-names.js';
import { whtScale } from '../cpu/FWHT.js';
import { defineWasmKernelConfig, f32Bits, PARALLEL_MIN_WORK, rowTiles, runTiles, TILE } from './module.js';

/** Floats per cache block of the first passes (wasm/assembly/fwht.ts). */
const FWHT_BLOCK = 4096;

/** Registration of {@link FWHT} on `wasm` (float32; float64 operands live on `cpu`). */
export const fwhtOnWasm = defineWasmKernelConfig(FWHT, ({ inputs, attrs, backend }) => {
  const shape = inputs.x.shape;
  const len = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const rows = len === 0 ? 0 : size / len;
  const out = backend.output(shape, 'float32');
  const work = size * Math.max(1, Math.log2(len));
  const threads = work < PARALLEL_MIN_WORK ? 1 : backend.threads();
  const scale = whtScale(attrs.norm, len);
  if (threads > 1 && rows < threads && len > FWHT_BLOCK) {
    // fewer rows than threads: split the cache blocks, then each whole-row pass, over the threads
    const blocks = (rows * len) / FWHT_BLOCK;
    const bper = Math.ceil(blocks / (threads * 4));
    runTiles(
      backend,
      TILE.FWHT_BLOCKS_F32,
      backend.args([backend.ptr(out), backend.ptr(inputs.x), blocks, bper]),
      Math.ceil(blocks / bper),
      work,
    );
    for (let h = FWHT_BLOCK; h < len; ) {
      const radix = h * 4 <= len ? 4 : 2;
      const units = (rows * len) / (4 * radix);
      const per = Math.ceil(units / (threads * 4));
      const args = backend.args([
        backend.ptr(out),
        rows,
        len,
        h,
        radix,
        per,
        f32Bits(scale),
        scale !== 1 && h * radix === len ? 1 : 0,
      ]);
      runTiles(backend, TILE.FWHT_PASS_F32, args, Math.ceil(units / per), work);
      h *= radix;
    }
    return out;
  }
  const { per, tiles } = rowTiles(backend, rows, work);
  const args = backend.args([backend.ptr(out), backend.ptr(inputs.x), rows, len, per, f32Bits(scale)]);
  runTiles(backend, TILE.FWHT_F32, args, tiles, work);
  return out;
});
