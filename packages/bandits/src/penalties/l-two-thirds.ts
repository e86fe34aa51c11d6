import type { Penalty } from './penalty.js';

/**
 * The ℓ⅔ quasi-norm penalty `λ|w|^{2/3}`; its prox is the closed form of Cao, Sun & Xu (2013) rescaled:
 * 0 for `|z| ≤ 2(2u/3)^{3/4}`, else with `c = 2u`, `θ = arcosh((27z²/16)c^{−3/2})`,
 * `φ = (2/√3)c^{1/4}√cosh(θ/3)`: `sign(z)((φ + √(2|z|/φ − φ²))/2)³`.
 *
 * @example
 * ```ts
 * lTwoThirds().prox(1, 1, 1, 1); // 0 (threshold 2(2/3)^{3/4} ≈ 1.4756)
 * lTwoThirds().prox(3, 1, 1, 1); // ≈ 2.5094
 * ```
 */
export function lTwoThirds(): Penalty {
  return {
    name: 'lTwoThirds',
    convex: false,
    value: (w, lambda) => lambda * Math.abs(w) ** (2 / 3),
    prox(z, tau, lambda) {
      const u = tau * lambda;
      const m = Math.abs(z);
      if (u === 0) return z;
      if (m <= 2 * ((2 * u) / 3) ** 0.75) return 0;
      const c = 2 * u;
      const theta = Math.acosh(Math.max(1, ((27 * z * z) / 16) * c ** -1.5));
      const phi = (2 / Math.sqrt(3)) * c ** 0.25 * Math.sqrt(Math.cosh(theta / 3));
      const w = ((phi + Math.sqrt(Math.max(0, (2 * m) / phi - phi * phi))) / 2) ** 3;
      return Math.sign(z) * w;
    },
    toJSON: () => ({ name: 'lTwoThirds' }),
  };
}
