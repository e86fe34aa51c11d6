import { bool, type Constraints, integer } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import { f64 } from '../internal/json.js';
import { enetCertificate } from '../solvers/certificates.js';
import { lars } from '../solvers/lars.js';

/** Parameters of {@link Lars}. */
export interface LarsParams {
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Number of LARS steps, i.e. active features (default 500). */
  nNonzeroCoefs: number;
  /** Keep the path (`alphas`, `coefPath`; default true). */
  fitPath: boolean;
}

/**
 * Least angle regression (scikit-learn's `Lars`): `nNonzeroCoefs` LARS steps, each moving the active
 * coefficients along the equiangular direction until another feature is as correlated with the residual.
 *
 * @example
 * ```ts
 * const m = new Lars({ nNonzeroCoefs: 5 }).fit(X, y);
 * m.active;   // the five features in entry order
 * ```
 */
export class Lars extends LinearEstimator<LarsParams> {
  /** Defaults (scikit-learn's, with `normalize=False`). */
  static readonly defaults: LarsParams = { fitIntercept: true, nNonzeroCoefs: 500, fitPath: true };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<LarsParams> = {
    fitIntercept: bool,
    nNonzeroCoefs: integer(1),
    fitPath: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<LarsParams> = {}) {
    super('Lars', Lars.defaults, Lars.paramConstraints, params);
  }

  protected fitDesign(design: Design, _ctx: FitContext): FitOutput {
    const p = this.params;
    const res = lars(design, { method: 'lar', maxIter: p.nNonzeroCoefs, alphaMin: 0, positive: false });
    const w = res.coefs[res.coefs.length - 1]!;
    const last = res.alphas[res.alphas.length - 1]!;
    const cert = enetCertificate(design.X, design.n, design.d, design.y, w, last, 1);
    return {
      w,
      info: { nIter: res.nIter, converged: true, kktMax: cert.kktMax, objective: [cert.objective] },
      extra: {
        alphas: p.fitPath ? res.alphas : [last],
        active: res.active,
        coefPath: p.fitPath ? res.coefs.map((c) => Array.from(c, (v, j) => v / design.xScale[j]!)) : [],
      },
    };
  }

  /** Knots (`1/n` scale) of the path. */
  get alphas(): Float64Array {
    return f64(this.extra('alphas').alphas);
  }

  /** Active features in entry order. */
  get active(): number[] {
    return (this.extra('active').active as number[]).slice();
  }

  /** Coefficients at each knot (empty with `fitPath: false`). */
  get coefPath(): Float64Array[] {
    return (this.extra('coefPath').coefPath as number[][]).map((c) => f64(c));
  }
}
