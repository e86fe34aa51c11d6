/**
 * Automatic relevance determination (sparse Bayesian learning; Tipping 2001, MacKay updates as in
 * scikit-learn's `ARDRegression` 1.2; spec §7.1) on a prepared design.
 *
 * Model `y = Xw + e`, `e ~ N(0, 1/β)`, `w_i ~ N(0, 1/λ_i)`, Gamma hyperpriors. Each iteration:
 * `Σ = (βX_KᵀX_K + diag λ_K)⁻¹` (Woodbury form when n < d), `μ_K = βΣX_Kᵀy`,
 * `g_i = 1 − λ_iΣ_ii`, `λ_i ← (g_i + 2λ₁)/(μ_i² + 2λ₂)`, `β ← (n − Σg_i + 2α₁)/(‖y − Xμ‖² + 2α₂)`, prune
 * `λ_i ≥ thresholdLambda`; stop when `Σ|Δμ| < tol`; one last Σ/μ update.
 *
 * @module
 */
import { cholesky, colDot, invSym, residual } from '../internal/linalg.js';
import type { CdProblem } from './cd.js';

/** @internal */
export interface ArdOptions {
  maxIter: number;
  tol: number;
  alpha1: number;
  alpha2: number;
  lambda1: number;
  lambda2: number;
  thresholdLambda: number;
  update: 'mackay' | 'em';
}

/** @internal */
export interface ArdResult {
  w: Float64Array;
  /** Noise precision β (scikit-learn's `alpha_`). */
  beta: number;
  /** Weight precisions λ (scikit-learn's `lambda_`). */
  lambda: Float64Array;
  /** Kept features (λ < threshold) and their posterior covariance (row-major). */
  kept: number[];
  sigma: Float64Array;
  nIter: number;
  converged: boolean;
  /** Negative log marginal likelihood (up to constants, scikit-learn's `-scores_`) per iteration. */
  objective: number[];
}

/** Posterior covariance of the kept features. */
function updateSigma(
  prob: CdProblem,
  beta: number,
  lambda: Float64Array,
  kept: number[],
  woodbury: boolean,
): Float64Array {
  const { n, X } = prob;
  const k = kept.length;
  if (!woodbury) {
    const A = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      const oa = kept[a]! * n;
      for (let b = 0; b <= a; b++) {
        const ob = kept[b]! * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += X[oa + i]! * X[ob + i]!;
        A[a * k + b] = beta * s;
        A[b * k + a] = beta * s;
      }
      A[a * k + a] = A[a * k + a]! + lambda[kept[a]!]!;
    }
    return invSym(A, k);
  }
  // Woodbury: Σ = Λ⁻¹ − Λ⁻¹X_Kᵀ (I/β + X_K Λ⁻¹ X_Kᵀ)⁻¹ X_K Λ⁻¹
  const inv = kept.map((j) => 1 / lambda[j]!);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l <= i; l++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += X[kept[a]! * n + i]! * inv[a]! * X[kept[a]! * n + l]!;
      M[i * n + l] = s;
      M[l * n + i] = s;
    }
    M[i * n + i] = M[i * n + i]! + 1 / beta;
  }
  const Minv = invSym(M, n);
  // B = Minv · X_K Λ⁻¹  (n × k)
  const B = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      const oa = kept[a]! * n;
      for (let l = 0; l < n; l++) s += Minv[i * n + l]! * X[oa + l]!;
      B[i * k + a] = s * inv[a]!;
    }
  }
  const S = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const oa = kept[a]! * n;
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[oa + i]! * B[i * k + b]!;
      const v = -inv[a]! * s;
      S[a * k + b] = v;
      S[b * k + a] = v;
    }
    S[a * k + a] = S[a * k + a]! + inv[a]!;
  }
  return S;
}

