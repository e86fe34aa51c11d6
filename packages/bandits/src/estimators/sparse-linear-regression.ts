import { type Constraint, type Constraints, interval } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { isPenalty } from '../penalties/index.js';
import { l1 } from '../penalties/l1.js';
import type { Penalty } from '../penalties/penalty.js';
import { CD_CONSTRAINTS, CD_DEFAULTS, type CdParams, fitCd } from './cd-common.js';

/** Parameters of {@link SparseLinearRegression}. */
export interface SparseLinearRegressionParams extends CdParams {
  /** The separable penalty (default `l1()`); its strength is `alpha·l1Ratio`. */
  penalty: Penalty;
  /** Share of `alpha` given to `penalty`; the rest is a ridge term `(α(1−ρ)/2)‖w‖²` (default 1). */
  l1Ratio: number;
}

const penaltyConstraint: Constraint = {
  expected: 'be a penalty object (l1(), mcp(), scad(), l0(), lHalf(), lTwoThirds(), logSum(), cel0())',
  invalid: ['mcp', null],
  check: isPenalty,
};

/**
 * The penalised least-squares engine as an estimator:
 * `min (1/2n)‖y − Xw − b‖² + λ·Σ pen(w_j) + (α(1−ρ)/2)‖w‖²`, `λ = αρ`, with any separable penalty
 * (MCP, SCAD, ℓ0, ℓ½, ℓ⅔, log-sum, CEL0, or ℓ1). Non-convex penalties give a coordinate-wise stationary
 * point (certified by the KKT/prox residual); ℓ1 is certified by the duality gap as well.
 *
 * @example
 * ```ts
 * const model = new SparseLinearRegression({ alpha: 0.05, penalty: mcp({ gamma: 3 }) }).fit(X, y);
 * model.coef; // nearly unbiased for large coefficients, exact zeros elsewhere
 * ```
 */
export class SparseLinearRegression extends LinearEstimator<SparseLinearRegressionParams> {
  /** Defaults: ℓ1 with scikit-learn's CD defaults. */
  static readonly defaults: SparseLinearRegressionParams = { ...CD_DEFAULTS, penalty: l1(), l1Ratio: 1 };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<SparseLinearRegressionParams> = {
    ...CD_CONSTRAINTS,
    penalty: penaltyConstraint,
    l1Ratio: interval({ min: 0, max: 1 }),
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<SparseLinearRegressionParams> = {}) {
    super(
      'SparseLinearRegression',
      SparseLinearRegression.defaults,
      SparseLinearRegression.paramConstraints,
      params,
    );
  }

  /** CSR designs are fitted as they are (sparse column kernels). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    return fitCd(design, ctx, this.params, this.params.penalty, this.params.l1Ratio);
  }
}
