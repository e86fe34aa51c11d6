/**
 * ε-greedy on a ridge model (baseline).
 *
 * @module
 */
import { interval } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { type RidgeJSON, RidgeState } from '../internal/ridge.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link EpsilonGreedy}. */
export interface EpsilonGreedyParams {
  /** Exploration probability `ε ∈ [0, 1]` (default 0.1). */
  epsilon: number;
  /** Ridge `λ > 0` of the reward model (default 1). */
  lambda: number;
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed (default 0). */
  seed: number;
}

/**
 * ε-greedy: with probability ε a uniformly random arm, otherwise the arm with the highest ridge estimate.
 * The propensity is exact: `ε/K + (1 − ε)/m` for the `m` greedy (tied) arms, `ε/K` for the others.
 *
 * @example
 * ```ts
 * const policy = new EpsilonGreedy({ epsilon: 0.05 });
 * const { arm, propensity } = policy.select({ arms: [[1, 0], [0, 1]] });
 * ```
 */
export class EpsilonGreedy extends ModelPolicy<EpsilonGreedyParams, RidgeState> {
  /** Defaults (spec §14: ε = 0.1). */
  static readonly defaults: EpsilonGreedyParams = { epsilon: 0.1, lambda: 1, nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<EpsilonGreedyParams> = {}) {
    super(
      'EpsilonGreedy',
      EpsilonGreedy.defaults,
      { epsilon: interval({ min: 0, max: 1 }), lambda: interval({ gt: 0 }), nArms: N_ARMS, seed: SEED },
      params,
      'both',
    );
  }

  protected newModel(d: number): RidgeState {
    return new RidgeState(d, this.params.lambda);
  }
  protected modelToJSON(m: RidgeState): Json {
    return m.toJSON();
  }
  protected modelFromJSON(j: Json): RidgeState {
    return RidgeState.fromJSON(j as unknown as RidgeJSON);
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const scores = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) scores[a] = this.model(c, a).mean(c.data, rowOffset(c, a));
    return epsilonGreedyPick(scores, this.params.epsilon, rng, (s, r) => this.pick(s, r));
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    this.model(c, arm).update(c.data, rowOffset(c, arm), reward);
  }
}

/**
 * ε-greedy choice over `scores` with exact propensities.
 * @internal
 */
export function epsilonGreedyPick(
  scores: Float64Array,
  epsilon: number,
  rng: Rng,
  pick: (s: Float64Array, r: Rng) => Selection,
): Selection {
  const K = scores.length;
  const greedy = pick(scores, rng);
  const m = Math.round(1 / greedy.propensity);
  const explore = epsilon > 0 && rng.next() < epsilon;
  const arm = explore ? rng.nextInt(K) : greedy.arm;
  let isGreedy = arm === greedy.arm;
  if (!isGreedy && m > 1) {
    const best = scores[greedy.arm]!;
    isGreedy = best - scores[arm]! <= 1e-12 * Math.max(1, Math.abs(best));
  }
  const propensity = epsilon / K + (isGreedy ? (1 - epsilon) / m : 0);
  return { arm, propensity, scores };
}
