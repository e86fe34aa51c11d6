// Data movement: fill, strided N-d copy (transpose, slice, pad, concat, tile), 2-D transpose, where, cast, clip.

import { toInt32 } from './simd-math';

// dtype codes shared with the host
const F32 = 0;
const I32 = 1;
const U8 = 2;
const BOOL = 3;

/** Fill `n` 4-byte elements with `bits`. */
export function fill32(ptr: usize, n: i32, bits: i32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(ptr + ((<usize>i) << 2), v);
  for (; i < n; i++) store<i32>(ptr + ((<usize>i) << 2), bits);
}

/** Fill `n` bytes with `byte`. */
export function fill8(ptr: usize, n: i32, byte: i32): void {
  memory.fill(ptr, <u8>byte, <usize>n);
}

/**
 * `dst[offset_d(k)] = src[offset_s(k)]` over every index `k` of `shape`, where offsets are dot products
 * of the index with element strides. `args`: shape[rank], dstStrides[rank], srcStrides[rank], scratch[rank].
 * `shift` is log2 of the element size (0 or 2).
 */
export function copy_nd(dst: usize, src: usize, args: usize, rank: i32, shift: i32): void {
  const SH = <usize>shift;
  if (rank == 0) {
    memory.copy(dst, src, (<usize>1) << SH);
    return;
  }
  const shape = args;
  const stD = args + ((<usize>rank) << 2);
  const stS = args + ((<usize>rank) << 3);
  const idx = args + <usize>rank * 12;
  const last = (<usize>(rank - 1)) << 2;
  const n = load<i32>(shape + last);
  const sd = load<i32>(stD + last);
  const ss = load<i32>(stS + last);
  let outer = 1;
  for (let ax = 0; ax < rank - 1; ax++) {
    outer *= load<i32>(shape + ((<usize>ax) << 2));
    store<i32>(idx + ((<usize>ax) << 2), 0);
  }
  if (n == 0 || outer == 0) return;
  let od = 0;
  let os = 0;
  for (let k = 0; k < outer; k++) {
    const d = dst + ((<usize>od) << SH);
    const s = src + ((<usize>os) << SH);
    if (sd == 1 && ss == 1) {
      memory.copy(d, s, (<usize>n) << SH);
    } else if (SH == 2) {
      if (sd == 1 && ss == 0) fill32(d, n, load<i32>(s));
      else
        for (let i = 0; i < n; i++)
          store<i32>(d + ((<usize>(i * sd)) << 2), load<i32>(s + ((<usize>(i * ss)) << 2)));
    } else {
      for (let i = 0; i < n; i++) store<u8>(d + <usize>(i * sd), load<u8>(s + <usize>(i * ss)));
    }
    for (let ax = rank - 2; ax >= 0; ax--) {
      const p = idx + ((<usize>ax) << 2);
      const dim = load<i32>(shape + ((<usize>ax) << 2));
      const i = load<i32>(p) + 1;
      const dd = load<i32>(stD + ((<usize>ax) << 2));
      const ds = load<i32>(stS + ((<usize>ax) << 2));
      if (i < dim) {
        store<i32>(p, i);
        od += dd;
        os += ds;
        break;
      }
      store<i32>(p, 0);
      od -= dd * (dim - 1);
      os -= ds * (dim - 1);
    }
  }
}

/** `out[b, c, r] = x[b, r, c]` for 4-byte elements, in 4x4 SIMD blocks. */
export function transpose32(out: usize, x: usize, batch: i32, rows: i32, cols: i32): void {
  const plane = <usize>rows * <usize>cols * 4;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * plane;
    const ob = out + <usize>b * plane;
    // tiles of 16 x 16 keep both sides in cache; 4 x 4 register transposes inside
    for (let r0 = 0; r0 < rows; r0 += 16) {
      const r1 = min(r0 + 16, rows);
      for (let c0 = 0; c0 < cols; c0 += 16) {
        const c1 = min(c0 + 16, cols);
        let r = r0;
        for (; r + 4 <= r1; r += 4) {
          let c = c0;
          for (; c + 4 <= c1; c += 4) {
            const p = xb + ((<usize>r * <usize>cols + <usize>c) << 2);
            const rs = (<usize>cols) << 2;
            const a0 = v128.load(p);
            const a1 = v128.load(p + rs);
            const a2 = v128.load(p + 2 * rs);
            const a3 = v128.load(p + 3 * rs);
            const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
            const t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
            const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
            const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
            const q = ob + ((<usize>c * <usize>rows + <usize>r) << 2);
            const qs = (<usize>rows) << 2;
            v128.store(q, i64x2.shuffle(t0, t1, 0, 2));
            v128.store(q + qs, i64x2.shuffle(t0, t1, 1, 3));
            v128.store(q + 2 * qs, i64x2.shuffle(t2, t3, 0, 2));
            v128.store(q + 3 * qs, i64x2.shuffle(t2, t3, 1, 3));
          }
          for (; c < c1; c++)
            for (let rr = r; rr < r + 4; rr++)
              store<i32>(
                ob + ((<usize>c * <usize>rows + <usize>rr) << 2),
                load<i32>(xb + ((<usize>rr * <usize>cols + <usize>c) << 2)),
              );
        }
        for (; r < r1; r++)
          for (let c = c0; c < c1; c++)
            store<i32>(
              ob + ((<usize>c * <usize>rows + <usize>r) << 2),
              load<i32>(xb + ((<usize>r * <usize>cols + <usize>c) << 2)),
            );
      }
    }
  }
}

