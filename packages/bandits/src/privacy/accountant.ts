/**
 * Per-user privacy accounting under basic composition.
 *
 * @module
 */
import { invalidInput, privacyBudget } from '../errors.js';

/** One release in a privacy report. */
export interface PrivacyRelease {
  /** What was released, e.g. `'x̃x̃ᵀ (upper triangle)'`. */
  label: string;
  /** Mechanism. */
  mechanism: 'gaussian' | 'laplace' | 'duchi';
  /** ε spent. */
  epsilon: number;
  /** δ spent (0 for Laplace). */
  delta: number;
  /** ℓ₂ (Gaussian) or ℓ₁ (Laplace) sensitivity; the largest ℓ∞ radius of the input box (Duchi). */
  sensitivity: number;
  /** Noise standard deviation (Gaussian), scale `b` (Laplace) or output scale `B` (Duchi: entries `±B·radius`). */
  noise: number;
}

/** What a private estimator reports about its privacy. */
export interface PrivacyReport {
  /** Per-user ε (basic composition over the user's releases). */
  epsilon: number;
  /** Per-user δ. */
  delta: number;
  /** The model: every user is private against the server and releases once (per batch for IHT). */
  model: 'local';
  /** The releases one user makes. */
  releases: PrivacyRelease[];
}

/**
 * Tracks one user's `(ε, δ)` spending under basic composition (`ε = Σε_k`, `δ = Σδ_k`) and refuses
 * releases beyond the budget.
 *
 * @example
 * ```ts
 * const acc = new PrivacyAccountant({ epsilon: 1, delta: 1e-5 });
 * acc.spend({ label: 'x̃ỹ', mechanism: 'gaussian', epsilon: 0.5, delta: 5e-6, sensitivity: 2, noise: 9.6 });
 * acc.remaining; // { epsilon: 0.5, delta: 5e-6 }
 * ```
 */
export class PrivacyAccountant {
  /** The budget. */
  readonly budget: {
    /** Total `ε` allowed (> 0). */
    epsilon: number;
    /** Total `δ` allowed (in `[0, 1)`; default 0). */
    delta: number;
  };
  readonly #releases: PrivacyRelease[] = [];
  #eps = 0;
  #delta = 0;

  /** @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `ε ≤ 0` or `δ ∉ [0, 1)`. */
  constructor(budget: { epsilon: number; delta?: number }) {
    const epsilon = budget?.epsilon;
    const delta = budget?.delta ?? 0;
    if (typeof epsilon !== 'number' || !(epsilon > 0))
      throw invalidInput('PrivacyAccountant', 'epsilon', 'be > 0', epsilon);
    if (typeof delta !== 'number' || !(delta >= 0 && delta < 1))
      throw invalidInput('PrivacyAccountant', 'delta', 'be in [0, 1)', delta);
    this.budget = { epsilon, delta };
  }

  /**
   * Records a release.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__PRIVACY_BUDGET` when it would exceed the budget.
   */
  spend(r: PrivacyRelease): void {
    const eps = this.#eps + r.epsilon;
    const delta = this.#delta + r.delta;
    const slack = 1e-12;
    if (eps > this.budget.epsilon * (1 + slack) || delta > this.budget.delta * (1 + slack) + 1e-300) {
      throw privacyBudget({
        fn: 'PrivacyAccountant.spend',
        label: r.label,
        spent: { epsilon: eps, delta },
        budget: this.budget,
      });
    }
    this.#eps = eps;
    this.#delta = delta;
    this.#releases.push({ ...r });
  }

  /** What is left. */
  get remaining(): {
    /** `ε` budget minus the `ε` spent. */
    epsilon: number;
    /** `δ` budget minus the `δ` spent. */
    delta: number;
  } {
    return { epsilon: this.budget.epsilon - this.#eps, delta: this.budget.delta - this.#delta };
  }

  /** The report of everything spent. */
  report(): PrivacyReport {
    return {
      epsilon: this.#eps,
      delta: this.#delta,
      model: 'local',
      releases: this.#releases.map((r) => ({ ...r })),
    };
  }
}
