/**
 * OFUL (Abbasi-Yadkori, Pál, Szepesvári 2011).
 *
 * @module
 */
import { interval } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { type RidgeJSON, RidgeState } from '../internal/ridge.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link OFUL}. */
export interface OFULParams {
  /** Ridge `λ > 0` (default 1). */
  lambda: number;
  /** Confidence level: the ellipsoid holds with probability `1 − δ` (default 0.05). */
  delta: number;
  /** Sub-Gaussian noise level `σ` (default 1). */
  sigma: number;
  /** Bound `S ≥ ‖θ*‖₂` (default 1). */
  S: number;
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

/**
 * OFUL: optimism over the self-normalised confidence ellipsoid, score `⟨x, θ̂⟩ + β_t‖x‖_{V_t⁻¹}` with
 * `β_t = σ√(2 log(det(V_t)^{½} det(λI)^{−½}/δ)) + √λ·S` (Theorem 2 of the paper). `log det V_t` is kept
 * incrementally (`+= log(1 + xᵀV⁻¹x)`); `V⁻¹` by Sherman–Morrison.
 *
 * @example
 * ```ts
 * const policy = new OFUL({ sigma: 0.5, S: 1 });
 * const { arm } = policy.select({ arms: [[1, 0], [0, 1]] });
 * policy.update({ arms: [[1, 0], [0, 1]] }, arm, 0.3);
 * policy.beta(); // the current radius β_t
 * ```
 */
export class OFUL extends ModelPolicy<OFULParams, RidgeState> {
  /** Defaults. */
  static readonly defaults: OFULParams = { lambda: 1, delta: 0.05, sigma: 1, S: 1, nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<OFULParams> = {}) {
    super(
      'OFUL',
      OFUL.defaults,
      {
        lambda: interval({ gt: 0 }),
        delta: interval({ gt: 0, lt: 1 }),
        sigma: interval({ min: 0 }),
        S: interval({ min: 0 }),
        nArms: N_ARMS,
        seed: SEED,
      },
      params,
      'both',
    );
  }

  /** The confidence radius `β_t` of arm `a`'s model (of the shared model by default). */
  beta(a = 0): number {
    const m = this.models[a];
    const { lambda, delta, sigma, S } = this.params;
    if (!m) return sigma * Math.sqrt(2 * Math.log(1 / delta)) + Math.sqrt(lambda) * S;
    const ratio = 0.5 * (m.logdet - m.d * Math.log(lambda));
    return sigma * Math.sqrt(2 * (ratio + Math.log(1 / delta))) + Math.sqrt(lambda) * S;
  }

  /** The current estimate `θ̂` (of arm `a` for a disjoint policy). */
  theta(a = 0): Float64Array {
    return Float64Array.from(this.models[a]?.theta ?? []);
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
    const betaShared = c.shared ? this.beta(0) : 0;
    for (let a = 0; a < c.K; a++) {
      const m = this.model(c, a);
      const off = rowOffset(c, a);
      const beta = c.shared ? betaShared : this.beta(a);
      scores[a] = m.mean(c.data, off) + beta * Math.sqrt(m.width2(c.data, off));
    }
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    this.model(c, arm).update(c.data, rowOffset(c, arm), reward);
  }
}
