// Comparisons and logical ops: (T, T) -> bool (one byte, 0 or 1), broadcast like binary.ts.

import {
  broadcastWith,
  EQUAL,
  GREATER,
  GREATER_EQUAL,
  LESS,
  LESS_EQUAL,
  LOGICAL_AND,
  LOGICAL_OR,
  LOGICAL_XOR,
  NOT_EQUAL,
} from './binary';

// Each comparison gives lane masks (all ones where true) in T's lane width, and a scalar version.

@final
class EqF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.eq(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a == b;
  }
}
@final
class NeF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.ne(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a != b;
  }
}
@final
class LtF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.lt(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a < b;
  }
}
@final
class LeF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.le(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a <= b;
  }
}
@final
class GtF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.gt(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a > b;
  }
}
@final
class GeF {
  @inline m(a: v128, b: v128): v128 {
    return f32x4.ge(a, b);
  }
  @inline s(a: f32, b: f32): bool {
    return a >= b;
  }
}
@final
class AndF {
  @inline m(a: v128, b: v128): v128 {
    const z = f32x4.splat(0);
    return v128.and(f32x4.ne(a, z), f32x4.ne(b, z));
  }
  @inline s(a: f32, b: f32): bool {
    return a != 0 && b != 0;
  }
}
@final
class OrF {
  @inline m(a: v128, b: v128): v128 {
    const z = f32x4.splat(0);
    return v128.or(f32x4.ne(a, z), f32x4.ne(b, z));
  }
  @inline s(a: f32, b: f32): bool {
    return a != 0 || b != 0;
  }
}
@final
class XorF {
  @inline m(a: v128, b: v128): v128 {
    const z = f32x4.splat(0);
    return v128.xor(f32x4.ne(a, z), f32x4.ne(b, z));
  }
  @inline s(a: f32, b: f32): bool {
    return (a != 0) != (b != 0);
  }
}

@final
class EqI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.eq(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a == b;
  }
}
@final
class NeI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.ne(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a != b;
  }
}
@final
class LtI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.lt_s(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a < b;
  }
}
@final
class LeI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.le_s(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a <= b;
  }
}
@final
class GtI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.gt_s(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a > b;
  }
}
@final
class GeI {
  @inline m(a: v128, b: v128): v128 {
    return i32x4.ge_s(a, b);
  }
  @inline s(a: i32, b: i32): bool {
    return a >= b;
  }
}
@final
class AndI {
  @inline m(a: v128, b: v128): v128 {
    const z = i32x4.splat(0);
    return v128.and(i32x4.ne(a, z), i32x4.ne(b, z));
  }
  @inline s(a: i32, b: i32): bool {
    return a != 0 && b != 0;
  }
}
@final
class OrI {
  @inline m(a: v128, b: v128): v128 {
    const z = i32x4.splat(0);
    return v128.or(i32x4.ne(a, z), i32x4.ne(b, z));
  }
  @inline s(a: i32, b: i32): bool {
    return a != 0 || b != 0;
  }
}
@final
class XorI {
  @inline m(a: v128, b: v128): v128 {
    const z = i32x4.splat(0);
    return v128.xor(i32x4.ne(a, z), i32x4.ne(b, z));
  }
  @inline s(a: i32, b: i32): bool {
    return (a != 0) != (b != 0);
  }
}

@final
class EqU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.eq(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a == b;
  }
}
@final
class NeU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.ne(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a != b;
  }
}
@final
class LtU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.lt_u(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a < b;
  }
}
@final
class LeU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.le_u(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a <= b;
  }
}
@final
class GtU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.gt_u(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a > b;
  }
}
@final
class GeU {
  @inline m(a: v128, b: v128): v128 {
    return i8x16.ge_u(a, b);
  }
  @inline s(a: u8, b: u8): bool {
    return a >= b;
  }
}
@final
class AndU {
  @inline m(a: v128, b: v128): v128 {
    const z = i8x16.splat(0);
    return v128.and(i8x16.ne(a, z), i8x16.ne(b, z));
  }
  @inline s(a: u8, b: u8): bool {
    return a != 0 && b != 0;
  }
}
@final
class OrU {
  @inline m(a: v128, b: v128): v128 {
    const z = i8x16.splat(0);
    return v128.or(i8x16.ne(a, z), i8x16.ne(b, z));
  }
  @inline s(a: u8, b: u8): bool {
    return a != 0 || b != 0;
  }
}
@final
class XorU {
  @inline m(a: v128, b: v128): v128 {
    const z = i8x16.splat(0);
    return v128.xor(i8x16.ne(a, z), i8x16.ne(b, z));
  }
  @inline s(a: u8, b: u8): bool {
    return (a != 0) != (b != 0);
  }
}

