import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf, stridesOf } from '../../../internal/shape.js';
import { REDUCE_KERNELS } from '../../../kernel-names.js';
import { bytesPerElement, type DType } from '../../../tensor/dtype.js';
import { defineWasmKernel, type WasmBackend } from '../wasm-backend.js';
import { copyStrided, dtypeCode, shiftOf } from './common.js';
import { PARALLEL_MIN_ELEMENTS, runTiled, split, TILE } from './tiles.js';

/** `shape` as `[outer, n, inner]` around `axis`. */
export function aroundAxis(
  shape: readonly number[],
  axis: number,
): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * Lay `x` out as `[outer, r, inner]` with the reduced axes in the middle: directly when the reduced axes
 * (ignoring size-1 axes) are adjacent, otherwise through a transposed copy `[kept..., reduced...]`.
 */
function reductionLayout(
  backend: WasmBackend,
  x: TensorInfo,
  axes: readonly number[],
): { ptr: number; outer: number; r: number; inner: number } {
  const isReduced = (ax: number) => axes.includes(ax);
  const live = x.shape.map((_, i) => i).filter((i) => x.shape[i] !== 1);
  const first = live.findIndex(isReduced);
  const r = sizeOf(axes.map((a) => x.shape[a]!));
  if (first < 0) return { ptr: backend.ptr(x), outer: sizeOf(x.shape), r: 1, inner: 1 };
  let last = first;
  while (last + 1 < live.length && isReduced(live[last + 1]!)) last++;
  const contiguous = live.slice(last + 1).every((ax) => !isReduced(ax));
  if (contiguous) {
    const outer = sizeOf(live.slice(0, first).map((a) => x.shape[a]!));
    const inner = sizeOf(live.slice(last + 1).map((a) => x.shape[a]!));
    return { ptr: backend.ptr(x), outer, r, inner };
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !isReduced(i));
  const perm = [...kept, ...axes];
  const inStrides = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]!);
  const size = sizeOf(x.shape);
  const ptr = backend.scratch(size * bytesPerElement(x.dtype));
  copyStrided(
    backend,
    ptr,
    backend.ptr(x),
    shape,
    stridesOf(shape),
    perm.map((p) => inStrides[p]!),
    shiftOf(x.dtype),
  );
  return { ptr, outer: size / Math.max(r, 1), r, inner: 1 };
}

/** How `reduce_f32_tile` splits a reduction (wasm/assembly/reduce.ts). */
const SPLIT_ROWS = 0;
const SPLIT_CHUNKS = 1;
const SPLIT_COLS = 2;
/** Elements per chunk when long rows are split (fixed, so sums do not depend on the thread count). */
const REDUCE_CHUNK = 1 << 16;

/**
 * A large float32 Sum / Max / Min of `[outer, r, inner]` over the middle axis, in tiles over the threads.
 * Outputs are independent, so tiles of whole `[r, inner]` blocks (or of column blocks) give every output
 * the same operations whatever the thread count. Few long rows are cut into fixed-length chunks whose
 * partial results are combined in chunk order; whether to chunk depends on the shape alone, so the result
 * is the same with 1 and N threads.
 */
function reduceF32Tiled(
  backend: WasmBackend,
  op: number,
  out: number,
  x: number,
  outer: number,
  r: number,
  inner: number,
): void {
  const threads = backend.threads();
  if (inner === 1 && outer < 32 && r >= 2 * REDUCE_CHUNK) {
    const units = Math.ceil(r / REDUCE_CHUNK);
    const tiles = outer * units;
    const parts = backend.scratch(tiles * 8);
    const args = backend.args([op, out, x, outer, r, inner, SPLIT_CHUNKS, REDUCE_CHUNK, parts, units]);
    runTiled(backend, TILE.REDUCE_F32, args, tiles);
    runTiled(backend, TILE.REDUCE_COMBINE, args, 1);
    return;
  }
  if (inner === 1 || outer >= threads * 4) {
    const { per, tiles } = split(outer, r * inner, threads);
    runTiled(
      backend,
      TILE.REDUCE_F32,
      backend.args([op, out, x, outer, r, inner, SPLIT_ROWS, per, 0, 1]),
      tiles,
    );
    return;
  }
  // few outer blocks: split their columns too, in multiples of 8 (the kernels' vector width for sums)
  const blocks = Math.ceil((threads * 4) / outer);
  const per = Math.max(8, Math.ceil(inner / blocks / 8) * 8);
  const units = Math.ceil(inner / per);
  const args = backend.args([op, out, x, outer, r, inner, SPLIT_COLS, per, 0, units]);
  runTiled(backend, TILE.REDUCE_F32, args, outer * units);
}

