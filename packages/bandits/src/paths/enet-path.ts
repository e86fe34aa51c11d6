/**
 * Regularisation paths by warm-started coordinate descent (spec §3.2).
 *
 * @module
 */
import { random } from '@sparseland/core';
import {
  anyOf,
  bool,
  type Constraints,
  checkParams,
  integer,
  interval,
  nullable,
  oneOf,
} from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import { type Design, prepare, unscale } from '../internal/design.js';
import {
  type MatrixLike,
  type Rows,
  toRows,
  toSampleWeight,
  toVector,
  type VectorLike,
} from '../internal/input.js';
import { colDot, residual } from '../internal/linalg.js';
import { recycleSession, sessionOf } from '../internal/simd.js';
import { isCsr, prepareSparse, sparseKernels, toSparseRows } from '../internal/sparse.js';
import { isPenalty } from '../penalties/index.js';
import { l1 } from '../penalties/l1.js';
import type { Penalty } from '../penalties/penalty.js';
import { coordinateDescent, type Screening, sessionFor } from '../solvers/cd.js';
import { cdLazyGram, type LazyGram, lazyGram } from '../solvers/cd-lazy-gram.js';

/** Options of {@link enetPath} and {@link lassoPath}. */
export interface PathOptions {
  /** ElasticNet mixing `ρ ∈ (0, 1]` (default 1 for `lassoPath`, 0.5 for `enetPath`). */
  l1Ratio?: number;
  /** `alphaMin = eps·alphaMax` (default 1e-3). */
  eps?: number;
  /** Number of log-spaced alphas (default 100). */
  nAlphas?: number;
  /** Explicit alphas (sorted decreasing before use); overrides `eps` and `nAlphas`. */
  alphas?: readonly number[] | Float64Array | null;
  /** Centre `X` and `y` (default false: like scikit-learn's `lasso_path`, the data are used as given). */
  fitIntercept?: boolean;
  /** Scale columns to unit variance (default false). */
  standardize?: boolean;
  /** Per-sample weights (rescaled to sum to n). */
  sampleWeight?: VectorLike;
  /** Coefficients `≥ 0` (default false). */
  positive?: boolean;
  /** Epochs per alpha (default 1000). */
  maxIter?: number;
  /** Relative tolerance (default 1e-4). */
  tol?: number;
  /** Screening (default `'gap'`; `'strong'` uses the sequential strong rule along the path). */
  screening?: Screening;
  /** Working sets (default true). */
  workingSet?: boolean;
  /** Anderson acceleration (default `'anderson'`). */
  accel?: 'anderson' | 'none';
  /** Coordinate order (default `'cyclic'`). */
  selection?: 'cyclic' | 'random';
  /** Seed for `'random'` selection (default 0). */
  seed?: number;
  /** A non-convex penalty for the path (default ℓ1). */
  penalty?: Penalty;
  /**
   * Gram columns for dense designs (default `'auto'`: when `n > d`, like scikit-learn's `precompute='auto'`, for ℓ1 /
   * ElasticNet with cyclic selection). Columns of `XᵀX` are computed only for features that leave 0, and
   * the path moves to the residual engine for good once the support grows by more than a few features
   * per alpha (each column costs one pass over `X`). `false` never uses them; `true` uses them whatever the
   * shape (still ℓ1 / ElasticNet with cyclic selection).
   */
  precompute?: 'auto' | boolean;
}

/** A regularisation path. */
export interface PathResult {
  /** Alphas, decreasing. */
  alphas: Float64Array;
  /** Coefficients at each alpha (on the original columns). */
  coefs: Float64Array[];
  /** Intercepts at each alpha (zeros unless `fitIntercept`). */
  intercepts: Float64Array;
  /** Duality gaps in the `1/(2n)` scale (NaN for non-convex penalties). */
  gaps: Float64Array;
  /** Epochs at each alpha. */
  nIters: Int32Array;
  /** Scaled KKT residual at each alpha. */
  kktMax: Float64Array;
  /** Whether each solve converged. */
  converged: boolean[];
}

type ResolvedPath = Required<Omit<PathOptions, 'sampleWeight' | 'alphas'>> & { alphas: Float64Array | null };

const PATH_CONSTRAINTS: Constraints<Omit<ResolvedPath, 'alphas'> & { alphas: number[] | null }> = {
  l1Ratio: interval({ gt: 0, max: 1 }),
  eps: interval({ gt: 0 }),
  nAlphas: integer(1),
  alphas: nullable({
    expected: 'be a non-empty array of finite numbers >= 0',
    invalid: [[], [-1]],
    check: (v) =>
      (Array.isArray(v) || v instanceof Float64Array) &&
      v.length > 0 &&
      Array.from(v as ArrayLike<number>).every((a) => Number.isFinite(a) && a >= 0),
  }),
  fitIntercept: bool,
  standardize: bool,
  positive: bool,
  maxIter: integer(1),
  tol: interval({ gt: 0 }),
  screening: oneOf(['gap', 'strong', 'none']),
  workingSet: bool,
  accel: oneOf(['anderson', 'none']),
  selection: oneOf(['cyclic', 'random']),
  seed: integer(0),
  penalty: {
    expected: 'be a penalty object',
    invalid: ['l1'],
    check: isPenalty,
  },
  precompute: anyOf(oneOf(['auto']), bool),
};

