/**
 * Preprocessing shared by every estimator: sample weights, centring (the intercept) and optional
 * standardisation, producing a column-major Float64 design.
 *
 * With weights `s` (rescaled to sum to `n`), the weighted least-squares problem
 * `(1/2n) Σ s_i (y_i − x_iᵀw − b)²` becomes an unweighted one on rows scaled by `√s_i` after weighted centring,
 * exactly as scikit-learn does it.
 *
 * @module
 */
import type { Rows } from './input.js';
import { designArray } from './simd.js';
import type { SparseColumns } from './sparse.js';

/** Designs with at least this many entries live in WebAssembly memory for the SIMD kernels. @internal */
export const SIMD_MIN_ENTRIES = 20_000;

/**
 * A prepared design, as `fitDesign` receives it: weights applied, centred (with an intercept),
 * standardised (if asked), column-major.
 */
export interface Design {
  /** Samples. */
  n: number;
  /** Features. */
  d: number;
  /** Column-major `n × d`: `X[j * n + i]`. Centred, row-scaled by `√s_i`, columns divided by `xScale`. */
  X: Float64Array;
  /** Target, centred and row-scaled like `X`. */
  y: Float64Array;
  /** Weighted column means (zeros without an intercept). */
  xMean: Float64Array;
  /** Weighted mean of `y` (0 without an intercept). */
  yMean: number;
  /** Column scales (ones unless standardised). */
  xScale: Float64Array;
  /** `‖x_j‖²` of the prepared columns. */
  colSq: Float64Array;
  /** @internal A sparse design's compressed columns (then `X` is empty and centring is implicit). */
  sparse?: SparseColumns | undefined;
}

/** @internal */
export interface PrepareOptions {
  fitIntercept: boolean;
  standardize?: boolean;
  sampleWeight?: Float64Array | undefined;
}

/** Builds a {@link Design} from validated rows and target. @internal */
export function prepare(rows: Rows, y: Float64Array, opts: PrepareOptions): Design {
  const { rows: n, cols: d, data } = rows;
  const sw = opts.sampleWeight;
  const xMean = new Float64Array(d);
  let yMean = 0;
  if (opts.fitIntercept) {
    for (let i = 0; i < n; i++) {
      const s = sw ? sw[i]! : 1;
      const off = i * d;
      for (let j = 0; j < d; j++) xMean[j] = xMean[j]! + s * data[off + j]!;
      yMean += s * y[i]!;
    }
    for (let j = 0; j < d; j++) xMean[j] = xMean[j]! / n;
    yMean /= n;
  }
  // large designs go straight into a SIMD session's memory (room for 4 residual-sized vectors)
  const X = n >= 16 ? designArray(n * d, 4 * n + 8, SIMD_MIN_ENTRIES) : new Float64Array(n * d);
  const yc = new Float64Array(n);
  const rs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rs[i] = sw ? Math.sqrt(sw[i]!) : 1;
    yc[i] = (y[i]! - yMean) * rs[i]!;
  }
  // row-major to column-major, eight columns at a time (one cache line read per row, eight sequential
  // write streams), with ‖x_j‖² summed in row order on the way
  const colSq = new Float64Array(d);
  const d8 = d - (d % 8);
  for (let j0 = 0; j0 < d8; j0 += 8) {
    const m0 = xMean[j0]!;
    const m1 = xMean[j0 + 1]!;
    const m2 = xMean[j0 + 2]!;
    const m3 = xMean[j0 + 3]!;
    const m4 = xMean[j0 + 4]!;
    const m5 = xMean[j0 + 5]!;
    const m6 = xMean[j0 + 6]!;
    const m7 = xMean[j0 + 7]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    const b = j0 * n;
    for (let i = 0; i < n; i++) {
      const off = i * d + j0;
      const r = rs[i]!;
      const v0 = (data[off]! - m0) * r;
      const v1 = (data[off + 1]! - m1) * r;
      const v2 = (data[off + 2]! - m2) * r;
      const v3 = (data[off + 3]! - m3) * r;
      const v4 = (data[off + 4]! - m4) * r;
      const v5 = (data[off + 5]! - m5) * r;
      const v6 = (data[off + 6]! - m6) * r;
      const v7 = (data[off + 7]! - m7) * r;
      X[b + i] = v0;
      X[b + n + i] = v1;
      X[b + 2 * n + i] = v2;
      X[b + 3 * n + i] = v3;
      X[b + 4 * n + i] = v4;
      X[b + 5 * n + i] = v5;
      X[b + 6 * n + i] = v6;
      X[b + 7 * n + i] = v7;
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
      s4 += v4 * v4;
      s5 += v5 * v5;
      s6 += v6 * v6;
      s7 += v7 * v7;
    }
    colSq[j0] = s0;
    colSq[j0 + 1] = s1;
    colSq[j0 + 2] = s2;
    colSq[j0 + 3] = s3;
    colSq[j0 + 4] = s4;
    colSq[j0 + 5] = s5;
    colSq[j0 + 6] = s6;
    colSq[j0 + 7] = s7;
  }
  for (let j = d8; j < d; j++) {
    const mj = xMean[j]!;
    const b = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = (data[i * d + j]! - mj) * rs[i]!;
      X[b + i] = v;
      s += v * v;
    }
    colSq[j] = s;
  }
  const xScale = new Float64Array(d).fill(1);
  if (opts.standardize) {
    for (let j = 0; j < d; j++) {
      const sd = Math.sqrt(colSq[j]! / n);
      if (sd > 0) {
        xScale[j] = sd;
        let s = 0;
        for (let i = 0; i < n; i++) {
          const v = X[j * n + i]! / sd;
          X[j * n + i] = v;
          s += v * v;
        }
        colSq[j] = s;
      }
    }
  }
  return { n, d, X, y: yc, xMean, yMean, xScale, colSq };
}

/** Maps coefficients of the prepared problem back to the original columns and computes the intercept. @internal */
export function unscale(design: Design, w: Float64Array): { coef: Float64Array; intercept: number } {
  const coef = new Float64Array(design.d);
  let b = design.yMean;
  for (let j = 0; j < design.d; j++) {
    coef[j] = w[j]! / design.xScale[j]!;
    b -= design.xMean[j]! * coef[j]!;
  }
  return { coef, intercept: b };
}

/** Row-major `X·coef + intercept`. @internal */
export function affine(rows: Rows, coef: Float64Array, intercept: number): Float64Array {
  const { rows: n, cols: d, data } = rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = intercept;
    const off = i * d;
    for (let j = 0; j < d; j++) s += data[off + j]! * coef[j]!;
    out[i] = s;
  }
  return out;
}

/** Rows `idx` of a row-major matrix. @internal */
export function takeRows(rows: Rows, idx: ArrayLike<number>): Rows {
  const { cols } = rows;
  const data = new Float64Array(idx.length * cols);
  for (let k = 0; k < idx.length; k++)
    data.set(rows.data.subarray(idx[k]! * cols, (idx[k]! + 1) * cols), k * cols);
  return { data, rows: idx.length, cols };
}

/** Entries `idx` of a vector. @internal */
export function take(v: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = v[idx[k]!]!;
  return out;
}
