import { anyOf, arrayOf, type Constraints, interval } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { f64, num } from '../internal/json.js';
import { CV_CONSTRAINTS, CV_DEFAULTS, type CvParams, crossValidate, cvExtra } from './cv-common.js';

/** Parameters of {@link ElasticNetCV}. */
export interface ElasticNetCVParams extends CvParams {
  /** One mixing ratio or several to search (each `∈ (0, 1]`; default 0.5). */
  l1Ratio: number | number[];
}

/**
 * ElasticNet with alpha (and optionally l1Ratio) chosen by K-fold cross-validation, as scikit-learn's
 * `ElasticNetCV`: one alpha grid per l1Ratio from the full data, one warm path per fold and ratio, the pair
 * with the smallest mean test MSE wins, refit on all data.
 *
 * @example
 * ```ts
 * const cv = new ElasticNetCV({ l1Ratio: [0.2, 0.5, 0.9] }).fit(X, y);
 * [cv.alpha, cv.l1Ratio];
 * ```
 */
export class ElasticNetCV extends LinearEstimator<ElasticNetCVParams> {
  /** Defaults (scikit-learn's). */
  static readonly defaults: ElasticNetCVParams = { ...CV_DEFAULTS, l1Ratio: 0.5 };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<ElasticNetCVParams> = {
    ...CV_CONSTRAINTS,
    l1Ratio: anyOf(interval({ gt: 0, max: 1 }), arrayOf(interval({ gt: 0, max: 1 }))),
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<ElasticNetCVParams> = {}) {
    super('ElasticNetCV', ElasticNetCV.defaults, ElasticNetCV.paramConstraints, params);
  }

  /** CSR designs are cross-validated as they are (folds of rows stay sparse). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    const ratios = Array.isArray(this.params.l1Ratio) ? this.params.l1Ratio : [this.params.l1Ratio];
    const o = crossValidate(design, ctx, this.params, ratios);
    return { ...o.fit, extra: cvExtra(o, true) };
  }

  /** The chosen alpha. */
  get alpha(): number {
    return num(this.extra('alpha').alpha);
  }

  /** The chosen l1Ratio. */
  get l1Ratio(): number {
    return num(this.extra('l1Ratio').l1Ratio);
  }

  /** The alpha grid of each l1Ratio, decreasing. */
  get alphas(): Float64Array[] {
    return (this.extra('alphas').alphas as number[][]).map((a) => f64(a));
  }

  /** Test MSE indexed `[l1Ratio][alpha][fold]`. */
  get msePath(): Float64Array[][] {
    return (this.extra('msePath').msePath as number[][][]).map((m) => m.map((r) => f64(r)));
  }
}