/** @internal */
export function resolvePathOptions(o: PathOptions, l1Ratio: number, fn: string): ResolvedPath {
  const r: ResolvedPath = {
    l1Ratio: o.l1Ratio ?? l1Ratio,
    eps: o.eps ?? 1e-3,
    nAlphas: o.nAlphas ?? 100,
    alphas: o.alphas == null ? null : Float64Array.from(o.alphas),
    fitIntercept: o.fitIntercept ?? false,
    standardize: o.standardize ?? false,
    positive: o.positive ?? false,
    maxIter: o.maxIter ?? 1000,
    tol: o.tol ?? 1e-4,
    screening: o.screening ?? 'gap',
    workingSet: o.workingSet ?? true,
    accel: o.accel ?? 'anderson',
    selection: o.selection ?? 'cyclic',
    seed: o.seed ?? 0,
    penalty: o.penalty ?? l1(),
    precompute: o.precompute ?? 'auto',
  };
  const known = new Set([...Object.keys(PATH_CONSTRAINTS), 'sampleWeight']);
  for (const k of Object.keys(o)) {
    if (!known.has(k))
      throw invalidParam(fn, k, `be a known option (${[...known].join(', ')})`, 'an unknown option');
  }
  checkParams({ ...r, alphas: r.alphas === null ? null : Array.from(r.alphas) }, PATH_CONSTRAINTS, fn);
  return r;
}

/**
 * `alphaMax = max_j |x_jᵀy|/(nρ)` on a prepared design, the smallest alpha with an all-zero solution.
 * @internal
 */
export function alphaMaxOf(design: Design, l1Ratio: number, xty?: Float64Array): number {
  const { n, d, X, y } = design;
  let m = 0;
  if (xty) {
    for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(xty[j]!));
    return m / (n * l1Ratio);
  }
  const dot = design.sparse
    ? sparseKernels(design.sparse).dot
    : (j: number, v: Float64Array) => colDot(X, n, j, v);
  for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(dot(j, y)));
  return m / (n * l1Ratio);
}

/**
 * `nAlphas` log-spaced alphas from `alphaMax` down to `eps·alphaMax` (scikit-learn's `_alpha_grid`).
 * @internal
 */
export function alphaGrid(
  design: Design,
  l1Ratio: number,
  eps: number,
  nAlphas: number,
  xty?: Float64Array,
): Float64Array {
  const amax = alphaMaxOf(design, l1Ratio, xty);
  const out = new Float64Array(nAlphas);
  const resolution = 1e-15;
  if (amax <= resolution) return out.fill(resolution);
  const hi = Math.log10(amax);
  const lo = Math.log10(amax * eps);
  for (let k = 0; k < nAlphas; k++) {
    const t = nAlphas === 1 ? hi : lo + ((hi - lo) * (nAlphas - 1 - k)) / (nAlphas - 1);
    out[k] = 10 ** t;
  }
  return out;
}

/** Passes over X for new Gram columns (four per pass) per path point beyond which the path moves to the residual engine for good. */
const GRAM_NEW_PASSES = 1;

/** Whether a path on this design runs on lazy Gram columns first. @internal */
export function usesGram(design: Design, o: ResolvedPath): boolean {
  if (o.precompute === false || o.penalty.name !== 'l1' || o.selection !== 'cyclic' || design.sparse) {
    return false;
  }
  return o.precompute === true || design.n > design.d;
}

