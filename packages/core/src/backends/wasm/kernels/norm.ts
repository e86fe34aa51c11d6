import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf } from '../../../internal/shape.js';
import { defineWasmKernel, type WasmBackend } from '../wasm-backend.js';
import { dtypeCode } from './common.js';
import { f32Bits, runTiled, split, TILE } from './tiles.js';

/**
 * A norm over the last axis of `x`, row-blocks split over the threads: tile kernel `tile` with the argument
 * block `[out, x, ...params, n, eps, rows, per]` (`params`: the addresses of weight and, for layer norm, bias).
 */
function normRows(
  backend: WasmBackend,
  kernel: string,
  tile: number,
  x: TensorInfo,
  params: readonly number[],
  eps: number,
): TensorInfo {
  dtypeCode(x.dtype, kernel);
  const out = backend.output(x.shape, x.dtype);
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  const { per, tiles } = split(rows, n, backend.threads());
  const args = backend.args([out.dataId.ptr, backend.ptr(x), ...params, n, f32Bits(eps), rows, per]);
  runTiled(backend, tile, args, tiles);
  return out;
}

/** Layer norm over the last axis, row-blocks split over the threads. */
defineWasmKernel('LayerNorm', ({ inputs: { x, weight, bias }, attrs: { eps }, backend }) =>
  normRows(backend, 'LayerNorm', TILE.LAYER_NORM, x, [backend.ptr(weight), backend.ptr(bias)], eps),
);

/** RMS norm over the last axis, row-blocks split over the threads. */
defineWasmKernel('RMSNorm', ({ inputs: { x, weight }, attrs: { eps }, backend }) =>
  normRows(backend, 'RMSNorm', TILE.RMS_NORM, x, [backend.ptr(weight)], eps),
);
