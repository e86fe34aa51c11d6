// Binary elementwise kernels with broadcasting: arithmetic (T, T) -> T and comparisons (T, T) -> bool.
//
// The host collapses the broadcast into at most a few axes and passes, at `args`, `rank` int32 sizes
// followed by `rank` element strides of `a` and `rank` element strides of `b` (0 on broadcast axes),
// plus `rank` int32 of scratch for the odometer. The last axis has stride 0 or 1 in each input.

import { toInt32 } from './simd-math';

// op codes: the order of BINARY_KERNELS in src/kernel-names.ts
export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;
export const POW = 4;
export const MAXIMUM = 5;
export const MINIMUM = 6;
export const MOD = 7;
export const FLOOR_DIV = 8;
export const EQUAL = 9;
export const NOT_EQUAL = 10;
export const LESS = 11;
export const LESS_EQUAL = 12;
export const GREATER = 13;
export const GREATER_EQUAL = 14;
export const LOGICAL_AND = 15;
export const LOGICAL_OR = 16;
export const LOGICAL_XOR = 17;

// ---- float32 arithmetic ------------------------------------------------------------------------

/** `a ** b` as C and NumPy define it (float64, rounded once). */
function powF(a: f32, b: f32): f32 {
  const x = <f64>a;
  const y = <f64>b;
  if (x == 1.0 || (x == -1.0 && (y == Infinity || y == -Infinity))) return 1.0;
  return <f32>Math.pow(x, y);
}

/** Floored modulo with the sign of `b` (float64, rounded once). */
function modF(a: f32, b: f32): f32 {
  const x = <f64>a;
  const y = <f64>b;
  const r = x % y;
  return <f32>(r != 0 && r < 0 != y < 0 ? r + y : r);
}

/** Floored quotient as NumPy's floor_divide (consistent with modF). */
function floorDivF(a: f32, b: f32): f32 {
  const x = <f64>a;
  const y = <f64>b;
  if (y == 0) return <f32>(x / y);
  const m = x % y;
  let d = (x - m) / y;
  if (m != 0 && m < 0 != y < 0) d -= 1;
  if (d == 0) {
    const q = x / y;
    return q < 0 || (q == 0 && 1 / q < 0) ? -0.0 : 0.0;
  }
  const f = Math.floor(d);
  return <f32>(d - f > 0.5 ? f + 1 : f);
}

@final
class AddF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.add(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return a + b;
  }
}
@final
class SubF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.sub(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return a - b;
  }
}
@final
class MulF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.mul(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return a * b;
  }
}
@final
class DivF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.div(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return a / b;
  }
}
@final
class MaxF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.max(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return Mathf.max(a, b);
  }
}
@final
class MinF {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return f32x4.min(a, b);
  }
  @inline s(a: f32, b: f32): f32 {
    return Mathf.min(a, b);
  }
}
@final
class PowF {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: f32, b: f32): f32 {
    return powF(a, b);
  }
}
@final
class ModF {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: f32, b: f32): f32 {
    return modF(a, b);
  }
}
@final
class FloorDivF {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: f32, b: f32): f32 {
    return floorDivF(a, b);
  }
}

// ---- int32 arithmetic (wrapping, as Int32Array stores) ----------------------------------------

function modI(a: i32, b: i32): i32 {
  if (b == 0) return 0;
  if (b == -1) return 0;
  const r = a % b;
  return r != 0 && r < 0 != b < 0 ? r + b : r;
}
function floorDivI(a: i32, b: i32): i32 {
  if (b == 0) return 0;
  if (b == -1) return -a; // -(-2^31) wraps to -2^31, as Int32Array stores 2^31
  const q = a / b;
  return a % b != 0 && (a ^ b) < 0 ? q - 1 : q;
}

