import type { Penalty } from './penalty.js';

/**
 * The ℓ0 penalty `λ·1[w ≠ 0]`; its prox is hard thresholding `z·1[|z| > √(2τλ)]`.
 *
 * @example
 * ```ts
 * l0().prox(1.5, 1, 1, 1); // 1.5  (√2 ≈ 1.414 < 1.5)
 * l0().prox(1.4, 1, 1, 1); // 0
 * ```
 */
export function l0(): Penalty {
  return {
    name: 'l0',
    convex: false,
    value: (w, lambda) => (w === 0 ? 0 : lambda),
    prox: (z, tau, lambda) => (Math.abs(z) > Math.sqrt(2 * tau * lambda) ? z : 0),
    toJSON: () => ({ name: 'l0' }),
  };
}
