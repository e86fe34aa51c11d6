// Vectorised float32 elementary functions (four lanes at a time) and the scalar helpers the kernels share.
//
// exp and log follow the classic Cephes single-precision reductions (about 1 ulp); tanh, sigmoid and
// log1p are built on them. Special values follow IEEE/C: exp(-inf) = 0, exp(+inf) = inf, log(0) = -inf,
// log(x < 0) = NaN, NaN in gives NaN out.

export const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
const EXP_HI: f32 = 88.72283935546875; // above: +inf
const EXP_LO: f32 = -103.97208404541016; // below: 0

/** 1.5 * 2^23: adding it rounds a float32 of magnitude below 2^22 to an integer (ties to even). */
const ROUNDER: f32 = 12582912.0;
/** ROUNDER + 127: after the rounding add, the low mantissa bits hold the biased exponent of `2^n`. */
export const MAGIC: f32 = 12583039.0;

/** `e^x` over the whole float32 range (overflow to inf, underflow through subnormals to 0); the slow path. */
export function expSlow(x: v128): v128 {
  const big = f32x4.gt(x, f32x4.splat(EXP_HI));
  const small = f32x4.lt(x, f32x4.splat(EXP_LO));
  // pmin/pmax keep NaN (a NaN lane fails both comparisons)
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  const ni = i32x4.sub(t, i32x4.splat(0x4b400000));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  // 2^n in two halves so that n in [-150, 128] never leaves the normal exponent range
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  let out = f32x4.mul(f32x4.mul(V.expPoly(r), s1), s2);
  out = v128.bitselect(f32x4.splat(Infinity), out, big);
  out = v128.andnot(out, small);
  return out;
}

/** Arguments where `2^n` of the reduced exp is a normal float32: a single scale suffices. */
const FAST_HI: f32 = 88.0;
const FAST_LO: f32 = -87.0;
const SQRTHF: f32 = 0.707106781186547524;
/** Lower end of {@link V.expNeg}'s range: `2^round(EXP_NEG_LO log2 e)` is still a normal float32. */
export const EXP_NEG_LO: f32 = -87.0;

/** Lane-wise float32 functions, inlined where they are used so that independent vectors interleave. */
@final
export class V {
  /** Polynomial part of exp: `e^r` for `|r| <= ln(2) / 2` (Cephes). */
  @inline static expPoly(r: v128): v128 {
    let p = f32x4.splat(1.98756915e-4);
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
    return f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  }

