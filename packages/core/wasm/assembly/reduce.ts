// Reductions over the middle axis of an [outer, r, inner] layout, arg-reductions, softmax and cumsum.

import { toInt32, V } from './simd-math';

// op codes: the order of REDUCE_KERNELS in src/kernel-names.ts
const SUM = 0;
const PROD = 1;
const MAX = 2;
const MIN = 3;
const ANY = 4;
// 5: All (the fall-through case of reduceScalar)

// dtype codes shared with the host
const F32 = 0;
const I32 = 1;

function loadAs(x: usize, i: usize, dt: i32): f64 {
  if (dt == F32) return <f64>load<f32>(x + (i << 2));
  if (dt == I32) return <f64>load<i32>(x + (i << 2));
  return <f64>load<u8>(x + i);
}

/** Store a float64 result as dtype `dt` stores it (float32 rounding; ToInt32; modulo 256). */
function storeAs(out: usize, i: usize, dt: i32, v: f64): void {
  if (dt == F32) store<f32>(out + (i << 2), <f32>v);
  else if (dt == I32) store<i32>(out + (i << 2), toInt32(v));
  else store<u8>(out + i, <u8>toInt32(v));
}

/** The reference semantics for any dtype and op: a float64 accumulator, as the cpu backend. */
function reduceScalar(
  op: i32,
  out: usize,
  outDt: i32,
  x: usize,
  dt: i32,
  outer: i32,
  r: i32,
  inner: i32,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc: f64 = op == SUM || op == ANY ? 0 : op == MAX ? -Infinity : op == MIN ? Infinity : 1;
      let at = <usize>o * <usize>r * <usize>inner + <usize>i;
      for (let j = 0; j < r; j++, at += <usize>inner) {
        const v = loadAs(x, at, dt);
        if (op == SUM) acc += v;
        else if (op == PROD) acc *= v;
        else if (op == MAX) {
          if (v > acc || isNaN(v)) acc = v;
          if (isNaN(acc)) break;
        } else if (op == MIN) {
          if (v < acc || isNaN(v)) acc = v;
          if (isNaN(acc)) break;
        } else if (op == ANY) {
          if (v != 0) {
            acc = 1;
            break;
          }
        } else if (v == 0) {
          acc = 0;
          break;
        }
      }
      storeAs(out, <usize>o * <usize>inner + <usize>i, outDt, acc);
    }
  }
}

/** Sum of `r` contiguous float32 values, accumulated in float64 lanes. */
function sumRowF32(x: usize, r: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let j = 0;
  for (; j + 8 <= r; j += 8) {
    const p = x + ((<usize>j) << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v0, v0, 1, 0)));
    a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
    a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i64x2.shuffle(v1, v1, 1, 0)));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let acc = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < r; j++) acc += <f64>load<f32>(x + ((<usize>j) << 2));
  return acc;
}

/** Max (or min) of `r` contiguous float32 values; NaN wins. */
function extremeRowF32(x: usize, r: i32, isMax: bool): f32 {
  // pmax/pmin are single instructions; NaN is tracked on the side
  let acc = f32x4.splat(isMax ? -Infinity : Infinity);
  let nan = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= r; j += 4) {
    const v = v128.load(x + ((<usize>j) << 2));
    acc = isMax ? f32x4.pmax(acc, v) : f32x4.pmin(acc, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  let m = f32x4.extract_lane(acc, 0);
  const l1 = f32x4.extract_lane(acc, 1);
  const l2 = f32x4.extract_lane(acc, 2);
  const l3 = f32x4.extract_lane(acc, 3);
  m = isMax ? Mathf.max(Mathf.max(m, l1), Mathf.max(l2, l3)) : Mathf.min(Mathf.min(m, l1), Mathf.min(l2, l3));
  for (; j < r; j++) {
    const v = load<f32>(x + ((<usize>j) << 2));
    m = isMax ? Mathf.max(m, v) : Mathf.min(m, v);
  }
  return m;
}

/** Column sums of float32 `[r, inner]` blocks (one per outer), float64 lanes, 8 columns at a time. */
function sumColsF32(out: usize, x: usize, outer: i32, r: i32, inner: i32): void {
  const rowBytes = (<usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>r * rowBytes;
    const ob = out + <usize>o * rowBytes;
    let i = 0;
    for (; i + 8 <= inner; i += 8) {
      let a0 = f64x2.splat(0);
      let a1 = f64x2.splat(0);
      let a2 = f64x2.splat(0);
      let a3 = f64x2.splat(0);
      let p = base + ((<usize>i) << 2);
      for (let j = 0; j < r; j++, p += rowBytes) {
        const v0 = v128.load(p);
        const v1 = v128.load(p, 16);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v0, v0, 1, 0)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i64x2.shuffle(v1, v1, 1, 0)));
      }
      const q = ob + ((<usize>i) << 2);
      v128.store64_lane(q, f32x4.demote_f64x2_zero(a0), 0);
      v128.store64_lane(q + 8, f32x4.demote_f64x2_zero(a1), 0);
      v128.store64_lane(q + 16, f32x4.demote_f64x2_zero(a2), 0);
      v128.store64_lane(q + 24, f32x4.demote_f64x2_zero(a3), 0);
    }
    for (; i < inner; i++) {
      let acc: f64 = 0;
      let p = base + ((<usize>i) << 2);
      for (let j = 0; j < r; j++, p += rowBytes) acc += <f64>load<f32>(p);
      store<f32>(ob + ((<usize>i) << 2), <f32>acc);
    }
  }
}

