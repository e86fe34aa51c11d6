// Reductions over the middle axis of an [outer, r, inner] layout, arg-reductions, softmax and cumsum.

import { LOG2E, MAGIC, toInt32, V } from './simd-math';

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
  // pmax/pmin are single instructions; NaN is tracked on the side; four accumulators hide the latency
  let a0 = f32x4.splat(isMax ? -Infinity : Infinity);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let nan = i32x4.splat(0);
  let j = 0;
  for (; j + 16 <= r; j += 16) {
    const p = x + ((<usize>j) << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    a0 = isMax ? f32x4.pmax(a0, v0) : f32x4.pmin(a0, v0);
    a1 = isMax ? f32x4.pmax(a1, v1) : f32x4.pmin(a1, v1);
    a2 = isMax ? f32x4.pmax(a2, v2) : f32x4.pmin(a2, v2);
    a3 = isMax ? f32x4.pmax(a3, v3) : f32x4.pmin(a3, v3);
    const n01 = v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1));
    nan = v128.or(nan, v128.or(n01, v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; j + 4 <= r; j += 4) {
    const v = v128.load(x + ((<usize>j) << 2));
    a0 = isMax ? f32x4.pmax(a0, v) : f32x4.pmin(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  const acc = isMax
    ? f32x4.pmax(f32x4.pmax(a0, a1), f32x4.pmax(a2, a3))
    : f32x4.pmin(f32x4.pmin(a0, a1), f32x4.pmin(a2, a3));
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

/**
 * Column sums of a float32 block of `r` rows and `cols` columns whose rows lie `stride` elements apart,
 * in float64 lanes, 8 columns at a time. Each column is summed in row order whatever the block, so a
 * column's result does not depend on how columns are split into blocks.
 */
function sumColsF32(out: usize, x: usize, r: i32, cols: i32, stride: i32): void {
  const rowBytes = (<usize>stride) << 2;
  let i = 0;
  for (; i + 8 <= cols; i += 8) {
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let p = x + ((<usize>i) << 2);
    for (let j = 0; j < r; j++, p += rowBytes) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v0, v0, 1, 0)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i64x2.shuffle(v1, v1, 1, 0)));
    }
    const q = out + ((<usize>i) << 2);
    v128.store64_lane(q, f32x4.demote_f64x2_zero(a0), 0);
    v128.store64_lane(q + 8, f32x4.demote_f64x2_zero(a1), 0);
    v128.store64_lane(q + 16, f32x4.demote_f64x2_zero(a2), 0);
    v128.store64_lane(q + 24, f32x4.demote_f64x2_zero(a3), 0);
  }
  for (; i < cols; i++) {
    let acc: f64 = 0;
    let p = x + ((<usize>i) << 2);
    for (let j = 0; j < r; j++, p += rowBytes) acc += <f64>load<f32>(p);
    store<f32>(out + ((<usize>i) << 2), <f32>acc);
  }
}

/** Column max / min of a float32 block (as {@link sumColsF32}), 4 columns at a time; NaN wins. */
function extremeColsF32(out: usize, x: usize, r: i32, cols: i32, stride: i32, isMax: bool): void {
  const rowBytes = (<usize>stride) << 2;
  let i = 0;
  for (; i + 4 <= cols; i += 4) {
    let acc = f32x4.splat(isMax ? -Infinity : Infinity);
    let nan = i32x4.splat(0);
    let p = x + ((<usize>i) << 2);
    for (let j = 0; j < r; j++, p += rowBytes) {
      const v = v128.load(p);
      acc = isMax ? f32x4.pmax(acc, v) : f32x4.pmin(acc, v);
      nan = v128.or(nan, f32x4.ne(v, v));
    }
    v128.store(out + ((<usize>i) << 2), v128.bitselect(f32x4.splat(NaN), acc, nan));
  }
  for (; i < cols; i++) {
    let m: f32 = isMax ? -Infinity : Infinity;
    let p = x + ((<usize>i) << 2);
    for (let j = 0; j < r; j++, p += rowBytes)
      m = isMax ? Mathf.max(m, load<f32>(p)) : Mathf.min(m, load<f32>(p));
    store<f32>(out + ((<usize>i) << 2), m);
  }
}

