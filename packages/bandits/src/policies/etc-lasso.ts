/**
 * Explore-then-commit with the Lasso (ESTC, Hao, Lattimore & Wang 2020).
 *
 * @module
 */
import type { Constraint } from '../base/constraints.js';
import { integer, interval, nullable } from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import type { Json } from '../internal/json.js';
import { LassoModel, type LassoModelJSON } from '../internal/lasso-model.js';
import { ModelPolicy } from './model-policy.js';
import { type ParsedContext, type Rng, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link EtcLasso}. */
export interface EtcLassoParams {
  /** Exploration rounds `n₁` (default `null`: `⌈T^{2/3}(s²/C_min²)^{1/3}⌉` from `horizon`). */
  exploreRounds: number | null;
  /** Horizon `T`, needed when `exploreRounds` is `null`. */
  horizon: number | null;
  /** Sparsity guess `s` of the default `n₁` (default 5). */
  sparsity: number;
  /** `C_min` (smallest eigenvalue of the exploration design) of the default `n₁` (default 1). */
  cMin: number;
  /** Lasso `α` of the single fit (default `null`: `σ√(2 log(2d)/n₁)`). */
  alpha: number | null;
  /** Noise level `σ` of the default `α` (default 1). */
  sigma: number;
  /** Relative duality-gap tolerance of the fit (default 1e-6). */
  tol: number;
  /** Epoch cap of the fit (default 10000). */
  maxIter: number;
  /** Seed (default 0). */
  seed: number;
}

const POS_INT_OR_NULL: Constraint = nullable(integer(1));

/**
 * ESTC: explore for `n₁` rounds, fit one Lasso on the exploration data, then commit to the greedy arm
 * under that estimate (no more learning). Regret `Θ̃(T^{2/3})` in the data-poor regime (d ≫ T) where
 * `√(dT)` policies fail. The paper explores with the design maximising `σ_min(E[aaᵀ])` over the action
 * set; here exploration is uniform over the round's arms, which is that design for isotropic action sets
 * (hypercube, sphere, Gaussian) and not in general.
 *
 * @example
 * ```ts
 * const policy = new EtcLasso({ horizon: 500, sparsity: 5, sigma: 0.5 });
 * policy.exploreRounds; // n₁
 * ```
 */
export class EtcLasso extends ModelPolicy<EtcLassoParams, LassoModel> {
  /** Defaults. */
  static readonly defaults: EtcLassoParams = {
    exploreRounds: null,
    horizon: null,
    sparsity: 5,
    cMin: 1,
    alpha: null,
    sigma: 1,
    tol: 1e-6,
    maxIter: 10000,
    seed: 0,
  };

  /**
   * Validates and stores the hyperparameters.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` when both `exploreRounds` and
   *   `horizon` are `null`.
   */
  constructor(params: Partial<EtcLassoParams> = {}) {
    super(
      'EtcLasso',
      EtcLasso.defaults,
      {
        exploreRounds: POS_INT_OR_NULL,
        horizon: POS_INT_OR_NULL,
        sparsity: integer(1),
        cMin: interval({ gt: 0 }),
        alpha: nullable(interval({ min: 0 })),
        sigma: interval({ min: 0 }),
        tol: interval({ gt: 0 }),
        maxIter: integer(1),
        seed: SEED,
      },
      params,
      'shared',
    );
    if (this.params.exploreRounds === null && this.params.horizon === null) {
      throw invalidParam('EtcLasso', 'horizon', 'be set when exploreRounds is null', null);
    }
  }

  /** `n₁`, the number of exploration rounds. */
  get exploreRounds(): number {
    const p = this.params;
    if (p.exploreRounds !== null) return p.exploreRounds;
    const T = p.horizon!;
    return Math.max(
      1,
      Math.min(T, Math.ceil(T ** (2 / 3) * ((p.sparsity * p.sparsity) / (p.cMin * p.cMin)) ** (1 / 3))),
    );
  }

  /** Whether the policy has committed (the Lasso has been fit). */
  get committed(): boolean {
    return this.rounds >= this.exploreRounds;
  }

  /** The committed estimate (zeros while exploring). */
  theta(): Float64Array {
    return Float64Array.from(this.models[0]?.w ?? []);
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
    if (!this.committed) return { arm: rng.nextInt(c.K), propensity: 1 / c.K, scores };
    const m = this.models[0]!;
    for (let a = 0; a < c.K; a++) scores[a] = m.mean(c.data, a * c.d);
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    const n1 = this.exploreRounds;
    const t = this.rounds + 1;
    if (t > n1) return;
    const m = this.models[0]!;
    m.add(c.data, arm * c.d, reward);
    if (t === n1) {
      const alpha = this.params.alpha ?? this.params.sigma * Math.sqrt((2 * Math.log(2 * c.d)) / n1);
      m.fit(alpha, this.params.tol, this.params.maxIter);
    }
  }
}
