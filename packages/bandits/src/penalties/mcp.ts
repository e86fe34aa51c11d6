import { bestCandidate, type Penalty, positiveParam } from './penalty.js';

/**
 * The minimax concave penalty (Zhang 2010): `λ|w| − w²/(2γ)` for `|w| ≤ γλ`, else `γλ²/2`.
 *
 * Its prox is firm thresholding: 0 for `|z| ≤ τλ`, `z` for `|z| > γλ`, else `sign(z)(|z| − τλ)/(1 − τ/γ)`
 * (when `γ > τ`; otherwise the best of the region end points, so the prox is exact for every `γ > 0`).
 *
 * @param opts.gamma - Concavity `γ > 0` (default 3).
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` when `gamma <= 0`.
 * @example
 * ```ts
 * const p = mcp({ gamma: 3 });
 * p.prox(2, 1, 1, 1); // 1.5 = (2 − 1)/(1 − 1/3)
 * p.prox(5, 1, 1, 1); // 5 (beyond γλ = 3 the penalty is flat)
 * ```
 */
export function mcp(opts: { gamma?: number } = {}): Penalty {
  const gamma = positiveParam('mcp', 'gamma', opts.gamma ?? 3);
  const self: Penalty = {
    name: 'mcp',
    convex: false,
    value(w, lambda) {
      const m = Math.abs(w);
      return m <= gamma * lambda ? lambda * m - (m * m) / (2 * gamma) : 0.5 * gamma * lambda * lambda;
    },
    prox(z, tau, lambda, a) {
      const m = Math.abs(z);
      const u = tau * lambda;
      const edge = gamma * lambda;
      if (gamma > tau) {
        if (m <= u) return 0;
        if (m > edge) return z;
        return Math.sign(z) * ((m - u) / (1 - tau / gamma));
      }
      return bestCandidate(z, tau, lambda, a, self, [edge, Math.max(edge, m)]);
    },
    toJSON: () => ({ name: 'mcp', gamma }),
  };
  return self;
}
