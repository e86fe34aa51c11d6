/**
 * A ridge reward model fitted on logged data, for the direct method and doubly robust estimators.
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import { toRows, toVector } from '../internal/input.js';
import { RidgeState } from '../internal/ridge.js';
import type { BanditContext, DisjointContext, SharedContext } from '../policies/policy.js';
import type { LoggedRound, RewardModel } from './logged-round.js';

/** Options of {@link ridgeRewardModel}. */
export interface RidgeRewardModelOptions {
  /** Ridge `λ > 0` (default 1). */
  lambda?: number;
  /** Arms, for disjoint contexts (default: the largest logged arm + 1). */
  nArms?: number;
}

/**
 * Fits `q̂(x, a)` by ridge regression on the logged `(x_{a_i}, r_i)`: one shared model for `{ arms }`
 * contexts, one per arm for `{ x }` contexts (the "direct method" model).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for empty logs, mixed context kinds or a
 *   bad `lambda`.
 * @example
 * ```ts
 * const q = ridgeRewardModel(logs, { lambda: 1 });
 * q(logs[0].context); // predicted reward of every arm
 * ```
 */
export function ridgeRewardModel<C extends BanditContext>(
  logs: readonly LoggedRound<C>[],
  opts: RidgeRewardModelOptions = {},
): RewardModel<C> {
  const fn = 'ridgeRewardModel';
  if (!Array.isArray(logs) || logs.length === 0) throw invalidInput(fn, 'logs', 'be a non-empty array', 0);
  const lambda = opts.lambda ?? 1;
  if (!(lambda > 0) || !Number.isFinite(lambda))
    throw invalidInput(fn, 'lambda', 'be a finite number > 0', lambda);
  const shared = 'arms' in (logs[0]!.context as object);
  if (shared) {
    let model: RidgeState | undefined;
    let d = 0;
    for (const l of logs) {
      if (!('arms' in (l.context as object)))
        throw invalidInput(fn, 'logs', 'have contexts of one kind', 'mixed contexts');
      const r = toRows((l.context as SharedContext).arms, fn, 'context.arms');
      d = r.cols;
      model ??= new RidgeState(d, lambda);
      model.update(r.data, l.arm * d, l.reward);
    }
    const m = model!;
    return (ctx: C) => {
      const r = toRows((ctx as SharedContext).arms, fn, 'context.arms');
      return Float64Array.from({ length: r.rows }, (_, a) => m.mean(r.data, a * r.cols));
    };
  }
  let K = opts.nArms ?? 0;
  for (const l of logs) K = Math.max(K, l.arm + 1);
  const models: RidgeState[] = [];
  for (const l of logs) {
    if (!('x' in (l.context as object)))
      throw invalidInput(fn, 'logs', 'have contexts of one kind', 'mixed contexts');
    const x = toVector((l.context as DisjointContext).x, fn, 'context.x');
    if (models.length === 0) for (let a = 0; a < K; a++) models.push(new RidgeState(x.length, lambda));
    models[l.arm]!.update(x, 0, l.reward);
  }
  return (ctx: C) => {
    const x = toVector((ctx as DisjointContext).x, fn, 'context.x');
    return Float64Array.from(models, (m) => m.mean(x, 0));
  };
}
