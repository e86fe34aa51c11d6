/**
 * GLSL ES 3.00 helper functions shared by the `webgl` kernels: IEEE special-value tests by bit pattern, and
 * float32 math that matches the `cpu` reference on NaN, infinities, signed zeros and large arguments.
 *
 * A port of the `webgpu` backend's WGSL helpers (`wgsl-math.ts`), for the same reasons: GLSL leaves
 * built-ins undefined on non-finite inputs (`log(-1.0)`, `pow(-2.0, 3.0)`, `sin(3e38)`) and compilers may fold
 * `x != x`, so every function tests special values on the bit pattern (`floatBitsToUint`) first and calls a
 * built-in only where GLSL ES specifies its accuracy. GLSL ES 3.00 has no `ldexp`, `frexp` or
 * `countLeadingZeros`: they are written here on bits. The `erfc` fit, the `sin`/`cos` polynomials and the
 * 2/pi table come from `gpu-math-constants.ts`, shared with the WGSL helpers.
 *
 * The whole library is injected once per kernel (gpu.js `injectNative`); the compiler drops what a kernel
 * does not call.
 *
 * @module
 */

import {
  COS_POLY_R,
  ERFC_POLY_T,
  SIN_POLY_R,
  TWO_OVER_PI_LENGTH,
  TWO_OVER_PI_LIST,
} from '../webgpu/gpu-math-constants.js';

/** Bit tests, NaN/Infinity constants and exact powers of two. */
const CORE = /* glsl */ `
float f_nan() { return uintBitsToFloat(0x7fc00000u); }
float f_inf() { return uintBitsToFloat(0x7f800000u); }
bool is_nan(float x) { return (floatBitsToUint(x) & 0x7fffffffu) > 0x7f800000u; }
bool is_inf(float x) { return (floatBitsToUint(x) & 0x7fffffffu) == 0x7f800000u; }
bool is_finite(float x) { return (floatBitsToUint(x) & 0x7fffffffu) < 0x7f800000u; }
bool is_zero(float x) { return (floatBitsToUint(x) & 0x7fffffffu) == 0u; }
bool sign_bit(float x) { return (floatBitsToUint(x) & 0x80000000u) != 0u; }
float f_abs(float x) { return uintBitsToFloat(floatBitsToUint(x) & 0x7fffffffu); }
float f_neg(float x) { return uintBitsToFloat(floatBitsToUint(x) ^ 0x80000000u); }
float f_copysign(float m, float s) {
  return uintBitsToFloat((floatBitsToUint(m) & 0x7fffffffu) | (floatBitsToUint(s) & 0x80000000u));
}
float f_xorsign(float m, float s) { return uintBitsToFloat(floatBitsToUint(m) ^ (floatBitsToUint(s) & 0x80000000u)); }
// 2^e for -126 <= e <= 127, exactly
float f_pow2(int e) { return uintBitsToFloat(uint(e + 127) << 23); }
// x * 2^e, exactly while the result is a normal number (steps keep every factor representable)
float f_ldexp(float x, int e) {
  float y = x;
  int k = e;
  for (int i = 0; i < 4; i++) {
    if (k > 100) { y = y * f_pow2(100); k -= 100; }
    else if (k < -100) { y = y * f_pow2(-100); k += 100; }
  }
  return y * f_pow2(k);
}
// the exponent frexp would give: x = m * 2^e with 0.5 <= |m| < 1 (x finite, nonzero)
int f_frexp_exp(float x) {
  uint b = (floatBitsToUint(x) >> 23) & 0xffu;
  if (b != 0u) { return int(b) - 126; }
  uint s = (floatBitsToUint(x * 16777216.0) >> 23) & 0xffu;
  return int(s) - 126 - 24;
}
int u_clz(uint x) {
  if (x == 0u) { return 32; }
  int n = 0;
  if ((x & 0xffff0000u) == 0u) { n += 16; x = x << 16; }
  if ((x & 0xff000000u) == 0u) { n += 8; x = x << 8; }
  if ((x & 0xf0000000u) == 0u) { n += 4; x = x << 4; }
  if ((x & 0xc0000000u) == 0u) { n += 2; x = x << 2; }
  if ((x & 0x80000000u) == 0u) { n += 1; }
  return n;
}
`;

