// Unary elementwise kernels over contiguous buffers.

import { erf64, toInt32, V } from './simd-math';

// op codes: the order of UNARY_KERNELS in src/kernel-names.ts
const ABS = 0;
const NEG = 1;
const SIGN = 2;
const EXP = 3;
const LOG = 4;
const LOG1P = 5;
const SQRT = 6;
const RSQRT = 7;
const SQUARE = 8;
const RECIPROCAL = 9;
const TANH = 10;
const SIGMOID = 11;
const RELU = 12;
const GELU = 13;
const ERF = 14;
const SILU = 15;
const FLOOR = 16;
const CEIL = 17;
const ROUND = 18;
const SIN = 19;
const COS = 20;
const LOGICAL_NOT = 21;
const IS_NAN = 22;

/** The reference (float64) definition of every unary op, as the cpu backend computes it. */
function unary64(op: i32, x: f64): f64 {
  switch (op) {
    case ABS:
      return Math.abs(x);
    case NEG:
      return -x;
    case SIGN:
      return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : NaN;
    case EXP:
      return Math.exp(x);
    case LOG:
      return Math.log(x);
    case LOG1P:
      return Math.log1p(x);
    case SQRT:
      return Math.sqrt(x);
    case RSQRT:
      return 1 / Math.sqrt(x);
    case SQUARE:
      return x * x;
    case RECIPROCAL:
      return 1 / x;
    case TANH:
      return Math.tanh(x);
    case SIGMOID: {
      if (x >= 0) return 1 / (1 + Math.exp(-x));
      const e = Math.exp(x);
      return e / (1 + e);
    }
    case RELU:
      return x > 0 ? x : x == 0 || x < 0 ? 0 : x;
    case GELU:
      return x == -Infinity ? 0 : 0.5 * x * (1 + erf64(x / Math.SQRT2)); // the limit, not -inf * 0
    case ERF:
      return erf64(x);
    case SILU: {
      if (x == -Infinity) return 0;
      if (x >= 0) return x / (1 + Math.exp(-x));
      const e = Math.exp(x);
      return (x * e) / (1 + e);
    }
    case FLOOR:
      return Math.floor(x);
    case CEIL:
      return Math.ceil(x);
    case ROUND: {
      const r = Math.round(x);
      return Math.abs(x % 1) == 0.5 && r % 2 != 0 ? r - 1 : r;
    }
    case SIN:
      return Math.sin(x);
    case COS:
      return Math.cos(x);
    case LOGICAL_NOT:
      return x == 0 ? 1 : 0;
    case IS_NAN:
      return isNaN(x) ? 1 : 0;
  }
  return NaN;
}

@final
class AbsF {
  @inline v(x: v128): v128 {
    return f32x4.abs(x);
  }
}
@final
class NegF {
  @inline v(x: v128): v128 {
    return f32x4.neg(x);
  }
}
@final
class SignF {
  @inline v(x: v128): v128 {
    const z = f32x4.splat(0);
    const pos = v128.and(f32x4.gt(x, z), f32x4.splat(1));
    const neg = v128.and(f32x4.lt(x, z), f32x4.splat(-1));
    return v128.bitselect(x, v128.or(pos, neg), f32x4.ne(x, x));
  }
}
@final
class ExpF {
  @inline v(x: v128): v128 {
    return V.exp(x);
  }
}
@final
class LogF {
  @inline v(x: v128): v128 {
    return V.log(x);
  }
}
@final
class Log1pF {
  @inline v(x: v128): v128 {
    return V.log1p(x);
  }
}
@final
class SqrtF {
  @inline v(x: v128): v128 {
    return f32x4.sqrt(x);
  }
}
@final
class RsqrtF {
  @inline v(x: v128): v128 {
    return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
  }
}
@final
class SquareF {
  @inline v(x: v128): v128 {
    return f32x4.mul(x, x);
  }
}
@final
class ReciprocalF {
  @inline v(x: v128): v128 {
    return f32x4.div(f32x4.splat(1), x);
  }
}
@final
class TanhF {
  @inline v(x: v128): v128 {
    return V.tanh(x);
  }
}
@final
class SigmoidF {
  @inline v(x: v128): v128 {
    return V.sigmoid(x);
  }
}
@final
class ReluF {
  @inline v(x: v128): v128 {
    return f32x4.max(x, f32x4.splat(0));
  }
}
@final
class SiluF {
  @inline v(x: v128): v128 {
    // silu(-inf) = 0, the limit (not -inf * 0)
    return v128.andnot(f32x4.mul(x, V.sigmoid(x)), f32x4.eq(x, f32x4.splat(-Infinity)));
  }
}
@final
class FloorF {
  @inline v(x: v128): v128 {
    return f32x4.floor(x);
  }
}
@final
class CeilF {
  @inline v(x: v128): v128 {
    return f32x4.ceil(x);
  }
}
@final
class RoundF {
  @inline v(x: v128): v128 {
    return f32x4.nearest(x);
  }
}