REDUCE_KERNELS.forEach((name, op) => {
  defineWasmKernel(name, ({ inputs: { x }, attrs: { axes, keepDims }, backend }) => {
    const dtype: DType =
      name === 'Any' || name === 'All'
        ? 'bool'
        : (name === 'Sum' || name === 'Prod') && (x.dtype === 'bool' || x.dtype === 'uint8')
          ? 'int32'
          : x.dtype;
    const shape = keepDims
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const out = backend.output(shape, dtype);
    const kept = sizeOf(shape);
    if (kept === 0) return out;
    const size = sizeOf(x.shape);
    // an empty reduced axis: every output takes the reduction's initial value
    const { ptr, outer, r, inner } =
      size === 0 ? { ptr: 0, outer: kept, r: 0, inner: 1 } : reductionLayout(backend, x, axes);
    if (x.dtype === 'float32' && r > 0 && (name === 'Sum' || name === 'Max' || name === 'Min')) {
      if (outer * r * inner >= PARALLEL_MIN_ELEMENTS) {
        reduceF32Tiled(backend, op, out.dataId.ptr, ptr, outer, r, inner);
        return out;
      }
    }
    backend.k.reduce(
      op,
      out.dataId.ptr,
      dtypeCode(dtype, name),
      ptr,
      dtypeCode(x.dtype, name),
      outer,
      r,
      inner,
    );
    return out;
  });
});

for (const [name, isMax] of [
  ['ArgMax', 1],
  ['ArgMin', 0],
] as const) {
  defineWasmKernel(name, ({ inputs: { x }, attrs: { axis }, backend }) => {
    const out = backend.output(
      x.shape.filter((_, i) => i !== axis),
      'int32',
    );
    const { outer, n, inner } = aroundAxis(x.shape, axis);
    if (outer * inner === 0) return out;
    backend.k.arg_reduce(out.dataId.ptr, backend.ptr(x), dtypeCode(x.dtype, name), outer, n, inner, isMax);
    return out;
  });
}

for (const [name, isLog] of [
  ['Softmax', 0],
  ['LogSoftmax', 1],
] as const) {
  defineWasmKernel(name, ({ inputs: { logits }, attrs: { axis }, backend }) => {
    const out = backend.output(logits.shape, logits.dtype);
    dtypeCode(logits.dtype, name);
    const { outer, n, inner } = aroundAxis(logits.shape, axis);
    if (outer * n * inner === 0) return out;
    if (inner === 1) {
      // contiguous rows: row blocks over the threads
      const { per, tiles } = split(outer, n, backend.threads());
      const args = backend.args([out.dataId.ptr, backend.ptr(logits), outer, n, isLog, per]);
      runTiled(backend, TILE.SOFTMAX_ROWS, args, tiles);
    } else if (outer * n * inner >= PARALLEL_MIN_ELEMENTS && backend.threads() > 1) {
      // column blocks of every outer block, cut at multiples of 16 columns (each column then takes the
      // same path as unsplit, so results do not depend on the split)
      const blocks = Math.ceil((backend.threads() * 4) / outer);
      const per = Math.max(16, Math.ceil(inner / blocks / 16) * 16);
      const units = Math.ceil(inner / per);
      const args = backend.args([out.dataId.ptr, backend.ptr(logits), outer, n, inner, isLog, per, units]);
      runTiled(backend, TILE.SOFTMAX_COLS, args, outer * units);
    } else {
      backend.k.softmax_f32(out.dataId.ptr, backend.ptr(logits), outer, n, inner, isLog);
    }
    return out;
  });
}

defineWasmKernel('Cumsum', ({ inputs: { x }, attrs: { axis, exclusive, reverse }, backend }) => {
  const dtype: DType = x.dtype === 'bool' || x.dtype === 'uint8' ? 'int32' : x.dtype;
  const out = backend.output(x.shape, dtype);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  if (outer * n * inner === 0) return out;
  backend.k.cumsum(
    out.dataId.ptr,
    backend.ptr(x),
    dtypeCode(x.dtype, 'Cumsum'),
    outer,
    n,
    inner,
    exclusive ? 1 : 0,
    reverse ? 1 : 0,
  );
  return out;
});