/** Sixteen results as bytes 0/1 from inputs at `a`, `b` (vectors, or splats when the stride is 0). */
function sixteen<T, Op>(a: usize, sa: i32, av: v128, b: usize, sb: i32, bv: v128): v128 {
  const op = changetype<Op>(0);
  const one = i8x16.splat(1);
  if (sizeof<T>() == 1) {
    const x = sa != 0 ? v128.load(a) : av;
    const y = sb != 0 ? v128.load(b) : bv;
    return v128.and(op.m(x, y), one);
  }
  const x0 = sa != 0 ? v128.load(a) : av;
  const x1 = sa != 0 ? v128.load(a, 16) : av;
  const x2 = sa != 0 ? v128.load(a, 32) : av;
  const x3 = sa != 0 ? v128.load(a, 48) : av;
  const y0 = sb != 0 ? v128.load(b) : bv;
  const y1 = sb != 0 ? v128.load(b, 16) : bv;
  const y2 = sb != 0 ? v128.load(b, 32) : bv;
  const y3 = sb != 0 ? v128.load(b, 48) : bv;
  const lo = i16x8.narrow_i32x4_s(op.m(x0, y0), op.m(x1, y1));
  const hi = i16x8.narrow_i32x4_s(op.m(x2, y2), op.m(x3, y3));
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), one);
}

function runCmp<T, Op>(out: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  const op = changetype<Op>(0);
  const SH = <usize>alignof<T>();
  let i = 0;
  const av = v128.splat<T>(load<T>(a));
  const bv = v128.splat<T>(load<T>(b));
  for (; i + 16 <= n; i += 16) {
    const o = (<usize>i) << SH;
    v128.store(out + <usize>i, sixteen<T, Op>(a + o * <usize>sa, sa, av, b + o * <usize>sb, sb, bv));
  }
  for (; i < n; i++) {
    const x = load<T>(a + ((<usize>i * <usize>sa) << SH));
    const y = load<T>(b + ((<usize>i * <usize>sb) << SH));
    store<u8>(out + <usize>i, op.s(x, y) ? 1 : 0);
  }
}

/** A broadcast runner for {@link broadcastWith}: `run` does one run along the last axis, bool out. */
@final
class Cmp<T, Op> {
  @inline run(out: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
    runCmp<T, Op>(out, a, sa, b, sb, n);
  }
}

function broadcastCmp<T, Op>(out: usize, a: usize, b: usize, args: usize, rank: i32): void {
  broadcastWith<T, u8, Cmp<T, Op>>(out, a, b, args, rank);
}

/** Comparison or logical op on float32 inputs, bool out; returns -1 for an op it does not implement. */
export function compare_f32(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case EQUAL:
      broadcastCmp<f32, EqF>(out, a, b, args, rank);
      break;
    case NOT_EQUAL:
      broadcastCmp<f32, NeF>(out, a, b, args, rank);
      break;
    case LESS:
      broadcastCmp<f32, LtF>(out, a, b, args, rank);
      break;
    case LESS_EQUAL:
      broadcastCmp<f32, LeF>(out, a, b, args, rank);
      break;
    case GREATER:
      broadcastCmp<f32, GtF>(out, a, b, args, rank);
      break;
    case GREATER_EQUAL:
      broadcastCmp<f32, GeF>(out, a, b, args, rank);
      break;
    case LOGICAL_AND:
      broadcastCmp<f32, AndF>(out, a, b, args, rank);
      break;
    case LOGICAL_OR:
      broadcastCmp<f32, OrF>(out, a, b, args, rank);
      break;
    case LOGICAL_XOR:
      broadcastCmp<f32, XorF>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}

/** Comparison or logical op on int32 inputs, bool out. */
export function compare_i32(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case EQUAL:
      broadcastCmp<i32, EqI>(out, a, b, args, rank);
      break;
    case NOT_EQUAL:
      broadcastCmp<i32, NeI>(out, a, b, args, rank);
      break;
    case LESS:
      broadcastCmp<i32, LtI>(out, a, b, args, rank);
      break;
    case LESS_EQUAL:
      broadcastCmp<i32, LeI>(out, a, b, args, rank);
      break;
    case GREATER:
      broadcastCmp<i32, GtI>(out, a, b, args, rank);
      break;
    case GREATER_EQUAL:
      broadcastCmp<i32, GeI>(out, a, b, args, rank);
      break;
    case LOGICAL_AND:
      broadcastCmp<i32, AndI>(out, a, b, args, rank);
      break;
    case LOGICAL_OR:
      broadcastCmp<i32, OrI>(out, a, b, args, rank);
      break;
    case LOGICAL_XOR:
      broadcastCmp<i32, XorI>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}

/** Comparison or logical op on uint8 / bool inputs, bool out. */
export function compare_u8(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case EQUAL:
      broadcastCmp<u8, EqU>(out, a, b, args, rank);
      break;
    case NOT_EQUAL:
      broadcastCmp<u8, NeU>(out, a, b, args, rank);
      break;
    case LESS:
      broadcastCmp<u8, LtU>(out, a, b, args, rank);
      break;
    case LESS_EQUAL:
      broadcastCmp<u8, LeU>(out, a, b, args, rank);
      break;
    case GREATER:
      broadcastCmp<u8, GtU>(out, a, b, args, rank);
      break;
    case GREATER_EQUAL:
      broadcastCmp<u8, GeU>(out, a, b, args, rank);
      break;
    case LOGICAL_AND:
      broadcastCmp<u8, AndU>(out, a, b, args, rank);
      break;
    case LOGICAL_OR:
      broadcastCmp<u8, OrU>(out, a, b, args, rank);
      break;
    case LOGICAL_XOR:
      broadcastCmp<u8, XorU>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}
