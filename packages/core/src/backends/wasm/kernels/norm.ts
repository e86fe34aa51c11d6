import { sizeOf } from '../../../internal/shape.js';
import { defineWasmKernel } from '../wasm-backend.js';
import { dtypeCode } from './common.js';
import { f32Bits, runTiled, split, TILE } from './tiles.js';

/** Layer norm over the last axis, row-blocks split over the threads. */
defineWasmKernel('LayerNorm', ({ inputs: { x, weight, bias }, attrs: { eps }, backend }) => {
  dtypeCode(x.dtype, 'LayerNorm');
  const out = backend.output(x.shape, x.dtype);
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  const { per, tiles } = split(rows, n, backend.threads());
  const args = backend.args([
    out.dataId.ptr,
    backend.ptr(x),
    backend.ptr(weight),
    backend.ptr(bias),
    n,
    f32Bits(eps),
    rows,
    per,
  ]);
  runTiled(backend, TILE.LAYER_NORM, args, tiles);
  return out;
});

/** RMS norm over the last axis, row-blocks split over the threads. */
defineWasmKernel('RMSNorm', ({ inputs: { x, weight }, attrs: { eps }, backend }) => {
  dtypeCode(x.dtype, 'RMSNorm');
  const out = backend.output(x.shape, x.dtype);
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  const { per, tiles } = split(rows, n, backend.threads());
  const args = backend.args([
    out.dataId.ptr,
    backend.ptr(x),
    backend.ptr(weight),
    n,
    f32Bits(eps),
    rows,
    per,
  ]);
  runTiled(backend, TILE.RMS_NORM, args, tiles);
  return out;
});
