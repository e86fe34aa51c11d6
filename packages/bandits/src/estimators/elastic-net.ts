import { type Constraints, interval } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { l1 } from '../penalties/l1.js';
import { CD_CONSTRAINTS, CD_DEFAULTS, type CdParams, fitCd } from './cd-common.js';

/** Parameters of {@link ElasticNet}. */
export interface ElasticNetParams extends CdParams {
  /** Mixing `ρ ∈ [0, 1]`: `αρ‖w‖₁ + (α(1−ρ)/2)‖w‖²` (default 0.5). */
  l1Ratio: number;
}

/**
 * ElasticNet: `min (1/2n)‖y − Xw − b‖² + αρ‖w‖₁ + (α(1−ρ)/2)‖w‖²`, `ρ = l1Ratio`, by coordinate descent
 * (scikit-learn's scaling and defaults).
 *
 * @example
 * ```ts
 * const model = new ElasticNet({ alpha: 0.1, l1Ratio: 0.5 }).fit([[1, 0], [0, 1], [1, 1]], [1, 0, 1]);
 * model.coef; // shrunk towards 0, first coefficient positive
 * ```
 */
export class ElasticNet extends LinearEstimator<ElasticNetParams> {
  /** Defaults (scikit-learn's). */
  static readonly defaults: ElasticNetParams = { ...CD_DEFAULTS, l1Ratio: 0.5 };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<ElasticNetParams> = {
    ...CD_CONSTRAINTS,
    l1Ratio: interval({ min: 0, max: 1 }),
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<ElasticNetParams> = {}) {
    super('ElasticNet', ElasticNet.defaults, ElasticNet.paramConstraints, params);
  }

  /** CSR designs are fitted as they are (sparse column kernels). */
  protected override get acceptsSparse(): boolean {
    return true;
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    return fitCd(design, ctx, this.params, l1(), this.params.l1Ratio);
  }
}
