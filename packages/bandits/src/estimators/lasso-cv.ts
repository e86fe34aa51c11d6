import type { Constraints } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { f64, num } from '../internal/json.js';
import { CV_CONSTRAINTS, CV_DEFAULTS, type CvParams, crossValidate, cvExtra } from './cv-common.js';

/** Parameters of {@link LassoCV}. */
export type LassoCVParams = CvParams;

/**
 * Lasso with alpha chosen by K-fold cross-validation, as scikit-learn's `LassoCV`: the alpha grid comes
 * from the full data, each fold runs one warm-started path, the alpha with the smallest mean test MSE wins,
 * and the model is refitted on all data.
 *
 * @example
 * ```ts
 * const cv = new LassoCV({ cv: 5, nAlphas: 100 }).fit(X, y);
 * cv.alpha;     // the chosen alpha
 * cv.msePath;   // [alpha][fold] test MSE
 * cv.predict(X);
 * ```
 */
export class LassoCV extends LinearEstimator<LassoCVParams> {
  /** Defaults (scikit-learn's). */
  static readonly defaults: LassoCVParams = CV_DEFAULTS;
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<LassoCVParams> = CV_CONSTRAINTS;

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<LassoCVParams> = {}) {
    super('LassoCV', LassoCV.defaults, LassoCV.paramConstraints, params);
  }

  /** CSR designs are cross-validated as they are (folds of rows stay sparse). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    const o = crossValidate(design, ctx, this.params, [1]);
    return { ...o.fit, extra: cvExtra(o, false) };
  }

  /** The chosen alpha. */
  get alpha(): number {
    return num(this.extra('alpha').alpha);
  }

  /** The alpha grid, decreasing. */
  get alphas(): Float64Array {
    return f64(this.extra('alphas').alphas);
  }

  /** Test MSE per alpha (rows) and fold (columns). */
  get msePath(): Float64Array[] {
    return (this.extra('msePath').msePath as number[][]).map((r) => f64(r));
  }
}