/** Column max / min of float32 `[r, inner]` blocks, 4 columns at a time; NaN wins. */
function extremeColsF32(out: usize, x: usize, outer: i32, r: i32, inner: i32, isMax: bool): void {
  const rowBytes = (<usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>r * rowBytes;
    const ob = out + <usize>o * rowBytes;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let acc = f32x4.splat(isMax ? -Infinity : Infinity);
      let nan = i32x4.splat(0);
      let p = base + ((<usize>i) << 2);
      for (let j = 0; j < r; j++, p += rowBytes) {
        const v = v128.load(p);
        acc = isMax ? f32x4.pmax(acc, v) : f32x4.pmin(acc, v);
        nan = v128.or(nan, f32x4.ne(v, v));
      }
      v128.store(ob + ((<usize>i) << 2), v128.bitselect(f32x4.splat(NaN), acc, nan));
    }
    for (; i < inner; i++) {
      let m: f32 = isMax ? -Infinity : Infinity;
      let p = base + ((<usize>i) << 2);
      for (let j = 0; j < r; j++, p += rowBytes)
        m = isMax ? Mathf.max(m, load<f32>(p)) : Mathf.min(m, load<f32>(p));
      store<f32>(ob + ((<usize>i) << 2), m);
    }
  }
}

/**
 * Reduce `x` laid out as `[outer, r, inner]` over the middle axis into `out` (`[outer, inner]`).
 * `dt` is the input dtype code, `outDt` the output's (int32 for Sum/Prod of bytes, bool for Any/All).
 */
export function reduce(
  op: i32,
  out: usize,
  outDt: i32,
  x: usize,
  dt: i32,
  outer: i32,
  r: i32,
  inner: i32,
): void {
  if (outer == 0 || inner == 0) return;
  if (dt == F32 && r > 0 && (op == SUM || op == MAX || op == MIN)) {
    if (inner == 1) {
      for (let o = 0; o < outer; o++) {
        const row = x + ((<usize>o * <usize>r) << 2);
        const v = op == SUM ? <f32>sumRowF32(row, r) : extremeRowF32(row, r, op == MAX);
        store<f32>(out + ((<usize>o) << 2), v);
      }
    } else if (op == SUM) {
      sumColsF32(out, x, outer, r, inner);
    } else {
      extremeColsF32(out, x, outer, r, inner, op == MAX);
    }
    return;
  }
  if (dt == I32 && outDt == I32 && op == SUM && inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + ((<usize>o * <usize>r) << 2);
      let acc = i32x4.splat(0);
      let j = 0;
      for (; j + 4 <= r; j += 4) acc = i32x4.add(acc, v128.load(row + ((<usize>j) << 2)));
      let s =
        i32x4.extract_lane(acc, 0) +
        i32x4.extract_lane(acc, 1) +
        i32x4.extract_lane(acc, 2) +
        i32x4.extract_lane(acc, 3);
      for (; j < r; j++) s += load<i32>(row + ((<usize>j) << 2));
      store<i32>(out + ((<usize>o) << 2), s);
    }
    return;
  }
  reduceScalar(op, out, outDt, x, dt, outer, r, inner);
}

