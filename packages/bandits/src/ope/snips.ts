/**
 * Self-normalised inverse propensity scoring.
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import {
  fromTerms,
  importanceWeights,
  type LoggedRound,
  type OpeEstimate,
  prepareLogs,
  type TargetPolicy,
} from './logged-round.js';

/**
 * SNIPS: `V̂ = Σ w_i r_i / Σ w_i`; consistent, slightly biased, usually far less variable than IPS. The
 * standard error is the delta method's, `sd(w_i(r_i − V̂))/(w̄√n)`. The returned `weights` are
 * self-normalised (`n·w_i/Σw`), so they sum to `n`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` as {@link ips}, and when every weight is 0.
 * @example
 * ```ts
 * snips(logs, target).value;
 * ```
 */
export function snips<C>(logs: readonly LoggedRound<C>[], target: TargetPolicy<C>): OpeEstimate {
  const L = prepareLogs('snips', logs, target);
  const w = importanceWeights(L);
  let sw = 0;
  let swr = 0;
  for (let i = 0; i < L.n; i++) {
    sw += w[i]!;
    swr += w[i]! * L.rewards[i]!;
  }
  if (!(sw > 0))
    throw invalidInput('snips', 'target', 'give a positive probability to some logged action', 0);
  const v = swr / sw;
  const wbar = sw / L.n;
  const u = new Float64Array(L.n);
  for (let i = 0; i < L.n; i++) u[i] = (w[i]! * (L.rewards[i]! - v)) / wbar;
  const se = fromTerms(u).stdErr;
  const normalized = Float64Array.from(w, (x) => (x * L.n) / sw);
  return { value: v, stdErr: se, ci95: [v - 1.96 * se, v + 1.96 * se], n: L.n, weights: normalized };
}