/** `out[i] = op(x[i])` four lanes at a time; the tail goes through a zero-padded vector. */
function mapF<Op>(out: usize, x: usize, n: i32): void {
  const op = changetype<Op>(0);
  let i = 0;
  // four independent vectors per step: their dependency chains interleave
  for (; i + 16 <= n; i += 16) {
    const o = (<usize>i) << 2;
    const a = op.v(v128.load(x + o));
    const b = op.v(v128.load(x + o, 16));
    const c = op.v(v128.load(x + o, 32));
    const d = op.v(v128.load(x + o, 48));
    v128.store(out + o, a);
    v128.store(out + o, b, 16);
    v128.store(out + o, c, 32);
    v128.store(out + o, d, 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, op.v(v128.load(x + o)));
  }
  const rem = n - i;
  const o = (<usize>i) << 2;
  if (rem == 1) {
    v128.store32_lane(out + o, op.v(v128.load32_zero(x + o)), 0);
  } else if (rem == 2) {
    v128.store64_lane(out + o, op.v(v128.load64_zero(x + o)), 0);
  } else if (rem == 3) {
    const r = op.v(v128.load32_lane(x + o + 8, v128.load64_zero(x + o), 2));
    v128.store64_lane(out + o, r, 0);
    v128.store32_lane(out + o + 8, r, 2);
  }
}

/** float32 -> float32 unary op. LogicalNot and IsNaN write bytes. Returns -1 for an unknown op. */
export function unary_f32(op: i32, out: usize, x: usize, n: i32): i32 {
  if (n <= 0) return op >= 0 && op <= IS_NAN ? 0 : -1;
  switch (op) {
    case ABS:
      mapF<AbsF>(out, x, n);
      break;
    case NEG:
      mapF<NegF>(out, x, n);
      break;
    case SIGN:
      mapF<SignF>(out, x, n);
      break;
    case EXP:
      mapF<ExpF>(out, x, n);
      break;
    case LOG:
      mapF<LogF>(out, x, n);
      break;
    case LOG1P:
      mapF<Log1pF>(out, x, n);
      break;
    case SQRT:
      mapF<SqrtF>(out, x, n);
      break;
    case RSQRT:
      mapF<RsqrtF>(out, x, n);
      break;
    case SQUARE:
      mapF<SquareF>(out, x, n);
      break;
    case RECIPROCAL:
      mapF<ReciprocalF>(out, x, n);
      break;
    case TANH:
      mapF<TanhF>(out, x, n);
      break;
    case SIGMOID:
      mapF<SigmoidF>(out, x, n);
      break;
    case RELU:
      mapF<ReluF>(out, x, n);
      break;
    case SILU:
      mapF<SiluF>(out, x, n);
      break;
    case FLOOR:
      mapF<FloorF>(out, x, n);
      break;
    case CEIL:
      mapF<CeilF>(out, x, n);
      break;
    case ROUND:
      mapF<RoundF>(out, x, n);
      break;
    case GELU:
    case ERF:
    case SIN:
    case COS:
      for (let i = 0; i < n; i++) {
        const o = (<usize>i) << 2;
        store<f32>(out + o, <f32>unary64(op, <f64>load<f32>(x + o)));
      }
      break;
    case LOGICAL_NOT:
      for (let i = 0; i < n; i++) store<u8>(out + <usize>i, load<f32>(x + ((<usize>i) << 2)) == 0 ? 1 : 0);
      break;
    case IS_NAN:
      for (let i = 0; i < n; i++) {
        const v = load<f32>(x + ((<usize>i) << 2));
        store<u8>(out + <usize>i, v != v ? 1 : 0);
      }
      break;
    default:
      return -1;
  }
  return 0;
}

