import { bool, type Constraints, integer, interval } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { f64 } from '../internal/json.js';
import { enetCertificate } from '../solvers/certificates.js';
import { lars } from '../solvers/lars.js';

/** Parameters of {@link LassoLars}. */
export interface LassoLarsParams {
  /** Lasso penalty `α ≥ 0` (default 1). */
  alpha: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Maximum LARS steps (default 500). */
  maxIter: number;
  /** Only positive coefficients (default false). */
  positive: boolean;
  /** Keep the path up to `alpha` (`alphas`, `coefPath`, `active`; default true). */
  fitPath: boolean;
  /** Throw `NOT_CONVERGED` if `maxIter` stops the path before `alpha` (default false). */
  strict: boolean;
}

/**
 * The Lasso solved exactly by the LARS homotopy (scikit-learn's `LassoLars`): follows the piecewise-linear
 * path from `alphaMax` down to `alpha` and interpolates the last segment.
 *
 * @example
 * ```ts
 * const m = new LassoLars({ alpha: 0.01 }).fit(X, y);
 * m.coef;      // equals Lasso({ alpha: 0.01 }) up to the CD tolerance
 * m.alphas;    // knots down to 0.01
 * m.active;    // active features at alpha
 * ```
 */
export class LassoLars extends LinearEstimator<LassoLarsParams> {
  /** Defaults (scikit-learn's, with `normalize=False`). */
  static readonly defaults: LassoLarsParams = {
    alpha: 1,
    fitIntercept: true,
    maxIter: 500,
    positive: false,
    fitPath: true,
    strict: false,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<LassoLarsParams> = {
    alpha: interval({ min: 0 }),
    fitIntercept: bool,
    maxIter: integer(1),
    positive: bool,
    fitPath: bool,
    strict: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<LassoLarsParams> = {}) {
    super('LassoLars', LassoLars.defaults, LassoLars.paramConstraints, params);
  }

  protected fitDesign(design: Design, _ctx: FitContext): FitOutput {
    const p = this.params;
    const res = lars(design, {
      method: 'lasso',
      maxIter: p.maxIter,
      alphaMin: p.alpha,
      positive: p.positive,
    });
    const w = res.coefs[res.coefs.length - 1]!;
    const cert = enetCertificate(design.X, design.n, design.d, design.y, w, p.alpha, 1, p.positive);
    const info: FitOutput['info'] = {
      nIter: res.nIter,
      converged: res.complete,
      kktMax: cert.kktMax,
      objective: [cert.objective],
    };
    if (Number.isFinite(cert.gap)) info.gap = cert.gap;
    const extra = p.fitPath
      ? {
          alphas: res.alphas,
          active: res.active,
          coefPath: res.coefs.map((c) => Array.from(c, (v, j) => v / design.xScale[j]!)),
        }
      : { alphas: [res.alphas[res.alphas.length - 1]!], active: res.active, coefPath: [] };
    return { w, info, extra };
  }

  /** Knots of the path down to `alpha` (the last one; only the last with `fitPath: false`). */
  get alphas(): Float64Array {
    return f64(this.extra('alphas').alphas);
  }

  /** Active features at `alpha`, in entry order. */
  get active(): number[] {
    return (this.extra('active').active as number[]).slice();
  }

  /** Coefficients at each knot (empty with `fitPath: false`). */
  get coefPath(): Float64Array[] {
    return (this.extra('coefPath').coefPath as number[][]).map((c) => f64(c));
  }
}
