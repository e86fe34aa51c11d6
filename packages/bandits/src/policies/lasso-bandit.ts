/**
 * The Lasso bandit of Bastani & Bayati (2020): forced sampling plus two Lasso estimators per arm.
 *
 * @module
 */
import { integer, interval } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { decayingLambda, LassoModel, type LassoModelJSON } from '../internal/lasso-model.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link LassoBandit}. */
export interface LassoBanditParams {
  /** Forced samples per arm per block (default 1). */
  q: number;
  /** Gap `h`: arms within `h/2` of the best forced-sample estimate are kept (default 5). */
  h: number;
  /** `λ₁` (Lasso `α`) of the forced-sample estimators (default 0.05). */
  lambda1: number;
  /** `λ_{2,0}` of the all-sample estimators, `λ_{2,t} = λ_{2,0}√((log t + log d)/t)` (default 0.05). */
  lambda2: number;
  /** Relative duality-gap tolerance of each refit (default 1e-4). */
  tol: number;
  /** Epoch cap of each refit (default 1000). */
  maxIter: number;
  /** Number of arms (required: disjoint contexts `{ x }` only). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

interface TwoEstimators {
  forced: LassoModel;
  all: LassoModel;
}

/**
 * The arm forced at round `t` (1-based) by the schedule `T_i = {(2ᵐ − 1)Kq + j : m ≥ 0,
 * j ∈ q·i + 1 … q·(i + 1)}` (arm `i` 0-based), or −1.
 * @internal
 */
export function forcedArm(t: number, K: number, q: number): number {
  for (let m = 0; m < 60; m++) {
    const base = (2 ** m - 1) * K * q;
    if (base >= t) return -1;
    if (t - base <= K * q) return Math.floor((t - base - 1) / q);
  }
  return -1;
}

/**
 * Lasso bandit (Bastani & Bayati, Operations Research 2020), disjoint model `r = x_tᵀβ_i + ε`: arm `i` is
 * forced at the rounds of its schedule (`forcedArm`); otherwise the arms whose forced-sample Lasso
 * estimate (`α = λ₁`) is within `h/2` of the best are kept, and among them the arm with the best
 * all-sample Lasso estimate (`α = λ_{2,t}`) is played. Lasso `α` in scikit-learn's scaling, as in the
 * authors' simulation code; the defaults (`q = 1, h = 5, λ₁ = λ_{2,0} = 0.05`) are unconfirmed.
 * Forced rounds have propensity 1.
 *
 * @example
 * ```ts
 * const env = new DisjointSparseEnv({ dim: 50, nArms: 2, sparsity: 3, seed: 1 });
 * const policy = new LassoBandit({ nArms: 2 });
 * simulate(policy, env, { T: 500 }).totalRegret;
 * ```
 */
export class LassoBandit extends ModelPolicy<LassoBanditParams, TwoEstimators> {
  /** Defaults. */
  static readonly defaults: LassoBanditParams = {
    q: 1,
    h: 5,
    lambda1: 0.05,
    lambda2: 0.05,
    tol: 1e-4,
    maxIter: 1000,
    nArms: null,
    seed: 0,
  };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<LassoBanditParams> = {}) {
    super(
      'LassoBandit',
      LassoBandit.defaults,
      {
        q: integer(1),
        h: interval({ min: 0 }),
        lambda1: interval({ min: 0 }),
        lambda2: interval({ min: 0 }),
        tol: interval({ gt: 0 }),
        maxIter: integer(1),
        nArms: N_ARMS,
        seed: SEED,
      },
      params,
      'disjoint',
    );
  }

  /** The all-sample estimate of arm `a`. */
  theta(a: number): Float64Array {
    return Float64Array.from(this.models[a]?.all.w ?? []);
  }

  protected newModel(d: number): TwoEstimators {
    return { forced: new LassoModel(d), all: new LassoModel(d) };
  }
  protected modelToJSON(m: TwoEstimators): Json {
    return { forced: m.forced.toJSON(), all: m.all.toJSON() };
  }
  protected modelFromJSON(j: Json): TwoEstimators {
    const o = j as { forced: LassoModelJSON; all: LassoModelJSON };
    return { forced: LassoModel.fromJSON(o.forced), all: LassoModel.fromJSON(o.all) };
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const t = this.rounds + 1;
    const f = forcedArm(t, c.K, this.params.q);
    const scores = new Float64Array(c.K);
    if (f >= 0) {
      for (let a = 0; a < c.K; a++) scores[a] = this.models[a]!.forced.mean(c.data, 0);
      return { arm: f, propensity: 1, scores };
    }
    let best = Number.NEGATIVE_INFINITY;
    const forcedEst = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) {
      forcedEst[a] = this.models[a]!.forced.mean(c.data, 0);
      if (forcedEst[a]! > best) best = forcedEst[a]!;
    }
    const cut = best - this.params.h / 2;
    for (let a = 0; a < c.K; a++) {
      scores[a] = forcedEst[a]! >= cut ? this.models[a]!.all.mean(c.data, 0) : Number.NEGATIVE_INFINITY;
    }
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    const t = this.rounds + 1;
    const m = this.models[arm]!;
    const { tol, maxIter } = this.params;
    if (forcedArm(t, c.K, this.params.q) === arm) {
      m.forced.add(c.data, 0, reward);
      m.forced.fit(this.params.lambda1, tol, maxIter);
    }
    m.all.add(c.data, 0, reward);
    m.all.fit(decayingLambda(this.params.lambda2, t, c.d, 1, 1), tol, maxIter);
  }
}