/** exp, log, log1p, sqrt, division, tanh, sigmoid, pow, fmod and friends. */
const ELEMENTARY = /* glsl */ `
float m_exp(float x) {
  if (is_nan(x)) { return x; }
  if (x > 88.72284) { return f_inf(); }
  if (x < -103.97208) { return 0.0; }
  return exp(x);
}
float m_log(float x) {
  if (is_zero(x)) { return f_neg(f_inf()); }
  if (is_nan(x) || sign_bit(x)) { return f_nan(); }
  if (is_inf(x)) { return x; }
  return log(x);
}
float m_log1p(float x) {
  if (is_nan(x) || x < -1.0) { return f_nan(); }
  if (x == -1.0) { return f_neg(f_inf()); }
  if (is_inf(x)) { return x; }
  float u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * (x / (u - 1.0));
}
float m_sqrt(float x) {
  if (is_zero(x)) { return x; }
  if (is_nan(x) || sign_bit(x)) { return f_nan(); }
  if (is_inf(x)) { return x; }
  return sqrt(x);
}
float m_div(float a, float b) {
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
float m_rsqrt(float x) { return m_div(1.0, m_sqrt(x)); }
float m_expm1(float x) {
  float u = m_exp(x);
  if (u == 1.0) { return x; }
  float um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (is_inf(u)) { return u; }
  return um1 * x / log(u);
}
float m_tanh(float x) {
  if (is_nan(x)) { return x; }
  float ax = f_abs(x);
  if (ax > 9.1) { return f_copysign(1.0, x); }
  float e = m_expm1(2.0 * ax);
  return f_copysign(e / (e + 2.0), x);
}
float m_sigmoid(float x) {
  if (is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + m_exp(-x)); }
  float e = m_exp(x);
  return e / (1.0 + e);
}
float m_silu(float x) {
  if (is_inf(x) && sign_bit(x)) { return 0.0; }
  return x * m_sigmoid(x);
}
bool m_is_int(float b) { return is_finite(b) && floor(b) == b; }
bool m_is_odd(float b) { return m_is_int(b) && f_abs(b) < 16777216.0 && b - 2.0 * floor(b * 0.5) == 1.0; }
// C / NumPy pow: 1^y = 1 and x^0 = 1 even for NaN; (-1)^(+-Inf) = 1; negative bases need integer exponents.
float m_pow(float a, float b) {
  if (is_zero(b) || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  float aa = f_abs(a);
  if (is_inf(b)) {
    if (aa == 1.0) { return 1.0; }
    return ((aa > 1.0) == (b > 0.0)) ? f_inf() : 0.0;
  }
  bool neg = sign_bit(a) && m_is_odd(b);
  if (is_zero(a) || is_inf(a)) {
    bool big = (b > 0.0) == is_inf(a);
    float r = big ? f_inf() : 0.0;
    return neg ? f_neg(r) : r;
  }
  if (sign_bit(a) && !m_is_int(b)) { return f_nan(); }
  float r = exp2(b * log2(aa));
  return neg ? f_neg(r) : r;
}
// C fmod by exact long division (each step subtracts b * 2^k, exact by Sterbenz); a finite, b finite nonzero.
float m_fmod_finite(float a, float b) {
  float ab = f_abs(b);
  float x = f_abs(a);
  for (int it = 0; it < 300; it++) {
    if (!(x >= ab)) { break; }
    float y = f_ldexp(ab, f_frexp_exp(x) - f_frexp_exp(ab));
    if (y > x) { y = y * 0.5; }
    x = x - y;
  }
  return f_copysign(x, a);
}
float m_fmod(float a, float b) {
  if (is_nan(a) || is_nan(b) || is_inf(a) || is_zero(b)) { return f_nan(); }
  if (is_inf(b)) { return a; }
  return m_fmod_finite(a, b);
}
// NumPy's floored modulo (npy_divmod): the remainder takes the divisor's sign.
float m_mod(float a, float b) {
  float m = m_fmod(a, b);
  if (is_nan(m)) { return m; }
  if (!is_zero(m)) {
    if (sign_bit(b) != sign_bit(m)) { m = m + b; }
  } else {
    m = f_copysign(0.0, b);
  }
  return m;
}
// NumPy's floor_divide (npy_divmod), consistent with m_mod: 1 // 0.1 is 9.
float m_floordiv(float a, float b) {
  if (is_zero(b) || is_nan(a) || is_nan(b)) { return m_div(a, b); }
  float m = m_fmod(a, b);
  if (is_nan(m)) { return f_nan(); }
  float d = m_div(a - m, b);
  if (!is_zero(m) && sign_bit(b) != sign_bit(m)) { d = d - 1.0; }
  if (is_zero(d)) { return f_copysign(0.0, m_div(a, b)); }
  if (!is_finite(d)) { return d; }
  float q = floor(d);
  if (d - q > 0.5) { q = q + 1.0; }
  return q;
}
float m_max(float a, float b) {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  return a > b ? a : b;
}
float m_min(float a, float b) {
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  return a < b ? a : b;
}
float m_round(float x) { if (!is_finite(x)) { return x; } return roundEven(x); }
float m_floor(float x) { if (!is_finite(x)) { return x; } return floor(x); }
float m_ceil(float x) { if (!is_finite(x)) { return x; } return ceil(x); }
float m_sign(float x) {
  if (is_nan(x) || is_zero(x)) { return x; }
  return x > 0.0 ? 1.0 : -1.0;
}
float m_relu(float x) {
  if (is_nan(x)) { return x; }
  return x > 0.0 ? x : 0.0;
}
`;

