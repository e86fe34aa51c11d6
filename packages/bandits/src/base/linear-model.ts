/**
 * The scikit-learn estimator contract for linear models, shared by every estimator of the package:
 * the constructor stores frozen parameters, `fit` validates them against a declarative table, prepares the
 * data (weights, intercept, standardisation) and calls the subclass's solver; fitted state is separate and
 * guarded; `getParams`, `withParams` (clone), `toJSON`/`fromJSON`, `score` (R²).
 *
 * @module
 */
import { invalidInput, invalidParam, notConverged, notFitted, shapeMismatch } from '../errors.js';
import { affine, type Design, prepare, unscale } from '../internal/design.js';
import {
  type MatrixLike,
  type Rows,
  toRows,
  toSampleWeight,
  toVector,
  type VectorLike,
} from '../internal/input.js';
import { encode, f64, type Json, num } from '../internal/json.js';
import { isCsr, prepareSparse, type SparseRows, sparseAffine, toSparseRows } from '../internal/sparse.js';
import { warnOnce } from '../internal/warn.js';
import { isPenalty, penaltyFromJSON } from '../penalties/index.js';
import type { PenaltySpec } from '../penalties/penalty.js';
import { type Constraints, checkParams } from './constraints.js';
import type { FitInfo } from './fit-info.js';

/** Options of `fit` and `score`. */
export interface FitOptions {
  /** Per-sample weights (non-negative, rescaled to sum to `n`). */
  sampleWeight?: VectorLike;
}

/** Parameters every linear estimator has. */
export interface BaseParams {
  /** Fit an unpenalised intercept (centre `X` and `y`). */
  fitIntercept: boolean;
}

/** JSON form of an estimator (`toJSON()`), read back by `fromJSON`. */
export interface EstimatorJSON {
  /** Always `'sparseland.estimator'`. */
  format: 'sparseland.estimator';
  /** Format version (1). */
  version: 1;
  /** Estimator class name, e.g. `'Lasso'`. */
  estimator: string;
  /** Parameters (penalties as `{ name, ...shape }`). */
  params: Record<string, Json>;
  /** Fitted state, or `null` before `fit`. */
  fitted: {
    /** Coefficients. */
    coef: Json[];
    /** Intercept. */
    intercept: Json;
    /** Columns seen by `fit`. */
    nFeaturesIn: number;
    /** The {@link FitInfo}. */
    info: Record<string, Json>;
    /** Subclass attributes (paths, CV results, posterior covariance, ...). */
    extra: Record<string, Json>;
  } | null;
}

/** What a subclass's solver (`fitDesign`) receives besides the prepared design. */
export interface FitContext {
  /** Validated rows of `X` (for a CSR design: its shape, with empty `data`; see `sparse`). */
  rows: Rows;
  /** @internal The CSR design, when `X` was one (only estimators with `acceptsSparse` see it). */
  sparse?: SparseRows | undefined;
  /** Validated target. */
  y: Float64Array;
  /** Weights rescaled to sum to n, if any. */
  sampleWeight: Float64Array | undefined;
  /** Function name for errors, e.g. `'Lasso.fit'`. */
  fn: string;
  /** Previous coefficients mapped to the prepared design's scale (only with `warmStart`). */
  warm: Float64Array | undefined;
}

/** What a subclass's solver (`fitDesign`) returns. */
export interface FitOutput {
  /** Coefficients on the prepared design (unscaled by the base class). */
  w: Float64Array;
  /** Solver diagnostics. */
  info: FitInfo;
  /** Extra fitted attributes, JSON-safe. */
  extra?: Record<string, Json>;
}

/** @internal */
interface LinearState {
  coef: Float64Array;
  intercept: number;
  nFeaturesIn: number;
  info: FitInfo;
  extra: Record<string, Json>;
}

/**
 * Base class of every linear estimator: `predict(X) = X·coef + intercept`.
 *
 * Subclasses pass their name, defaults and constraint table to `super` and implement `fitDesign`, which
 * receives the prepared (weighted, centred, column-major) design and returns coefficients on it; the base
 * class maps them back to the original columns and computes the intercept.
 *
 * @example
 * ```ts
 * interface RidgeParams { alpha: number; fitIntercept: boolean }
 * class Ridge extends LinearEstimator<RidgeParams> {
 *   static readonly defaults: RidgeParams = { alpha: 1, fitIntercept: true };
 *   constructor(p: Partial<RidgeParams> = {}) {
 *     super('Ridge', Ridge.defaults, { alpha: interval({ min: 0 }), fitIntercept: bool }, p);
 *   }
 *   protected fitDesign(design: Design): FitOutput {
 *     const w = solveRidge(design, this.params.alpha); // your solver
 *     return { w, info: { nIter: 1, converged: true, kktMax: 0, objective: [] } };
 *   }
 * }
 * registerEstimator('Ridge', Ridge); // lets estimatorFromJSON rebuild it
 * ```
 */
