/**
 * The numbers behind the shader math of both GPU backends, written once: `wgsl-math.ts` (`webgpu`) and its
 * GLSL port `glsl-math.ts` (`webgl`) splice these expressions into their sources, so the two languages
 * cannot drift apart. Arithmetic expressions and float literals read the same in WGSL and GLSL ES 3.00.
 *
 * @module
 */

/** `c[0] + x * (c[1] + x * (... + x * c[n-1]))`: a polynomial in Horner form, as shader source. */
function horner(x: string, c: readonly number[]): string {
  const [first, ...rest] = c.map((v) => (Number.isInteger(v) ? v.toFixed(1) : String(v)));
  return rest.length === 0 ? first! : `${first} + ${x} * (${horner(x, c.slice(1))})`;
}

/** `1 / k!`. */
function invFactorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return 1 / f;
}

/**
 * Numerical Recipes' `erfcc` Chebyshev fit: `erfc(z) = t * exp(-z^2 + P(t))` with `t = 1 / (1 + z/2)`, for
 * `z >= 0`, relative error < 1.2e-7. The coefficients of `P`, lowest degree first.
 */
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

/** `P(t)` of the `erfc` fit, as shader source in `t`. */
export const ERFC_POLY_T = horner('t', ERFC_COEFFICIENTS);

/** Taylor coefficients of `(sin r - r) / r^3` in `r2 = r^2`: `(-1)^k / (2k + 3)!`, k = 0..3 (|r| <= pi/4). */
const SIN_COEFFICIENTS = [3, 5, 7, 9].map((k, i) => (i % 2 === 0 ? -1 : 1) * invFactorial(k));

/** Taylor coefficients of `(cos r - 1) / r^2` in `r2 = r^2`: `(-1)^(k+1) / (2k + 2)!`, k = 0..4. */
const COS_COEFFICIENTS = [2, 4, 6, 8, 10].map((k, i) => (i % 2 === 0 ? -1 : 1) * invFactorial(k));

/** `sin r` on `|r| <= pi/4`, as shader source in `r` and `r2 = r * r`. */
export const SIN_POLY_R = `r + r * r2 * (${horner('r2', SIN_COEFFICIENTS)})`;

/** `cos r` on `|r| <= pi/4`, as shader source in `r2 = r * r`. */
export const COS_POLY_R = `1.0 + r2 * (${horner('r2', COS_COEFFICIENTS)})`;

/**
 * 2/pi in binary to 288 bits, 32 bits per word, most significant first (the first bit has weight 2^-1): the
 * table of the exact (Payne-Hanek) argument reduction of `sin` and `cos`.
 */
const TWO_OVER_PI_WORDS = [
  0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561, 0xb7246e3a,
];

/** Number of words of {@link TWO_OVER_PI_LIST}. */
export const TWO_OVER_PI_LENGTH = TWO_OVER_PI_WORDS.length;

/** The words of 2/pi as a shader list of `u32` / `uint` literals (`0xA2F9836Eu, ...`). */
export const TWO_OVER_PI_LIST = TWO_OVER_PI_WORDS.map(
  (w) => `0x${w.toString(16).toUpperCase().padStart(8, '0')}u`,
).join(', ');
