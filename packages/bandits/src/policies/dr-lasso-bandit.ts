/**
 * The doubly-robust Lasso bandit of Kim & Paik (2019).
 *
 * @module
 */
import { integer, interval, nullable } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { decayingLambda, LassoModel, type LassoModelJSON } from '../internal/lasso-model.js';
import { epsilonGreedyPick } from './epsilon-greedy.js';
import { ModelPolicy } from './model-policy.js';
import { type ParsedContext, type Rng, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link DRLassoBandit}. */
export interface DRLassoBanditParams {
  /** Exploration scale: `ε_t = min(1, λ₁√((log t + log d)/t))` (default 1). */
  lambda1: number;
  /** Lasso scale: `λ_t = λ₂√((log t + log d)/t)` (default 0.2). */
  lambda2: number;
  /** Rounds of pure uniform exploration at the start (default 10). */
  zT: number;
  /**
   * Clip pseudo-rewards to `[−truncate, truncate]` (default 3, as the authors' code offers; `null` disables
   * it, and then the feedback between a poor early estimate and the inverse-propensity term can diverge).
   */
  truncate: number | null;
  /** Relative duality-gap tolerance of each refit (default 1e-4). */
  tol: number;
  /** Epoch cap of each refit (default 1000). */
  maxIter: number;
  /** Seed (default 0). */
  seed: number;
}

/**
 * DR Lasso bandit (Kim & Paik, NeurIPS 2019), shared θ with per-arm contexts `b_i(t)`: decaying ε-greedy
 * on the Lasso estimate; after each round the doubly-robust pseudo-reward
 * `r̃ = b̄ᵀβ̂ + (r − b_aᵀβ̂)/(K·π_a)` (with `b̄` the mean arm context and `π_a` the exact probability of the
 * played arm) is regressed on `b̄` by the Lasso with `λ_t = λ₂√((log t + log d)/t)`. Constants unconfirmed;
 * the schedule of `ε_t` follows the authors' simulation code.
 *
 * @example
 * ```ts
 * const policy = new DRLassoBandit({ lambda1: 1, lambda2: 0.5 });
 * const { arm, propensity } = policy.select({ arms: [[1, 0], [0, 1]] }); // uniform while t ≤ zT
 * ```
 */
export class DRLassoBandit extends ModelPolicy<DRLassoBanditParams, LassoModel> {
  /** Defaults. */
  static readonly defaults: DRLassoBanditParams = {
    lambda1: 1,
    lambda2: 0.2,
    zT: 10,
    truncate: 3,
    tol: 1e-4,
    maxIter: 1000,
    seed: 0,
  };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<DRLassoBanditParams> = {}) {
    super(
      'DRLassoBandit',
      DRLassoBandit.defaults,
      {
        lambda1: interval({ min: 0 }),
        lambda2: interval({ min: 0 }),
        zT: integer(0),
        truncate: nullable(interval({ gt: 0 })),
        tol: interval({ gt: 0 }),
        maxIter: integer(1),
        seed: SEED,
      },
      params,
      'shared',
    );
  }

  /** The current Lasso estimate. */
  theta(): Float64Array {
    return Float64Array.from(this.models[0]?.w ?? []);
  }

  /** Exploration probability at round `t` (1-based) in dimension `d`. */
  epsilonAt(t: number, d: number): number {
    if (t <= this.params.zT) return 1;
    return Math.min(1, Math.max(0, decayingLambda(this.params.lambda1, t, d, 1, 1)));
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

  #estimates(c: ParsedContext): Float64Array {
    const m = this.models[0]!;
    const est = new Float64Array(c.K);
    for (let a = 0; a < c.K; a++) est[a] = m.mean(c.data, a * c.d);
    return est;
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const eps = this.epsilonAt(this.rounds + 1, c.d);
    return epsilonGreedyPick(this.#estimates(c), eps, rng, (s, r) => this.pick(s, r));
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    const t = this.rounds + 1;
    const { K, d, data } = c;
    const est = this.#estimates(c);
    // exact probability of `arm` under the rule of `choose` (same estimate, same ε)
    const eps = this.epsilonAt(t, d);
    let best = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < K; a++) if (est[a]! > best) best = est[a]!;
    const tol = 1e-12 * Math.max(1, Math.abs(best));
    let ties = 0;
    for (let a = 0; a < K; a++) if (best - est[a]! <= tol) ties++;
    const greedy = best - est[arm]! <= tol;
    const p = eps / K + (greedy ? (1 - eps) / ties : 0);
    let mean = 0;
    for (let a = 0; a < K; a++) mean += est[a]!;
    mean /= K;
    let pseudo = mean + (reward - est[arm]!) / (K * p);
    const cap = this.params.truncate;
    if (cap !== null) pseudo = Math.min(cap, Math.max(-cap, pseudo));
    const bbar = new Float64Array(d);
    for (let a = 0; a < K; a++) for (let j = 0; j < d; j++) bbar[j] = bbar[j]! + data[a * d + j]! / K;
    const m = this.models[0]!;
    m.add(bbar, 0, pseudo);
    m.fit(decayingLambda(this.params.lambda2, t, d, 1, 1), this.params.tol, this.params.maxIter);
  }
}
