/**
 * Sparse designs: `@sparseland/kernels` CSR matrices read once into host arrays, then prepared as
 * compressed columns for the coordinate-descent engine, never densified.
 *
 * Centring (the intercept) and sample weights stay implicit, as scikit-learn does for sparse input: the
 * prepared column is `x̃_j = (D x_j − μ_j u)/σ_j` with `D = diag(√s)`, `u = √s` (ones without weights),
 * `μ_j` the weighted column mean and `σ_j` the standardisation scale. The engine only needs two column
 * kernels:
 *
 * - `x̃_jᵀv = Σ_p ṽ_p v[row_p] − (μ_j/σ_j)·uᵀv`. The engine only takes products with residuals
 *   `r = ỹ − X̃w`, and `uᵀr = 0` exactly in real arithmetic (`uᵀỹ = 0` and `uᵀx̃_j = 0`), so the second
 *   term is dropped: a dot costs O(nnz_j);
 * - `v += a·x̃_j`: O(nnz_j), plus one O(n) shift `v −= a(μ_j/σ_j)·u` when the column is centred.
 *
 * @module
 */
import { CsrMatrix } from '@sparseland/kernels';
import { invalidInput } from '../errors.js';
import type { Design, PrepareOptions } from './design.js';

/** A validated CSR design on the host (row pointers, decoded column indices, Float64 values). @internal */
export interface SparseRows {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** Compressed columns of a prepared sparse design (see the module notes). @internal */
export interface SparseColumns {
  /** `d + 1` column pointers. */
  colPtr: Int32Array;
  /** Row of each stored entry, increasing within a column. */
  rowIdx: Int32Array;
  /** `√s_i·x_ij/σ_j`. */
  values: Float64Array;
  /** `μ_j/σ_j` (all zeros without an intercept). */
  shift: Float64Array;
  /** `u = √s` (ones without weights); `null` when nothing is centred. */
  u: Float64Array | null;
}

/** Whether `X` is a kernels CSR matrix. @internal */
export function isCsr(X: unknown): X is CsrMatrix {
  return X instanceof CsrMatrix;
}

/**
 * Reads a CSR matrix's tensors once (16-bit indices decoded) and checks that every value is finite.
 * @internal
 */
export function toSparseRows(X: CsrMatrix, fn: string, arg = 'X'): SparseRows {
  if (X.isDisposed) throw invalidInput(fn, arg, 'be a live CSR matrix', 'a disposed CSR matrix');
  const [rows, cols] = X.shape;
  if (rows < 1) throw invalidInput(fn, arg, 'have at least one row', rows);
  const rowPtr = Int32Array.from(X.rowPtr.dataSync() as Int32Array);
  const stored = X.colIdx.dataSync() as Int32Array;
  const nnz = X.nnz;
  const colIdx =
    X.indexWidth === 16
      ? Int32Array.from(new Uint16Array(stored.buffer, stored.byteOffset, nnz))
      : Int32Array.from(stored.subarray(0, nnz));
  const values = Float64Array.from(X.values.dataSync() as ArrayLike<number>);
  for (let p = 0; p < nnz; p++) {
    if (!Number.isFinite(values[p]!)) {
      throw invalidInput(fn, `${arg}.values[${p}]`, 'be finite (no NaN or Infinity)', values[p]!);
    }
  }
  return { rows, cols, rowPtr, colIdx, values };
}

/**
 * The sparse counterpart of `prepare`: weighted means, scales and `‖x̃_j‖²` computed from the stored
 * entries, the target centred and weighted like the dense path, columns compressed (CSR → CSC).
 * @internal
 */
export function prepareSparse(sp: SparseRows, y: Float64Array, opts: PrepareOptions): Design {
  const { rows: n, cols: d, rowPtr, colIdx, values } = sp;
  const sw = opts.sampleWeight;
  const nnz = rowPtr[n]!;
  const xMean = new Float64Array(d);
  let yMean = 0;
  if (opts.fitIntercept) {
    for (let i = 0; i < n; i++) {
      const s = sw ? sw[i]! : 1;
      for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++)
        xMean[colIdx[p]!] = xMean[colIdx[p]!]! + s * values[p]!;
      yMean += s * y[i]!;
    }
    for (let j = 0; j < d; j++) xMean[j] = xMean[j]! / n;
    yMean /= n;
  }
  const rs = new Float64Array(n);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rs[i] = sw ? Math.sqrt(sw[i]!) : 1;
    yc[i] = (y[i]! - yMean) * rs[i]!;
  }
  // CSR → CSC by counting
  const colPtr = new Int32Array(d + 1);
  for (let p = 0; p < nnz; p++) colPtr[colIdx[p]! + 1] = colPtr[colIdx[p]! + 1]! + 1;
  for (let j = 0; j < d; j++) colPtr[j + 1] = colPtr[j + 1]! + colPtr[j]!;
  const next = colPtr.slice(0, d);
  const rowIdx = new Int32Array(nnz);
  const cv = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const j = colIdx[p]!;
      const q = next[j]!;
      next[j] = q + 1;
      rowIdx[q] = i;
      cv[q] = rs[i]! * values[p]!;
    }
  }
  // ‖D(x_j − μ_j)‖² = Σ_stored s(x − μ)² + μ²(n − Σ_stored s), without cancellation
  const colSq = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const mu = xMean[j]!;
    let acc = 0;
    let sStored = 0;
    for (let q = colPtr[j]!; q < colPtr[j + 1]!; q++) {
      const r = rs[rowIdx[q]!]!;
      const s = r * r;
      const dx = cv[q]! / (r === 0 ? 1 : r) - mu;
      acc += r === 0 ? 0 : s * dx * dx;
      sStored += s;
    }
    colSq[j] = acc + mu * mu * Math.max(n - sStored, 0);
  }
  const xScale = new Float64Array(d).fill(1);
  if (opts.standardize) {
    for (let j = 0; j < d; j++) {
      const sd = Math.sqrt(colSq[j]! / n);
      if (sd > 0) {
        xScale[j] = sd;
        for (let q = colPtr[j]!; q < colPtr[j + 1]!; q++) cv[q] = cv[q]! / sd;
        colSq[j] = colSq[j]! / (sd * sd);
      }
    }
  }
  const shift = Float64Array.from(xMean, (m, j) => m / xScale[j]!);
  const centred = shift.some((v) => v !== 0);
  const sparse: SparseColumns = { colPtr, rowIdx, values: cv, shift, u: centred ? rs : null };
  return { n, d, X: new Float64Array(0), y: yc, xMean, yMean, xScale, colSq, sparse };
}

