// Threaded elementwise kernels over flat ranges: comparisons, integer arithmetic, integer unary ops, the
// float32 ops with byte outputs, casts, float32 clip and `where`, for operands that are either full-size
// and contiguous or a single broadcast element. Each tile calls the single-threaded kernel on its own range
// of elements, so the result never depends on the thread count.

import { binary_i32, binary_u8 } from './binary';
import { compare_f32, compare_i32, compare_u8 } from './compare';
import { cast, clip_f32, where_nd } from './layout';
import { unary_f32, unary_i32, unary_u8 } from './unary';

// kinds (kernels/elementwise.ts lists the same)
const COMPARE = 0;
const BINARY = 1;
const UNARY = 2;
const CAST = 3;
const CLIP_F32 = 4;
const WHERE = 5;

// dtype codes shared with the host
const F32 = 0;
const I32 = 1;

/**
 * Tile `tile` of a flat elementwise op. Args (int32): kind, op, out, a, b, c, n, chunk (elements per tile),
 * strides of a, b, c (1, or 0 for a broadcast element), log2 of the element size of a (and b) and of out,
 * p0, p1 (the input dtype code for COMPARE / BINARY / UNARY, `from` and `to` for CAST, the float32 bits of
 * the bounds for CLIP_F32). `scratch` holds this thread's rank-1 argument block (5 int32). Returns the
 * kernel's status (-1 for an op it does not implement).
 */
export function flat_tile(args: usize, tile: i32, scratch: usize): i32 {
  const kind = load<i32>(args);
  const op = load<i32>(args, 4);
  const n = load<i32>(args, 24);
  const chunk = load<i32>(args, 28);
  const sa = load<i32>(args, 32);
  const sb = load<i32>(args, 36);
  const sc = load<i32>(args, 40);
  const shA = <usize>load<i32>(args, 44);
  const shOut = <usize>load<i32>(args, 48);
  const p0 = load<i32>(args, 52);
  const p1 = load<i32>(args, 56);
  const e0 = tile * chunk;
  const len = min(chunk, n - e0);
  const out = <usize>load<i32>(args, 8) + ((<usize>e0) << shOut);
  const a = <usize>load<i32>(args, 12) + ((<usize>(e0 * sa)) << shA);
  const b = <usize>load<i32>(args, 16) + ((<usize>(e0 * sb)) << shA);
  const c = <usize>load<i32>(args, 20) + <usize>(e0 * sc);
  if (kind == COMPARE || kind == BINARY) {
    store<i32>(scratch, len);
    store<i32>(scratch, sa, 4);
    store<i32>(scratch, sb, 8);
    store<i32>(scratch, 0, 12);
    if (kind == COMPARE) {
      if (p0 == F32) return compare_f32(op, out, a, b, scratch, 1);
      if (p0 == I32) return compare_i32(op, out, a, b, scratch, 1);
      return compare_u8(op, out, a, b, scratch, 1);
    }
    if (p0 == I32) return binary_i32(op, out, a, b, scratch, 1);
    return binary_u8(op, out, a, b, scratch, 1);
  }
  if (kind == UNARY) {
    if (p0 == F32) return unary_f32(op, out, a, len);
    if (p0 == I32) return unary_i32(op, out, a, len);
    return unary_u8(op, out, a, len);
  }
  if (kind == CAST) return cast(out, p1, a, p0, len);
  if (kind == CLIP_F32) {
    clip_f32(out, a, len, reinterpret<f32>(p0), reinterpret<f32>(p1));
    return 0;
  }
  if (kind == WHERE) {
    store<i32>(scratch, len);
    store<i32>(scratch, sc, 4);
    store<i32>(scratch, sa, 8);
    store<i32>(scratch, sb, 12);
    store<i32>(scratch, 0, 16);
    where_nd(out, c, a, b, scratch, 1, <i32>shA);
    return 0;
  }
  return -1;
}
