/**
 * LinUCB (Li, Chu, Langford, Schapire 2010).
 *
 * @module
 */
import { interval } from '../base/constraints.js';
import type { Json } from '../internal/json.js';
import { type RidgeJSON, RidgeState } from '../internal/ridge.js';
import { ModelPolicy } from './model-policy.js';
import { N_ARMS, type ParsedContext, type Rng, rowOffset, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link LinUCB}. */
export interface LinUCBParams {
  /** Width multiplier `α ≥ 0` of the confidence bonus (default 1). */
  alpha: number;
  /** Ridge `λ > 0`: `A = λI + Σxxᵀ` (default 1). */
  lambda: number;
  /** Arms for disjoint contexts `{ x }` (default `null`: shared contexts only). */
  nArms: number | null;
  /** Seed of the tie-breaking stream (default 0). */
  seed: number;
}

/**
 * LinUCB: score `xᵀθ̂ + α√(xᵀA⁻¹x)` with `A = λI + Σxxᵀ`, `θ̂ = A⁻¹Σrx`, the arm with the highest score
 * (ties broken uniformly). `A⁻¹` is kept by Sherman–Morrison (O(d²) per update, O(Kd²) per select) with a
 * periodic drift check. Shared contexts `{ arms }` fit one θ; disjoint contexts `{ x }` fit one per arm
 * (Li et al.'s "disjoint" model; memory O(K·d²)). `α = 0` is the greedy ridge policy.
 *
 * @example
 * ```ts
 * const policy = new LinUCB({ alpha: 1, seed: 0 });
 * const ctx = { arms: [[1, 0], [0, 1]] };
 * const { arm, propensity } = policy.select(ctx); // propensity 0.5: the two arms tie at first
 * policy.update(ctx, arm, 1.0);
 * const copy = LinUCB.fromJSON(JSON.stringify(policy)); // same decisions from here on
 * ```
 */
export class LinUCB extends ModelPolicy<LinUCBParams, RidgeState> {
  /** Defaults (MABWiser's `alpha 1, l2_lambda 1`). */
  static readonly defaults: LinUCBParams = { alpha: 1, lambda: 1, nArms: null, seed: 0 };

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<LinUCBParams> = {}) {
    super(
      'LinUCB',
      LinUCB.defaults,
      { alpha: interval({ min: 0 }), lambda: interval({ gt: 0 }), nArms: N_ARMS, seed: SEED },
      params,
      'both',
    );
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
    const alpha = this.params.alpha;
    for (let a = 0; a < c.K; a++) {
      const m = this.model(c, a);
      const off = rowOffset(c, a);
      const mean = m.mean(c.data, off);
      scores[a] = alpha === 0 ? mean : mean + alpha * Math.sqrt(m.width2(c.data, off));
    }
    return this.pick(scores, rng);
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    this.model(c, arm).update(c.data, rowOffset(c, arm), reward);
  }
}