/** Index of the largest (`isMax`) or smallest value along the middle axis; first on ties; NaN wins. */
export function arg_reduce(out: usize, x: usize, dt: i32, outer: i32, n: i32, inner: i32, isMax: bool): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>o * <usize>n * <usize>inner + <usize>i;
      let arg = 0;
      if (n > 0) {
        let best = loadAs(x, base, dt);
        for (let j = 1; j < n && !isNaN(best); j++) {
          const e = loadAs(x, base + <usize>j * <usize>inner, dt);
          if (isNaN(e) || (isMax ? e > best : e < best)) {
            best = e;
            arg = j;
          }
        }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>i) << 2), arg);
    }
  }
}

/** Softmax (or log-softmax) of one contiguous float32 row of length `n`. */
function softmaxRow(out: usize, x: usize, n: i32, isLog: bool): void {
  // max: pmax skips NaN, and a NaN still reaches every output through the sum of exponentials
  let mv = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= n; j += 4) mv = f32x4.pmax(mv, v128.load(x + ((<usize>j) << 2)));
  let m = Mathf.max(
    Mathf.max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
    Mathf.max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)),
  );
  for (; j < n; j++) m = Mathf.max(m, load<f32>(x + ((<usize>j) << 2)));
  if (m == -Infinity) m = 0; // all -inf: exp(x - 0) = 0 and the result is NaN, as the reference
  const ms = f32x4.splat(m);
  // sum of exp(x - max), four vectors per step; softmax keeps the exponentials in `out`
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = (<usize>j) << 2;
    const e0 = V.expNonPositive(f32x4.sub(v128.load(x + o), ms));
    const e1 = V.expNonPositive(f32x4.sub(v128.load(x + o, 16), ms));
    const e2 = V.expNonPositive(f32x4.sub(v128.load(x + o, 32), ms));
    const e3 = V.expNonPositive(f32x4.sub(v128.load(x + o, 48), ms));
    if (!isLog) {
      v128.store(out + o, e0);
      v128.store(out + o, e1, 16);
      v128.store(out + o, e2, 32);
      v128.store(out + o, e3, 48);
    }
    s0 = f32x4.add(s0, e0);
    s1 = f32x4.add(s1, e1);
    s2 = f32x4.add(s2, e2);
    s3 = f32x4.add(s3, e3);
  }
  for (; j + 4 <= n; j += 4) {
    const o = (<usize>j) << 2;
    const e = V.expNonPositive(f32x4.sub(v128.load(x + o), ms));
    if (!isLog) v128.store(out + o, e);
    s0 = f32x4.add(s0, e);
  }
  const sv = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let sum =
    <f64>f32x4.extract_lane(sv, 0) +
    <f64>f32x4.extract_lane(sv, 1) +
    <f64>f32x4.extract_lane(sv, 2) +
    <f64>f32x4.extract_lane(sv, 3);
  for (; j < n; j++) {
    const o = (<usize>j) << 2;
    const e = <f32>Math.exp(<f64>(load<f32>(x + o) - m));
    if (!isLog) store<f32>(out + o, e);
    sum += <f64>e;
  }
  j = 0;
  if (isLog) {
    const shift = f32x4.splat(m + <f32>Math.log(sum));
    for (; j + 4 <= n; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.sub(v128.load(x + o), shift));
    }
    const ls = <f32>Math.log(sum);
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + o, load<f32>(x + o) - m - ls);
    }
  } else {
    const inv = <f32>(1 / sum);
    const iv = f32x4.splat(inv);
    for (; j + 4 <= n; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.mul(v128.load(out + o), iv));
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + o, load<f32>(out + o) * inv);
    }
  }
}

/** The shift of a softmax column block: its max, NaN where a NaN was seen, 0 where every value is -inf. */
function shiftOf(m: v128, nan: v128): v128 {
  const v = v128.bitselect(f32x4.splat(NaN), m, nan);
  return v128.bitselect(f32x4.splat(0), v, f32x4.eq(v, f32x4.splat(-Infinity)));
}

