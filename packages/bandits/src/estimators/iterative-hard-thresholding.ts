import { bool, type Constraints, integer, interval, nullable } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import type { Rows } from '../internal/input.js';
import { iht } from '../solvers/greedy.js';
import { greedyOutput, sparsity } from './greedy-common.js';

/** Parameters of {@link IterativeHardThresholding}. */
export interface IterativeHardThresholdingParams {
  /** Sparsity `s`; `null` means `max(⌊0.1·d⌋, 1)` (default null). */
  nNonzeroCoefs: number | null;
  /** Normalised step (NIHT, with backtracking) or the fixed step `0.99/‖X‖₂²` (default true). */
  normalized: boolean;
  /** Maximum iterations (default 500). */
  maxIter: number;
  /** Stop when `‖Δw‖ ≤ tol·‖w‖` (default 1e-8). */
  tol: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
}

/**
 * Iterative hard thresholding (Blumensath & Davies 2009): `w ← H_s(w + μXᵀ(y − Xw))`, keeping the `s`
 * largest entries; `normalized: true` is NIHT (2010), with the step `μ = ‖g_S‖²/‖X_S g_S‖²` and backtracking.
 *
 * @example
 * ```ts
 * const m = new IterativeHardThresholding({ nNonzeroCoefs: 5 }).fit(X, y);
 * m.coef; // at most 5 non-zeros
 * ```
 */
export class IterativeHardThresholding extends LinearEstimator<IterativeHardThresholdingParams> {
  /** Defaults. */
  static readonly defaults: IterativeHardThresholdingParams = {
    nNonzeroCoefs: null,
    normalized: true,
    maxIter: 500,
    tol: 1e-8,
    fitIntercept: true,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<IterativeHardThresholdingParams> = {
    nNonzeroCoefs: nullable(integer(1)),
    normalized: bool,
    maxIter: integer(1),
    tol: interval({ gt: 0 }),
    fitIntercept: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<IterativeHardThresholdingParams> = {}) {
    super(
      'IterativeHardThresholding',
      IterativeHardThresholding.defaults,
      IterativeHardThresholding.paramConstraints,
      params,
    );
  }

  protected override validate(rows: Rows, fn: string): void {
    sparsity(this.params.nNonzeroCoefs, rows.cols, fn);
  }

  /** CSR designs are fitted as they are (sparse column products). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    const s = sparsity(this.params.nNonzeroCoefs, design.d, ctx.fn);
    const p = this.params;
    return greedyOutput(design, iht(design, s, { maxIter: p.maxIter, tol: p.tol, normalized: p.normalized }));
  }

  /** The support, increasing. */
  get support(): number[] {
    return (this.extra('support').support as number[]).slice();
  }
}
