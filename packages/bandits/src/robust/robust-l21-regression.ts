/**
 * Robust ℓ2,1-loss regression (spec §10).
 *
 * @module
 */
import { bool, type Constraint, checkParams, integer, interval, nullable } from '../base/constraints.js';
import { notFitted, shapeMismatch } from '../errors.js';
import { SparseLinearRegression } from '../estimators/sparse-linear-regression.js';
import { type MatrixLike, type Rows, toRows, toVector, type VectorLike } from '../internal/input.js';
import { cholesky, cholSolve } from '../internal/linalg.js';
import { isPenalty } from '../penalties/index.js';
import type { Penalty } from '../penalties/penalty.js';

/** Parameters of {@link RobustL21Regression}. */
export interface RobustL21RegressionParams {
  /** Regularisation strength `α ≥ 0` (default 0.01). */
  alpha: number;
  /**
   * `'l21'`: row sparsity `α Σ_j ‖w^j‖₂` across outputs (joint feature selection, Nie et al. 2010), solved
   * in closed form per step; or a separable penalty (`l1()`, `mcp()`, …) applied per output and solved by
   * the coordinate-descent engine with sample weights. Default `'l21'`.
   */
  penalty: 'l21' | Penalty;
  /** Smoothing `ε₀` of the reweighting: `D_ii = 1/(2 max(‖e_i‖, ε₀))` (default 1e-6). */
  epsilon: number;
  /** Reweighting steps (default 100). */
  maxIter: number;
  /** Stop when the smoothed objective improves by less than `tol` relative (default 1e-8). */
  tol: number;
  /** Fit an unpenalised intercept per output (default true). */
  fitIntercept: boolean;
  /** Non-negative coefficients (separable penalties only; default false). */
  positive: boolean;
  /** Sum-to-one constraint by the augmentation `[X; δ1ᵀ]`, `[Y; δ]` (unmixing), or `null` (default). */
  sumToOne: number | null;
}

const PENALTY: Constraint = {
  expected: "be 'l21' or a penalty object (l1(), mcp(), …)",
  invalid: ['l2', 3],
  check: (v) => v === 'l21' || isPenalty(v),
};

/** Diagnostics of a fit. */
export interface RobustL21Info {
  /** Reweighting steps run. */
  nIter: number;
  /** Whether the objective settled within `tol`. */
  converged: boolean;
  /**
   * Smoothed objective after each step: `(1/n)Σ_i h(‖e_i‖) + α·pen(W)`, `h(t) = t` for `t ≥ ε₀` and
   * `t²/(2ε₀) + ε₀/2` below (for `'l21'`, `pen = Σ_j h(‖w^j‖)`). Non-increasing for `'l21'` and convex penalties.
   */
  objective: number[];
}

/**
 * Regression with the robust loss `‖Y − XW‖_{2,1} = Σ_i ‖y_i − x_iᵀW‖₂` (one outlying row costs linearly,
 * not quadratically) and a row-sparse `α‖W‖_{2,1}` or separable penalty, by iteratively reweighted least
 * squares: `D_ii = 1/(2 max(‖e_i‖, ε₀))`, `G_jj = 1/(2 max(‖w^j‖, ε₀))`, `W ← (XᵀDX/n + αG)⁻¹XᵀDY/n`
 * (Nie, Huang, Cai, Ding 2010); with a separable penalty each step is the coordinate-descent engine with
 * sample weights `D`. One output and `l1()` is the LAD-Lasso. For unmixing (rows = bands, columns =
 * endmembers, outputs = pixels) use `positive: true`, `sumToOne: δ`, `fitIntercept: false`. With
 * `'l21'`, reweighting shrinks unselected rows towards zero without making them exactly zero (rows of
 * norm ≲ ε₀·100 are unselected); separable penalties give exact zeros. Our
 * reconstruction of spec §10 (unconfirmed against Zhu et al.'s unmixing variant).
 *
 * @example
 * ```ts
 * const m = new RobustL21Regression({ alpha: 0.01 }).fit(X, Y); // Y: n × m (or a vector)
 * m.coef;          // d × m, row-major (a d-vector for one output)
 * m.predict(Xnew);
 * m.info.objective;
 * ```
 */