/** erf, erfc and the exact GELU. */
const ERF = /* glsl */ `
// erfc(z) for z >= 0: Chebyshev fit (Numerical Recipes' erfcc), relative error < 1.2e-7.
float m_erfc_pos(float z) {
  if (z > 10.5) { return 0.0; }
  float t = 1.0 / (1.0 + 0.5 * z);
  float p = ${ERFC_POLY_T};
  return t * m_exp(-z * z + p);
}
float m_erf(float x) {
  if (is_nan(x)) { return x; }
  float ax = f_abs(x);
  if (ax < 0.5) {
    // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)); no cancellation below 0.5
    float x2 = x * x;
    float term = x;
    float sum = x;
    for (int n = 1; n < 12; n++) {
      term = term * (-x2 / float(n));
      sum = sum + term / float(2 * n + 1);
    }
    return 1.1283791670955126 * sum;
  }
  return f_copysign(1.0 - m_erfc_pos(ax), x);
}
// x * Phi(x) with Phi(x) = erfc(-x / sqrt 2) / 2, so that the far negative tail does not cancel.
float m_gelu(float x) {
  if (is_nan(x)) { return x; }
  if (is_inf(x)) { return sign_bit(x) ? 0.0 : x; }
  float z = x * 0.7071067811865476;
  float phi;
  if (z >= 0.0) { phi = 1.0 - 0.5 * m_erfc_pos(z); } else { phi = 0.5 * m_erfc_pos(-z); }
  return x * phi;
}
`;

