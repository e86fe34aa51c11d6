/**
 * Row sampling by leverage scores or ℓ_p sensitivities (spec §8).
 *
 * @module
 */
import { invalidInput, shapeMismatch } from '../errors.js';
import { type MatrixLike, toRows, toVector, type VectorLike } from '../internal/input.js';
import { streamRng } from '../internal/rng-stream.js';
import { leverageOf, sensitivityOf } from './leverage.js';

/** Options of {@link coreset}. */
export interface CoresetOptions {
  /** Importance scores: leverage (ℓ₂), ℓ_p sensitivities, or half of each (default `'leverage'`). */
  method?: 'leverage' | 'sensitivity' | 'mixed';
  /** Rows to draw (with replacement). */
  m: number;
  /** The `p` of the ℓ_p objective for `'sensitivity'` / `'mixed'` (default 2). */
  p?: number;
  /** Seed (default 0). */
  seed?: number;
}

/** A weighted row sample. */
export interface Coreset {
  /** Sampled row indices (with repeats), length `m`. */
  rows: Int32Array;
  /**
   * Objective weights `1/(m·p_i)`: `Σ_k weights_k·|r_{rows_k}|^p` is an unbiased estimate of `Σ_i |r_i|^p`.
   * Pass them as `sampleWeight` to an estimator fitted on the sampled rows.
   */
  weights: Float64Array;
  /** Row scalings `weights^{1/p}` (multiply the sampled rows of `[X, y]` by these instead). */
  scale: Float64Array;
  /** Sampling probabilities of all `n` rows. */
  probabilities: Float64Array;
}

/**
 * Draws `m` rows with probability proportional to importance scores of `[X, y]` (leverage scores for
 * ℓ₂ subspace embeddings, `m = O(d log d/ε²)`; Lewis-weight bounds on ℓ_p sensitivities; or the mixture
 * of both, after Munteanu & Omlor). The scores are computed on `[X, y]`, so every residual `y − Xβ` is
 * preserved, not just the column space of `X`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a bad option,
 *   `…__SHAPE_MISMATCH` when `y` and `X` disagree.
 * @example
 * ```ts
 * const { rows, weights } = coreset({ X, y }, { method: 'leverage', m: 500, seed: 1 });
 * const sub = rows.map((i) => X[i]);
 * new Lasso({ alpha: 0.1 }).fit(Array.from(rows, (i) => X[i]), Array.from(rows, (i) => y[i]), { sampleWeight: weights });
 * ```
 */
export function coreset(data: { X: MatrixLike; y?: VectorLike }, opts: CoresetOptions): Coreset {
  const fn = 'coreset';
  if (data === null || typeof data !== 'object')
    throw invalidInput(fn, 'data', 'be an object { X, y? }', typeof data);
  const method = opts?.method ?? 'leverage';
  if (!['leverage', 'sensitivity', 'mixed'].includes(method)) {
    throw invalidInput(fn, 'method', "be one of 'leverage', 'sensitivity', 'mixed'", String(method));
  }
  const m = opts?.m;
  if (!Number.isInteger(m) || m < 1) throw invalidInput(fn, 'm', 'be an integer >= 1', m as number);
  const p = opts.p ?? 2;
  if (typeof p !== 'number' || !(p >= 1 && p < 4)) throw invalidInput(fn, 'p', 'be a number in [1, 4)', p);
  const seed = opts.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw invalidInput(fn, 'seed', 'be a non-negative integer', seed);
  const X = toRows(data.X, fn);
  let rows = X;
  if (data.y !== undefined) {
    const y = toVector(data.y, fn, 'y');
    if (y.length !== X.rows) throw shapeMismatch(fn, 'y', `have ${X.rows} entries (rows of X)`, y.length);
    const d = X.cols + 1;
    const aug = new Float64Array(X.rows * d);
    for (let i = 0; i < X.rows; i++) {
      aug.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * d);
      aug[i * d + X.cols] = y[i]!;
    }
    rows = { data: aug, rows: X.rows, cols: d };
  }
  const n = rows.rows;
  const lev = method === 'sensitivity' ? null : leverageOf(rows);
  const sens = method === 'leverage' ? null : sensitivityOf(rows, p);
  const probs = new Float64Array(n);
  const normalize = (v: Float64Array): Float64Array => {
    let s = 0;
    for (const x of v) s += x;
    return s > 0 ? v.map((x) => x / s) : v.fill(1 / n);
  };
  const a = lev ? normalize(lev) : null;
  const b = sens ? normalize(sens) : null;
  for (let i = 0; i < n; i++) probs[i] = a && b ? 0.5 * (a[i]! + b[i]!) : (a ?? b)![i]!;
  // cumulative distribution, inverse-CDF sampling
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += probs[i]!;
    cdf[i] = acc;
  }
  const rng = streamRng(seed, 11);
  const out = new Int32Array(m);
  const weights = new Float64Array(m);
  const scale = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const u = rng.next() * acc;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    while (probs[lo] === 0 && lo < n - 1) lo++;
    out[k] = lo;
    weights[k] = 1 / (m * probs[lo]!);
    scale[k] = weights[k]! ** (1 / p);
  }
  return { rows: out, weights, scale, probabilities: probs };
}