/** Sum, max or min of float32 `[outer, r, inner]` over the middle axis (`r > 0`). */
function reduceF32(op: i32, out: usize, x: usize, outer: i32, r: i32, inner: i32): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + ((<usize>o * <usize>r) << 2);
      const v = op == SUM ? <f32>sumRowF32(row, r) : extremeRowF32(row, r, op == MAX);
      store<f32>(out + ((<usize>o) << 2), v);
    }
    return;
  }
  const block = (<usize>r * <usize>inner) << 2;
  for (let o = 0; o < outer; o++) {
    const xb = x + <usize>o * block;
    const ob = out + ((<usize>o * <usize>inner) << 2);
    if (op == SUM) sumColsF32(ob, xb, r, inner, inner);
    else extremeColsF32(ob, xb, r, inner, inner, op == MAX);
  }
}

// Threaded float32 reductions (`reduce_f32_tile`), in one of three splits chosen from the shape alone, so
// that every output is computed by the same operations in the same order whatever the thread count:
/** Tiles of whole `[r, inner]` blocks: an output's result never depends on the tile that holds it. */
export const SPLIT_ROWS = 0;
/** Fixed-length chunks of long rows: partial results per chunk, combined in chunk order by `reduce_f32_combine`. */
export const SPLIT_CHUNKS = 1;
/** Blocks of columns (`inner > 1`): each column is reduced in row order by one tile. */
export const SPLIT_COLS = 2;

/**
 * Tile `tile` of a threaded float32 Sum / Max / Min of `[outer, r, inner]` over the middle axis. Args
 * (int32): op, out, x, outer, r, inner, split, per (outer blocks per tile, chunk length or columns per
 * block), parts (float64 partials, SPLIT_CHUNKS), units per outer index (chunks per row or column blocks).
 */
export function reduce_f32_tile(args: usize, tile: i32): void {
  const op = load<i32>(args);
  const out = <usize>load<i32>(args, 4);
  const x = <usize>load<i32>(args, 8);
  const outer = load<i32>(args, 12);
  const r = load<i32>(args, 16);
  const inner = load<i32>(args, 20);
  const split = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const parts = <usize>load<i32>(args, 32);
  const units = load<i32>(args, 36);
  if (split == SPLIT_ROWS) {
    const o0 = tile * per;
    const o1 = min(outer, o0 + per);
    const at = <usize>o0 * <usize>inner;
    reduceF32(op, out + (at << 2), x + ((at * <usize>r) << 2), o1 - o0, r, inner);
  } else if (split == SPLIT_CHUNKS) {
    const o = tile / units;
    const c = tile % units;
    const j0 = c * per;
    const len = min(r, j0 + per) - j0;
    const p = x + ((<usize>o * <usize>r + <usize>j0) << 2);
    const v = op == SUM ? sumRowF32(p, len) : <f64>extremeRowF32(p, len, op == MAX);
    store<f64>(parts + ((<usize>tile) << 3), v);
  } else {
    const o = tile / units;
    const c0 = (tile % units) * per;
    const cols = min(inner, c0 + per) - c0;
    const xb = x + ((<usize>o * <usize>r * <usize>inner + <usize>c0) << 2);
    const ob = out + ((<usize>o * <usize>inner + <usize>c0) << 2);
    if (op == SUM) sumColsF32(ob, xb, r, cols, inner);
    else extremeColsF32(ob, xb, r, cols, inner, op == MAX);
  }
}

/**
 * Combine the chunk partials of a SPLIT_CHUNKS reduction (same args as `reduce_f32_tile`), row by row in
 * chunk order: sums add in float64, extremes keep the largest (smallest), NaN wins.
 */