/**
 * `out = condition ? a : b`, broadcast. `args`: shape[rank], strides of condition, a, b (elements),
 * scratch[rank]. `shift` is log2 of the element size of a, b and out (0 or 2); condition is bytes.
 */
export function where_nd(out: usize, c: usize, a: usize, b: usize, args: usize, rank: i32, shift: i32): void {
  const SH = <usize>shift;
  if (rank == 0) {
    if (SH == 2) store<i32>(out, load<u8>(c) != 0 ? load<i32>(a) : load<i32>(b));
    else store<u8>(out, load<u8>(c) != 0 ? load<u8>(a) : load<u8>(b));
    return;
  }
  const shape = args;
  const stC = args + ((<usize>rank) << 2);
  const stA = args + ((<usize>rank) << 3);
  const stB = args + <usize>rank * 12;
  const idx = args + ((<usize>rank) << 4);
  const last = (<usize>(rank - 1)) << 2;
  const n = load<i32>(shape + last);
  const sc = load<i32>(stC + last);
  const sa = load<i32>(stA + last);
  const sb = load<i32>(stB + last);
  let outer = 1;
  for (let ax = 0; ax < rank - 1; ax++) {
    outer *= load<i32>(shape + ((<usize>ax) << 2));
    store<i32>(idx + ((<usize>ax) << 2), 0);
  }
  if (n == 0 || outer == 0) return;
  let oc = 0;
  let oa = 0;
  let ob = 0;
  let o = 0;
  for (let k = 0; k < outer; k++) {
    const cp = c + <usize>oc;
    const ap = a + ((<usize>oa) << SH);
    const bp = b + ((<usize>ob) << SH);
    const op = out + ((<usize>o) << SH);
    let i = 0;
    if (SH == 2) {
      if (sc == 1 && sa == 1 && sb == 1) {
        for (; i + 4 <= n; i += 4) {
          const cm = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(cp + <usize>i)));
          const mask = i32x4.ne(cm, i32x4.splat(0));
          const q = (<usize>i) << 2;
          v128.store(op + q, v128.bitselect(v128.load(ap + q), v128.load(bp + q), mask));
        }
      }
      for (; i < n; i++) {
        const v =
          load<u8>(cp + <usize>(i * sc)) != 0
            ? load<i32>(ap + ((<usize>(i * sa)) << 2))
            : load<i32>(bp + ((<usize>(i * sb)) << 2));
        store<i32>(op + ((<usize>i) << 2), v);
      }
    } else {
      if (sc == 1 && sa == 1 && sb == 1) {
        for (; i + 16 <= n; i += 16) {
          const mask = i8x16.ne(v128.load(cp + <usize>i), i8x16.splat(0));
          v128.store(op + <usize>i, v128.bitselect(v128.load(ap + <usize>i), v128.load(bp + <usize>i), mask));
        }
      }
      for (; i < n; i++) {
        const v =
          load<u8>(cp + <usize>(i * sc)) != 0
            ? load<u8>(ap + <usize>(i * sa))
            : load<u8>(bp + <usize>(i * sb));
        store<u8>(op + <usize>i, v);
      }
    }
    o += n;
    for (let ax = rank - 2; ax >= 0; ax--) {
      const p = idx + ((<usize>ax) << 2);
      const d = load<i32>(shape + ((<usize>ax) << 2));
      const i2 = load<i32>(p) + 1;
      const dc = load<i32>(stC + ((<usize>ax) << 2));
      const da = load<i32>(stA + ((<usize>ax) << 2));
      const db = load<i32>(stB + ((<usize>ax) << 2));
      if (i2 < d) {
        store<i32>(p, i2);
        oc += dc;
        oa += da;
        ob += db;
        break;
      }
      store<i32>(p, 0);
      oc -= dc * (d - 1);
      oa -= da * (d - 1);
      ob -= db * (d - 1);
    }
  }
}

