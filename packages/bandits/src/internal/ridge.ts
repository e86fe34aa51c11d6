/**
 * Ridge statistics for linear bandits: `A = λI + Σ w xxᵀ`, `b = Σ w r x`, the inverse `A⁻¹` kept by
 * Sherman–Morrison, `θ̂ = A⁻¹b` by the recursive-least-squares update, `log det A`, and (on demand) a
 * Cholesky factor of `A` kept by rank-one updates (for Thompson sampling).
 *
 * Drift control: every {@link CHECK_EVERY} updates one column of `A·A⁻¹ − I` and the residual
 * `Aθ̂ − b` are probed (O(d²)); beyond `1e-9` relative both are rebuilt from `A` by a Cholesky solve.
 *
 * @module
 */
import { type Json, num } from './json.js';
import { cholesky, cholSolve } from './linalg.js';

/** Probe interval of the drift check. @internal */
export const CHECK_EVERY = 64;
const DRIFT = 1e-9;

/** JSON form of a {@link RidgeState}. @internal */
export interface RidgeJSON {
  d: number;
  lambda: number;
  n: number;
  logdet: number;
  updates: number;
  A: number[];
  Ainv: number[];
  b: number[];
  theta: number[];
  L: number[] | null;
  [k: string]: Json;
}

/** @internal */
export class RidgeState {
  readonly d: number;
  readonly lambda: number;
  /** Sum of update weights (samples seen). */
  n = 0;
  /** `log det A`. */
  logdet: number;
  /** Updates since construction (drives the drift probe). */
  updates = 0;
  readonly A: Float64Array;
  readonly Ainv: Float64Array;
  readonly b: Float64Array;
  readonly theta: Float64Array;
  /** Lower Cholesky factor of `A` (row-major), kept only when asked for. */
  L: Float64Array | null = null;
  readonly #u: Float64Array;

