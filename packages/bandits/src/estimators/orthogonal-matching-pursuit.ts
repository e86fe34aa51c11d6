import { bool, type Constraints, integer, interval, nullable } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import type { Rows } from '../internal/input.js';
import { omp } from '../solvers/greedy.js';
import { greedyOutput, sparsity } from './greedy-common.js';

/** Parameters of {@link OrthogonalMatchingPursuit}. */
export interface OrthogonalMatchingPursuitParams {
  /** Atoms to select; `null` means `max(⌊0.1·d⌋, 1)` (ignored when `tol` is set; default null). */
  nNonzeroCoefs: number | null;
  /** Stop once `‖r‖² ≤ tol` (overrides `nNonzeroCoefs`; default null). */
  tol: number | null;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
}

/**
 * Orthogonal matching pursuit (Pati et al. 1993; Tropp 2004): greedily adds the column most correlated
 * with the residual, `argmax |x_jᵀr|/‖x_j‖`, and refits least squares on the support, for `nNonzeroCoefs`
 * steps or until `‖r‖² ≤ tol`. Exact in `k` steps when the coherence `μ < 1/(2k − 1)`.
 *
 * Differences from scikit-learn's `OrthogonalMatchingPursuit`: selection normalises by the column norm
 * (scikit-learn uses `|x_jᵀr|`, the same on unit-norm columns), and there is no `normalize` option.
 *
 * @example
 * ```ts
 * const m = new OrthogonalMatchingPursuit({ nNonzeroCoefs: 5 }).fit(X, y);
 * m.support; // the 5 selected columns, in selection order
 * ```
 */
export class OrthogonalMatchingPursuit extends LinearEstimator<OrthogonalMatchingPursuitParams> {
  /** Defaults (scikit-learn's). */
  static readonly defaults: OrthogonalMatchingPursuitParams = {
    nNonzeroCoefs: null,
    tol: null,
    fitIntercept: true,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<OrthogonalMatchingPursuitParams> = {
    nNonzeroCoefs: nullable(integer(1)),
    tol: nullable(interval({ min: 0 })),
    fitIntercept: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<OrthogonalMatchingPursuitParams> = {}) {
    super(
      'OrthogonalMatchingPursuit',
      OrthogonalMatchingPursuit.defaults,
      OrthogonalMatchingPursuit.paramConstraints,
      params,
    );
  }

  protected override validate(rows: Rows, fn: string): void {
    if (this.params.tol === null) sparsity(this.params.nNonzeroCoefs, rows.cols, fn);
  }

  /** CSR designs are fitted as they are (sparse column products). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    const k = this.params.tol === null ? sparsity(this.params.nNonzeroCoefs, design.d, ctx.fn) : design.d;
    return greedyOutput(design, omp(design, k, this.params.tol));
  }

  /** Selected columns in selection order. */
  get support(): number[] {
    return (this.extra('support').support as number[]).slice();
  }
}
