/**
 * The thresholded Lasso bandit: Lasso, hard threshold, least squares on the support, greedy.
 *
 * @module
 */
import { integer, interval, nullable } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { decayingLambda, LassoModel, type LassoModelJSON } from '../internal/lasso-model.js';
import { olsOnSupport } from '../solvers/cd-gram.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link ThresholdedLassoBandit}. */
export interface ThresholdedLassoBanditParams {
  /** `λ₀` of `λ_t = λ₀√((2 log t + log d)/t)` (default `null`: `σ·xMax/2`, as {@link SALasso}). */
  lambda0: number | null;
  /** Noise level `σ` used by the default `λ₀` (default 1). */
  sigma: number;
  /** Bound on the features' entries used by the default `λ₀` (default 1). */
  xMax: number;
  /** Keep coordinates with `|β̂_j| ≥ threshold·λ_t` (default 1). */
  threshold: number;
  /** Ridge added to the support's least squares, relative to its mean diagonal (default 1e-8). */
  ridge: number;
  /** Relative duality-gap tolerance of each Lasso refit (default 1e-4). */
  tol: number;
  /** Epoch cap of each refit (default 1000). */
  maxIter: number;
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

interface ThresholdedModel {
  lasso: LassoModel;
  theta: Float64Array;
  support: number[];
}

/**
 * Thresholded Lasso bandit, after the abstract of arXiv 2505.17400 (details of the paper unconfirmed):
 * every round refit the Lasso with `λ_t = λ₀√((2 log t + log d)/t)`, keep the support
 * `Ŝ = {j : |β̂_j| ≥ threshold·λ_t}`, refit least squares on `Ŝ` (from the Gram statistics) and act greedily
 * on that estimate. Debiasing on the support removes the Lasso's shrinkage.
 *
 * @example
 * ```ts
 * const policy = new ThresholdedLassoBandit({ sigma: 0.5 });
 * policy.select({ arms: [[1, 0, 0], [0, 1, 0]] });
 * policy.support(); // the current support estimate
 * ```
 */
export class ThresholdedLassoBandit extends ModelPolicy<ThresholdedLassoBanditParams, ThresholdedModel> {
  /** Defaults. */
  static readonly defaults: ThresholdedLassoBanditParams = {
    lambda0: null,
    sigma: 1,
    xMax: 1,
    threshold: 1,
    ridge: 1e-8,
    tol: 1e-4,
    maxIter: 1000,
    nArms: null,
    seed: 0,
  };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<ThresholdedLassoBanditParams> = {}) {
    super(
      'ThresholdedLassoBandit',
      ThresholdedLassoBandit.defaults,
      {
        lambda0: nullable(interval({ min: 0 })),
        sigma: interval({ min: 0 }),
        xMax: interval({ gt: 0 }),
        threshold: interval({ min: 0 }),
        ridge: interval({ min: 0 }),
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

  /** The current (debiased) estimate (of arm `a` for a disjoint policy). */
  theta(a = 0): Float64Array {
    return Float64Array.from(this.models[a]?.theta ?? []);
  }

  /** The current support estimate (of arm `a`). */
  support(a = 0): number[] {
    return (this.models[a]?.support ?? []).slice();
  }

  protected newModel(d: number): ThresholdedModel {
    return { lasso: new LassoModel(d), theta: new Float64Array(d), support: [] };
  }
  protected modelToJSON(m: ThresholdedModel): Json {
    return { lasso: m.lasso.toJSON(), theta: Array.from(m.theta), support: m.support.slice() };
  }
  protected modelFromJSON(j: Json): ThresholdedModel {
    const o = j as { lasso: LassoModelJSON; theta: number[]; support: number[] };
    return {
      lasso: LassoModel.fromJSON(o.lasso),
      theta: Float64Array.from(o.theta),
      support: o.support.slice(),
    };
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const scores = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) {
      const th = this.model(c, a).theta;
      const off = rowOffset(c, a);
      let s = 0;
      for (let j = 0; j < c.d; j++) if (th[j] !== 0) s += c.data[off + j]! * th[j]!;
      scores[a] = s;
    }
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    const m = this.model(c, arm);
    m.lasso.add(c.data, rowOffset(c, arm), reward);
    const n = m.lasso.stats.n;
    const lam = decayingLambda(this.lambda0, n, c.d, 2, 1);
    m.lasso.fit(lam, this.params.tol, this.params.maxIter);
    const w = m.lasso.w;
    const cut = this.params.threshold * lam;
    const S: number[] = [];
    for (let j = 0; j < c.d; j++) if (w[j] !== 0 && Math.abs(w[j]!) >= cut) S.push(j);
    m.support = S;
    const { G } = m.lasso.stats;
    let tr = 0;
    for (const j of S) tr += G[j * c.d + j]!;
    const ridge = S.length ? (this.params.ridge * tr) / S.length : 0;
    m.theta = olsOnSupport(G, m.lasso.stats.c, S, ridge);
  }
}