function updateCoef(
  prob: CdProblem,
  beta: number,
  sigma: Float64Array,
  kept: number[],
  w: Float64Array,
): void {
  const { n, X, y } = prob;
  const k = kept.length;
  const xty = kept.map((j) => colDot(X, n, j, y));
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += sigma[a * k + b]! * xty[b]!;
    w[kept[a]!] = beta * s;
  }
}

function logdet(S: Float64Array, k: number): number {
  const L = cholesky(S, k);
  if (!L) return Number.NaN;
  let s = 0;
  for (let i = 0; i < k; i++) s += 2 * Math.log(L[i * k + i]!);
  return s;
}

/** Runs ARD. @internal */
export function ard(prob: CdProblem, o: ArdOptions): ArdResult {
  const { n, d, X, y } = prob;
  let mean = 0;
  for (const v of y) mean += v / n;
  let v = 0;
  for (const t of y) v += (t - mean) ** 2 / n;
  let beta = 1 / (v + 2.220446049250313e-16);
  const lambda = new Float64Array(d).fill(1);
  let kept = Array.from({ length: d }, (_, j) => j);
  const w = new Float64Array(d);
  let wOld: Float64Array | null = null;
  const woodbury = n < d;
  const objective: number[] = [];
  let sigma: Float64Array = new Float64Array(0);
  let converged = false;
  let it = 0;
  for (; it < o.maxIter; it++) {
    sigma = updateSigma(prob, beta, lambda, kept, woodbury);
    updateCoef(prob, beta, sigma, kept, w);
    const r = residual(X, n, d, y, w);
    let rss = 0;
    for (const x of r) rss += x * x;
    const k = kept.length;
    let gsum = 0;
    const betaOld = beta;
    for (let a = 0; a < k; a++) {
      const j = kept[a]!;
      const sii = sigma[a * k + a]!;
      const g = 1 - lambda[j]! * sii;
      gsum += g;
      lambda[j] =
        o.update === 'mackay'
          ? (g + 2 * o.lambda1) / (w[j]! ** 2 + 2 * o.lambda2)
          : (1 + 2 * o.lambda1) / (w[j]! ** 2 + sii + 2 * o.lambda2);
    }
    beta =
      o.update === 'mackay'
        ? (n - gsum + 2 * o.alpha1) / (rss + 2 * o.alpha2)
        : (n + 2 * o.alpha1) / (rss + gsum / betaOld + 2 * o.alpha2);
    kept = kept.filter((j) => lambda[j]! < o.thresholdLambda);
    const keep = new Uint8Array(d);
    for (const j of kept) keep[j] = 1;
    for (let j = 0; j < d; j++) if (!keep[j]) w[j] = 0;
    // negative log marginal likelihood with hyperpriors (scikit-learn's score, negated)
    let score = 0;
    for (let j = 0; j < d; j++) score += o.lambda1 * Math.log(lambda[j]!) - o.lambda2 * lambda[j]!;
    score += o.alpha1 * Math.log(beta) - o.alpha2 * beta;
    let sumLogLam = 0;
    let quad = 0;
    for (let j = 0; j < d; j++) {
      sumLogLam += Math.log(lambda[j]!);
      quad += lambda[j]! * w[j]! ** 2;
    }
    score += 0.5 * (logdet(sigma, k) + n * Math.log(beta) + sumLogLam);
    score -= 0.5 * (beta * rss + quad);
    objective.push(-score);

    if (it > 0 && wOld) {
      let diff = 0;
      for (let j = 0; j < d; j++) diff += Math.abs(wOld[j]! - w[j]!);
      if (diff < o.tol) {
        converged = true;
        break;
      }
    }
    wOld = Float64Array.from(w);
    if (kept.length === 0) {
      converged = true;
      break;
    }
  }
  const nIter = Math.min(it + 1, o.maxIter);
  if (kept.length > 0) {
    sigma = updateSigma(prob, beta, lambda, kept, woodbury);
    updateCoef(prob, beta, sigma, kept, w);
  } else sigma = new Float64Array(0);
  return { w, beta, lambda, kept, sigma, nIter, converged, objective };
}