export function reduce_f32_combine(args: usize): void {
  const op = load<i32>(args);
  const out = <usize>load<i32>(args, 4);
  const outer = load<i32>(args, 12);
  const parts = <usize>load<i32>(args, 32);
  const units = load<i32>(args, 36);
  for (let o = 0; o < outer; o++) {
    let acc = load<f64>(parts + ((<usize>o * <usize>units) << 3));
    for (let c = 1; c < units; c++) {
      const v = load<f64>(parts + ((<usize>o * <usize>units + <usize>c) << 3));
      if (op == SUM) acc += v;
      else if (isNaN(v) || (op == MAX ? v > acc : v < acc)) acc = v;
    }
    store<f32>(out + ((<usize>o) << 2), <f32>acc);
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
    reduceF32(op, out, x, outer, r, inner);
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

/** Row helpers of the softmax kernels, inlined where they are used. */
@final
class R {
  /** The largest of four lanes (no NaN reaches here: pmax skipped them). */
  @inline static maxLanes(v: v128): f32 {
    return Mathf.max(
      Mathf.max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
      Mathf.max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)),
    );
  }

  /** The smallest of four lanes. */
  @inline static minLanes(v: v128): f32 {
    return Mathf.min(
      Mathf.min(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
      Mathf.min(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)),
    );
  }

  /**
   * `e_j = 2^(x_j log2(e) - k)` over a row (stored to `out` unless `isLog`), returning the sum of the `e_j`
   * (float32 lanes, combined in float64). `k` is an integer within 1/2 of `max log2(e)`, so `e_j = e^(x_j -
   * max) 2^eps` with `eps = max log2(e) - k` the same for the whole row, which the normalisation cancels. For
   * rows whose values are finite, within 64 of 0 and within 80 of each other: then `x_j log2(e)` rounds with
   * an error below 4e-6, and `x_j log2(e) - k` stays above -116 (no clamping). Folding the shift into the
   * rounding constant saves the subtraction of `max`; the loop is add-bound, 8 adds per 4 values. Four
   * independent vectors per step keep the polynomials' dependency chains overlapped.
   */
  @inline static expSumRowNarrow(out: usize, x: usize, n: i32, k: f32, isLog: bool): f64 {
    const lv = f32x4.splat(LOG2E);
    const cs = f32x4.splat(MAGIC - k);
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      const o = (<usize>j) << 2;
      const v0 = f32x4.mul(v128.load(x + o), lv);
      const v1 = f32x4.mul(v128.load(x + o, 16), lv);
      const v2 = f32x4.mul(v128.load(x + o, 32), lv);
      const v3 = f32x4.mul(v128.load(x + o, 48), lv);
      const t0 = f32x4.add(v0, cs);
      const t1 = f32x4.add(v1, cs);
      const t2 = f32x4.add(v2, cs);
      const t3 = f32x4.add(v3, cs);
      const e0 = f32x4.mul(V.exp2Poly(f32x4.sub(v0, f32x4.sub(t0, cs))), i32x4.shl(t0, 23));
      const e1 = f32x4.mul(V.exp2Poly(f32x4.sub(v1, f32x4.sub(t1, cs))), i32x4.shl(t1, 23));
      const e2 = f32x4.mul(V.exp2Poly(f32x4.sub(v2, f32x4.sub(t2, cs))), i32x4.shl(t2, 23));
      const e3 = f32x4.mul(V.exp2Poly(f32x4.sub(v3, f32x4.sub(t3, cs))), i32x4.shl(t3, 23));
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
      const v = f32x4.mul(v128.load(x + o), lv);
      const t = f32x4.add(v, cs);
      const e = f32x4.mul(V.exp2Poly(f32x4.sub(v, f32x4.sub(t, cs))), i32x4.shl(t, 23));
      if (!isLog) v128.store(out + o, e);
      s0 = f32x4.add(s0, e);
    }
    let sum = R.sumLanes(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)));
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      const e = <f32>Math.exp((<f64>load<f32>(x + o) * <f64>LOG2E - <f64>k) * Math.LN2);
      if (!isLog) store<f32>(out + o, e);
      sum += <f64>e;
    }
    return sum;
  }

  /**
   * `e_j = exp(x_j - m)` over any row (infinities, NaN, values far below `m`: {@link V.expNegAny}), stored to
   * `out` unless `isLog`; returns the sum of the `e_j`.
   */
  @inline static expSumRowWide(out: usize, x: usize, n: i32, m: f32, isLog: bool): f64 {
    const ms = f32x4.splat(m);
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      const o = (<usize>j) << 2;
      const e0 = V.expNegAny(f32x4.sub(v128.load(x + o), ms));
      const e1 = V.expNegAny(f32x4.sub(v128.load(x + o, 16), ms));
      const e2 = V.expNegAny(f32x4.sub(v128.load(x + o, 32), ms));
      const e3 = V.expNegAny(f32x4.sub(v128.load(x + o, 48), ms));
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
      const e = V.expNegAny(f32x4.sub(v128.load(x + o), ms));
      if (!isLog) v128.store(out + o, e);
      s0 = f32x4.add(s0, e);
    }
    let sum = R.sumLanes(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)));
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      const e = <f32>Math.exp(<f64>(load<f32>(x + o) - m));
      if (!isLog) store<f32>(out + o, e);
      sum += <f64>e;
    }
    return sum;
  }

  /** The four lanes of a float32 vector summed in float64. */
  @inline static sumLanes(v: v128): f64 {
    return (
      <f64>f32x4.extract_lane(v, 0) +
      <f64>f32x4.extract_lane(v, 1) +
      <f64>f32x4.extract_lane(v, 2) +
      <f64>f32x4.extract_lane(v, 3)
    );
  }
}

