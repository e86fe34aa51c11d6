import type { Penalty } from './penalty.js';

/**
 * The continuous exact ℓ0 penalty (Soubies, Blanc-Féraud & Aubert 2015):
 * `λ − (a²/2)(|w| − √(2λ)/a)²·1[|w| ≤ √(2λ)/a]`, where `a = ‖x_j‖/√n` is the column scale. It has the same
 * global minimisers as `(1/2n)‖y − Xw‖² + λ‖w‖₀`.
 *
 * Prox (`a²τ ≤ 1`): `sign(z)·min(|z|, max(0, |z| − √(2λ)aτ)/(1 − a²τ))`; at `a²τ = 1` (plain coordinate
 * descent, no ridge term) it is hard thresholding at `√(2λ)/a`.
 *
 * @example
 * ```ts
 * cel0().prox(1.5, 1, 1, 1); // 1.5 (hard threshold at √2)
 * cel0().prox(1, 0.5, 1, 1); // ≈ 0.5858 = (1 − √2/2)/(1 − 1/2)
 * ```
 */
export function cel0(): Penalty {
  return {
    name: 'cel0',
    convex: false,
    value(w, lambda, a) {
      if (a === 0) return 0;
      const t = Math.sqrt(2 * lambda) / a;
      const m = Math.abs(w);
      return m <= t ? lambda - ((a * a) / 2) * (m - t) ** 2 : lambda;
    },
    prox(z, tau, lambda, a) {
      const m = Math.abs(z);
      const k = a * a * tau;
      if (a === 0) return z;
      if (k >= 1 - 1e-12) return m > Math.sqrt(2 * lambda) / a ? z : 0;
      const v = Math.min(m, Math.max(0, m - Math.sqrt(2 * lambda) * a * tau) / (1 - k));
      return Math.sign(z) * v;
    },
    toJSON: () => ({ name: 'cel0' }),
  };
}
