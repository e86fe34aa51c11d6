import { bool, type Constraints, integer, nullable } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import type { Rows } from '../internal/input.js';
import { htp } from '../solvers/greedy.js';
import { greedyOutput, sparsity } from './greedy-common.js';

/** Parameters of {@link HardThresholdingPursuit}. */
export interface HardThresholdingPursuitParams {
  /** Sparsity `s`; `null` means `max(⌊0.1·d⌋, 1)` (default null). */
  nNonzeroCoefs: number | null;
  /** Maximum iterations (default 100). */
  maxIter: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
}

/**
 * Hard thresholding pursuit (Foucart 2011): the support is the `s` largest entries of a gradient step
 * `w + μXᵀ(y − Xw)` (`μ = 1/‖X‖₂²`), the coefficients are least squares on it; stops when the support
 * repeats. Stable when `δ_{3s} < 1/√3`.
 *
 * @example
 * ```ts
 * const m = new HardThresholdingPursuit({ nNonzeroCoefs: 5 }).fit(X, y);
 * m.info.nIter; // usually a handful of iterations
 * ```
 */
export class HardThresholdingPursuit extends LinearEstimator<HardThresholdingPursuitParams> {
  /** Defaults. */
  static readonly defaults: HardThresholdingPursuitParams = {
    nNonzeroCoefs: null,
    maxIter: 100,
    fitIntercept: true,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<HardThresholdingPursuitParams> = {
    nNonzeroCoefs: nullable(integer(1)),
    maxIter: integer(1),
    fitIntercept: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<HardThresholdingPursuitParams> = {}) {
    super(
      'HardThresholdingPursuit',
      HardThresholdingPursuit.defaults,
      HardThresholdingPursuit.paramConstraints,
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
    return greedyOutput(design, htp(design, s, this.params.maxIter));
  }

  /** The support, increasing. */
  get support(): number[] {
    return (this.extra('support').support as number[]).slice();
  }
}
