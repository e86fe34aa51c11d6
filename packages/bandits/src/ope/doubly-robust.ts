/**
 * Doubly robust estimation, with the switch and optimistic-shrinkage variants.
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import { dmTerms } from './direct-method.js';
import {
  fromTerms,
  importanceWeights,
  type LoggedRound,
  type OpeEstimate,
  predictAll,
  prepareLogs,
  type RewardModel,
  type TargetPolicy,
} from './logged-round.js';

function drCore<C>(
  fn: string,
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
  rewardModel: RewardModel<C>,
  shrink: (w: number) => number,
): OpeEstimate {
  const L = prepareLogs(fn, logs, target);
  const q = predictAll(fn, L, rewardModel);
  const z = dmTerms(L.pi, q, L.n, L.K);
  const w = importanceWeights(L);
  const used = new Float64Array(L.n);
  for (let i = 0; i < L.n; i++) {
    used[i] = shrink(w[i]!);
    z[i] = z[i]! + used[i]! * (L.rewards[i]! - q[i * L.K + L.arms[i]!]!);
  }
  return fromTerms(z, { weights: used });
}

/**
 * DR (Dudík, Langford, Li 2011): `V̂ = DM + (1/n) Σ w_i (r_i − q̂(x_i, a_i))`. Unbiased if either the
 * propensities or the reward model are right; a perfect `q̂` makes the correction vanish.
 *
 * @example
 * ```ts
 * doublyRobust(logs, target, ridgeRewardModel(logs)); // { value, stdErr, ci95, n }
 * ```
 */
export function doublyRobust<C>(
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
  rewardModel: RewardModel<C>,
): OpeEstimate {
  return drCore('doublyRobust', logs, target, rewardModel, (w) => w);
}

/**
 * Switch-DR (Wang, Agarwal, Dudík 2017): the importance-weighted correction only where `w_i ≤ τ`, the
 * reward model alone elsewhere.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `tau < 0`, as {@link doublyRobust}.
 * @example
 * ```ts
 * switchDR(logs, target, model, { tau: 10 });
 * ```
 */
export function switchDR<C>(
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
  rewardModel: RewardModel<C>,
  opts: { tau: number },
): OpeEstimate {
  const tau = opts?.tau;
  if (typeof tau !== 'number' || !(tau >= 0))
    throw invalidInput('switchDR', 'tau', 'be a number >= 0', typeof tau === 'number' ? tau : typeof tau);
  return drCore('switchDR', logs, target, rewardModel, (w) => (w <= tau ? w : 0));
}

/**
 * DRos (Su, Dimakopoulou, Krishnamurthy, Dudík 2020): DR with weights shrunk to `λw/(w² + λ)`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `lambda ≤ 0`, as {@link doublyRobust}.
 * @example
 * ```ts
 * drOs(logs, target, model, { lambda: 5 });
 * ```
 */
export function drOs<C>(
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
  rewardModel: RewardModel<C>,
  opts: { lambda: number },
): OpeEstimate {
  const lam = opts?.lambda;
  if (typeof lam !== 'number' || !(lam > 0))
    throw invalidInput('drOs', 'lambda', 'be a number > 0', typeof lam === 'number' ? lam : typeof lam);
  if (lam === Number.POSITIVE_INFINITY) return drCore('drOs', logs, target, rewardModel, (w) => w);
  return drCore('drOs', logs, target, rewardModel, (w) => (lam * w) / (w * w + lam));
}
