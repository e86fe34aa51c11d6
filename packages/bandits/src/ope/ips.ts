/**
 * Inverse propensity scoring.
 *
 * @module
 */
import {
  fromTerms,
  importanceWeights,
  type LoggedRound,
  type OpeEstimate,
  prepareLogs,
  type TargetPolicy,
} from './logged-round.js';

/**
 * IPS: `V̂ = (1/n) Σ w_i r_i` with `w_i = π(a_i|x_i)/p_i`. Unbiased when the logged propensities are right
 * and the logging policy covers the target's actions; its variance grows with the weights.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for malformed logs or target
 *   probabilities; `…__SHAPE_MISMATCH` when the target's arm count changes.
 * @example
 * ```ts
 * const uniform = (ctx) => [0.5, 0.5];
 * ips(logs, uniform); // { value, stdErr, ci95, n, weights }
 * ```
 */
export function ips<C>(logs: readonly LoggedRound<C>[], target: TargetPolicy<C>): OpeEstimate {
  const L = prepareLogs('ips', logs, target);
  const w = importanceWeights(L);
  const z = new Float64Array(L.n);
  for (let i = 0; i < L.n; i++) z[i] = w[i]! * L.rewards[i]!;
  return fromTerms(z, { weights: w });
}
