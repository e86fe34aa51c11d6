import { bool, type Constraints, integer, interval, oneOf } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import type { MatrixLike } from '../internal/input.js';
import { f64, num } from '../internal/json.js';
import { colDot, residual } from '../internal/linalg.js';
import { ard } from '../solvers/ard.js';

/** Parameters of {@link ARDRegression} (scikit-learn 1.2's names, camelCased; `n_iter` is `maxIter`). */
export interface ARDRegressionParams {
  /** Maximum iterations (default 300). */
  maxIter: number;
  /** Stop when `Σ|Δμ| < tol` (default 1e-3). */
  tol: number;
  /** Gamma shape of the noise-precision prior (default 1e-6). */
  alpha1: number;
  /** Gamma rate of the noise-precision prior (default 1e-6). */
  alpha2: number;
  /** Gamma shape of the weight-precision priors (default 1e-6). */
  lambda1: number;
  /** Gamma rate of the weight-precision priors (default 1e-6). */
  lambda2: number;
  /** Prune weights whose precision reaches this (default 1e4). */
  thresholdLambda: number;
  /** `'mackay'` fixed-point updates (scikit-learn's) or `'em'` (`λ_i = 1/(μ_i² + Σ_ii)`; default `'mackay'`). */
  update: 'mackay' | 'em';
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Throw `NOT_CONVERGED` at the iteration cap instead of warning once (default false). */
  strict: boolean;
}

/**
 * Automatic relevance determination regression (sparse Bayesian learning), scikit-learn's
 * `ARDRegression` updates: a Gaussian prior per weight with its own precision, learnt by type-II maximum
 * likelihood; irrelevant weights' precisions diverge and they are pruned.
 *
 * @example
 * ```ts
 * const m = new ARDRegression().fit(X, y);
 * m.coef;                // sparse posterior mean
 * m.predictStd(X);       // predictive standard deviations
 * m.noisePrecision;      // β (scikit-learn's alpha_)
 * ```
 */
export class ARDRegression extends LinearEstimator<ARDRegressionParams> {
  /** Defaults (scikit-learn 1.2's). */
  static readonly defaults: ARDRegressionParams = {
    maxIter: 300,
    tol: 1e-3,
    alpha1: 1e-6,
    alpha2: 1e-6,
    lambda1: 1e-6,
    lambda2: 1e-6,
    thresholdLambda: 1e4,
    update: 'mackay',
    fitIntercept: true,
    strict: false,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<ARDRegressionParams> = {
    maxIter: integer(1),
    tol: interval({ min: 0 }),
    alpha1: interval({ min: 0 }),
    alpha2: interval({ min: 0 }),
    lambda1: interval({ min: 0 }),
    lambda2: interval({ min: 0 }),
    thresholdLambda: interval({ gt: 0 }),
    update: oneOf(['mackay', 'em']),
    fitIntercept: bool,
    strict: bool,
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<ARDRegressionParams> = {}) {
    super('ARDRegression', ARDRegression.defaults, ARDRegression.paramConstraints, params);
  }

  protected fitDesign(design: Design, _ctx: FitContext): FitOutput {
    const res = ard(design, this.params);
    const { n, d, X, y, colSq } = design;
    // stationarity of the posterior mean: x_jᵀr = (λ_j/β)μ_j on the kept features, scaled
    const r = residual(X, n, d, y, res.w);
    const ny = Math.sqrt(y.reduce((a, v) => a + v * v, 0)) || 1;
    let kktMax = 0;
    for (const j of res.kept) {
      const v = Math.abs(colDot(X, n, j, r) - (res.lambda[j]! / res.beta) * res.w[j]!);
      if (colSq[j]! > 0) kktMax = Math.max(kktMax, v / (Math.sqrt(colSq[j]!) * ny));
    }
    return {
      w: res.w,
      info: { nIter: res.nIter, converged: res.converged, kktMax, objective: res.objective },
      extra: {
        noisePrecision: res.beta,
        lambda: Array.from(res.lambda),
        kept: res.kept,
        sigma: Array.from(res.sigma),
      },
    };
  }

  /** Noise precision β (scikit-learn's `alpha_`). */
  get noisePrecision(): number {
    return num(this.extra('noisePrecision').noisePrecision);
  }

  /** Weight precisions λ, one per feature (scikit-learn's `lambda_`). */
  get weightPrecisions(): Float64Array {
    return f64(this.extra('weightPrecisions').lambda);
  }

  /** Features kept (`λ < thresholdLambda`). */
  get kept(): number[] {
    return (this.extra('kept').kept as number[]).slice();
  }

  /** Posterior covariance of the kept features (rows; scikit-learn's `sigma_`). */
  get sigma(): Float64Array[] {
    const k = this.kept.length;
    const flat = f64(this.extra('sigma').sigma);
    return Array.from({ length: k }, (_, a) => flat.slice(a * k, (a + 1) * k));
  }

  /**
   * Predictive standard deviations `√(x_Kᵀ Σ x_K + 1/β)`, with `x_K` the kept columns of the rows as given
   * (as scikit-learn's `predict(X, return_std=True)`).
   */
  predictStd(X: MatrixLike): Float64Array {
    const rows = this.rowsFor(X, 'predictStd');
    const kept = this.kept;
    const k = kept.length;
    const S = f64(this.extra('sigma').sigma);
    const beta = this.noisePrecision;
    const out = new Float64Array(rows.rows);
    for (let i = 0; i < rows.rows; i++) {
      const x = kept.map((j) => rows.data[i * rows.cols + j]!);
      let q = 0;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) q += x[a]! * S[a * k + b]! * x[b]!;
      out[i] = Math.sqrt(q + 1 / beta);
    }
    return out;
  }
}
