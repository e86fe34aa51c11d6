import type { Constraints } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { l1 } from '../penalties/l1.js';
import { CD_CONSTRAINTS, CD_DEFAULTS, type CdParams, fitCd } from './cd-common.js';

/** Parameters of {@link Lasso}. */
export type LassoParams = CdParams;

/**
 * The Lasso: `min (1/2n)‖y − Xw − b‖² + α‖w‖₁` by coordinate descent with working sets, gap-safe screening
 * and duality-gap stopping (scikit-learn's scaling and defaults).
 *
 * @example
 * ```ts
 * const X = [[1, 0], [0, 1], [1, 1], [2, 1]];
 * const model = new Lasso({ alpha: 0.1 }).fit(X, [1, 0, 1, 2]);
 * model.coef;        // Float64Array [~0.8, 0]
 * model.info.gap;    // ≤ 1e-4·‖y_c‖²/n
 * model.predict([[3, 0]]);
 * ```
 */
export class Lasso extends LinearEstimator<LassoParams> {
  /** Defaults (scikit-learn's). */
  static readonly defaults: LassoParams = CD_DEFAULTS;
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<LassoParams> = CD_CONSTRAINTS;

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<LassoParams> = {}) {
    super('Lasso', Lasso.defaults, Lasso.paramConstraints, params);
  }

  /** CSR designs are fitted as they are (sparse column kernels). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    return fitCd(design, ctx, this.params, l1(), 1);
  }
}