/** Column kernels on prepared sparse columns (see the module notes). @internal */
export function sparseKernels(sp: SparseColumns): {
  dot(j: number, v: Float64Array): number;
  axpy(j: number, a: number, v: Float64Array): void;
} {
  const { colPtr, rowIdx, values, shift, u } = sp;
  return {
    dot(j, v) {
      let s = 0;
      for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) s += values[p]! * v[rowIdx[p]!]!;
      return s;
    },
    axpy(j, a, v) {
      for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) v[rowIdx[p]!] = v[rowIdx[p]!]! + a * values[p]!;
      const c = a * shift[j]!;
      if (u && c !== 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! - c * u[i]!;
    },
  };
}

/** `X·coef + intercept` for a CSR design. @internal */
export function sparseAffine(sp: SparseRows, coef: Float64Array, intercept: number): Float64Array {
  const out = new Float64Array(sp.rows);
  const { rowPtr, colIdx, values } = sp;
  for (let i = 0; i < sp.rows; i++) {
    let s = intercept;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) s += values[p]! * coef[colIdx[p]!]!;
    out[i] = s;
  }
  return out;
}

/** Rows `idx` of a CSR design (cross-validation folds). @internal */
export function takeSparseRows(sp: SparseRows, idx: ArrayLike<number>): SparseRows {
  const { rowPtr, colIdx, values } = sp;
  let nnz = 0;
  for (let k = 0; k < idx.length; k++) nnz += rowPtr[idx[k]! + 1]! - rowPtr[idx[k]!]!;
  const rp = new Int32Array(idx.length + 1);
  const ci = new Int32Array(nnz);
  const vs = new Float64Array(nnz);
  let q = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      ci[q] = colIdx[p]!;
      vs[q] = values[p]!;
      q++;
    }
    rp[k + 1] = q;
  }
  return { rows: idx.length, cols: sp.cols, rowPtr: rp, colIdx: ci, values: vs };
}
