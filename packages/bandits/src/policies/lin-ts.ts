/**
 * Linear Thompson sampling (Agrawal & Goyal 2013).
 *
 * @module
 */
import { integer, interval } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { type RidgeJSON, RidgeState } from '../internal/ridge.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link LinTS}. */
export interface LinTSParams {
  /** Posterior scale `v`: `θ̃ ~ N(θ̂, v²V⁻¹)` (default 1; the theory's `σ√(24d ln(1/δ)/ε)` is far larger). */
  v: number;
  /** Ridge `λ > 0` (default 1). */
  lambda: number;
  /**
   * Monte-Carlo draws used to estimate the propensity of the chosen arm (default 0: the propensity is
   * reported as NaN, since Thompson sampling has no closed form).
   */
  propensitySamples: number;
  /** Arms for disjoint contexts `{ x }` (default `null`). */
  nArms: number | null;
  /** Seed (default 0). */
  seed: number;
}

/**
 * Linear Thompson sampling: draw `θ̃ ~ N(θ̂, v²V⁻¹)` (one per arm in disjoint mode) and play the arm that
 * maximises `⟨x, θ̃⟩`. A Cholesky factor of `V` is kept by rank-one updates, so a draw costs O(d²).
 *
 * @example
 * ```ts
 * const policy = new LinTS({ v: 0.5, seed: 3, propensitySamples: 200 });
 * const { arm, propensity } = policy.select({ arms: [[1, 0], [0, 1], [0.5, 0.5]] });
 * ```
 */
export class LinTS extends ModelPolicy<LinTSParams, RidgeState> {
  /** Defaults (`v = σ = 1`). */
  static readonly defaults: LinTSParams = { v: 1, lambda: 1, propensitySamples: 0, nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<LinTSParams> = {}) {
    super(
      'LinTS',
      LinTS.defaults,
      {
        v: interval({ min: 0 }),
        lambda: interval({ gt: 0 }),
        propensitySamples: integer(0),
        nArms: N_ARMS,
        seed: SEED,
      },
      params,
      'both',
    );
  }

  /** The posterior mean `θ̂` (of arm `a` for a disjoint policy). */
  theta(a = 0): Float64Array {
    return Float64Array.from(this.models[a]?.theta ?? []);
  }

  protected newModel(d: number): RidgeState {
    return new RidgeState(d, this.params.lambda, true);
  }
  protected modelToJSON(m: RidgeState): Json {
    return m.toJSON();
  }
  protected modelFromJSON(j: Json): RidgeState {
    return RidgeState.fromJSON(j as unknown as RidgeJSON);
  }

  #draw(c: ParsedContext, rng: Rng, z: Float64Array, th: Float64Array, scores: Float64Array): void {
    const { d } = c;
    const v = this.params.v;
    for (let a = 0; a < c.K; a++) {
      if (a === 0 || !c.shared) {
        for (let i = 0; i < d; i++) z[i] = rng.nextNormal();
        this.model(c, a).sample(z, v, th);
      }
      const off = rowOffset(c, a);
      let s = 0;
      for (let i = 0; i < d; i++) s += c.data[off + i]! * th[i]!;
      scores[a] = s;
    }
  }

  protected choose(c: ParsedContext, rng: Rng): Selection {
    const z = new Float64Array(c.d);
    const th = new Float64Array(c.d);
    const scores = new Float64Array(c.K);
    this.#draw(c, rng, z, th, scores);
    const sel = this.pick(scores, rng);
    const M = this.params.propensitySamples;
    if (M === 0) return { ...sel, propensity: Number.NaN };
    const tmp = new Float64Array(c.K);
    let hits = 0;
    for (let k = 0; k < M; k++) {
      this.#draw(c, rng, z, th, tmp);
      let best = 0;
      for (let a = 1; a < c.K; a++) if (tmp[a]! > tmp[best]!) best = a;
      if (best === sel.arm) hits++;
    }
    return { ...sel, propensity: (hits + 1) / (M + 1) };
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    this.model(c, arm).update(c.data, rowOffset(c, arm), reward);
  }
}
