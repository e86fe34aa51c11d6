// Vectorised float32 elementary functions (four lanes at a time) and the scalar helpers the kernels share.
//
// exp and log follow the classic Cephes single-precision reductions (about 1 ulp); tanh, sigmoid and
// log1p are built on them. Special values follow IEEE/C: exp(-inf) = 0, exp(+inf) = inf, log(0) = -inf,
// log(x < 0) = NaN, NaN in gives NaN out.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
const EXP_HI: f32 = 88.72283935546875; // above: +inf
const EXP_LO: f32 = -103.97208404541016; // below: 0

/** `e^x`, lane-wise. */
export function expV(x: v128): v128 {
  const big = f32x4.gt(x, f32x4.splat(EXP_HI));
  const small = f32x4.lt(x, f32x4.splat(EXP_LO));
  // clamping keeps NaN (min/max propagate it), so NaN lanes stay NaN
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  const y = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  // 2^n in two halves so that n in [-150, 128] never leaves the normal exponent range
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  let out = f32x4.mul(f32x4.mul(y, s1), s2);
  out = v128.bitselect(f32x4.splat(Infinity), out, big);
  out = v128.andnot(out, small);
  return out;
}

const SQRTHF: f32 = 0.707106781186547524;

/** Natural logarithm, lane-wise. */
export function logV(x0: v128): v128 {
  // scale subnormals into the normal range first
  const sub = f32x4.lt(x0, f32x4.splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, f32x4.splat(8388608.0)), x0, sub);
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(sub, i32x4.splat(23)));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
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
  // special values: x = 0 -> -inf, x < 0 or NaN -> NaN, x = +inf -> +inf
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x0, f32x4.splat(0.0)));
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x0, f32x4.splat(Infinity)));
  const bad = v128.not(f32x4.ge(x0, f32x4.splat(0.0))); // negative or NaN
  r = v128.bitselect(f32x4.splat(NaN), r, bad);
  return r;
}

/** `log(1 + x)`, accurate for small `x` (the `log(u) * x / (u - 1)` correction). */
export function log1pV(x: v128): v128 {
  const u = f32x4.add(x, f32x4.splat(1.0));
  const d = f32x4.sub(u, f32x4.splat(1.0));
  const l = logV(u);
  const corrected = f32x4.mul(l, f32x4.div(x, d));
  // u == 1: log1p(x) = x; u == inf: inf (the correction would give NaN)
  let r = v128.bitselect(x, corrected, f32x4.eq(d, f32x4.splat(0.0)));
  r = v128.bitselect(l, r, f32x4.eq(u, f32x4.splat(Infinity)));
  return r;
}

/** Hyperbolic tangent, lane-wise. */
export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  // small |x|: odd polynomial
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const smallR = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  // large |x|: 1 - 2 / (e^{2|x|} + 1), with the sign of x
  const t = expV(f32x4.add(ax, ax));
  let large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(t, f32x4.splat(1.0))));
  large = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(smallR, large, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Logistic sigmoid `1 / (1 + e^-x)`, lane-wise. */
export function sigmoidV(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), expV(f32x4.neg(x))));
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

/** `x` stored as a float32 from float64, with ECMAScript rounding. */
export function demote(x: f64): f32 {
  return <f32>x;
}
