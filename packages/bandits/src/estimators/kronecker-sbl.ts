/**
 * Kronecker-structured sparse Bayesian learning (spec §7.2).
 *
 * @module
 */
import { checkParams, integer, interval, nullable, oneOf } from '../base/constraints.js';
import { invalidInput, notFitted, shapeMismatch } from '../errors.js';
import { type MatrixLike, type Rows, toRows, toVector, type VectorLike } from '../internal/input.js';
import { symEig } from '../internal/linalg.js';

/** Parameters of {@link KroneckerSBL}. */
export interface KroneckerSBLParams {
  /** M-step: alternating closed-form updates (`'am'`) or the rank-one SVD approximation (`'svd'`). */
  method: 'am' | 'svd';
  /** EM iterations (default 1000). */
  maxIter: number;
  /** Stop when the posterior mean moves by less than `tol·max|μ|` in an iteration (default 1e-4). */
  tol: number;
  /** Known noise variance, or `null` to learn it by EM (default `null`). */
  noiseVariance: number | null;
  /** Alternations of the AM M-step per EM iteration (default 5). */
  amSweeps: number;
}

/** Diagnostics of a fit. */
export interface KroneckerSBLInfo {
  /** EM iterations run. */
  nIter: number;
  /** Whether the posterior mean settled (max change ≤ `tol`·max |μ|) before `maxIter`. */
  converged: boolean;
}

/** Row-major `r × c` matrix product `A·B`. */
function matmul(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p]!;
      if (a === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] = out[i * c + j]! + a * B[p * c + j]!;
    }
  }
  return out;
}

function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = A[i * c + j]!;
  return out;
}

/**
 * Sparse Bayesian learning for `y = (Φ₁ ⊗ Φ₂)x + e` with a Kronecker-structured prior variance
 * `γ = γ₁ ⊗ γ₂` (He & Joseph, arXiv 2307.14719; update details unconfirmed): EM with posterior
 * `Σ = (Φᵀ Φ/σ² + Γ⁻¹)⁻¹`, `μ = ΣΦᵀy/σ²`, and the M-step `min_{γ=γ₁⊗γ₂} Σ_j d_j/γ_j + log γ_j`,
 * `d = μ² + diag Σ`, either by alternating closed forms (`'am'`: `γ₁[k] = mean_l d_{kl}/γ₂[l]` and back;
 * converges to a stationary point) or by the best rank-one approximation of `d` reshaped to `n₁ × n₂`
 * (`'svd'`, absolute factors; approximate). `Φ` is never formed: with `ΦΓΦᵀ = (Φ₁Γ₁Φ₁ᵀ) ⊗ (Φ₂Γ₂Φ₂ᵀ)`,
 * every E-step uses the eigendecompositions of the two small factors and `(A ⊗ B)vec(X) = vec(BXAᵀ)`.
 * `x` and `y` are ordered with the second factor's index fastest (`x[j₁·n₂ + j₂]`).
 *
 * @example
 * ```ts
 * const m = new KroneckerSBL({ method: 'am' }).fit([Phi1, Phi2], y); // y: m₁·m₂ values
 * m.coef;    // n₁·n₂ posterior mean
 * m.gamma1;  // n₁ prior variances; small entries = pruned rows of the support
 * ```
 */