/** int32 unary op (integer semantics; the float ops are computed in float64 and stored with ToInt32). */
export function unary_i32(op: i32, out: usize, x: usize, n: i32): i32 {
  if (op < 0 || op > IS_NAN) return -1;
  let i = 0;
  switch (op) {
    case ABS:
      for (; i + 4 <= n; i += 4)
        v128.store(out + ((<usize>i) << 2), i32x4.abs(v128.load(x + ((<usize>i) << 2))));
      break;
    case NEG:
      for (; i + 4 <= n; i += 4)
        v128.store(out + ((<usize>i) << 2), i32x4.neg(v128.load(x + ((<usize>i) << 2))));
      break;
    case SQUARE:
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(x + ((<usize>i) << 2));
        v128.store(out + ((<usize>i) << 2), i32x4.mul(v, v));
      }
      for (; i < n; i++) {
        const v = load<i32>(x + ((<usize>i) << 2));
        store<i32>(out + ((<usize>i) << 2), v * v);
      }
      return 0;
    case RELU:
      for (; i + 4 <= n; i += 4)
        v128.store(out + ((<usize>i) << 2), i32x4.max_s(v128.load(x + ((<usize>i) << 2)), i32x4.splat(0)));
      break;
    case FLOOR:
    case CEIL:
    case ROUND:
      memory.copy(out, x, (<usize>n) << 2);
      return 0;
    case LOGICAL_NOT:
      for (; i < n; i++) store<u8>(out + <usize>i, load<i32>(x + ((<usize>i) << 2)) == 0 ? 1 : 0);
      return 0;
    case IS_NAN:
      memory.fill(out, 0, <usize>n);
      return 0;
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<i32>(out + o, toInt32(unary64(op, <f64>load<i32>(x + o))));
  }
  return 0;
}

/** uint8 / bool unary op (results wrap modulo 256, as Uint8Array stores). */
export function unary_u8(op: i32, out: usize, x: usize, n: i32): i32 {
  if (op < 0 || op > IS_NAN) return -1;
  switch (op) {
    case ABS:
    case RELU:
    case FLOOR:
    case CEIL:
    case ROUND:
      memory.copy(out, x, <usize>n);
      return 0;
    case LOGICAL_NOT:
      for (let i = 0; i < n; i++) store<u8>(out + <usize>i, load<u8>(x + <usize>i) == 0 ? 1 : 0);
      return 0;
    case IS_NAN:
      memory.fill(out, 0, <usize>n);
      return 0;
  }
  for (let i = 0; i < n; i++) {
    store<u8>(out + <usize>i, <u8>toInt32(unary64(op, <f64>load<u8>(x + <usize>i))));
  }
  return 0;
}

/** Tile `tile` of a threaded float32 unary op; args: op, out, x, n, chunk (elements per tile). */
export function unary_f32_tile(args: usize, tile: i32): i32 {
  const op = load<i32>(args);
  const n = load<i32>(args, 12);
  const chunk = load<i32>(args, 16);
  const e0 = tile * chunk;
  const len = min(chunk, n - e0);
  const off = (<usize>e0) << 2;
  return unary_f32(op, <usize>load<i32>(args, 4) + off, <usize>load<i32>(args, 8) + off, len);
}
