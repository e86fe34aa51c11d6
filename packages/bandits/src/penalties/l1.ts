import type { Penalty } from './penalty.js';

/**
 * The ℓ1 penalty `λ|w|` (Lasso); its prox is soft thresholding `sign(z)·max(|z| − τλ, 0)`.
 *
 * @example
 * ```ts
 * l1().prox(3, 1, 1, 1); // 2
 * ```
 */
export function l1(): Penalty {
  return {
    name: 'l1',
    convex: true,
    value: (w, lambda) => lambda * Math.abs(w),
    prox: (z, tau, lambda) => {
      const u = tau * lambda;
      return z > u ? z - u : z < -u ? z + u : 0;
    },
    toJSON: () => ({ name: 'l1' }),
  };
}