  /**
   * `e^x` for `x` in [FAST_LO, FAST_HI] (no special values), within 3 ulp: `n = round(x / ln 2)` by adding a
   * magic constant whose low mantissa bits then hold `n + 127`, so a shift makes `s = 2^n`; `r = x - n ln 2`
   * in two parts; `e^r = 1 + r p(r)` with a degree-4 `p` fitted for relative error on [-ln 2 / 2, ln 2 / 2];
   * `e^x = s + (r s) p(r)`.
   */
  @inline static expFast(x: v128): v128 {
    const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
    const s = i32x4.shl(t, 23);
    const n = f32x4.sub(t, f32x4.splat(MAGIC));
    let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
    r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
    let p = f32x4.splat(8.317149244248867e-3);
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.190727323293686e-2));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.666722595691681e-1));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.999907910823822e-1));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(9.999998807907104e-1));
    return f32x4.add(f32x4.mul(f32x4.mul(r, s), p), s);
  }

  /** `e^x`: the fast path inline, the rest of the range through {@link expSlow}. */
  @inline static exp(x: v128): v128 {
    const inRange = v128.and(f32x4.le(x, f32x4.splat(FAST_HI)), f32x4.ge(x, f32x4.splat(FAST_LO)));
    return v128.all_true<i32>(inRange) ? V.expFast(x) : expSlow(x);
  }

  /**
   * `2^f` for `f` in [-1/2, 1/2] by a degree-4 polynomial fitted for relative error (2.7e-6 evaluated in
   * float32; 8 operations).
   */
  @inline static exp2Poly(f: v128): v128 {
    let p = f32x4.add(f32x4.mul(f32x4.splat(9.570101276040077e-3), f), f32x4.splat(5.591786280274391e-2));
    p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.40247443318367e-1));
    p = f32x4.add(f32x4.mul(p, f), f32x4.splat(6.931217908859253e-1));
    return f32x4.add(f32x4.mul(p, f), f32x4.splat(9.999992847442627e-1));
  }

  /**
   * `e^d` for `d` in [EXP_NEG_LO, 0] (softmax's `x - max`), in 14 operations: `u = d log2(e)`; `n = round(u)`
   * by adding a magic constant whose low mantissa bits then hold `n + 127`, so a shift makes `s = 2^n`;
   * `2^(u - n)` by {@link V.exp2Poly}; times `s`. With the rounding of `u` (`6e-8 |d|`) the result is within
   * `3e-6 + 6e-8 |d|` of `e^d` (relative), well inside the float32 reduction tolerance (1e-4) softmax is held
   * to. A NaN lane stays NaN.
   */
  @inline static expNeg(d: v128): v128 {
    const u = f32x4.mul(d, f32x4.splat(LOG2E));
    const t = f32x4.add(u, f32x4.splat(MAGIC));
    const s = i32x4.shl(t, 23);
    return f32x4.mul(V.exp2Poly(f32x4.sub(u, f32x4.sub(t, f32x4.splat(MAGIC)))), s);
  }

  /**
   * {@link V.expNeg} for any `d <= 0`, `-inf` and NaN included: below EXP_NEG_LO (where `e^d < 2^-125`)
   * the result is 0; NaN stays NaN (pmax keeps a NaN first operand, and the mask is false for it).
   */
  @inline static expNegAny(d: v128): v128 {
    const lo = f32x4.splat(EXP_NEG_LO);
    return v128.andnot(V.expNeg(f32x4.pmax(d, lo)), f32x4.lt(d, lo));
  }

  /** Natural logarithm (Cephes); 0 -> -inf, negative or NaN -> NaN, inf -> inf. */
  @inline static log(x0: v128): v128 {
    // scale subnormals into the normal range first
    const sub = f32x4.lt(x0, f32x4.splat(1.17549435e-38));
    const x = v128.bitselect(f32x4.mul(x0, f32x4.splat(8388608.0)), x0, sub);
    let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
    e = i32x4.sub(e, v128.and(sub, i32x4.splat(23)));
    let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
    const lt = f32x4.lt(m, f32x4.splat(SQRTHF));
    // m < sqrt(1/2): e -= 1, m = 2m - 1; otherwise m = m - 1
    e = i32x4.add(e, lt); // lt lanes are -1
    m = f32x4.sub(f32x4.add(m, v128.and(m, lt)), f32x4.splat(1.0));
    const ef = f32x4.convert_i32x4_s(e);
    const z = f32x4.mul(m, m);
    let y = f32x4.splat(7.0376836292e-2);
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.151461031e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.167699874e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
    y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
    y = f32x4.mul(f32x4.mul(y, m), z);
    y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(LN2_LO)));
    y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
    let r = f32x4.add(f32x4.add(m, y), f32x4.mul(ef, f32x4.splat(LN2_HI)));
    r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x0, f32x4.splat(0.0)));
    r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x0, f32x4.splat(Infinity)));
    const bad = v128.not(f32x4.ge(x0, f32x4.splat(0.0))); // negative or NaN
    return v128.bitselect(f32x4.splat(NaN), r, bad);
  }

  /** `log(1 + x)`, accurate for small `x` (the `log(u) * x / (u - 1)` correction). */
  @inline static log1p(x: v128): v128 {
    const u = f32x4.add(x, f32x4.splat(1.0));
    const d = f32x4.sub(u, f32x4.splat(1.0));
    const l = V.log(u);
    const corrected = f32x4.mul(l, f32x4.div(x, d));
    // u == 1: log1p(x) = x; u == inf: inf (the correction would give NaN)
    const r = v128.bitselect(x, corrected, f32x4.eq(d, f32x4.splat(0.0)));
    return v128.bitselect(l, r, f32x4.eq(u, f32x4.splat(Infinity)));
  }

  /** Hyperbolic tangent: an odd polynomial below 0.625, `1 - 2 / (e^{2|x|} + 1)` above. */
  @inline static tanh(x: v128): v128 {
    const ax = f32x4.abs(x);
    const z = f32x4.mul(x, x);
    let p = f32x4.splat(-5.70498872745e-3);
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
    p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
    const smallR = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
    // e^{2|x|} saturates to inf beyond 44, where the result is exactly 1
    const t = V.expFast(f32x4.pmin(f32x4.add(ax, ax), f32x4.splat(FAST_HI)));
    let large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(t, f32x4.splat(1.0))));
    large = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
    // NaN: |NaN| < 0.625 is false, and the large branch carries NaN through pmin
    return v128.bitselect(smallR, large, f32x4.lt(ax, f32x4.splat(0.625)));
  }

  /** Logistic sigmoid `1 / (1 + e^-x)`. */
  @inline static sigmoid(x: v128): v128 {
    return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), V.exp(f32x4.neg(x))));
  }
}

/** Error function in float64, the same series / continued fraction as the reference backend. */
export function erf64(x: f64): f64 {
  if (isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / <f64>n;
      const add = term / <f64>(2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let t = ax;
  for (let k = 60; k >= 1; k--) t = ax + <f64>k / 2 / t;
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * t);
  return x > 0 ? 1 - erfc : erfc - 1;
}

/** ECMAScript ToInt32 of a float64: truncate, wrap modulo 2^32; NaN and infinities give 0. */
export function toInt32(x: f64): i32 {
  if (!isFinite(x)) return 0;
  const t = Math.trunc(x);
  if (t >= -2147483648.0 && t <= 2147483647.0) return <i32>t;
  let m = t % 4294967296.0;
  if (m < 0) m += 4294967296.0;
  return <i32>(<u32>m);
}
