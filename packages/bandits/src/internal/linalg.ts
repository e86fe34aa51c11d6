/**
 * Small dense Float64 linear algebra for the solvers (row-major square matrices, column-major designs).
 *
 * @module
 */

/** `x_jᵀv` for column `j` of a column-major `n × d` matrix. @internal */
export function colDot(X: Float64Array, n: number, j: number, v: Float64Array): number {
  let s = 0;
  const off = j * n;
  for (let i = 0; i < n; i++) s += X[off + i]! * v[i]!;
  return s;
}

/** `v += a·x_j`. @internal */
export function colAxpy(X: Float64Array, n: number, j: number, a: number, v: Float64Array): void {
  const off = j * n;
  for (let i = 0; i < n; i++) v[i] = v[i]! + a * X[off + i]!;
}

/** `Σ a_i b_i`. @internal */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `y − X w` for a column-major `X` (skipping zero coefficients). @internal */
export function residual(
  X: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  w: Float64Array,
): Float64Array {
  const r = Float64Array.from(y);
  for (let j = 0; j < d; j++) if (w[j] !== 0) colAxpy(X, n, j, -w[j]!, r);
  return r;
}

/**
 * Lower Cholesky factor of a symmetric positive-definite row-major `k × k` matrix, or `null` if a pivot is
 * not positive.
 * @internal
 */
export function cholesky(A: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j]!;
      for (let p = 0; p < j; p++) s -= L[i * k + p]! * L[j * k + p]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else {
        L[i * k + j] = s / L[j * k + j]!;
      }
    }
  }
  return L;
}

/** Solves `L Lᵀ x = b` for a lower factor `L` with row stride `stride` (defaults to `k`). @internal */
export function cholSolve(L: Float64Array, k: number, b: ArrayLike<number>, stride = k): Float64Array {
  const x = Float64Array.from({ length: k }, (_, i) => b[i]!);
  for (let i = 0; i < k; i++) {
    let s = x[i]!;
    for (let p = 0; p < i; p++) s -= L[i * stride + p]! * x[p]!;
    x[i] = s / L[i * stride + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let p = i + 1; p < k; p++) s -= L[p * stride + i]! * x[p]!;
    x[i] = s / L[i * stride + i]!;
  }
  return x;
}

/**
 * A Cholesky factor `L Lᵀ = G_A` of a growing and shrinking Gram matrix: `add` appends a row/column in
 * O(k²); `remove` deletes one with Givens rotations in O(k²).
 * @internal
 */
export class CholeskyFactor {
  /** Current size. */
  k = 0;
  private L: Float64Array;
  private readonly cap: number;

  constructor(capacity: number) {
    this.cap = Math.max(1, capacity);
    this.L = new Float64Array(this.cap * this.cap);
  }

  /**
   * Appends a column with cross products `g` (with the current members) and squared norm `c`.
   * Returns the new pivot, or a non-positive number (and leaves the factor unchanged) if the column is
   * (numerically) dependent, i.e. the pivot² falls below `minPivotSq`.
   */
  add(g: ArrayLike<number>, c: number, minPivotSq = 0): number {
    const { k, cap, L } = this;
    const row = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = g[i]!;
      for (let p = 0; p < i; p++) s -= L[i * cap + p]! * row[p]!;
      row[i] = s / L[i * cap + i]!;
    }
    const v = c - dot(row, row);
    if (!(v > minPivotSq)) return v > 0 ? -v : v;
    for (let i = 0; i < k; i++) L[k * cap + i] = row[i]!;
    L[k * cap + k] = Math.sqrt(v);
    this.k = k + 1;
    return Math.sqrt(v);
  }

  /**
   * Deletes member `idx` (0-based): removes its row from `L`, which leaves one superdiagonal entry per
   * later row, and rotates column pairs `(i, i+1)` (Givens) to restore a triangular factor of the
   * reduced Gram matrix.
   */
  remove(idx: number): void {
    const { k, cap, L } = this;
    for (let i = idx; i < k - 1; i++) {
      for (let j = 0; j < k; j++) L[i * cap + j] = L[(i + 1) * cap + j]!;
    }
    for (let i = idx; i < k - 1; i++) {
      const a = L[i * cap + i]!;
      const b = L[i * cap + i + 1]!;
      const r = Math.hypot(a, b);
      if (r === 0) continue;
      const cs = a / r;
      const sn = b / r;
      for (let p = i; p < k - 1; p++) {
        const x = L[p * cap + i]!;
        const y = L[p * cap + i + 1]!;
        L[p * cap + i] = cs * x + sn * y;
        L[p * cap + i + 1] = -sn * x + cs * y;
      }
      L[i * cap + i + 1] = 0;
    }
    for (let j = 0; j < k; j++) {
      L[(k - 1) * cap + j] = 0;
      L[j * cap + k - 1] = 0;
    }
    this.k = k - 1;
  }

  /** Solves `G_A x = b`. */
  solve(b: ArrayLike<number>): Float64Array {
    return cholSolve(this.L, this.k, b, this.cap);
  }
}

