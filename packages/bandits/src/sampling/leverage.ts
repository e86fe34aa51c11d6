/**
 * Leverage scores and ℓ_p sensitivities (spec §8).
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import { type MatrixLike, type Rows, toRows } from '../internal/input.js';
import { cholesky, cholSolve } from '../internal/linalg.js';

/**
 * Orthonormal basis of the column space of a row-major `n × d` matrix by modified Gram–Schmidt with
 * re-orthogonalisation, dropping (numerically) dependent columns. Returns `Q` column-major `n × r`.
 * @internal
 */
export function orthonormalBasis(rows: Rows, relTol = 1e-10): { Q: Float64Array; rank: number } {
  const { rows: n, cols: d, data } = rows;
  const Q = new Float64Array(n * d);
  let r = 0;
  const v = new Float64Array(n);
  let maxNorm = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * d + j]! ** 2;
    maxNorm = Math.max(maxNorm, Math.sqrt(s));
  }
  for (let j = 0; j < d; j++) {
    let orig = 0;
    for (let i = 0; i < n; i++) {
      v[i] = data[i * d + j]!;
      orig += v[i]! * v[i]!;
    }
    orig = Math.sqrt(orig);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < r; k++) {
        const off = k * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q[off + i]! * v[i]!;
        for (let i = 0; i < n; i++) v[i] = v[i]! - dot * Q[off + i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += v[i]! * v[i]!;
    nrm = Math.sqrt(nrm);
    if (nrm <= relTol * Math.max(orig, maxNorm) || nrm === 0) continue;
    const off = r * n;
    for (let i = 0; i < n; i++) Q[off + i] = v[i]! / nrm;
    r++;
  }
  return { Q: Q.subarray(0, r * n), rank: r };
}

/**
 * Statistical leverage scores `ℓ_i = ‖U_{i,:}‖²` for an orthonormal basis `U` of the column space of `X`
 * (the diagonal of the hat matrix); `Σℓ_i = rank(X)`, each `ℓ_i ∈ [0, 1]`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a malformed `X`.
 * @example
 * ```ts
 * leverageScores([[1, 0], [0, 1], [0, 1]]); // [1, 0.5, 0.5]
 * ```
 */
export function leverageScores(X: MatrixLike): Float64Array {
  const rows = toRows(X, 'leverageScores');
  return leverageOf(rows);
}

/** @internal */
export function leverageOf(rows: Rows): Float64Array {
  const { Q, rank } = orthonormalBasis(rows);
  const n = rows.rows;
  const out = new Float64Array(n);
  for (let k = 0; k < rank; k++) {
    const off = k * n;
    for (let i = 0; i < n; i++) out[i] = out[i]! + Q[off + i]! ** 2;
  }
  return out;
}

/** Options of {@link lewisWeights}. */
export interface LewisWeightsOptions {
  /** Fixed-point iterations (default 100). */
  maxIter?: number;
  /** Stop when the largest relative change is below this (default 1e-10). */
  tol?: number;
}

/**
 * ℓ_p Lewis weights (Cohen & Peng 2015) by the fixed-point iteration
 * `w_i ← (x_iᵀ(XᵀW^{1−2/p}X)⁻¹x_i)^{p/2}`, which contracts for `p < 4`. `Σw_i = rank(X)`; `p = 2` gives the
 * leverage scores. For `p ≤ 2` they bound the ℓ_p sensitivities: `|x_iᵀβ|^p ≤ w_i‖Xβ‖_p^p` for every β.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `p ∉ [1, 4)` or a malformed `X`.
 * @example
 * ```ts
 * const w = lewisWeights(X, 1); // Σ w = d
 * ```
 */
export function lewisWeights(X: MatrixLike, p: number, opts: LewisWeightsOptions = {}): Float64Array {
  const rows = toRows(X, 'lewisWeights');
  if (typeof p !== 'number' || !(p >= 1 && p < 4))
    throw invalidInput('lewisWeights', 'p', 'be a number in [1, 4)', p);
  return lewisOf(rows, p, opts);
}

/** @internal */
export function lewisOf(rows: Rows, p: number, opts: LewisWeightsOptions = {}): Float64Array {
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-10;
  // work in an orthonormal basis: Lewis weights depend only on the column space
  const { Q, rank: r } = orthonormalBasis(rows);
  const n = rows.rows;
  const w = new Float64Array(n);
  for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) w[i] = w[i]! + Q[k * n + i]! ** 2;
  if (p === 2 || r === 0) return w;
  const M = new Float64Array(r * r);
  const u = new Float64Array(r);
  for (let it = 0; it < maxIter; it++) {
    M.fill(0);
    for (let i = 0; i < n; i++) {
      const s = w[i]! > 0 ? w[i]! ** (1 - 2 / p) : 0;
      if (s === 0) continue;
      for (let a = 0; a < r; a++) {
        const qa = Q[a * n + i]! * s;
        for (let b = 0; b <= a; b++) M[a * r + b] = M[a * r + b]! + qa * Q[b * n + i]!;
      }
    }
    for (let a = 0; a < r; a++) for (let b = 0; b < a; b++) M[b * r + a] = M[a * r + b]!;
    const L = cholesky(M, r);
    if (!L) break;
    let change = 0;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < r; a++) u[a] = Q[a * n + i]!;
      const z = cholSolve(L, r, u);
      let q = 0;
      for (let a = 0; a < r; a++) q += u[a]! * z[a]!;
      const next = Math.max(q, 0) ** (p / 2);
      if (w[i]! > 0) change = Math.max(change, Math.abs(next - w[i]!) / w[i]!);
      w[i] = next;
    }
    if (change < tol) break;
  }
  return w;
}

/**
 * Upper bounds on the ℓ_p sensitivities `s_i = sup_β |x_iᵀβ|^p/‖Xβ‖_p^p`: the Lewis weights for `p ≤ 2`
 * (total `≤ d`), `d^{p/2−1}` times them for `2 < p < 4`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `p ∉ [1, 4)`.
 * @example
 * ```ts
 * lpSensitivities(X, 1); // ≥ |x_iᵀβ|/‖Xβ‖₁ for every β
 * ```
 */
export function lpSensitivities(X: MatrixLike, p: number): Float64Array {
  const rows = toRows(X, 'lpSensitivities');
  if (typeof p !== 'number' || !(p >= 1 && p < 4))
    throw invalidInput('lpSensitivities', 'p', 'be a number in [1, 4)', p);
  return sensitivityOf(rows, p);
}

/** @internal */
export function sensitivityOf(rows: Rows, p: number): Float64Array {
  const w = lewisOf(rows, p);
  if (p <= 2) return w;
  let r = 0;
  for (const v of w) r += v;
  const f = Math.max(Math.round(r), 1) ** (p / 2 - 1);
  return w.map((v) => Math.min(1, f * v));
}