/** Softmax of 16 adjacent columns over `n` rows `rowBytes` apart. */
function softmaxCols16(ob: usize, xb: usize, n: i32, rowBytes: usize, isLog: bool): void {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  let z0 = i32x4.splat(0);
  let z1 = z0;
  let z2 = z0;
  let z3 = z0;
  for (let j = 0; j < n; j++) {
    const p = xb + <usize>j * rowBytes;
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    m0 = f32x4.pmax(m0, v0);
    m1 = f32x4.pmax(m1, v1);
    m2 = f32x4.pmax(m2, v2);
    m3 = f32x4.pmax(m3, v3);
    z0 = v128.or(z0, f32x4.ne(v0, v0));
    z1 = v128.or(z1, f32x4.ne(v1, v1));
    z2 = v128.or(z2, f32x4.ne(v2, v2));
    z3 = v128.or(z3, f32x4.ne(v3, v3));
  }
  m0 = shiftOf(m0, z0);
  m1 = shiftOf(m1, z1);
  m2 = shiftOf(m2, z2);
  m3 = shiftOf(m3, z3);
  let s0 = f32x4.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  for (let j = 0; j < n; j++) {
    const off = <usize>j * rowBytes;
    const p = xb + off;
    const e0 = V.expNonPositive(f32x4.sub(v128.load(p), m0));
    const e1 = V.expNonPositive(f32x4.sub(v128.load(p, 16), m1));
    const e2 = V.expNonPositive(f32x4.sub(v128.load(p, 32), m2));
    const e3 = V.expNonPositive(f32x4.sub(v128.load(p, 48), m3));
    if (!isLog) {
      const q = ob + off;
      v128.store(q, e0);
      v128.store(q, e1, 16);
      v128.store(q, e2, 32);
      v128.store(q, e3, 48);
    }
    s0 = f32x4.add(s0, e0);
    s1 = f32x4.add(s1, e1);
    s2 = f32x4.add(s2, e2);
    s3 = f32x4.add(s3, e3);
  }
  if (isLog) {
    const h0 = f32x4.add(m0, V.log(s0));
    const h1 = f32x4.add(m1, V.log(s1));
    const h2 = f32x4.add(m2, V.log(s2));
    const h3 = f32x4.add(m3, V.log(s3));
    for (let j = 0; j < n; j++) {
      const off = <usize>j * rowBytes;
      const p = xb + off;
      const q = ob + off;
      v128.store(q, f32x4.sub(v128.load(p), h0));
      v128.store(q, f32x4.sub(v128.load(p, 16), h1), 16);
      v128.store(q, f32x4.sub(v128.load(p, 32), h2), 32);
      v128.store(q, f32x4.sub(v128.load(p, 48), h3), 48);
    }
  } else {
    const one = f32x4.splat(1);
    const i0 = f32x4.div(one, s0);
    const i1 = f32x4.div(one, s1);
    const i2 = f32x4.div(one, s2);
    const i3 = f32x4.div(one, s3);
    for (let j = 0; j < n; j++) {
      const q = ob + <usize>j * rowBytes;
      v128.store(q, f32x4.mul(v128.load(q), i0));
      v128.store(q, f32x4.mul(v128.load(q, 16), i1), 16);
      v128.store(q, f32x4.mul(v128.load(q, 32), i2), 32);
      v128.store(q, f32x4.mul(v128.load(q, 48), i3), 48);
    }
  }
}

