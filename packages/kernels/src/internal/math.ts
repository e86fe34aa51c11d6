/** Scalar math for fused activations (float64; the cpu kernels round once when storing). */
import type { Activation } from '../kernel-names.js';

/** Error function, accurate to about 1e-15 (series below 3, continued fraction above). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let t = ax;
  for (let k = 60; k >= 1; k--) t = ax + k / 2 / t;
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * t);
  return x > 0 ? 1 - erfc : erfc - 1;
}

/** Logistic sigmoid, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The scalar function of an activation (`none` is the identity). */
export function activationFn(act: Activation): (x: number) => number {
  switch (act) {
    case 'relu':
      return (x) => (x > 0 ? x : x === 0 || x < 0 ? 0 : x);
    case 'gelu':
      return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'silu':
      return (x) => x * sigmoid(x);
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return Math.tanh;
    default:
      return (x) => x;
  }
}
