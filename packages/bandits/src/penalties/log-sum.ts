import { bestCandidate, type Penalty, positiveParam } from './penalty.js';

/**
 * The log-sum penalty `λ·log(1 + |w|/ε)` (reweighted ℓ1 of Candès, Wakin & Boyd). Its prox is the larger
 * root `w⁺ = ((|z| − ε) + √((|z| + ε)² − 4τλ))/2` when real and positive and better than 0, else 0.
 *
 * @param opts.epsilon - Smoothing `ε > 0` (default 0.1).
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` when `epsilon <= 0`.
 * @example
 * ```ts
 * logSum({ epsilon: 1 }).prox(3, 1, 1, 1); // ≈ 2.7321 = (2 + √12)/2
 * ```
 */
export function logSum(opts: { epsilon?: number } = {}): Penalty {
  const epsilon = positiveParam('logSum', 'epsilon', opts.epsilon ?? 0.1);
  const self: Penalty = {
    name: 'logSum',
    convex: false,
    value: (w, lambda) => lambda * Math.log1p(Math.abs(w) / epsilon),
    prox(z, tau, lambda, a) {
      const m = Math.abs(z);
      const disc = (m + epsilon) ** 2 - 4 * tau * lambda;
      if (disc < 0) return 0;
      const root = (m - epsilon + Math.sqrt(disc)) / 2;
      return root > 0 ? bestCandidate(z, tau, lambda, a, self, [root]) : 0;
    },
    toJSON: () => ({ name: 'logSum', epsilon }),
  };
  return self;
}