/**
 * Eigen-decomposition of a symmetric row-major `k × k` matrix by cyclic Jacobi rotations.
 * Returns eigenvalues and the eigenvectors as the columns of a row-major matrix.
 * @internal
 */
export function symEig(A: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += a[i * k + i]! ** 2;
      for (let j = i + 1; j < k; j++) off += a[i * k + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (apq === 0) continue;
        const app = a[p * k + p]!;
        const aqq = a[q * k + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p]!;
          const arq = a[r * k + q]!;
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r]!;
          const aqr = a[q * k + r]!;
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p]!;
          const vrq = v[r * k + q]!;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = a[i * k + i]!;
  return { values, vectors: v };
}

/**
 * Inverse of a symmetric matrix: Cholesky when positive definite, else the eigenvalue pseudo-inverse
 * (cut-off `1e-12·max|λ|`, as `scipy.linalg.pinvh` roughly does).
 * @internal
 */
export function invSym(A: Float64Array, k: number): Float64Array {
  const L = cholesky(A, k);
  const out = new Float64Array(k * k);
  if (L) {
    const e = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      e.fill(0);
      e[j] = 1;
      const col = cholSolve(L, k, e);
      for (let i = 0; i < k; i++) out[i * k + j] = col[i]!;
    }
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const m = 0.5 * (out[i * k + j]! + out[j * k + i]!);
        out[i * k + j] = m;
        out[j * k + i] = m;
      }
    }
    return out;
  }
  const { values, vectors } = symEig(A, k);
  let maxAbs = 0;
  for (const x of values) maxAbs = Math.max(maxAbs, Math.abs(x));
  const cut = maxAbs * k * 2.220446049250313e-16;
  for (let p = 0; p < k; p++) {
    const lam = values[p]!;
    if (Math.abs(lam) <= cut) continue;
    for (let i = 0; i < k; i++) {
      const vi = vectors[i * k + p]! / lam;
      for (let j = 0; j < k; j++) out[i * k + j] = out[i * k + j]! + vi * vectors[j * k + p]!;
    }
  }
  return out;
}

/** Column operations on a design: dense column-major, or sparse compressed columns. @internal */
export interface ColumnOps {
  /** `x_jᵀv`. */
  dot(j: number, v: Float64Array): number;
  /** `v += a·x_j`. */
  axpy(j: number, a: number, v: Float64Array): void;
  /** Column `j` as a dense vector (a sparse design may return a shared scratch buffer: use it before the next call). */
  column(j: number): Float64Array;
}

/** {@link ColumnOps} of a column-major `n × d` matrix. @internal */
export function denseColumns(X: Float64Array, n: number): ColumnOps {
  return {
    dot: (j, v) => colDot(X, n, j, v),
    axpy: (j, a, v) => colAxpy(X, n, j, a, v),
    column: (j) => X.subarray(j * n, (j + 1) * n),
  };
}

/** Largest eigenvalue of `XᵀX` (= `‖X‖₂²`) for an `n × d` design, by power iteration. @internal */
export function spectralNormSq(X: ColumnOps, n: number, d: number, iters = 100): number {
  let v = new Float64Array(d);
  for (let j = 0; j < d; j++) v[j] = 1 / Math.sqrt(d) + 1e-3 * Math.sin(j + 1);
  let lam = 0;
  const u = new Float64Array(n);
  for (let t = 0; t < iters; t++) {
    u.fill(0);
    for (let j = 0; j < d; j++) if (v[j] !== 0) X.axpy(j, v[j]!, u);
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) next[j] = X.dot(j, u);
    const norm = Math.sqrt(dot(next, next));
    if (norm === 0) return 0;
    for (let j = 0; j < d; j++) next[j] = next[j]! / norm;
    const prev = lam;
    lam = norm;
    v = next;
    if (t > 5 && Math.abs(lam - prev) <= 1e-9 * lam) break;
  }
  return lam;
}

/**
 * Least squares restricted to columns `S` of a design (normal equations by Cholesky; returns `null` if the
 * columns are numerically dependent).
 * @internal
 */
export function lstsqOn(X: ColumnOps, S: ArrayLike<number>, y: Float64Array): Float64Array | null {
  const k = S.length;
  const G = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    b[c] = X.dot(S[c]!, y);
    const col = X.column(S[c]!);
    for (let a = c; a < k; a++) {
      const v = X.dot(S[a]!, col);
      G[a * k + c] = v;
      G[c * k + a] = v;
    }
  }
  const L = cholesky(G, k);
  if (!L) return null;
  return cholSolve(L, k, b);
}
