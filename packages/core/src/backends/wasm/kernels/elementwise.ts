import type { TensorInfo } from '../../../backend/backend.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../../internal/shape.js';
import { BINARY_KERNELS, UNARY_KERNELS } from '../../../kernel-names.js';
import type { DType } from '../../../tensor/dtype.js';
import { defineWasmKernel, type WasmBackend } from '../wasm-backend.js';
import { cloneInfo, coalesce, dtypeCode, F32, I32, shiftOf } from './common.js';
import { PARALLEL_MIN_ELEMENTS, runTiled, split, TILE } from './tiles.js';

/** Index of the first comparison in BINARY_KERNELS: from here on the output is bool. */
const FIRST_COMPARISON = BINARY_KERNELS.indexOf('Equal');

function fail(kernel: string, dtype: DType): never {
  throw new Error(`wasm: kernel ${kernel} has no ${dtype} variant`);
}

UNARY_KERNELS.forEach((name, op) => {
  const boolOut = name === 'LogicalNot' || name === 'IsNaN';
  defineWasmKernel(name, ({ inputs: { x }, backend }) => {
    const dtype: DType = boolOut ? 'bool' : x.dtype;
    const out = backend.output(x.shape, dtype);
    const n = sizeOf(x.shape);
    if (n === 0) return out;
    const code = dtypeCode(x.dtype, name);
    const k = backend.k;
    if (code === F32 && !boolOut && n >= PARALLEL_MIN_ELEMENTS && backend.threads() > 1) {
      // element blocks (multiples of 16) over the threads
      const chunk = Math.ceil(split(n, 1, backend.threads(), 1 << 14).per / 16) * 16;
      const args = backend.args([op, out.dataId.ptr, backend.ptr(x), n, chunk]);
      runTiled(backend, TILE.UNARY_F32, args, Math.ceil(n / chunk));
      return out;
    }
    const fn = code === F32 ? k.unary_f32 : code === I32 ? k.unary_i32 : k.unary_u8;
    if (fn(op, out.dataId.ptr, backend.ptr(x), n) !== 0) fail(name, x.dtype);
    return out;
  });
});

/** Shape and strides of a broadcast elementwise op, collapsed; args block: shape, strides..., scratch. */
function broadcastArgs(
  backend: WasmBackend,
  outShape: readonly number[],
  inputs: readonly TensorInfo[],
): { args: number; rank: number } {
  // the common cases without building stride lists: equal shapes, and scalars against anything
  const size = sizeOf(outShape);
  let simple = true;
  for (const t of inputs) {
    const n = sizeOf(t.shape);
    if (n !== size && n !== 1) simple = false;
  }
  if (simple) {
    const args = [size];
    for (const t of inputs) args.push(sizeOf(t.shape) === size && size !== 1 ? 1 : 0);
    args.push(0);
    return { args: backend.args(args), rank: 1 };
  }
  const strides = inputs.map((t) => broadcastStrides(t.shape, outShape));
  const c = coalesce(outShape, strides);
  const rank = c.shape.length;
  const args = backend.args([...c.shape, ...c.strides.flat(), ...new Array<number>(rank).fill(0)]);
  return { args, rank };
}

BINARY_KERNELS.forEach((name, op) => {
  const boolOut = op >= FIRST_COMPARISON;
  defineWasmKernel(name, ({ inputs: { a, b }, backend }) => {
    const outShape = broadcastShapes(a.shape, b.shape, name);
    const out = backend.output(outShape, boolOut ? 'bool' : a.dtype);
    if (sizeOf(outShape) === 0) return out;
    const code = dtypeCode(a.dtype, name);
    if (!boolOut && code === F32 && sizeOf(outShape) >= PARALLEL_MIN_ELEMENTS && backend.threads() > 1) {
      const c = coalesce(
        outShape,
        [a, b].map((t) => broadcastStrides(t.shape, outShape)),
      );
      if (c.shape.length <= 2) {
        binaryTiled(
          backend,
          op,
          out.dataId.ptr,
          backend.ptr(a),
          backend.ptr(b),
          c.shape,
          c.strides as [number[], number[]],
        );
        return out;
      }
    }
    const { args, rank } = broadcastArgs(backend, outShape, [a, b]);
    const k = backend.k;
    const fn = boolOut
      ? code === F32
        ? k.compare_f32
        : code === I32
          ? k.compare_i32
          : k.compare_u8
      : code === F32
        ? k.binary_f32
        : code === I32
          ? k.binary_i32
          : k.binary_u8;
    if (fn(op, out.dataId.ptr, backend.ptr(a), backend.ptr(b), args, rank) !== 0) fail(name, a.dtype);
    return out;
  });
});

/** A float32 arithmetic op over a collapsed shape of rank 1 or 2, in row (or column) blocks over the threads. */
function binaryTiled(
  backend: WasmBackend,
  op: number,
  out: number,
  a: number,
  b: number,
  shape: readonly number[],
  [sa, sb]: [number[], number[]],
): void {
  const threads = backend.threads();
  if (shape.length === 1) {
    const n = shape[0]!;
    const cols = Math.ceil(split(n, 1, threads, 1 << 14).per / 16) * 16;
    const args = backend.args([op, out, a, b, 1, n, 0, 0, sa[0]!, sb[0]!, 1, cols]);
    runTiled(backend, TILE.BINARY_F32, args, Math.ceil(n / cols));
    return;
  }
  const [rows, n] = shape as [number, number];
  const { per, tiles } = split(rows, n, threads);
  const args = backend.args([op, out, a, b, rows, n, sa[0]!, sb[0]!, sa[1]!, sb[1]!, per, n]);
  runTiled(backend, TILE.BINARY_F32, args, tiles);
}

defineWasmKernel('Where', ({ inputs: { condition, a, b }, backend }) => {
  const outShape = broadcastShapes(broadcastShapes(condition.shape, a.shape, 'where'), b.shape, 'where');
  const out = backend.output(outShape, a.dtype);
  if (sizeOf(outShape) === 0) return out;
  const { args, rank } = broadcastArgs(backend, outShape, [condition, a, b]);
  backend.k.where_nd(
    out.dataId.ptr,
    backend.ptr(condition),
    backend.ptr(a),
    backend.ptr(b),
    args,
    rank,
    shiftOf(a.dtype),
  );
  return out;
});

defineWasmKernel('Cast', ({ inputs: { x }, attrs: { dtype }, backend }) => {
  const to = dtypeCode(dtype, 'cast');
  const from = dtypeCode(x.dtype, 'cast');
  if (to === from) return cloneInfo(backend, x);
  const out = backend.output(x.shape, dtype);
  const n = sizeOf(x.shape);
  if (n > 0 && backend.k.cast(out.dataId.ptr, to, backend.ptr(x), from, n) !== 0) fail('Cast', dtype);
  return out;
});

defineWasmKernel('Clip', ({ inputs: { x }, attrs: { min, max }, backend }) => {
  const out = backend.output(x.shape, x.dtype);
  const n = sizeOf(x.shape);
  if (n === 0) return out;
  if (dtypeCode(x.dtype, 'clip') === F32) backend.k.clip_f32(out.dataId.ptr, backend.ptr(x), n, min, max);
  else backend.k.clip_int(out.dataId.ptr, backend.ptr(x), n, min, max, shiftOf(x.dtype));
  return out;
});