/**
 * Softmax (or log-softmax) of one contiguous float32 row of length `n`, in three passes over the row (which
 * stays in L1 between them, so memory sees one read of `x` and one write of `out`): max and min; `e = exp(x -
 * max)` and its sum; the scaling by `1 / sum` (softmax) or `out = x - (max + log sum)` (log-softmax).
 * NaN: pmax/pmin skip it in the first pass, and it reaches every output through the sum, as the reference.
 */
function softmaxRow(out: usize, x: usize, n: i32, isLog: bool): void {
  let hi0 = f32x4.splat(-Infinity);
  let hi1 = hi0;
  let hi2 = hi0;
  let hi3 = hi0;
  let lo0 = f32x4.splat(Infinity);
  let lo1 = lo0;
  let lo2 = lo0;
  let lo3 = lo0;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const p = x + ((<usize>j) << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    hi0 = f32x4.pmax(hi0, v0);
    hi1 = f32x4.pmax(hi1, v1);
    hi2 = f32x4.pmax(hi2, v2);
    hi3 = f32x4.pmax(hi3, v3);
    lo0 = f32x4.pmin(lo0, v0);
    lo1 = f32x4.pmin(lo1, v1);
    lo2 = f32x4.pmin(lo2, v2);
    lo3 = f32x4.pmin(lo3, v3);
  }
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + ((<usize>j) << 2));
    hi0 = f32x4.pmax(hi0, v);
    lo0 = f32x4.pmin(lo0, v);
  }
  let m = R.maxLanes(f32x4.pmax(f32x4.pmax(hi0, hi1), f32x4.pmax(hi2, hi3)));
  let lo = R.minLanes(f32x4.pmin(f32x4.pmin(lo0, lo1), f32x4.pmin(lo2, lo3)));
  for (; j < n; j++) {
    // comparisons skip NaN, as pmax / pmin did
    const v = load<f32>(x + ((<usize>j) << 2));
    if (v > m) m = v;
    if (v < lo) lo = v;
  }
  // narrow rows (finite, |x| <= 64, spanning at most 80; `m >= lo` fails for empty and NaN-only rows) take
  // the cheaper exponentials; infinities and far-out values take the masked ones
  // log-softmax subtracts `m`, then `ls = log(sum)`: (x - m) is exact near the max, where a single
  // subtraction of a rounded `m + ls` would lose the low bits for large logits
  let ls: f32;
  let sum: f64;
  if (m >= lo && m - lo <= 80 && m <= 64 && lo >= -64) {
    const k = nearest<f32>(m * LOG2E);
    sum = R.expSumRowNarrow(out, x, n, k, isLog);
    // the sum is scaled by 2^eps: log(sum) = log(sum') - eps ln 2
    ls = <f32>(Math.log(sum) - (<f64>m * <f64>LOG2E - <f64>k) * Math.LN2);
  } else {
    if (m == -Infinity) m = 0; // all -inf (or NaN): exp(x - 0) = 0 and the result is NaN, as the reference
    sum = R.expSumRowWide(out, x, n, m, isLog);
    ls = <f32>Math.log(sum);
  }
  j = 0;
  if (isLog) {
    const mv = f32x4.splat(m);
    const lv = f32x4.splat(ls);
    for (; j + 16 <= n; j += 16) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv));
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o, 16), mv), lv), 16);
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o, 32), mv), lv), 32);
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o, 48), mv), lv), 48);
    }
    for (; j + 4 <= n; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv));
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + o, load<f32>(x + o) - m - ls);
    }
  } else {
    const inv = <f32>(1 / sum);
    const iv = f32x4.splat(inv);
    for (; j + 16 <= n; j += 16) {
      const o = out + ((<usize>j) << 2);
      v128.store(o, f32x4.mul(v128.load(o), iv));
      v128.store(o, f32x4.mul(v128.load(o, 16), iv), 16);
      v128.store(o, f32x4.mul(v128.load(o, 32), iv), 32);
      v128.store(o, f32x4.mul(v128.load(o, 48), iv), 48);
    }
    for (; j + 4 <= n; j += 4) {
      const o = out + ((<usize>j) << 2);
      v128.store(o, f32x4.mul(v128.load(o), iv));
    }
    for (; j < n; j++) {
      const o = out + ((<usize>j) << 2);
      store<f32>(o, load<f32>(o) * inv);
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
    const e0 = V.expNegAny(f32x4.sub(v128.load(p), m0));
    const e1 = V.expNegAny(f32x4.sub(v128.load(p, 16), m1));
    const e2 = V.expNegAny(f32x4.sub(v128.load(p, 32), m2));
    const e3 = V.expNegAny(f32x4.sub(v128.load(p, 48), m3));
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
  const block = (<usize>n * <usize>inner) << 2;
  for (let o = 0; o < outer; o++)
    softmaxCols(out + <usize>o * block, x + <usize>o * block, n, inner, inner, isLog);
}

/**
 * Softmax / log-softmax down `cols` columns of `n` rows that lie `stride` elements apart: sixteen columns
 * at a time, then four, then one. Split at multiples of 16 columns, every column takes the same path as in
 * one call over all columns, so the result does not depend on the split.
 */
function softmaxCols(ob: usize, xb: usize, n: i32, cols: i32, stride: i32, isLog: bool): void {
  const rowBytes = (<usize>stride) << 2;
  let i = 0;
  // sixteen columns (a cache line) at a time: every row visit uses the whole line
  for (; i + 16 <= cols; i += 16)
    softmaxCols16(ob + ((<usize>i) << 2), xb + ((<usize>i) << 2), n, rowBytes, isLog);
  for (; i + 4 <= cols; i += 4) {
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
      const e = V.expNegAny(f32x4.sub(v128.load(xb + p), mv));
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
  for (; i < cols; i++) {
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

/**
 * Tile `tile` of a threaded softmax along a middle axis (`inner > 1`): args: out, x, outer, n, inner, isLog,
 * columns per tile (a multiple of 16), column blocks per outer index.
 */
export function softmax_cols_tile(args: usize, tile: i32): void {
  const out = <usize>load<i32>(args);
  const x = <usize>load<i32>(args, 4);
  const n = load<i32>(args, 12);
  const inner = load<i32>(args, 16);
  const isLog = load<i32>(args, 20) != 0;
  const per = load<i32>(args, 24);
  const units = load<i32>(args, 28);
  const o = tile / units;
  const c0 = (tile % units) * per;
  const off = (<usize>o * <usize>n * <usize>inner + <usize>c0) << 2;
  softmaxCols(out + off, x + off, n, min(inner, c0 + per) - c0, inner, isLog);
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