/** sin and cos with exact argument reduction modulo pi/2 (Payne-Hanek), valid for every finite float32. */
const TRIG = /* glsl */ `
// 2/pi in binary, 32 bits per word (the first bit has weight 2^-1).
const uint TWO_OVER_PI[${TWO_OVER_PI_LENGTH}] = uint[${TWO_OVER_PI_LENGTH}](${TWO_OVER_PI_LIST});
// 32 bits of 2/pi starting at bit offset k (offset 0 is the bit of weight 2^-1); k <= 224.
uint tpo_bits(uint k) {
  uint w = min(k >> 5, 7u);
  uint s = k & 31u;
  if (s == 0u) { return TWO_OVER_PI[w]; }
  return (TWO_OVER_PI[w] << s) | (TWO_OVER_PI[w + 1u] >> (32u - s));
}
// Full 32 x 32 -> 64-bit product as (hi, lo).
uvec2 mul_wide(uint a, uint b) {
  uint a0 = a & 0xffffu; uint a1 = a >> 16; uint b0 = b & 0xffffu; uint b1 = b >> 16;
  uint p00 = a0 * b0; uint p01 = a0 * b1; uint p10 = a1 * b0; uint p11 = a1 * b1;
  uint mid = (p00 >> 16) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return uvec2(p11 + (p01 >> 16) + (p10 >> 16) + (mid >> 16), (p00 & 0xffffu) | (mid << 16));
}
// 32 bits of the 128-bit number (l3 l2 l1 l0), least significant limb l0, starting at bit pos (< 128).
uint bits_at(uint limbs[5], uint pos) {
  uint w = min(pos >> 5, 3u);
  uint s = pos & 31u;
  if (s == 0u) { return limbs[w]; }
  return (limbs[w] >> s) | (limbs[w + 1u] << (32u - s));
}
struct Reduced { float r; uint q; };
// |x| = (q + r / (pi/2)) * pi/2 with |r| <= pi/4, for finite ax >= 0.
Reduced reduce_pio2(float ax) {
  if (ax <= 0.78539816) { return Reduced(ax, 0u); }
  uint bits = floatBitsToUint(ax);
  int e = int(bits >> 23) - 150;
  uint m = (bits & 0x7fffffu) | 0x800000u;
  // bits of 2/pi before j0 only add multiples of 4 to ax * 2/pi
  uint j0 = uint(max(e - 2, 0));
  uvec2 t0 = mul_wide(m, tpo_bits(j0));
  uvec2 t1 = mul_wide(m, tpo_bits(j0 + 32u));
  uvec2 t2 = mul_wide(m, tpo_bits(j0 + 64u));
  // P = m * W, 120 bits, limbs l0 (least significant) .. l3
  uint l0 = t2.y;
  uint s1 = t2.x + t1.y;
  uint c1 = s1 < t2.x ? 1u : 0u;
  uint s2a = t1.x + t0.y;
  uint c2a = s2a < t1.x ? 1u : 0u;
  uint s2 = s2a + c1;
  uint c2 = c2a + (s2 < s2a ? 1u : 0u);
  uint l3 = t0.x + c2;
  uint limbs[5] = uint[5](l0, s1, s2, l3, 0u);
  // ax * 2/pi = P * 2^-f (mod 4)
  uint f = uint(96 + int(j0) - e);
  uint q = bits_at(limbs, f) & 3u;
  uint hi = bits_at(limbs, f - 32u);
  uint lo = bits_at(limbs, f - 64u);
  bool neg = false;
  if ((hi & 0x80000000u) != 0u) {
    // fraction >= 1/2: round to the next quadrant and negate the fraction (64-bit two's complement)
    q = (q + 1u) & 3u;
    neg = true;
    lo = ~lo + 1u;
    hi = ~hi + (lo == 0u ? 1u : 0u);
  }
  float frac = 0.0;
  if (hi != 0u) {
    int z = u_clz(hi);
    uint top = hi << uint(z);
    if (z != 0) { top = top | (lo >> uint(32 - z)); }
    frac = f_ldexp(float(top), -32 - z);
  } else if (lo != 0u) {
    int z = u_clz(lo);
    frac = f_ldexp(float(lo << uint(z)), -64 - z);
  }
  float r = frac * 1.5707963267948966;
  return Reduced(neg ? -r : r, q);
}
float sin_poly(float r) {
  float r2 = r * r;
  return ${SIN_POLY_R};
}
float cos_poly(float r) {
  float r2 = r * r;
  return ${COS_POLY_R};
}
float m_sin(float x) {
  if (!is_finite(x)) { return f_nan(); }
  Reduced red = reduce_pio2(f_abs(x));
  float s;
  if (red.q == 0u) { s = sin_poly(red.r); }
  else if (red.q == 1u) { s = cos_poly(red.r); }
  else if (red.q == 2u) { s = -sin_poly(red.r); }
  else { s = -cos_poly(red.r); }
  return sign_bit(x) ? -s : s;
}
float m_cos(float x) {
  if (!is_finite(x)) { return f_nan(); }
  Reduced red = reduce_pio2(f_abs(x));
  if (red.q == 0u) { return cos_poly(red.r); }
  if (red.q == 1u) { return -sin_poly(red.r); }
  if (red.q == 2u) { return -cos_poly(red.r); }
  return sin_poly(red.r);
}
`;

/**
 * Index helpers: integer index arithmetic (GLSL `int` is exact; gpu.js's JavaScript subset computes in
 * float). `bcast_index` maps a flat output index of a rank <= 4 broadcast to an input offset.
 */
const INDEX = /* glsl */ `
int bcast_index(int i, int d1, int d2, int d3, int s0, int s1, int s2, int s3) {
  int i3 = i - (i / d3) * d3;
  int r = i / d3;
  int i2 = r - (r / d2) * d2;
  r = r / d2;
  int i1 = r - (r / d1) * d1;
  int i0 = r / d1;
  return i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3;
}
// first element of the line through output i of an [outer, n, inner] layout reduced along n
int line_base(int i, int n, int inner) {
  int o = i / inner;
  return o * n * inner + (i - o * inner);
}
int line_of(int i, int n, int inner) {
  int o = i / (n * inner);
  return o * inner + (i - (i / inner) * inner);
}
`;

/** Every helper, in dependency order. */
export const GLSL_MATH = CORE + ELEMENTARY + ERF + TRIG + INDEX;
