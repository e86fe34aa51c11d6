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
  // row-major to column-major in 32 × 32 tiles (cache friendly)
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(i0 + B, n);
    for (let j0 = 0; j0 < d; j0 += B) {
      const j1 = Math.min(j0 + B, d);
      for (let i = i0; i < i1; i++) {
        const off = i * d;
        const r = rs[i]!;
        for (let j = j0; j < j1; j++) X[j * n + i] = (data[off + j]! - xMean[j]!) * r;
      }
    }
  }
  const xScale = new Float64Array(d).fill(1);
  if (opts.standardize) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[j * n + i]! ** 2;
      const sd = Math.sqrt(s / n);
      if (sd > 0) {
        xScale[j] = sd;
        for (let i = 0; i < n; i++) X[j * n + i] = X[j * n + i]! / sd;
      }
    }
  }
  const colSq = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    const off = j * n;
    for (let i = 0; i < n; i++) {
      const v = X[off + i]!;
      s += v * v;
    }
    colSq[j] = s;
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