/** Softmax / log-softmax of float32 `[outer, n, inner]` along the middle axis. */
export function softmax_f32(out: usize, x: usize, outer: i32, n: i32, inner: i32, isLog: bool): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const off = (<usize>o * <usize>n) << 2;
      softmaxRow(out + off, x + off, n, isLog);
    }
    return;
  }
  const rowBytes = (<usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    const xb = x + <usize>o * <usize>n * rowBytes;
    const ob = out + <usize>o * <usize>n * rowBytes;
    let i = 0;
    // sixteen columns (a cache line) at a time: every row visit uses the whole line
    for (; i + 16 <= inner; i += 16)
      softmaxCols16(ob + ((<usize>i) << 2), xb + ((<usize>i) << 2), n, rowBytes, isLog);
    for (; i + 4 <= inner; i += 4) {
      const col = (<usize>i) << 2;
      let mv = f32x4.splat(-Infinity);
      let nan = i32x4.splat(0);
      for (let j = 0; j < n; j++) {
        const v = v128.load(xb + <usize>j * rowBytes + col);
        mv = f32x4.pmax(mv, v);
        nan = v128.or(nan, f32x4.ne(v, v));
      }
      mv = v128.bitselect(f32x4.splat(NaN), mv, nan);
      // all -inf columns shift by 0
      mv = v128.bitselect(f32x4.splat(0), mv, f32x4.eq(mv, f32x4.splat(-Infinity)));
      let sv = f32x4.splat(0);
      for (let j = 0; j < n; j++) {
        const p = <usize>j * rowBytes + col;
        const e = V.expNonPositive(f32x4.sub(v128.load(xb + p), mv));
        if (!isLog) v128.store(ob + p, e);
        sv = f32x4.add(sv, e);
      }
      if (isLog) {
        const shift = f32x4.add(mv, V.log(sv));
        for (let j = 0; j < n; j++) {
          const p = <usize>j * rowBytes + col;
          v128.store(ob + p, f32x4.sub(v128.load(xb + p), shift));
        }
      } else {
        const iv = f32x4.div(f32x4.splat(1), sv);
        for (let j = 0; j < n; j++) {
          const p = <usize>j * rowBytes + col;
          v128.store(ob + p, f32x4.mul(v128.load(ob + p), iv));
        }
      }
    }
    for (; i < inner; i++) {
      const col = (<usize>i) << 2;
      let m: f32 = -Infinity;
      for (let j = 0; j < n; j++) m = Mathf.max(m, load<f32>(xb + <usize>j * rowBytes + col));
      if (m == -Infinity) m = 0;
      let sum: f64 = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(<f64>(load<f32>(xb + <usize>j * rowBytes + col) - m));
      const ls = Math.log(sum);
      for (let j = 0; j < n; j++) {
        const p = <usize>j * rowBytes + col;
        const s = <f64>(load<f32>(xb + p) - m);
        store<f32>(ob + p, <f32>(isLog ? s - ls : Math.exp(s) / sum));
      }
    }
  }
}

/**
 * Cumulative sum along the middle axis of `[outer, n, inner]`. float32 accumulates in float64; int32
 * wraps; bytes (uint8, bool) sum into int32.
 */
export function cumsum(
  out: usize,
  x: usize,
  dt: i32,
  outer: i32,
  n: i32,
  inner: i32,
  exclusive: bool,
  reverse: bool,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>o * <usize>n * <usize>inner + <usize>i;
      if (dt == F32) {
        let acc: f64 = 0;
        for (let s = 0; s < n; s++) {
          const j = reverse ? n - 1 - s : s;
          const at = base + <usize>j * <usize>inner;
          const v = <f64>load<f32>(x + (at << 2));
          if (exclusive) {
            store<f32>(out + (at << 2), <f32>acc);
            acc += v;
          } else {
            acc += v;
            store<f32>(out + (at << 2), <f32>acc);
          }
        }
      } else {
        let acc: i32 = 0;
        for (let s = 0; s < n; s++) {
          const j = reverse ? n - 1 - s : s;
          const at = base + <usize>j * <usize>inner;
          const v = dt == I32 ? load<i32>(x + (at << 2)) : <i32>load<u8>(x + at);
          if (exclusive) {
            store<i32>(out + (at << 2), acc);
            acc += v;
          } else {
            acc += v;
            store<i32>(out + (at << 2), acc);
          }
        }
      }
    }
  }
}

/** Tile `tile` of a threaded row softmax: args: out, x, rows, n, isLog, rows per tile. */
export function softmax_rows_tile(args: usize, tile: i32): void {
  const out = <usize>load<i32>(args);
  const x = <usize>load<i32>(args, 4);
  const rows = load<i32>(args, 8);
  const n = load<i32>(args, 12);
  const isLog = load<i32>(args, 16) != 0;
  const per = load<i32>(args, 20);
  const r1 = min(rows, (tile + 1) * per);
  for (let r = tile * per; r < r1; r++) {
    const off = (<usize>r * <usize>n) << 2;
    softmaxRow(out + off, x + off, n, isLog);
  }
}
