/** `wasm` fast Walsh–Hadamard transform: SIMD butterflies, radix-4 passes, cache-blocked; rows over the threads. */

import { FWHT } from '../../kernel-names.js';
import { whtScale } from '../cpu/FWHT.js';
import { defineWasmKernelConfig, f32Bits, rowTiles, runTiles, TILE } from './module.js';

/** Registration of {@link FWHT} on `wasm` (float32; float64 operands live on `cpu`). */
export const fwhtOnWasm = defineWasmKernelConfig(FWHT, ({ inputs, attrs, backend }) => {
  const shape = inputs.x.shape;
  const len = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const rows = len === 0 ? 0 : size / len;
  const out = backend.output(shape, 'float32');
  const work = size * Math.max(1, Math.log2(len));
  const { per, tiles } = rowTiles(backend, rows, work);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.x),
    rows,
    len,
    per,
    f32Bits(whtScale(attrs.norm, len)),
  ]);
  runTiles(backend, TILE.FWHT_F32, args, tiles, work);
  return out;
});
