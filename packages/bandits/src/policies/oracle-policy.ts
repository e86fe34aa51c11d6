/**
 * The oracle for linear environments: plays the best arm under the true parameter.
 *
 * @module
 */
import { arrayOf, interval } from '../base/constraints.js';
import { shapeMismatch } from '../errors.js';
import type { Json } from '../internal/json.js';
import {
  BasePolicy,
  N_ARMS,
  type ParsedContext,
  type Rng,
  rowOffset,
  SEED,
  type Selection,
} from './policy.js';

/** Hyperparameters of {@link OraclePolicy}. */
export interface OraclePolicyParams {
  /** The true parameter (shared contexts), or one per arm concatenated (`nArms·d` values, disjoint). */
  theta: number[];
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

/**
 * Plays `argmax_a ⟨x_a, θ*⟩` with the true parameter; its pseudo-regret on a linear environment is 0.
 *
 * @example
 * ```ts
 * const env = new SparseLinearEnv({ dim: 20, nArms: 5, sparsity: 2, seed: 1 });
 * const oracle = new OraclePolicy({ theta: Array.from(env.theta) });
 * simulate(oracle, env, { T: 100 }).totalRegret; // 0
 * ```
 */
export class OraclePolicy extends BasePolicy<OraclePolicyParams> {
  /** Defaults (`theta` must be given). */
  static readonly defaults: OraclePolicyParams = { theta: [], nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<OraclePolicyParams> = {}) {
    super(
      'OraclePolicy',
      OraclePolicy.defaults,
      { theta: arrayOf(interval({})), nArms: N_ARMS, seed: SEED },
      params,
      'both',
    );
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const th = this.params.theta;
    const need = c.shared ? c.d : c.d * c.K;
    if (th.length !== need)
      throw shapeMismatch('OraclePolicy.select', 'theta', `have ${need} entries`, th.length);
    const scores = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) {
      const off = rowOffset(c, a);
      const toff = c.shared ? 0 : a * c.d;
      let s = 0;
      for (let j = 0; j < c.d; j++) s += c.data[off + j]! * th[toff + j]!;
      scores[a] = s;
    }
    return this.pick(scores, rng);
  }
  protected learn(): void {}
  protected saveState(): Record<string, Json> {
    return {};
  }
  protected loadState(): void {}
  protected clearState(): void {}
}
