/**
 * The uniformly random policy (baseline).
 *
 * @module
 */
import type { Json } from '../internal/json.js';
import { BasePolicy, N_ARMS, type ParsedContext, type Rng, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link RandomPolicy}. */
export interface RandomPolicyParams {
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed (default 0). */
  seed: number;
}

/**
 * Plays a uniformly random arm; propensity `1/K`. Its regret grows linearly (the baseline every policy
 * must beat).
 *
 * @example
 * ```ts
 * new RandomPolicy({ seed: 1 }).select({ arms: [[1], [2], [3]] }); // { arm: …, propensity: 1/3 }
 * ```
 */
export class RandomPolicy extends BasePolicy<RandomPolicyParams> {
  /** Defaults. */
  static readonly defaults: RandomPolicyParams = { nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<RandomPolicyParams> = {}) {
    super('RandomPolicy', RandomPolicy.defaults, { nArms: N_ARMS, seed: SEED }, params, 'both');
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    return { arm: rng.nextInt(c.K), propensity: 1 / c.K, scores: new Float64Array(c.K) };
  }
  protected learn(): void {}
  protected saveState(): Record<string, Json> {
    return {};
  }
  protected loadState(): void {}
  protected clearState(): void {}
}
