/**
 * The direct method.
 *
 * @module
 */
import {
  fromTerms,
  type LoggedRound,
  type OpeEstimate,
  predictAll,
  prepareLogs,
  type RewardModel,
  type TargetPolicy,
} from './logged-round.js';

/**
 * DM: `V̂ = (1/n) Σ_i Σ_a π(a|x_i) q̂(x_i, a)`. Low variance, biased by the reward model's errors; the
 * standard error covers only the spread over contexts, not the model's error.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` / `…__SHAPE_MISMATCH` for malformed logs,
 *   target or model output.
 * @example
 * ```ts
 * directMethod(logs, target, ridgeRewardModel(logs)).value;
 * ```
 */
export function directMethod<C>(
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
  rewardModel: RewardModel<C>,
): OpeEstimate {
  const L = prepareLogs('directMethod', logs, target);
  const q = predictAll('directMethod', L, rewardModel);
  return fromTerms(dmTerms(L.pi, q, L.n, L.K));
}

/** `Σ_a π(a|x_i) q̂(x_i, a)` per round. @internal */
export function dmTerms(pi: Float64Array, q: Float64Array, n: number, K: number): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < K; a++) s += pi[i * K + a]! * q[i * K + a]!;
    z[i] = s;
  }
  return z;
}