export class RobustL21Regression {
  /** Defaults. */
  static readonly defaults: RobustL21RegressionParams = {
    alpha: 0.01,
    penalty: 'l21',
    epsilon: 1e-6,
    maxIter: 100,
    tol: 1e-8,
    fitIntercept: true,
    positive: false,
    sumToOne: null,
  };
  /** Parameters. */
  readonly params: Readonly<RobustL21RegressionParams>;
  #fit: { coef: Float64Array; intercept: Float64Array; d: number; m: number; info: RobustL21Info } | null =
    null;

  /** Stores the parameters (validated at `fit`). */
  constructor(params: Partial<RobustL21RegressionParams> = {}) {
    const p: Record<string, unknown> = { ...RobustL21Regression.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) p[k] = v;
    this.params = Object.freeze(p as unknown as RobustL21RegressionParams);
  }

  /**
   * Fits `Y ≈ XW + 1bᵀ`.
   *
   * @param Y - Targets: a vector (one output) or an `n × m` matrix.
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM`, `…__INVALID_INPUT`, `…__SHAPE_MISMATCH`.
   */
  fit(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    const fn = 'RobustL21Regression.fit';
    checkParams(
      this.params,
      {
        alpha: interval({ min: 0 }),
        penalty: PENALTY,
        epsilon: interval({ gt: 0 }),
        maxIter: integer(1),
        tol: interval({ gt: 0 }),
        fitIntercept: bool,
        positive: bool,
        sumToOne: nullable(interval({ gt: 0 })),
      },
      fn,
    );
    let rows = toRows(X, fn);
    let T = targets(Y, fn, rows.rows);
    const p = this.params;
    if (p.positive && p.penalty === 'l21') {
      throw shapeMismatch(fn, 'positive', "be used with a separable penalty (not 'l21')", true);
    }
    if (p.sumToOne !== null) {
      const delta = p.sumToOne;
      const d = rows.cols;
      const data = new Float64Array((rows.rows + 1) * d);
      data.set(rows.data);
      data.fill(delta, rows.rows * d);
      rows = { data, rows: rows.rows + 1, cols: d };
      const t = new Float64Array((T.rows + 1) * T.cols);
      t.set(T.data);
      t.fill(delta, T.rows * T.cols);
      T = { data: t, rows: T.rows + 1, cols: T.cols };
    }
    this.#fit = p.penalty === 'l21' ? this.#fitL21(rows, T) : this.#fitSeparable(rows, T, p.penalty, fn);
    return this;
  }

