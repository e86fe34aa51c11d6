/**
 * The sparsity-agnostic Lasso bandit (Oh, Iyengar, Zeevi 2021).
 *
 * @module
 */
import { integer, interval, nullable } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { decayingLambda, LassoModel, type LassoModelJSON } from '../internal/lasso-model.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link SALasso}. */
export interface SALassoParams {
  /** `λ₀` of `λ_t = λ₀√((4 log t + 2 log d)/t)` (default `null`: `σ·xMax/2`; the paper's theoretical value `2σ·xMax` is 4× larger and over-regularises in practice). */
  lambda0: number | null;
  /** Noise level `σ` used by the default `λ₀` (default 1). */
  sigma: number;
  /** Bound on the features' entries used by the default `λ₀` (default 1). */
  xMax: number;
  /** Relative duality-gap tolerance of each refit (default 1e-4). */
  tol: number;
  /** Epoch cap of each refit (default 1000). */
  maxIter: number;
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

/**
 * SA-Lasso: purely greedy on a Lasso estimate refit every round on all data, with
 * `λ_t = λ₀√((4 log t + 2 log d)/t)` used as the Lasso's `α` (scikit-learn scaling, as in the authors'
 * simulation code). No forced exploration and no knowledge of the sparsity: it relies on the diversity of
 * the contexts. Refits run on Gram statistics (O(d²) per update, O(d) per coordinate step), warm-started.
 * Ties (e.g. the all-zero estimate of the first rounds) are broken uniformly.
 *
 * @example
 * ```ts
 * const env = new SparseLinearEnv({ dim: 100, nArms: 10, sparsity: 5, sigma: 0.5, seed: 1 });
 * const policy = new SALasso({ sigma: 0.5 });
 * simulate(policy, env, { T: 1000 }).totalRegret;
 * ```
 */
export class SALasso extends ModelPolicy<SALassoParams, LassoModel> {
  /** Defaults. */
  static readonly defaults: SALassoParams = {
    lambda0: null,
    sigma: 1,
    xMax: 1,
    tol: 1e-4,
    maxIter: 1000,
    nArms: null,
    seed: 0,
  };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<SALassoParams> = {}) {
    super(
      'SALasso',
      SALasso.defaults,
      {
        lambda0: nullable(interval({ min: 0 })),
        sigma: interval({ min: 0 }),
        xMax: interval({ gt: 0 }),
        tol: interval({ gt: 0 }),
        maxIter: integer(1),
        nArms: N_ARMS,
        seed: SEED,
      },
      params,
      'both',
    );
  }

  /** The `λ₀` in use. */
  get lambda0(): number {
    return this.params.lambda0 ?? (this.params.sigma * this.params.xMax) / 2;
  }

  /** The current Lasso estimate (of arm `a` for a disjoint policy). */
  theta(a = 0): Float64Array {
    return Float64Array.from(this.models[a]?.w ?? []);
  }

  protected newModel(d: number): LassoModel {
    return new LassoModel(d);
  }
  protected modelToJSON(m: LassoModel): Json {
    return m.toJSON();
  }
  protected modelFromJSON(j: Json): LassoModel {
    return LassoModel.fromJSON(j as unknown as LassoModelJSON);
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const scores = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) scores[a] = this.model(c, a).mean(c.data, rowOffset(c, a));
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    const m = this.model(c, arm);
    m.add(c.data, rowOffset(c, arm), reward);
    const alpha = decayingLambda(this.lambda0, m.stats.n, c.d, 4, 2);
    m.fit(alpha, this.params.tol, this.params.maxIter);
  }
}
