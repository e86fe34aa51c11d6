/**
 * WGSL helper functions shared by the `webgpu` kernels: IEEE special-value tests by bit pattern, and float32
 * math that matches the `cpu` reference on NaN, infinities, signed zeros and large arguments.
 *
 * GPU built-ins are not specified for non-finite inputs (WGSL leaves `log(-1)`, `pow(-2, 3)` or `sin(3e38)`
 * indeterminate, and shader compilers may fold NaN comparisons), so every function here tests special values
 * on the bit pattern first and calls a built-in only where WGSL specifies its accuracy. `sin`/`cos` reduce
 * their argument exactly (Payne-Hanek, with 2/pi to 256 bits) so that `sin(3e38)` is right, and `erf` uses a
 * Chebyshev fit of `erfc` with a relative error below 1.2e-7. Those coefficients and the 2/pi table come from
 * `gpu-math-constants.ts`, shared with the GLSL port (`webgl/glsl-math.ts`).
 *
 * @module
 */

import {
  COS_POLY_R,
  ERFC_POLY_T,
  SIN_POLY_R,
  TWO_OVER_PI_LENGTH,
  TWO_OVER_PI_LIST,
} from './gpu-math-constants.js';

/** Bit tests, NaN/Infinity constants (from private variables: a constant NaN is a WGSL creation error). */
const CORE = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn f_nan() -> f32 { return bitcast<f32>(NAN_BITS); }
fn f_inf() -> f32 { return bitcast<f32>(INF_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }
fn is_zero(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0u; }
fn sign_bit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }
fn f_abs(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0x7fffffffu); }
fn f_neg(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ 0x80000000u); }
fn f_copysign(m: f32, s: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(m) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u));
}
fn f_xorsign(m: f32, s: f32) -> f32 { return bitcast<f32>(bitcast<u32>(m) ^ (bitcast<u32>(s) & 0x80000000u)); }
`;

/** Conversions with JavaScript's typed-array semantics (truncate, NaN and infinities to 0, wrap modulo 2^32). */
const CONVERT = /* wgsl */ `
fn f_to_i32(x: f32) -> i32 {
  if (!is_finite(x)) { return 0; }
  let t = trunc(x);
  if (f_abs(t) < 2147483648.0) { return i32(t); }
  let bits = bitcast<u32>(t);
  let e = i32((bits >> 23u) & 0xffu) - 150;
  let m = (bits & 0x7fffffu) | 0x800000u;
  var u = 0u;
  if (e < 32) { u = m << u32(e); }
  if (sign_bit(t)) { u = 0u - u; }
  return bitcast<i32>(u);
}
fn f_to_u8(x: f32) -> u32 { return bitcast<u32>(f_to_i32(x)) & 0xffu; }
fn f_to_bool(x: f32) -> u32 { return select(1u, 0u, is_zero(x)); }
`;

/** exp, log, log1p, sqrt, division, tanh, sigmoid, pow, fmod and friends. */
const ELEMENTARY = /* wgsl */ `
fn m_exp(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72284) { return f_inf(); }
  if (x < -103.97208) { return 0.0; }
  return exp(x);
}
fn m_log(x: f32) -> f32 {
  if (is_zero(x)) { return f_neg(f_inf()); }
  if (is_nan(x) || sign_bit(x)) { return f_nan(); }
  if (is_inf(x)) { return x; }
  return log(x);
}
fn m_log1p(x: f32) -> f32 {
  if (is_nan(x) || x < -1.0) { return f_nan(); }
  if (x == -1.0) { return f_neg(f_inf()); }
  if (is_inf(x)) { return x; }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * (x / (u - 1.0));
}
fn m_sqrt(x: f32) -> f32 {
  if (is_zero(x)) { return x; }
  if (is_nan(x) || sign_bit(x)) { return f_nan(); }
  if (is_inf(x)) { return x; }
  return sqrt(x);
}
fn m_div(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  if (is_zero(b)) {
    if (is_zero(a)) { return f_nan(); }
    return f_xorsign(f_copysign(f_inf(), a), b);
  }
  if (is_inf(b)) {
    if (is_inf(a)) { return f_nan(); }
    return f_xorsign(f_copysign(0.0, a), b);
  }
  if (is_inf(a)) { return f_xorsign(a, b); }
  return a / b;
}
fn m_expm1(x: f32) -> f32 {
  let u = m_exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (is_inf(u)) { return u; }
  return um1 * x / log(u);
}
fn m_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = f_abs(x);
  if (ax > 9.1) { return f_copysign(1.0, x); }
  let e = m_expm1(2.0 * ax);
  return f_copysign(e / (e + 2.0), x);
}
fn m_sigmoid(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + m_exp(-x)); }
  let e = m_exp(x);
  return e / (1.0 + e);
}
fn m_silu(x: f32) -> f32 {
  if (is_inf(x) && sign_bit(x)) { return 0.0; }
  return x * m_sigmoid(x);
}
fn m_is_int(b: f32) -> bool { return is_finite(b) && floor(b) == b; }
fn m_is_odd(b: f32) -> bool { return m_is_int(b) && f_abs(b) < 16777216.0 && b - 2.0 * floor(b * 0.5) == 1.0; }
// C / NumPy pow: 1^y = 1 and x^0 = 1 even for NaN; (-1)^(+-Inf) = 1; negative bases need integer exponents.
fn m_pow(a: f32, b: f32) -> f32 {
  if (is_zero(b) || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  let aa = f_abs(a);
  if (is_inf(b)) {
    if (aa == 1.0) { return 1.0; }
    return select(0.0, f_inf(), (aa > 1.0) == (b > 0.0));
  }
  let neg = sign_bit(a) && m_is_odd(b);
  if (is_zero(a) || is_inf(a)) {
    let big = (b > 0.0) == is_inf(a);
    let r = select(0.0, f_inf(), big);
    return select(r, f_neg(r), neg);
  }
  if (sign_bit(a) && !m_is_int(b)) { return f_nan(); }
  let r = exp2(b * log2(aa));
  return select(r, f_neg(r), neg);
}
// C fmod by exact long division (each step subtracts b * 2^k, exact by Sterbenz); a finite, b finite nonzero.
fn m_fmod_finite(a: f32, b: f32) -> f32 {
  let ab = f_abs(b);
  var x = f_abs(a);
  for (var it = 0; it < 300 && x >= ab; it++) {
    var y = ldexp(ab, frexp(x).exp - frexp(ab).exp);
    if (y > x) { y = y * 0.5; }
    x = x - y;
  }
  return f_copysign(x, a);
}
fn m_fmod(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b) || is_inf(a) || is_zero(b)) { return f_nan(); }
  if (is_inf(b)) { return a; }
  return m_fmod_finite(a, b);
}
// NumPy's floored modulo (npy_divmod): the remainder takes the divisor's sign.
fn m_mod(a: f32, b: f32) -> f32 {
  var m = m_fmod(a, b);
  if (is_nan(m)) { return m; }
  if (!is_zero(m)) {
    if (sign_bit(b) != sign_bit(m)) { m = m + b; }
  } else {
    m = f_copysign(0.0, b);
  }
  return m;
}
// NumPy's floor_divide (npy_divmod), consistent with m_mod: 1 // 0.1 is 9.
fn m_floordiv(a: f32, b: f32) -> f32 {
  if (is_zero(b) || is_nan(a) || is_nan(b)) { return m_div(a, b); }
  let m = m_fmod(a, b);
  if (is_nan(m)) { return f_nan(); }
  var d = m_div(a - m, b);
  if (!is_zero(m) && sign_bit(b) != sign_bit(m)) { d = d - 1.0; }
  if (is_zero(d)) { return f_copysign(0.0, m_div(a, b)); }
  if (!is_finite(d)) { return d; }
  var q = floor(d);
  if (d - q > 0.5) { q = q + 1.0; }
  return q;
}
fn m_max(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  return select(b, a, a > b);
}
fn m_min(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  return select(b, a, a < b);
}
fn m_round(x: f32) -> f32 { if (!is_finite(x)) { return x; } return round(x); }
fn m_floor(x: f32) -> f32 { if (!is_finite(x)) { return x; } return floor(x); }
fn m_ceil(x: f32) -> f32 { if (!is_finite(x)) { return x; } return ceil(x); }
fn m_sign(x: f32) -> f32 {
  if (is_nan(x) || is_zero(x)) { return x; }
  return select(-1.0, 1.0, x > 0.0);
}
fn m_relu(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  return select(0.0, x, x > 0.0);
}
`;

/** erf, erfc and the exact GELU. */
const ERF = /* wgsl */ `
// erfc(z) for z >= 0: Chebyshev fit (Numerical Recipes' erfcc), relative error < 1.2e-7.
fn m_erfc_pos(z: f32) -> f32 {
  if (z > 10.5) { return 0.0; }
  let t = 1.0 / (1.0 + 0.5 * z);
  let p = ${ERFC_POLY_T};
  return t * m_exp(-z * z + p);
}
fn m_erf(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = f_abs(x);
  if (ax < 0.5) {
    // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)); no cancellation below 0.5
    let x2 = x * x;
    var term = x;
    var sum = x;
    for (var n = 1; n < 12; n++) {
      term = term * (-x2 / f32(n));
      sum = sum + term / f32(2 * n + 1);
    }
    return 1.1283791670955126 * sum;
  }
  return f_copysign(1.0 - m_erfc_pos(ax), x);
}
// x * Phi(x) with Phi(x) = erfc(-x / sqrt 2) / 2, so that the far negative tail does not cancel.
fn m_gelu(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (is_inf(x)) { return select(x, 0.0, sign_bit(x)); }
  let z = x * 0.7071067811865476;
  var phi: f32;
  if (z >= 0.0) { phi = 1.0 - 0.5 * m_erfc_pos(z); } else { phi = 0.5 * m_erfc_pos(-z); }
  return x * phi;
}
`;

/** sin and cos with exact argument reduction modulo pi/2 (Payne-Hanek), valid for every finite float32. */
const TRIG = /* wgsl */ `
// 2/pi in binary, 32 bits per word (bit 0 of word 0 has weight 2^-32 ... the first bit has weight 2^-1).
var<private> TWO_OVER_PI: array<u32, ${TWO_OVER_PI_LENGTH}> = array<u32, ${TWO_OVER_PI_LENGTH}>(${TWO_OVER_PI_LIST});
// 32 bits of 2/pi starting at bit offset k (offset 0 is the bit of weight 2^-1); k <= 224.
fn tpo_bits(k: u32) -> u32 {
  let w = min(k >> 5u, 7u);
  let s = k & 31u;
  if (s == 0u) { return TWO_OVER_PI[w]; }
  return (TWO_OVER_PI[w] << s) | (TWO_OVER_PI[w + 1u] >> (32u - s));
}
// Full 32 x 32 -> 64-bit product as (hi, lo).
fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), (p00 & 0xffffu) | (mid << 16u));
}
// 32 bits of the 128-bit number (l3 l2 l1 l0), least significant limb l0, starting at bit pos (< 128).
fn bits_at(l: array<u32, 5>, pos: u32) -> u32 {
  var limbs = l;
  let w = min(pos >> 5u, 3u);
  let s = pos & 31u;
  if (s == 0u) { return limbs[w]; }
  return (limbs[w] >> s) | (limbs[w + 1u] << (32u - s));
}
struct Reduced { r: f32, q: u32 }
// |x| = (q + r / (pi/2)) * pi/2 with |r| <= pi/4, for finite ax >= 0.
fn reduce_pio2(ax: f32) -> Reduced {
  if (ax <= 0.78539816) { return Reduced(ax, 0u); }
  let bits = bitcast<u32>(ax);
  let e = i32(bits >> 23u) - 150;
  let m = (bits & 0x7fffffu) | 0x800000u;
  // bits of 2/pi before j0 only add multiples of 4 to ax * 2/pi
  let j0 = u32(max(e - 2, 0));
  let t0 = mul_wide(m, tpo_bits(j0));
  let t1 = mul_wide(m, tpo_bits(j0 + 32u));
  let t2 = mul_wide(m, tpo_bits(j0 + 64u));
  // P = m * W, 120 bits, limbs l0 (least significant) .. l3
  let l0 = t2.y;
  let s1 = t2.x + t1.y;
  let c1 = select(0u, 1u, s1 < t2.x);
  let s2a = t1.x + t0.y;
  let c2a = select(0u, 1u, s2a < t1.x);
  let s2 = s2a + c1;
  let c2 = c2a + select(0u, 1u, s2 < s2a);
  let l3 = t0.x + c2;
  let limbs = array<u32, 5>(l0, s1, s2, l3, 0u);
  // ax * 2/pi = P * 2^-f (mod 4)
  let f = u32(96 + i32(j0) - e);
  var q = bits_at(limbs, f) & 3u;
  var hi = bits_at(limbs, f - 32u);
  var lo = bits_at(limbs, f - 64u);
  var neg = false;
  if ((hi & 0x80000000u) != 0u) {
    // fraction >= 1/2: round to the next quadrant and negate the fraction (64-bit two's complement)
    q = (q + 1u) & 3u;
    neg = true;
    lo = ~lo + 1u;
    hi = ~hi + select(0u, 1u, lo == 0u);
  }
  var frac = 0.0;
  if (hi != 0u) {
    let z = countLeadingZeros(hi);
    var top = hi << z;
    if (z != 0u) { top = top | (lo >> (32u - z)); }
    frac = ldexp(f32(top), -32 - i32(z));
  } else if (lo != 0u) {
    let z = countLeadingZeros(lo);
    frac = ldexp(f32(lo << z), -64 - i32(z));
  }
  let r = frac * 1.5707963267948966;
  return Reduced(select(r, -r, neg), q);
}
fn sin_poly(r: f32) -> f32 {
  let r2 = r * r;
  return ${SIN_POLY_R};
}
fn cos_poly(r: f32) -> f32 {
  let r2 = r * r;
  return ${COS_POLY_R};
}
fn m_sin(x: f32) -> f32 {
  if (!is_finite(x)) { return f_nan(); }
  let red = reduce_pio2(f_abs(x));
  var s: f32;
  switch (red.q) {
    case 0u: { s = sin_poly(red.r); }
    case 1u: { s = cos_poly(red.r); }
    case 2u: { s = -sin_poly(red.r); }
    default: { s = -cos_poly(red.r); }
  }
  return select(s, -s, sign_bit(x));
}
fn m_cos(x: f32) -> f32 {
  if (!is_finite(x)) { return f_nan(); }
  let red = reduce_pio2(f_abs(x));
  switch (red.q) {
    case 0u: { return cos_poly(red.r); }
    case 1u: { return -sin_poly(red.r); }
    case 2u: { return -cos_poly(red.r); }
    default: { return sin_poly(red.r); }
  }
}
`;

/** Every helper, in dependency order. Unused functions cost nothing: the compiler drops them. */
export const WGSL_MATH = CORE + CONVERT + ELEMENTARY + ERF + TRIG;

/** Only the bit tests and conversions, for kernels that need no transcendental functions. */
export const WGSL_BITS = CORE + CONVERT;