@final
class AddI {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i32x4.add(a, b);
  }
  @inline s(a: i32, b: i32): i32 {
    return a + b;
  }
}
@final
class SubI {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i32x4.sub(a, b);
  }
  @inline s(a: i32, b: i32): i32 {
    return a - b;
  }
}
@final
class MulI {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i32x4.mul(a, b);
  }
  @inline s(a: i32, b: i32): i32 {
    return a * b;
  }
}
@final
class MaxI {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i32x4.max_s(a, b);
  }
  @inline s(a: i32, b: i32): i32 {
    return a > b ? a : b;
  }
}
@final
class MinI {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i32x4.min_s(a, b);
  }
  @inline s(a: i32, b: i32): i32 {
    return a < b ? a : b;
  }
}
@final
class ModI {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: i32, b: i32): i32 {
    return modI(a, b);
  }
}
@final
class FloorDivI {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: i32, b: i32): i32 {
    return floorDivI(a, b);
  }
}
/** int32 true division and power as the reference computes them: in float64, stored with ToInt32. */
@final
class DivI {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: i32, b: i32): i32 {
    return toInt32(<f64>a / <f64>b);
  }
}
@final
class PowI {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: i32, b: i32): i32 {
    const x = <f64>a;
    const y = <f64>b;
    return toInt32(x == 1.0 ? 1.0 : Math.pow(x, y));
  }
}

// ---- uint8 arithmetic (wrapping modulo 256) ---------------------------------------------------

@final
class AddU {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i8x16.add(a, b);
  }
  @inline s(a: u8, b: u8): u8 {
    return a + b;
  }
}
@final
class SubU {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i8x16.sub(a, b);
  }
  @inline s(a: u8, b: u8): u8 {
    return a - b;
  }
}
@final
class MulU {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: u8, b: u8): u8 {
    return <u8>(<u32>a * <u32>b);
  }
}
@final
class MaxU {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i8x16.max_u(a, b);
  }
  @inline s(a: u8, b: u8): u8 {
    return a > b ? a : b;
  }
}
@final
class MinU {
  @inline vec(): bool {
    return true;
  }
  @inline v(a: v128, b: v128): v128 {
    return i8x16.min_u(a, b);
  }
  @inline s(a: u8, b: u8): u8 {
    return a < b ? a : b;
  }
}
@final
class ModU {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: u8, b: u8): u8 {
    return b == 0 ? 0 : a % b;
  }
}
@final
class FloorDivU {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: u8, b: u8): u8 {
    return b == 0 ? 0 : a / b;
  }
}
@final
class DivU {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: u8, b: u8): u8 {
    return <u8>toInt32(<f64>a / <f64>b);
  }
}
@final
class PowU {
  @inline vec(): bool {
    return false;
  }
  @inline v(a: v128, _b: v128): v128 {
    return a;
  }
  @inline s(a: u8, b: u8): u8 {
    return <u8>toInt32(Math.pow(<f64>a, <f64>b));
  }
}

// ---- the broadcast driver ---------------------------------------------------------------------

/** One run of `n` outputs with inner strides `sa`, `sb` in {0, 1}. */
function run<T, Op>(out: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  const op = changetype<Op>(0);
  const W = <i32>(16 / sizeof<T>());
  const SH = <usize>alignof<T>();
  let i = 0;
  if (sa != 0 && sb != 0) {
    if (op.vec()) {
      for (; i + W <= n; i += W) {
        const o = (<usize>i) << SH;
        v128.store(out + o, op.v(v128.load(a + o), v128.load(b + o)));
      }
    }
    for (; i < n; i++) {
      const o = (<usize>i) << SH;
      store<T>(out + o, op.s(load<T>(a + o), load<T>(b + o)));
    }
  } else if (sa != 0) {
    const y = load<T>(b);
    if (op.vec()) {
      const yv = v128.splat<T>(y);
      for (; i + W <= n; i += W) {
        const o = (<usize>i) << SH;
        v128.store(out + o, op.v(v128.load(a + o), yv));
      }
    }
    for (; i < n; i++) {
      const o = (<usize>i) << SH;
      store<T>(out + o, op.s(load<T>(a + o), y));
    }
  } else if (sb != 0) {
    const x = load<T>(a);
    if (op.vec()) {
      const xv = v128.splat<T>(x);
      for (; i + W <= n; i += W) {
        const o = (<usize>i) << SH;
        v128.store(out + o, op.v(xv, v128.load(b + o)));
      }
    }
    for (; i < n; i++) {
      const o = (<usize>i) << SH;
      store<T>(out + o, op.s(x, load<T>(b + o)));
    }
  } else {
    const r = op.s(load<T>(a), load<T>(b));
    for (; i < n; i++) store<T>(out + ((<usize>i) << SH), r);
  }
}