  constructor(d: number, lambda: number, withCholesky = false) {
    this.d = d;
    this.lambda = lambda;
    this.A = new Float64Array(d * d);
    this.Ainv = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      this.A[i * d + i] = lambda;
      this.Ainv[i * d + i] = 1 / lambda;
    }
    this.b = new Float64Array(d);
    this.theta = new Float64Array(d);
    this.logdet = d * Math.log(lambda);
    this.#u = new Float64Array(d);
    if (withCholesky) {
      this.L = new Float64Array(d * d);
      for (let i = 0; i < d; i++) this.L[i * d + i] = Math.sqrt(lambda);
    }
  }

  /** `xᵀθ̂` for `x = src[off .. off + d)`. */
  mean(src: Float64Array, off: number): number {
    const { d, theta } = this;
    let s = 0;
    for (let j = 0; j < d; j++) s += src[off + j]! * theta[j]!;
    return s;
  }

  /** `xᵀA⁻¹x` (the squared confidence width) for `x = src[off .. off + d)`. */
  width2(src: Float64Array, off: number): number {
    const { d, Ainv } = this;
    // symmetric: xᵀMx = 2 Σ_i x_i (M_ii x_i / 2 + Σ_{j>i} M_ij x_j), half the flops
    let total = 0;
    for (let i = 0; i < d; i++) {
      const xi = src[off + i]!;
      if (xi === 0) continue;
      const row = i * d;
      let s = 0.5 * Ainv[row + i]! * xi;
      for (let j = i + 1; j < d; j++) s += Ainv[row + j]! * src[off + j]!;
      total += xi * s;
    }
    return total > 0 ? 2 * total : 0;
  }

  /** Adds `(x, r)` with weight `w`: `A += w xxᵀ`, `b += w r x`. */
  update(src: Float64Array, off: number, r: number, w = 1): void {
    const { d, A, Ainv, b, theta } = this;
    const u = this.#u;
    // u = A⁻¹x
    let xu = 0;
    for (let i = 0; i < d; i++) {
      const row = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += Ainv[row + j]! * src[off + j]!;
      u[i] = s;
      xu += src[off + i]! * s;
    }
    const denom = 1 + w * xu;
    const f = w / denom;
    let pred = 0;
    for (let j = 0; j < d; j++) pred += src[off + j]! * theta[j]!;
    const g = f * (r - pred);
    for (let i = 0; i < d; i++) {
      const xi = src[off + i]!;
      const ui = u[i]!;
      const row = i * d;
      const fu = f * ui;
      const wx = w * xi;
      for (let j = 0; j < d; j++) {
        Ainv[row + j] = Ainv[row + j]! - fu * u[j]!;
        A[row + j] = A[row + j]! + wx * src[off + j]!;
      }
      b[i] = b[i]! + w * r * xi;
      theta[i] = theta[i]! + g * ui;
    }
    this.logdet += Math.log(denom);
    this.n += w;
    this.updates++;
    if (this.L) cholUpdate(this.L, d, src, off, Math.sqrt(w));
    if (this.updates % CHECK_EVERY === 0) this.#probe();
  }

  /** Rebuilds `A⁻¹`, `θ̂`, `log det A` (and `L`) from `A` and `b` by a Cholesky factorisation. */
  refactor(): void {
    const { d, A, Ainv, b, theta } = this;
    const L = cholesky(A, d);
    if (!L) return;
    const e = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      e.fill(0);
      e[j] = 1;
      const col = cholSolve(L, d, e);
      for (let i = 0; i < d; i++) Ainv[i * d + j] = col[i]!;
    }
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const m = 0.5 * (Ainv[i * d + j]! + Ainv[j * d + i]!);
        Ainv[i * d + j] = m;
        Ainv[j * d + i] = m;
      }
    }
    theta.set(cholSolve(L, d, b));
    let ld = 0;
    for (let i = 0; i < d; i++) ld += 2 * Math.log(L[i * d + i]!);
    this.logdet = ld;
    if (this.L) this.L.set(L);
  }

  /** Probes one column of `A·A⁻¹ − I` and `Aθ̂ − b`; refactors on drift. */
  #probe(): void {
    const { d, A, Ainv, b, theta } = this;
    const k = Math.floor(this.updates / CHECK_EVERY) % d;
    let err = 0;
    let scaleB = 0;
    let errB = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      let t = 0;
      for (let j = 0; j < d; j++) {
        s += A[i * d + j]! * Ainv[j * d + k]!;
        t += A[i * d + j]! * theta[j]!;
      }
      err = Math.max(err, Math.abs(s - (i === k ? 1 : 0)));
      errB = Math.max(errB, Math.abs(t - b[i]!));
      scaleB = Math.max(scaleB, Math.abs(b[i]!));
    }
    if (err > DRIFT || errB > DRIFT * Math.max(scaleB, 1)) this.refactor();
  }

  /** `z ↦ θ̂ + v·L⁻ᵀz`, a draw from `N(θ̂, v²A⁻¹)` given standard normals `z` (needs the factor). */
  sample(z: Float64Array, v: number, out: Float64Array): Float64Array {
    const { d, theta } = this;
    const L = this.L!;
    // solve Lᵀ u = z (back substitution over columns of L)
    for (let i = d - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * out[k]!;
      out[i] = s / L[i * d + i]!;
    }
    for (let i = 0; i < d; i++) out[i] = theta[i]! + v * out[i]!;
    return out;
  }

  toJSON(): RidgeJSON {
    return {
      d: this.d,
      lambda: this.lambda,
      n: this.n,
      logdet: this.logdet,
      updates: this.updates,
      A: Array.from(this.A),
      Ainv: Array.from(this.Ainv),
      b: Array.from(this.b),
      theta: Array.from(this.theta),
      L: this.L ? Array.from(this.L) : null,
    };
  }

  static fromJSON(j: RidgeJSON): RidgeState {
    const s = new RidgeState(j.d, j.lambda, j.L !== null);
    s.n = num(j.n);
    s.logdet = num(j.logdet);
    s.updates = j.updates;
    s.A.set(j.A);
    s.Ainv.set(j.Ainv);
    s.b.set(j.b);
    s.theta.set(j.theta);
    if (j.L && s.L) s.L.set(j.L);
    return s;
  }
}

/**
 * Rank-one Cholesky update: `L ← chol(LLᵀ + (c·x)(c·x)ᵀ)` for a lower, row-major `L`. O(d²).
 * @internal
 */
export function cholUpdate(L: Float64Array, d: number, src: Float64Array, off: number, c = 1): void {
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) x[i] = c * src[off + i]!;
  for (let k = 0; k < d; k++) {
    const xk = x[k]!;
    if (xk === 0) continue;
    const lkk = L[k * d + k]!;
    const r = Math.hypot(lkk, xk);
    const cs = r / lkk;
    const sn = xk / lkk;
    L[k * d + k] = r;
    for (let i = k + 1; i < d; i++) {
      const lik = (L[i * d + k]! + sn * x[i]!) / cs;
      L[i * d + k] = lik;
      x[i] = cs * x[i]! - sn * lik;
    }
  }
}