/** Warm-started path on a prepared design; coefficients stay in the design's scale. @internal */
export function pathOnDesign(
  design: Design,
  alphas: Float64Array,
  o: ResolvedPath,
  gram: LazyGram | null = null,
): PathResult & { raw: Float64Array[] } {
  const m = alphas.length;
  const res: PathResult & { raw: Float64Array[] } = {
    alphas,
    coefs: [],
    intercepts: new Float64Array(m),
    gaps: new Float64Array(m),
    nIters: new Int32Array(m),
    kktMax: new Float64Array(m),
    converged: [],
    raw: [],
  };
  let w: Float64Array | undefined;
  let prev: { alpha: number; corr: Float64Array } | undefined;
  let warm: { r: Float64Array; xtr: Float64Array } | undefined;
  const rng = o.selection === 'random' ? new random.Rng(o.seed) : undefined;
  // one SIMD session for the whole path (prepare() usually put X there already)
  const simd = sessionFor(design.X, design.n);
  const prob = simd ? { ...design, X: simd.X } : design;
  // lazy Gram columns while the support grows slowly, then the residual engine
  let g = gram ?? (usesGram(design, o) ? lazyGram(prob) : null);
  let q: Float64Array | undefined;
  if (g) {
    w = new Float64Array(design.d);
    q = Float64Array.from(g.xty);
  }
  for (let k = 0; k < m; k++) {
    let gramIter = 0;
    if (g && w && q) {
      const out = cdLazyGram(g, design.colSq, w, q, {
        alpha: alphas[k]!,
        l1Ratio: o.l1Ratio,
        positive: o.positive,
        maxIter: o.maxIter,
        tol: o.tol,
        prevLambda: prev ? prev.alpha * o.l1Ratio : undefined,
        maxNewPasses: GRAM_NEW_PASSES,
      });
      if (!out.aborted) {
        prev = { alpha: alphas[k]!, corr: out.corr };
        res.raw.push(Float64Array.from(w));
        const { coef, intercept } = unscale(design, w);
        res.coefs.push(coef);
        res.intercepts[k] = intercept;
        res.gaps[k] = out.gap;
        res.nIters[k] = out.nIter;
        res.kktMax[k] = out.kktMax;
        res.converged.push(out.converged);
        continue;
      }
      // the support grows quickly: residual engine from here on, warm from the exact (w, q)
      gramIter = out.nIter;
      warm = { r: residual(prob.X, design.n, design.d, design.y, w), xtr: q };
      g = null;
      q = undefined;
    }
    const out = coordinateDescent(prob, {
      alpha: alphas[k]!,
      l1Ratio: o.l1Ratio,
      penalty: o.penalty,
      positive: o.positive,
      maxIter: Math.max(o.maxIter - gramIter, 1),
      tol: o.tol,
      selection: o.selection,
      rng,
      screening: o.screening,
      workingSet: o.workingSet,
      accel: o.accel,
      w0: w,
      strongPrev: prev,
      warm,
    });
    w = out.w;
    warm = out.warm;
    prev = { alpha: alphas[k]!, corr: out.corr };
    res.raw.push(Float64Array.from(out.w));
    const { coef, intercept } = unscale(design, out.w);
    res.coefs.push(coef);
    res.intercepts[k] = intercept;
    res.gaps[k] = out.gap ?? Number.NaN;
    res.nIters[k] = gramIter + out.nIter;
    res.kktMax[k] = out.kktMax;
    res.converged.push(out.converged);
  }
  return res;
}

/**
 * The ElasticNet path: solutions for a decreasing grid of alphas, each warm-started from the previous one
 * (with the sequential strong rule when `screening: 'strong'`).
 *
 * @param X - Design `n × d`.
 * @param y - Target.
 * @returns `{ alphas, coefs, intercepts, gaps, nIters, kktMax, converged }`.
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad option,
 *   `…__INVALID_INPUT` / `…__SHAPE_MISMATCH` for bad data.
 * @example
 * ```ts
 * const { alphas, coefs } = enetPath(X, y, { l1Ratio: 0.5, nAlphas: 50 });
 * coefs[0]; // all zeros at alphas[0] = alphaMax
 * ```
 */
export function enetPath(X: MatrixLike, y: VectorLike, opts: PathOptions = {}): PathResult {
  return runPath(X, y, opts, 0.5, 'enetPath');
}

/**
 * The Lasso path (`enetPath` with `l1Ratio = 1`), scikit-learn's `lasso_path`: alphas log-spaced from
 * `alphaMax = ‖Xᵀy‖_∞/n` to `eps·alphaMax`, warm starts, gaps in the `1/(2n)` scale.
 *
 * @example
 * ```ts
 * const { alphas, coefs, gaps, nIters } = lassoPath(X, y, { eps: 1e-3, nAlphas: 100 });
 * alphas[0];   // alphaMax
 * coefs[99];   // the least-regularised solution
 * ```
 */
export function lassoPath(X: MatrixLike, y: VectorLike, opts: PathOptions = {}): PathResult {
  return runPath(X, y, { ...opts, l1Ratio: 1 }, 1, 'lassoPath');
}

function runPath(X: MatrixLike, y: VectorLike, opts: PathOptions, l1Ratio: number, fn: string): PathResult {
  const o = resolvePathOptions(opts, l1Ratio, fn);
  const sparse = isCsr(X) ? toSparseRows(X, fn) : undefined;
  const rows = sparse ?? toRows(X, fn);
  const t = toVector(y, fn, 'y', rows.rows, 'one target per row of X');
  const sw = toSampleWeight(opts.sampleWeight, rows.rows, fn);
  const prep = { fitIntercept: o.fitIntercept, standardize: o.standardize, sampleWeight: sw };
  const design = sparse ? prepareSparse(sparse, t, prep) : prepare(rows as Rows, t, prep);
  const gram = usesGram(design, o) ? lazyGram(design) : null;
  const alphas = o.alphas
    ? Float64Array.from(o.alphas).sort().reverse()
    : alphaGrid(design, o.l1Ratio, o.eps, o.nAlphas, gram?.xty);
  const { raw: _raw, ...res } = pathOnDesign(design, alphas, o, gram);
  // the design was private to this call: its WebAssembly memory can serve the next path
  recycleSession(sessionOf(design.X));
  return res;
}
