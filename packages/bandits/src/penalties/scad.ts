import { bestCandidate, type Penalty, positiveParam } from './penalty.js';

/**
 * The smoothly clipped absolute deviation penalty (Fan & Li 2001): `λ|w|` up to `λ`, a quadratic
 * `(2γλ|w| − w² − λ²)/(2(γ − 1))` up to `γλ`, then the constant `λ²(γ + 1)/2`.
 *
 * The prox takes the best of the three regions' minimisers (Gong et al. 2013), so it is exact for every `τ`;
 * at `τ = 1` it is soft thresholding, `((γ−1)z − sign(z)γλ)/(γ−2)`, and the identity.
 *
 * @param opts.gamma - Shape `γ > 2` (default 3.7).
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` when `gamma <= 2`.
 * @example
 * ```ts
 * scad().prox(1.5, 1, 1, 1); // 0.5 (soft threshold region)
 * scad().prox(5, 1, 1, 1);   // 5
 * ```
 */
export function scad(opts: { gamma?: number } = {}): Penalty {
  const gamma = positiveParam('scad', 'gamma', opts.gamma ?? 3.7, 2);
  const self: Penalty = {
    name: 'scad',
    convex: false,
    value(w, lambda) {
      const m = Math.abs(w);
      if (m <= lambda) return lambda * m;
      if (m <= gamma * lambda) return (2 * gamma * lambda * m - m * m - lambda * lambda) / (2 * (gamma - 1));
      return (lambda * lambda * (gamma + 1)) / 2;
    },
    prox(z, tau, lambda, a) {
      const m = Math.abs(z);
      const c1 = Math.min(lambda, Math.max(0, m - tau * lambda));
      const cands = [c1];
      if (gamma - 1 > tau) {
        const c2 = ((gamma - 1) * m - tau * gamma * lambda) / (gamma - 1 - tau);
        cands.push(Math.min(gamma * lambda, Math.max(lambda, c2)));
      } else {
        cands.push(lambda, gamma * lambda);
      }
      cands.push(Math.max(gamma * lambda, m));
      return bestCandidate(z, tau, lambda, a, self, cands);
    },
    toJSON: () => ({ name: 'scad', gamma }),
  };
  return self;
}
