import type { TensorInfo } from '../../../backend/backend.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../../internal/shape.js';
import { BINARY_KERNELS, UNARY_KERNELS } from '../../../kernel-names.js';
import type { DType } from '../../../tensor/dtype.js';
import { defineWasmKernel, type WasmBackend } from '../wasm-backend.js';
import { cloneInfo, coalesce, dtypeCode, F32, I32, shiftOf } from './common.js';
import { f32Bits, PARALLEL_MIN_ELEMENTS, runTiled, split, TILE } from './tiles.js';

/** Index of the first comparison in BINARY_KERNELS: from here on the output is bool. */
const FIRST_COMPARISON = BINARY_KERNELS.indexOf('Equal');

function fail(kernel: string, dtype: DType): never {
  throw new Error(`wasm: kernel ${kernel} has no ${dtype} variant`);
}

/** Kinds of the flat elementwise tile kernel (wasm/assembly/flat.ts lists the same). */
const FLAT = { COMPARE: 0, BINARY: 1, UNARY: 2, CAST: 3, CLIP_F32: 4, WHERE: 5 } as const;

/** One flat elementwise job: operands full-size and contiguous, or a single broadcast element. */
interface FlatJob {
  kind: number;
  op?: number;
  out: number;
  a: TensorInfo;
  b?: TensorInfo;
  c?: TensorInfo;
  /** Output elements. */
  n: number;
  /** log2 of the output's element size. */
  shOut: number;
  p0?: number;
  p1?: number;
}

/** Whether `n` outputs are worth splitting over the threads and every input is flat (full-size or one element). */
function flatThreaded(backend: WasmBackend, n: number, inputs: readonly TensorInfo[]): boolean {
  if (n < PARALLEL_MIN_ELEMENTS || backend.threads() <= 1) return false;
  return inputs.every((t) => {
    const size = sizeOf(t.shape);
    return size === n || size === 1;
  });
}

/**
 * Run a flat elementwise job in element ranges over the threads (each range by the single-threaded kernel, so
 * results do not depend on the thread count). Returns false when the kernel refused the op or dtype, so the
 * caller reports it through its single-threaded path.
 */
function runFlat(backend: WasmBackend, job: FlatJob): boolean {
  const { n } = job;
  const stride = (t: TensorInfo | undefined) => (t !== undefined && sizeOf(t.shape) === n ? 1 : 0);
  const ptr = (t: TensorInfo | undefined) => (t === undefined ? 0 : backend.ptr(t));
  const chunk = Math.ceil(split(n, 1, backend.threads(), 1 << 14).per / 64) * 64;
  const args = backend.args([
    job.kind,
    job.op ?? 0,
    job.out,
    ptr(job.a),
    ptr(job.b),
    ptr(job.c),
    n,
    chunk,
    stride(job.a),
    stride(job.b),
    stride(job.c),
    shiftOf(job.a.dtype),
    job.shOut,
    job.p0 ?? 0,
    job.p1 ?? 0,
  ]);
  const k = backend.k;
  let status = 0;
  try {
    backend.runTiles(TILE.FLAT, args, Math.ceil(n / chunk), 32, (t, scratch) => {
      status |= k.run_tile(TILE.FLAT, args, t, scratch);
    });
  } catch {
    return false; // a worker's tile refused the op
  }
  return status === 0;
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
    if (flatThreaded(backend, n, [x])) {
      const shOut = boolOut ? 0 : shiftOf(x.dtype);
      const job = { kind: FLAT.UNARY, op, out: out.dataId.ptr, a: x, n, shOut, p0: code };
      if (runFlat(backend, job)) return out;
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
    const n = sizeOf(outShape);
    if ((boolOut || code !== F32) && flatThreaded(backend, n, [a, b])) {
      const kind = boolOut ? FLAT.COMPARE : FLAT.BINARY;
      const shOut = boolOut ? 0 : shiftOf(a.dtype);
      if (runFlat(backend, { kind, op, out: out.dataId.ptr, a, b, n, shOut, p0: code })) return out;
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
  const n = sizeOf(outShape);
  if (n === 0) return out;
  if (flatThreaded(backend, n, [condition, a, b])) {
    const shOut = shiftOf(a.dtype);
    if (runFlat(backend, { kind: FLAT.WHERE, out: out.dataId.ptr, a, b, c: condition, n, shOut })) return out;
  }
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
  if (flatThreaded(backend, n, [x])) {
    const job = { kind: FLAT.CAST, out: out.dataId.ptr, a: x, n, shOut: shiftOf(dtype), p0: from, p1: to };
    if (runFlat(backend, job)) return out;
  }
  if (n > 0 && backend.k.cast(out.dataId.ptr, to, backend.ptr(x), from, n) !== 0) fail('Cast', dtype);
  return out;
});

defineWasmKernel('Clip', ({ inputs: { x }, attrs: { min, max }, backend }) => {
  const out = backend.output(x.shape, x.dtype);
  const n = sizeOf(x.shape);
  if (n === 0) return out;
  const code = dtypeCode(x.dtype, 'clip');
  if (code === F32 && flatThreaded(backend, n, [x])) {
    const job = {
      kind: FLAT.CLIP_F32,
      out: out.dataId.ptr,
      a: x,
      n,
      shOut: 2,
      p0: f32Bits(min),
      p1: f32Bits(max),
    };
    if (runFlat(backend, job)) return out;
  }
  if (code === F32) backend.k.clip_f32(out.dataId.ptr, backend.ptr(x), n, min, max);
  else backend.k.clip_int(out.dataId.ptr, backend.ptr(x), n, min, max, shiftOf(x.dtype));
  return out;
});