export abstract class LinearEstimator<P extends BaseParams> {
  /** The frozen parameters (defaults merged with what the constructor received). */
  readonly params: Readonly<P>;
  readonly #name: string;
  readonly #constraints: Constraints<P>;
  #state: LinearState | undefined;

  protected constructor(name: string, defaults: P, constraints: Constraints<P>, params: Partial<P>) {
    const merged: Record<string, unknown> = { ...(defaults as object) };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) merged[k] = v;
    this.params = Object.freeze(merged as unknown as P);
    this.#name = name;
    this.#constraints = constraints;
  }

  /** The estimator's class name (e.g. `'Lasso'`), used in messages and JSON. */
  get estimatorName(): string {
    return this.#name;
  }

  /** The constraint table checked at `fit`. */
  get constraints(): Constraints<P> {
    return this.#constraints;
  }

  /** Cross-parameter or data-dependent checks run after the table (override as needed). */
  protected validate(_rows: Rows, _fn: string): void {}

  /**
   * Whether `fit` takes a CSR design as it is (the solver must work on `design.sparse`); others reject
   * CSR with `INVALID_INPUT`. @internal
   */
  protected get acceptsSparse(): boolean {
    return false;
  }

  /** The solver: fits the prepared design. */
  protected abstract fitDesign(design: Design, ctx: FitContext): FitOutput;

  /**
   * Fits the model and returns `this`. Earlier fits are ignored unless the estimator has `warmStart: true`.
   *
   * @param X - Design `n × d`.
   * @param y - Target, length `n`.
   * @param opts.sampleWeight - Optional non-negative weights, rescaled to sum to `n`.
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM`, `…__INVALID_INPUT`,
   *   `…__SHAPE_MISMATCH`; `…__NOT_CONVERGED` when not converged and `strict: true`.
   */
  fit(X: MatrixLike, y: VectorLike, opts: FitOptions = {}): this {
    const fn = `${this.#name}.fit`;
    checkParams(this.params, this.#constraints, fn);
    const sparse = isCsr(X) && this.acceptsSparse ? toSparseRows(X, fn) : undefined;
    const rows = sparse ? { data: new Float64Array(0), rows: sparse.rows, cols: sparse.cols } : toRows(X, fn);
    if (rows.cols < 1) throw invalidInput(fn, 'X', 'have at least one column', 0);
    const t = toVector(y, fn, 'y', rows.rows, 'one target per row of X');
    const sw = toSampleWeight(opts.sampleWeight, rows.rows, fn);
    this.validate(rows, fn);
    const p = this.params as unknown as Record<string, unknown>;
    const prep = {
      fitIntercept: this.params.fitIntercept,
      standardize: p.standardize === true,
      sampleWeight: sw,
    };
    const design = sparse ? prepareSparse(sparse, t, prep) : prepare(rows, t, prep);
    let warm: Float64Array | undefined;
    if (p.warmStart === true && this.#state && this.#state.nFeaturesIn === rows.cols) {
      warm = Float64Array.from(this.#state.coef, (c, j) => c * design.xScale[j]!);
    }
    const out = this.fitDesign(design, { rows, sparse, y: t, sampleWeight: sw, fn, warm });
    const { coef, intercept } = unscale(design, out.w);
    this.#state = { coef, intercept, nFeaturesIn: rows.cols, info: out.info, extra: out.extra ?? {} };
    if (!out.info.converged) {
      const ctx = {
        estimator: this.#name,
        nIter: out.info.nIter,
        kktMax: out.info.kktMax,
        gap: out.info.gap ?? null,
        tol: typeof p.tol === 'number' ? p.tol : Number.NaN,
      };
      if (p.strict === true) throw notConverged(ctx);
      warnOnce(`${this.#name}:not-converged`, notConverged(ctx).message);
    }
    return this;
  }

  #fitted(member: string): LinearState {
    if (!this.#state) throw notFitted(this.#name, member);
    return this.#state;
  }

  /** Fitted coefficients (a copy), one per column of `X`. */
  get coef(): Float64Array {
    return Float64Array.from(this.#fitted('coef').coef);
  }

  /** Fitted intercept (0 with `fitIntercept: false`). */
  get intercept(): number {
    return this.#fitted('intercept').intercept;
  }

  /** Number of columns seen by `fit`. */
  get nFeaturesIn(): number {
    return this.#fitted('nFeaturesIn').nFeaturesIn;
  }

  /** Solver diagnostics of the last fit. */
  get info(): FitInfo {
    const i = this.#fitted('info').info;
    return { ...i, objective: i.objective.slice() };
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Extra fitted attributes of a subclass. @internal */
  protected extra(member: string): Record<string, Json> {
    return this.#fitted(member).extra;
  }

  /** Validated rows for `predict`-like methods. @internal */
  protected rowsFor(X: MatrixLike, method: string): Rows {
    const s = this.#fitted(method);
    const fn = `${this.#name}.${method}`;
    const rows = toRows(X, fn);
    if (rows.cols !== s.nFeaturesIn) {
      throw shapeMismatch(fn, 'X', `have ${s.nFeaturesIn} columns (as in fit)`, rows.cols);
    }
    return rows;
  }

  /**
   * Predictions `X·coef + intercept`.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__NOT_FITTED` before `fit`;
   *   `…__SHAPE_MISMATCH` when `X` has another column count than in `fit`.
   */
  predict(X: MatrixLike): Float64Array {
    if (isCsr(X)) {
      const s = this.#fitted('predict');
      const fn = `${this.#name}.predict`;
      const sp = toSparseRows(X, fn);
      if (sp.cols !== s.nFeaturesIn) {
        throw shapeMismatch(fn, 'X', `have ${s.nFeaturesIn} columns (as in fit)`, sp.cols);
      }
      return sparseAffine(sp, s.coef, s.intercept);
    }
    const rows = this.rowsFor(X, 'predict');
    const s = this.#state!;
    return affine(rows, s.coef, s.intercept);
  }

  /**
   * Coefficient of determination `R² = 1 − Σs(y − ŷ)²/Σs(y − ȳ)²` (1 for a perfect fit; 0 for a constant
   * `y` predicted imperfectly, as scikit-learn's `r2_score`).
   */
  score(X: MatrixLike, y: VectorLike, opts: FitOptions = {}): number {
    const pred = this.predict(X);
    const fn = `${this.#name}.score`;
    const t = toVector(y, fn, 'y', pred.length, 'one target per row of X');
    const sw = toSampleWeight(opts.sampleWeight, pred.length, fn);
    let mean = 0;
    for (let i = 0; i < t.length; i++) mean += (sw ? sw[i]! : 1) * t[i]!;
    mean /= t.length;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < t.length; i++) {
      const s = sw ? sw[i]! : 1;
      ssRes += s * (t[i]! - pred[i]!) ** 2;
      ssTot += s * (t[i]! - mean) ** 2;
    }
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  }

  /** A copy of the parameters. */
  getParams(): P {
    return { ...this.params };
  }

  /** A new, unfitted estimator of the same class with these parameters changed (scikit-learn's `clone`). */
  withParams(p: Partial<P>): this {
    const Ctor = this.constructor as new (params: Partial<P>) => this;
    return new Ctor({ ...this.params, ...p });
  }

  /** JSON form: parameters and, when fitted, the fitted state. */
  toJSON(): EstimatorJSON {
    const params: Record<string, Json> = {};
    for (const [k, v] of Object.entries(this.params))
      params[k] = isPenalty(v) ? (v.toJSON() as Json) : encode(v);
    const s = this.#state;
    return {
      format: 'sparseland.estimator',
      version: 1,
      estimator: this.#name,
      params,
      fitted: s
        ? {
            coef: encode(s.coef) as Json[],
            intercept: encode(s.intercept),
            nFeaturesIn: s.nFeaturesIn,
            info: encode(s.info) as Record<string, Json>,
            extra: s.extra,
          }
        : null,
    };
  }

  #restore(f: NonNullable<EstimatorJSON['fitted']>): void {
    const restored: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.info)) {
      if (k === 'converged') restored[k] = v === true;
      else if (k === 'objective') restored[k] = Array.from(f64(v));
      else restored[k] = num(v);
    }
    this.#state = {
      coef: f64(f.coef),
      intercept: num(f.intercept),
      nFeaturesIn: f.nFeaturesIn,
      info: restored as unknown as FitInfo,
      extra: f.extra,
    };
  }

  /**
   * Rebuilds an estimator of this class from `toJSON()` output (or its `JSON.parse`d string).
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` when `json` is not this class's JSON.
   */
  static fromJSON<T extends LinearEstimator<BaseParams>>(
    this: new (
      params: Record<string, unknown>,
    ) => T,
    json: EstimatorJSON | string,
  ): T {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as EstimatorJSON;
    if (j === null || typeof j !== 'object' || j.format !== 'sparseland.estimator') {
      throw invalidInput('fromJSON', 'json', "be the output of an estimator's toJSON()", typeof j);
    }
    const est = new this(decodeParams(j.params));
    if (est.estimatorName !== j.estimator) {
      throw invalidInput(
        `${est.estimatorName}.fromJSON`,
        'json.estimator',
        `be '${est.estimatorName}'`,
        j.estimator,
      );
    }
    if (j.fitted) est.#restore(j.fitted);
    return est;
  }
}

/** @internal */
export function decodeParams(params: Record<string, Json>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (k === 'penalty' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = penaltyFromJSON(v as unknown as PenaltySpec);
    } else if (typeof v === 'string' && (v === 'Infinity' || v === '-Infinity' || v === 'NaN')) {
      out[k] = num(v);
    } else out[k] = v;
  }
  return out;
}

/** Re-export for subclasses that validate extra parameters. @internal */
export { invalidParam };