/** A broadcast runner for {@link broadcastWith}: `run` does one run along the last axis. */
@final
class Arith<T, Op> {
  @inline run(out: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
    run<T, Op>(out, a, sa, b, sb, n);
  }
}

/**
 * Odometer over the leading axes of a broadcast laid out at `args` as described at the top of this file;
 * `R.run(out, a, sa, b, sb, n)` does each run along the last axis. `T` is the input element type, `O` the
 * output's. Shared by the arithmetic ops here and the comparisons in compare.ts.
 */
export function broadcastWith<T, O, R>(out: usize, a: usize, b: usize, args: usize, rank: i32): void {
  const runner = changetype<R>(0);
  const SH = <usize>alignof<T>();
  const SO = <usize>alignof<O>();
  if (rank == 0) {
    runner.run(out, a, 0, b, 0, 1);
    return;
  }
  const shape = args;
  const stA = args + ((<usize>rank) << 2);
  const stB = args + ((<usize>rank) << 3);
  const idx = args + <usize>rank * 12;
  const n = load<i32>(shape + ((<usize>(rank - 1)) << 2));
  const sa = load<i32>(stA + ((<usize>(rank - 1)) << 2));
  const sb = load<i32>(stB + ((<usize>(rank - 1)) << 2));
  let outer = 1;
  for (let ax = 0; ax < rank - 1; ax++) {
    outer *= load<i32>(shape + ((<usize>ax) << 2));
    store<i32>(idx + ((<usize>ax) << 2), 0);
  }
  if (n == 0 || outer == 0) return;
  let oa = 0;
  let ob = 0;
  let o = 0;
  for (let k = 0; k < outer; k++) {
    runner.run(out + ((<usize>o) << SO), a + ((<usize>oa) << SH), sa, b + ((<usize>ob) << SH), sb, n);
    o += n;
    for (let ax = rank - 2; ax >= 0; ax--) {
      const p = idx + ((<usize>ax) << 2);
      const d = load<i32>(shape + ((<usize>ax) << 2));
      const i = load<i32>(p) + 1;
      const da = load<i32>(stA + ((<usize>ax) << 2));
      const db = load<i32>(stB + ((<usize>ax) << 2));
      if (i < d) {
        store<i32>(p, i);
        oa += da;
        ob += db;
        break;
      }
      store<i32>(p, 0);
      oa -= da * (d - 1);
      ob -= db * (d - 1);
    }
  }
}

function broadcast<T, Op>(out: usize, a: usize, b: usize, args: usize, rank: i32): void {
  broadcastWith<T, T, Arith<T, Op>>(out, a, b, args, rank);
}

/** `out = a (op) b` for float32 arithmetic ops; returns 0, or -1 for an op it does not implement. */
export function binary_f32(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case ADD:
      broadcast<f32, AddF>(out, a, b, args, rank);
      break;
    case SUB:
      broadcast<f32, SubF>(out, a, b, args, rank);
      break;
    case MUL:
      broadcast<f32, MulF>(out, a, b, args, rank);
      break;
    case DIV:
      broadcast<f32, DivF>(out, a, b, args, rank);
      break;
    case POW:
      broadcast<f32, PowF>(out, a, b, args, rank);
      break;
    case MAXIMUM:
      broadcast<f32, MaxF>(out, a, b, args, rank);
      break;
    case MINIMUM:
      broadcast<f32, MinF>(out, a, b, args, rank);
      break;
    case MOD:
      broadcast<f32, ModF>(out, a, b, args, rank);
      break;
    case FLOOR_DIV:
      broadcast<f32, FloorDivF>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}

/** int32 arithmetic (wrapping); integer division and modulo by 0 give 0. */
export function binary_i32(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case ADD:
      broadcast<i32, AddI>(out, a, b, args, rank);
      break;
    case SUB:
      broadcast<i32, SubI>(out, a, b, args, rank);
      break;
    case MUL:
      broadcast<i32, MulI>(out, a, b, args, rank);
      break;
    case DIV:
      broadcast<i32, DivI>(out, a, b, args, rank);
      break;
    case POW:
      broadcast<i32, PowI>(out, a, b, args, rank);
      break;
    case MAXIMUM:
      broadcast<i32, MaxI>(out, a, b, args, rank);
      break;
    case MINIMUM:
      broadcast<i32, MinI>(out, a, b, args, rank);
      break;
    case MOD:
      broadcast<i32, ModI>(out, a, b, args, rank);
      break;
    case FLOOR_DIV:
      broadcast<i32, FloorDivI>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}

