import type { Penalty } from './penalty.js';

/**
 * The ℓ½ quasi-norm penalty `λ|w|^{1/2}`; its prox is half thresholding (Xu et al. 2012):
 * 0 for `|z| ≤ (3/2)u^{2/3}`, else `(2/3)z(1 + cos((2/3)arccos(−(3^{3/2}/4)u|z|^{−3/2})))`, `u = τλ`.
 *
 * @example
 * ```ts
 * lHalf().prox(1.4, 1, 1, 1); // 0 (threshold 1.5)
 * lHalf().prox(3, 1, 1, 1);   // ≈ 2.6955
 * ```
 */
export function lHalf(): Penalty {
  return {
    name: 'lHalf',
    convex: false,
    value: (w, lambda) => lambda * Math.sqrt(Math.abs(w)),
    prox(z, tau, lambda) {
      const u = tau * lambda;
      const m = Math.abs(z);
      if (u === 0) return z;
      if (m <= 1.5 * u ** (2 / 3)) return 0;
      const arg = Math.max(-1, Math.min(1, -(3 ** 1.5 / 4) * u * m ** -1.5));
      return (2 / 3) * z * (1 + Math.cos((2 / 3) * Math.acos(arg)));
    },
    toJSON: () => ({ name: 'lHalf' }),
  };
}