export class KroneckerSBL {
  /** Defaults. */
  static readonly defaults: KroneckerSBLParams = {
    method: 'am',
    maxIter: 1000,
    tol: 1e-4,
    noiseVariance: null,
    amSweeps: 5,
  };
  /** Parameters. */
  readonly params: Readonly<KroneckerSBLParams>;
  #fit: {
    coef: Float64Array;
    g1: Float64Array;
    g2: Float64Array;
    noise: number;
    info: KroneckerSBLInfo;
    n1: number;
    n2: number;
  } | null = null;

  /** Stores the parameters (validated at `fit`). */
  constructor(params: Partial<KroneckerSBLParams> = {}) {
    const p: Record<string, unknown> = { ...KroneckerSBL.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) p[k] = v;
    this.params = Object.freeze(p as unknown as KroneckerSBLParams);
  }

  /**
   * Fits from the two factors and the measurements.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM`, `…__INVALID_INPUT`, `…__SHAPE_MISMATCH`.
   */
  fit(factors: readonly [MatrixLike, MatrixLike], y: VectorLike): this {
    const fn = 'KroneckerSBL.fit';
    const p = this.params;
    checkParams(
      p,
      {
        method: oneOf(['am', 'svd']),
        maxIter: integer(1),
        tol: interval({ gt: 0 }),
        noiseVariance: nullable(interval({ gt: 0 })),
        amSweeps: integer(1),
      },
      fn,
    );
    if (!Array.isArray(factors) || factors.length !== 2) {
      throw invalidInput(
        fn,
        'factors',
        'be two matrices [Φ₁, Φ₂] (more factors are not supported yet)',
        Array.isArray(factors) ? factors.length : typeof factors,
      );
    }
    const F1: Rows = toRows(factors[0], fn, 'factors[0]');
    const F2: Rows = toRows(factors[1], fn, 'factors[1]');
    const m1 = F1.rows;
    const n1 = F1.cols;
    const m2 = F2.rows;
    const n2 = F2.cols;
    const m = m1 * m2;
    const t = toVector(y, fn, 'y', m, `m₁·m₂ = ${m} measurements`);
    // Y as an m1 × m2 matrix (row i1, column i2)
    let yy = 0;
    for (const v of t) yy += v * v;
    let noise = p.noiseVariance ?? Math.max(yy / m, 1e-12) * 0.1;
    let g1: Float64Array = new Float64Array(n1).fill(1);
    let g2: Float64Array = new Float64Array(n2).fill(1);
    const P1 = F1.data; // m1 × n1
    const P2 = F2.data; // m2 × n2
    const P1t = transpose(P1, m1, n1);
    const P2t = transpose(P2, m2, n2);
    let mu = new Float64Array(n1 * n2);
    let prevMu = mu;
    const D = new Float64Array(n1 * n2);
    let converged = false;
    let it = 0;
    for (; it < p.maxIter; it++) {
      // A_i = Φ_i Γ_i Φ_iᵀ = U_i Λ_i U_iᵀ
      const A1 = new Float64Array(m1 * m1);
      for (let a = 0; a < m1; a++)
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let k = 0; k < n1; k++) s += P1[a * n1 + k]! * g1[k]! * P1[b * n1 + k]!;
          A1[a * m1 + b] = s;
          A1[b * m1 + a] = s;
        }
      const A2 = new Float64Array(m2 * m2);
      for (let a = 0; a < m2; a++)
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let k = 0; k < n2; k++) s += P2[a * n2 + k]! * g2[k]! * P2[b * n2 + k]!;
          A2[a * m2 + b] = s;
          A2[b * m2 + a] = s;
        }
      const e1 = symEig(A1, m1);
      const e2 = symEig(A2, m2);
      const U1 = e1.vectors;
      const U2 = e2.vectors;
      // W[k1, k2] = 1/(σ² + λ1 λ2)
      const W = new Float64Array(m1 * m2);
      for (let a = 0; a < m1; a++)
        for (let b = 0; b < m2; b++)
          W[a * m2 + b] = 1 / (noise + Math.max(e1.values[a]!, 0) * Math.max(e2.values[b]!, 0));
      // z = C⁻¹y: Z = U1 (W ∘ (U1ᵀ Y U2)) U2ᵀ with Y m1 × m2
      const U1t = transpose(U1, m1, m1);
      const U2t = transpose(U2, m2, m2);
      const Yt = matmul(matmul(U1t, t, m1, m1, m2), U2, m1, m2, m2);
      for (let i = 0; i < m1 * m2; i++) Yt[i] = Yt[i]! * W[i]!;
      const Z = matmul(matmul(U1, Yt, m1, m1, m2), U2t, m1, m2, m2);
      // μ = Γ Φᵀ z: M = Γ ∘ (Φ1ᵀ Z Φ2)  (n1 × n2)
      const M = matmul(matmul(P1t, Z, n1, m1, m2), P2, n1, m2, n2);
      mu = new Float64Array(n1 * n2);
      for (let a = 0; a < n1; a++)
        for (let b = 0; b < n2; b++) mu[a * n2 + b] = g1[a]! * g2[b]! * M[a * n2 + b]!;
      // diag Σ_j = γ_j − γ_j² φ_jᵀC⁻¹φ_j, φ_jᵀC⁻¹φ_j = (Q1ᵀ W Q2)_{j1 j2}, Q_i = (U_iᵀΦ_i)∘²
      const Q1 = matmul(U1t, P1, m1, m1, n1).map((v) => v * v);
      const Q2 = matmul(U2t, P2, m2, m2, n2).map((v) => v * v);
      const Qf = matmul(matmul(transpose(Q1, m1, n1), W, n1, m1, m2), Q2, n1, m2, n2);
      let traceTerm = 0;
      for (let a = 0; a < n1; a++) {
        for (let b = 0; b < n2; b++) {
          const j = a * n2 + b;
          const g = g1[a]! * g2[b]!;
          const sig = Math.max(g - g * g * Qf[j]!, 0);
          D[j] = mu[j]! ** 2 + sig;
          if (g > 0) traceTerm += 1 - sig / g;
        }
      }
      // noise: σ² ← (‖y − Φμ‖² + σ² Σ_j (1 − Σ_jj/γ_j))/m
      if (p.noiseVariance === null) {
        const Phimu = matmul(matmul(P1, mu, m1, n1, n2), P2t, m1, n2, m2);
        let rss = 0;
        for (let i = 0; i < m; i++) rss += (t[i]! - Phimu[i]!) ** 2;
        noise = Math.max((rss + noise * traceTerm) / m, 1e-12 * (yy / m || 1));
      }
      // M-step for γ = γ1 ⊗ γ2
      if (p.method === 'am') {
        let a1 = Float64Array.from(g1);
        let a2 = Float64Array.from(g2);
        for (let s = 0; s < p.amSweeps; s++) {
          const n1v = new Float64Array(n1);
          for (let a = 0; a < n1; a++) {
            let acc = 0;
            for (let b = 0; b < n2; b++) acc += D[a * n2 + b]! / a2[b]!;
            n1v[a] = Math.max(acc / n2, 1e-300);
          }
          a1 = n1v;
          const n2v = new Float64Array(n2);
          for (let b = 0; b < n2; b++) {
            let acc = 0;
            for (let a = 0; a < n1; a++) acc += D[a * n2 + b]! / a1[a]!;
            n2v[b] = Math.max(acc / n1, 1e-300);
          }
          a2 = n2v;
        }
        g1 = a1;
        g2 = a2;
      } else {
        // best rank-one approximation of D (n1 × n2) by power iteration on DᵀD
        let v = new Float64Array(n2).fill(1 / Math.sqrt(n2));
        let sigma = 0;
        let u = new Float64Array(n1);
        for (let k = 0; k < 200; k++) {
          u = new Float64Array(n1);
          for (let a = 0; a < n1; a++) {
            let s2 = 0;
            for (let b = 0; b < n2; b++) s2 += D[a * n2 + b]! * v[b]!;
            u[a] = s2;
          }
          let nu = Math.hypot(...u);
          if (nu === 0) break;
          u = u.map((x) => x / nu);
          const vn = new Float64Array(n2);
          for (let b = 0; b < n2; b++) {
            let s2 = 0;
            for (let a = 0; a < n1; a++) s2 += D[a * n2 + b]! * u[a]!;
            vn[b] = s2;
          }
          nu = Math.hypot(...vn);
          if (nu === 0) break;
          const prev = sigma;
          sigma = nu;
          v = vn.map((x) => x / nu);
          if (Math.abs(sigma - prev) <= 1e-12 * sigma) break;
        }
        const s = Math.sqrt(sigma);
        g1 = u.map((x) => Math.max(s * Math.abs(x), 1e-300));
        g2 = v.map((x) => Math.max(s * Math.abs(x), 1e-300));
      }
      // convergence on the posterior mean
      let dmax = 0;
      let mmax = 0;
      for (let j = 0; j < mu.length; j++) {
        dmax = Math.max(dmax, Math.abs(mu[j]! - prevMu[j]!));
        mmax = Math.max(mmax, Math.abs(mu[j]!));
      }
      prevMu = mu;
      if (it > 0 && dmax <= p.tol * mmax) {
        converged = true;
        it++;
        break;
      }
    }
    this.#fit = { coef: mu, g1, g2, noise, info: { nIter: it, converged }, n1, n2 };
    return this;
  }

  #state() {
    if (!this.#fit) throw notFitted('KroneckerSBL', 'coef');
    return this.#fit;
  }

  /** Posterior mean `x̂` (`n₁·n₂`, second index fastest). */
  get coef(): Float64Array {
    return Float64Array.from(this.#state().coef);
  }
  /** Prior variances of the first factor. */
  get gamma1(): Float64Array {
    return Float64Array.from(this.#state().g1);
  }
  /** Prior variances of the second factor. */
  get gamma2(): Float64Array {
    return Float64Array.from(this.#state().g2);
  }
  /** Learned (or given) noise variance. */
  get noiseVariance(): number {
    return this.#state().noise;
  }
  /** Diagnostics. */
  get info(): KroneckerSBLInfo {
    return { ...this.#state().info };
  }

  /** `(Φ₁ ⊗ Φ₂) x̂` for new factors with the same column counts. */
  predict(factors: readonly [MatrixLike, MatrixLike]): Float64Array {
    const f = this.#state();
    const fn = 'KroneckerSBL.predict';
    const F1 = toRows(factors[0], fn, 'factors[0]');
    const F2 = toRows(factors[1], fn, 'factors[1]');
    if (F1.cols !== f.n1 || F2.cols !== f.n2) {
      throw shapeMismatch(
        fn,
        'factors',
        `have ${f.n1} and ${f.n2} columns (as in fit)`,
        `${F1.cols} and ${F2.cols}`,
      );
    }
    return matmul(
      matmul(F1.data, f.coef, F1.rows, f.n1, f.n2),
      transpose(F2.data, F2.rows, f.n2),
      F1.rows,
      f.n2,
      F2.rows,
    );
  }
}