/** uint8 (and bool) arithmetic, wrapping modulo 256. */
export function binary_u8(op: i32, out: usize, a: usize, b: usize, args: usize, rank: i32): i32 {
  switch (op) {
    case ADD:
      broadcast<u8, AddU>(out, a, b, args, rank);
      break;
    case SUB:
      broadcast<u8, SubU>(out, a, b, args, rank);
      break;
    case MUL:
      broadcast<u8, MulU>(out, a, b, args, rank);
      break;
    case DIV:
      broadcast<u8, DivU>(out, a, b, args, rank);
      break;
    case POW:
      broadcast<u8, PowU>(out, a, b, args, rank);
      break;
    case MAXIMUM:
      broadcast<u8, MaxU>(out, a, b, args, rank);
      break;
    case MINIMUM:
      broadcast<u8, MinU>(out, a, b, args, rank);
      break;
    case MOD:
      broadcast<u8, ModU>(out, a, b, args, rank);
      break;
    case FLOOR_DIV:
      broadcast<u8, FloorDivU>(out, a, b, args, rank);
      break;
    default:
      return -1;
  }
  return 0;
}

/** One run of a float32 arithmetic op (inner strides 0 or 1). */
function runF32(op: i32, out: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  switch (op) {
    case ADD:
      run<f32, AddF>(out, a, sa, b, sb, n);
      break;
    case SUB:
      run<f32, SubF>(out, a, sa, b, sb, n);
      break;
    case MUL:
      run<f32, MulF>(out, a, sa, b, sb, n);
      break;
    case DIV:
      run<f32, DivF>(out, a, sa, b, sb, n);
      break;
    case POW:
      run<f32, PowF>(out, a, sa, b, sb, n);
      break;
    case MAXIMUM:
      run<f32, MaxF>(out, a, sa, b, sb, n);
      break;
    case MINIMUM:
      run<f32, MinF>(out, a, sa, b, sb, n);
      break;
    case MOD:
      run<f32, ModF>(out, a, sa, b, sb, n);
      break;
    case FLOOR_DIV:
      run<f32, FloorDivF>(out, a, sa, b, sb, n);
      break;
  }
}

/**
 * Tile `tile` of a threaded float32 arithmetic op over a 2-D view [rows, n] of the output. args: op, out, a, b,
 * rows, n, a row stride, b row stride (elements), a inner stride, b inner stride (0 or 1), rows per tile,
 * columns per tile. A tile is a block of rows, or for one long row a block of columns.
 */
export function binary_f32_tile(args: usize, tile: i32): i32 {
  const op = load<i32>(args);
  const out = <usize>load<i32>(args, 4);
  const a = <usize>load<i32>(args, 8);
  const b = <usize>load<i32>(args, 12);
  const rows = load<i32>(args, 16);
  const n = load<i32>(args, 20);
  const ra = load<i32>(args, 24);
  const rb = load<i32>(args, 28);
  const sa = load<i32>(args, 32);
  const sb = load<i32>(args, 36);
  const per = load<i32>(args, 40);
  const cols = load<i32>(args, 44);
  if (op < ADD || op > FLOOR_DIV) return -1;
  if (rows == 1) {
    const c0 = tile * cols;
    const len = min(cols, n - c0);
    runF32(
      op,
      out + ((<usize>c0) << 2),
      a + ((<usize>(c0 * sa)) << 2),
      sa,
      b + ((<usize>(c0 * sb)) << 2),
      sb,
      len,
    );
    return 0;
  }
  const r1 = min(rows, (tile + 1) * per);
  for (let r = tile * per; r < r1; r++) {
    runF32(
      op,
      out + ((<usize>r * <usize>n) << 2),
      a + ((<usize>(r * ra)) << 2),
      sa,
      b + ((<usize>(r * rb)) << 2),
      sb,
      n,
    );
  }
  return 0;
}