/** float32 to int32 as ToInt32 (truncate, wrap modulo 2^32, NaN and infinities to 0). */
function f32ToI32(v: f32): i32 {
  if (Mathf.abs(v) < 2147483648.0) return <i32>v;
  return toInt32(<f64>v);
}

/** Convert `n` elements from dtype `from` to dtype `to` (codes F32, I32, U8, BOOL). */
export function cast(out: usize, to: i32, x: usize, from: i32, n: i32): i32 {
  let i = 0;
  if (from == F32) {
    if (to == I32 || to == U8) {
      const lim = f32x4.splat(2147483648.0);
      if (to == I32) {
        for (; i + 4 <= n; i += 4) {
          const v = v128.load(x + ((<usize>i) << 2));
          if (!v128.all_true<i32>(f32x4.lt(f32x4.abs(v), lim))) break;
          v128.store(out + ((<usize>i) << 2), i32x4.trunc_sat_f32x4_s(v));
        }
      }
      for (; i < n; i++) {
        const r = f32ToI32(load<f32>(x + ((<usize>i) << 2)));
        if (to == I32) store<i32>(out + ((<usize>i) << 2), r);
        else store<u8>(out + <usize>i, <u8>r);
      }
      return 0;
    }
    if (to == BOOL) {
      for (; i < n; i++) store<u8>(out + <usize>i, load<f32>(x + ((<usize>i) << 2)) != 0 ? 1 : 0);
      return 0;
    }
    return -1;
  }
  if (from == I32) {
    if (to == F32) {
      for (; i + 4 <= n; i += 4)
        v128.store(out + ((<usize>i) << 2), f32x4.convert_i32x4_s(v128.load(x + ((<usize>i) << 2))));
      for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), <f32>load<i32>(x + ((<usize>i) << 2)));
      return 0;
    }
    if (to == U8) {
      for (; i < n; i++) store<u8>(out + <usize>i, <u8>load<i32>(x + ((<usize>i) << 2)));
      return 0;
    }
    if (to == BOOL) {
      for (; i < n; i++) store<u8>(out + <usize>i, load<i32>(x + ((<usize>i) << 2)) != 0 ? 1 : 0);
      return 0;
    }
    return -1;
  }
  if (from == U8 || from == BOOL) {
    if (to == F32) {
      for (; i + 4 <= n; i += 4) {
        const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(x + <usize>i)));
        v128.store(out + ((<usize>i) << 2), f32x4.convert_i32x4_s(w));
      }
      for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), <f32>load<u8>(x + <usize>i));
      return 0;
    }
    if (to == I32) {
      for (; i + 4 <= n; i += 4) {
        const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(x + <usize>i)));
        v128.store(out + ((<usize>i) << 2), w);
      }
      for (; i < n; i++) store<i32>(out + ((<usize>i) << 2), <i32>load<u8>(x + <usize>i));
      return 0;
    }
    if (to == U8) {
      memory.copy(out, x, <usize>n);
      return 0;
    }
    if (to == BOOL) {
      for (; i < n; i++) store<u8>(out + <usize>i, load<u8>(x + <usize>i) != 0 ? 1 : 0);
      return 0;
    }
  }
  return -1;
}

/** Clamp float32 to `[lo, hi]`; NaN stays NaN. */
export function clip_f32(out: usize, x: usize, n: i32, lo: f32, hi: f32): void {
  const l = f32x4.splat(lo);
  const h = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.min(f32x4.max(v128.load(x + o), l), h));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v < lo ? lo : Mathf.min(v, hi));
  }
}

/** Clamp int32 / uint8 values to float64 bounds, stored as the reference does (ToInt32, then modulo 256). */
export function clip_int(out: usize, x: usize, n: i32, lo: f64, hi: f64, shift: i32): void {
  for (let i = 0; i < n; i++) {
    const v = shift == 2 ? <f64>load<i32>(x + ((<usize>i) << 2)) : <f64>load<u8>(x + <usize>i);
    const r = toInt32(v < lo ? lo : Math.min(v, hi));
    if (shift == 2) store<i32>(out + ((<usize>i) << 2), r);
    else store<u8>(out + <usize>i, <u8>r);
  }
}

/** Copy `n` bytes (the bulk-memory copy): the bandwidth reference of the benchmarks, and contiguous moves. */
export function copy_bytes(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n);
}