  #objective(
    rows: Rows,
    T: Rows,
    W: Float64Array,
    b: Float64Array,
    pen: (W: Float64Array) => number,
  ): number {
    const { rows: n, cols: d, data } = rows;
    const m = T.cols;
    const eps = this.params.epsilon;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let e2 = 0;
      for (let k = 0; k < m; k++) {
        let s = T.data[i * m + k]! - b[k]!;
        for (let j = 0; j < d; j++) s -= data[i * d + j]! * W[j * m + k]!;
        e2 += s * s;
      }
      loss += huber(Math.sqrt(e2), eps);
    }
    return loss / n + this.params.alpha * pen(W);
  }

  #residualWeights(rows: Rows, T: Rows, W: Float64Array, b: Float64Array): Float64Array {
    const { rows: n, cols: d, data } = rows;
    const m = T.cols;
    const D = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let e2 = 0;
      for (let k = 0; k < m; k++) {
        let s = T.data[i * m + k]! - b[k]!;
        for (let j = 0; j < d; j++) s -= data[i * d + j]! * W[j * m + k]!;
        e2 += s * s;
      }
      D[i] = 1 / (2 * Math.max(Math.sqrt(e2), this.params.epsilon));
    }
    return D;
  }

  #fitL21(rows: Rows, T: Rows) {
    const { rows: n, cols: d, data } = rows;
    const m = T.cols;
    const { alpha, epsilon: eps, maxIter, tol, fitIntercept } = this.params;
    const q = d + (fitIntercept ? 1 : 0); // augmented with a column of ones
    const xa = (i: number, j: number): number => (j < d ? data[i * d + j]! : 1);
    const rowPen = (W: Float64Array): number => {
      let s = 0;
      for (let j = 0; j < d; j++) {
        let r2 = 0;
        for (let k = 0; k < m; k++) r2 += W[j * m + k]! ** 2;
        s += huber(Math.sqrt(r2), eps);
      }
      return s;
    };
    let W = new Float64Array(d * m);
    let b = new Float64Array(m);
    // the first step is least squares (unit weights, no penalty); the reweighted steps follow
    const G = new Float64Array(d);
    const objective: number[] = [];
    let converged = false;
    let it = 0;
    let D: Float64Array = new Float64Array(n).fill(1);
    for (; it < maxIter; it++) {
      // (XᵀDX/n + αG) Wa = XᵀDY/n on the augmented design
      const M = new Float64Array(q * q);
      const R = new Float64Array(q * m);
      for (let i = 0; i < n; i++) {
        const di = D[i]! / n;
        for (let a = 0; a < q; a++) {
          const xia = xa(i, a) * di;
          if (xia === 0) continue;
          for (let c = 0; c <= a; c++) M[a * q + c] = M[a * q + c]! + xia * xa(i, c);
          for (let k = 0; k < m; k++) R[a * m + k] = R[a * m + k]! + xia * T.data[i * m + k]!;
        }
      }
      for (let a = 0; a < q; a++) for (let c = 0; c < a; c++) M[c * q + a] = M[a * q + c]!;
      let tr = 0;
      for (let a = 0; a < q; a++) tr += M[a * q + a]!;
      for (let j = 0; j < d; j++) M[j * q + j] = M[j * q + j]! + alpha * G[j]!;
      let L = cholesky(M, q);
      for (let bump = 1e-12 * (tr / q || 1); !L && bump < 1e300; bump *= 10) {
        const Mb = Float64Array.from(M);
        for (let a = 0; a < q; a++) Mb[a * q + a] = Mb[a * q + a]! + bump;
        L = cholesky(Mb, q);
      }
      const Wn = new Float64Array(d * m);
      const bn = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const col = Float64Array.from({ length: q }, (_, a) => R[a * m + k]!);
        const sol = cholSolve(L!, q, col);
        for (let j = 0; j < d; j++) Wn[j * m + k] = sol[j]!;
        if (fitIntercept) bn[k] = sol[d]!;
      }
      W = Wn;
      b = bn;
      const obj = this.#objective(rows, T, W, b, rowPen);
      objective.push(obj);
      D = this.#residualWeights(rows, T, W, b);
      for (let j = 0; j < d; j++) {
        let r2 = 0;
        for (let k = 0; k < m; k++) r2 += W[j * m + k]! ** 2;
        G[j] = 1 / (2 * Math.max(Math.sqrt(r2), eps));
      }
      const prev = objective[objective.length - 2];
      if (prev !== undefined && Math.abs(prev - obj) <= tol * Math.max(Math.abs(prev), 1e-300)) {
        converged = true;
        it++;
        break;
      }
    }
    return { coef: W, intercept: b, d, m, info: { nIter: it, converged, objective } };
  }

  #fitSeparable(rows: Rows, T: Rows, penalty: Penalty, _fn: string) {
    const { rows: n, cols: d, data } = rows;
    const m = T.cols;
    const { alpha, maxIter, tol, fitIntercept, positive } = this.params;
    const pen = (W: Float64Array): number => {
      let s = 0;
      for (let j = 0; j < d; j++)
        for (let k = 0; k < m; k++) if (W[j * m + k] !== 0) s += penalty.value(W[j * m + k]!, 1, 1);
      return s;
    };
    let W = new Float64Array(d * m);
    let b = new Float64Array(m);
    const X = { data, rows: n, cols: d };
    let D: Float64Array = new Float64Array(n).fill(1);
    const objective: number[] = [];
    let converged = false;
    let it = 0;
    for (; it < maxIter; it++) {
      let sumD = 0;
      for (const v of D) sumD += v;
      // (1/n)Σ D_i r_i² + α pen  ⇔  (1/2n)Σ s_i r_i² + α' pen with s = n·D/ΣD, α' = α·n/(2ΣD)
      const a2 = (alpha * n) / (2 * sumD);
      const Wn = new Float64Array(d * m);
      const bn = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const yk = Float64Array.from({ length: n }, (_, i) => T.data[i * m + k]!);
        const est = new SparseLinearRegression({
          alpha: a2,
          penalty,
          fitIntercept,
          positive,
          tol: 1e-10,
          maxIter: 10_000,
        });
        est.fit(X, yk, { sampleWeight: D });
        const c = est.coef;
        for (let j = 0; j < d; j++) Wn[j * m + k] = c[j]!;
        bn[k] = est.intercept;
      }
      W = Wn;
      b = bn;
      objective.push(this.#objective(rows, T, W, b, pen));
      D = this.#residualWeights(rows, T, W, b);
      const L = objective.length;
      if (L > 1 && Math.abs(objective[L - 2]! - objective[L - 1]!) <= tol * Math.abs(objective[L - 2]!)) {
        converged = true;
        it++;
        break;
      }
    }
    return { coef: W, intercept: b, d, m, info: { nIter: it, converged, objective } };
  }

  /** Coefficients: `d × m` row-major (a `d`-vector for one output). */
  get coef(): Float64Array {
    if (!this.#fit) throw notFitted('RobustL21Regression', 'coef');
    return Float64Array.from(this.#fit.coef);
  }

  /** Intercepts, one per output. */
  get intercept(): Float64Array {
    if (!this.#fit) throw notFitted('RobustL21Regression', 'intercept');
    return Float64Array.from(this.#fit.intercept);
  }

  /** Diagnostics. */
  get info(): RobustL21Info {
    if (!this.#fit) throw notFitted('RobustL21Regression', 'info');
    return { ...this.#fit.info, objective: this.#fit.info.objective.slice() };
  }

  /** `XW + 1bᵀ`: `n × m` row-major (an `n`-vector for one output). */
  predict(X: MatrixLike): Float64Array {
    const f = this.#fit;
    if (!f) throw notFitted('RobustL21Regression', 'predict');
    const rows = toRows(X, 'RobustL21Regression.predict');
    if (rows.cols !== f.d)
      throw shapeMismatch('RobustL21Regression.predict', 'X', `have ${f.d} columns`, rows.cols);
    const out = new Float64Array(rows.rows * f.m);
    for (let i = 0; i < rows.rows; i++) {
      for (let k = 0; k < f.m; k++) {
        let s = f.intercept[k]!;
        for (let j = 0; j < f.d; j++) s += rows.data[i * f.d + j]! * f.coef[j * f.m + k]!;
        out[i * f.m + k] = s;
      }
    }
    return out;
  }
}

function huber(t: number, eps: number): number {
  return t >= eps ? t : (t * t) / (2 * eps) + eps / 2;
}

function targets(Y: MatrixLike | VectorLike, fn: string, n: number): Rows {
  const isMatrix =
    (Array.isArray(Y) && Array.isArray(Y[0])) ||
    (typeof Y === 'object' && Y !== null && 'rows' in Y && 'cols' in Y && !('rank' in Y)) ||
    (typeof Y === 'object' &&
      Y !== null &&
      'rank' in Y &&
      (Y as { rank: number }).rank === 2 &&
      (Y as unknown as { shape: number[] }).shape[1] !== 1);
  if (isMatrix) {
    const r = toRows(Y as MatrixLike, fn, 'Y');
    if (r.rows !== n) throw shapeMismatch(fn, 'Y', `have ${n} rows (as X)`, r.rows);
    return r;
  }
  const v = toVector(Y as VectorLike, fn, 'Y', n, 'one target per row of X');
  return { data: v, rows: n, cols: 1 };
}
