/**
 * The Lasso on a preconditioned design (spec §12).
 *
 * @module
 */
import type { Constraint, Constraints } from '../base/constraints.js';
import { interval } from '../base/constraints.js';
import { type FitContext, type FitOutput, LinearEstimator } from '../base/linear-model.js';
import { invalidParam } from '../errors.js';
import type { Design } from '../internal/design.js';
import { symEig } from '../internal/linalg.js';
import { l1 } from '../penalties/l1.js';
import { coordinateDescent } from '../solvers/cd.js';
import { CD_CONSTRAINTS, CD_DEFAULTS, type CdParams } from './cd-common.js';

/** A preconditioner: a named one, or a user `d × d` matrix `P` (the Lasso runs on `XP`, `ŵ = Pŵ_P`). */
export type Preconditioner = 'none' | 'columnNormalize' | 'whiten' | 'puffer' | number[][];

/** Parameters of {@link PreconditionedLasso}. */
export interface PreconditionedLassoParams extends CdParams {
  /** The preconditioner (default `'whiten'`). */
  preconditioner: Preconditioner;
  /** Eigenvalue floor of `'whiten'` and `'puffer'`, relative to the largest (default 1e-10). */
  ridgeFloor: number;
}

const PRECONDITIONER: Constraint = {
  expected: "be 'none', 'columnNormalize', 'whiten', 'puffer' or a square matrix (number[][])",
  invalid: ['qr', 3, [[1, Number.NaN]], [[1, 2]]],
  check: (v) =>
    v === 'none' ||
    v === 'columnNormalize' ||
    v === 'whiten' ||
    v === 'puffer' ||
    (Array.isArray(v) &&
      v.length > 0 &&
      v.every(
        (r) =>
          Array.isArray(r) &&
          r.length === v.length &&
          r.every((x) => typeof x === 'number' && Number.isFinite(x)),
      )),
};

/**
 * `PreconditionedLasso`: the Lasso on `(XP, y)` with `ŵ = Pŵ_P` (or, for `'puffer'`, on `(FX, Fy)`):
 *
 * - `'none'` (`P = I`), `'columnNormalize'` (`P = diag(√n/‖x_j‖)`);
 * - `'whiten'`: `P = Σ̂^{−1/2}` on the column space (`Σ̂ = XᵀX/n`, eigenvalues floored at
 *   `ridgeFloor·λ_max`), so `XP` has (nearly) orthogonal columns;
 * - `'puffer'` (Jia & Rohe 2015): `F = UD⁻¹Uᵀ` from the thin SVD `X = UDVᵀ`, applied from the left (scaled
 *   by `√n`), which makes the columns of `FX` orthonormal (`n ≥ d`) or its rows (`n < d`);
 * - a user matrix `P` (`d × d`).
 *
 * A **baseline** for the random-supports setting (spec §12, Chandrasekaran, Meka & Stavropoulos,
 * arXiv 2511.06211): it is not the paper's algorithm, whose preconditioner search (its Phase 1) is not
 * implemented here. `info` (gap, KKT) refers to the preconditioned problem.
 *
 * @example
 * ```ts
 * const m = new PreconditionedLasso({ alpha: 0.01, preconditioner: 'whiten' }).fit(X, y);
 * m.coef; // in the original coordinates
 * ```
 */
export class PreconditionedLasso extends LinearEstimator<PreconditionedLassoParams> {
  /** Defaults (scikit-learn's Lasso defaults, whitening). */
  static readonly defaults: PreconditionedLassoParams = {
    ...CD_DEFAULTS,
    preconditioner: 'whiten',
    ridgeFloor: 1e-10,
  };
  /** Constraint table checked at `fit`. */
  static readonly paramConstraints: Constraints<PreconditionedLassoParams> = {
    ...CD_CONSTRAINTS,
    preconditioner: PRECONDITIONER,
    ridgeFloor: interval({ gt: 0, lt: 1 }),
  };

  /** Stores the parameters; nothing is validated until `fit`. */
  constructor(params: Partial<PreconditionedLassoParams> = {}) {
    super('PreconditionedLasso', PreconditionedLasso.defaults, PreconditionedLasso.paramConstraints, params);
  }

  protected fitDesign(design: Design, ctx: FitContext): FitOutput {
    const { n, d, X, y } = design;
    const p = this.params;
    const pc = p.preconditioner;
    let Xp: Float64Array;
    let yp = y;
    let P: Float64Array | null = null; // row-major d × d, or null for left / identity
    if (pc === 'none') Xp = X;
    else if (pc === 'columnNormalize') {
      P = new Float64Array(d * d);
      for (let j = 0; j < d; j++) P[j * d + j] = design.colSq[j]! > 0 ? Math.sqrt(n / design.colSq[j]!) : 0;
      Xp = rightMultiply(X, n, d, P);
    } else if (pc === 'whiten') {
      const G = gram(X, n, d);
      for (let i = 0; i < d * d; i++) G[i] = G[i]! / n;
      P = inverseSqrt(G, d, p.ridgeFloor);
      Xp = rightMultiply(X, n, d, P);
    } else if (pc === 'puffer') {
      const out = puffer(X, y, n, d, p.ridgeFloor);
      Xp = out.X;
      yp = out.y;
    } else {
      if (pc.length !== d) {
        throw invalidParam(
          ctx.fn,
          'preconditioner',
          `be a ${d} × ${d} matrix (the number of columns of X)`,
          pc.length,
        );
      }
      P = Float64Array.from(pc.flat());
      Xp = rightMultiply(X, n, d, P);
    }
    const colSq = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Xp[j * n + i]! ** 2;
      colSq[j] = s;
    }
    const res = coordinateDescent(
      { n, d, X: Xp, y: yp, colSq },
      {
        alpha: p.alpha,
        l1Ratio: 1,
        penalty: l1(),
        positive: p.positive,
        maxIter: p.maxIter,
        tol: p.tol,
        selection: p.selection,
        screening: p.screening,
        workingSet: p.workingSet,
        accel: p.accel,
      },
    );
    let w = res.w;
    if (P) {
      w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += P[i * d + k]! * res.w[k]!;
        w[i] = s;
      }
    }
    const info: FitOutput['info'] = {
      nIter: res.nIter,
      converged: res.converged,
      kktMax: res.kktMax,
      objective: res.objective,
      screened: res.screened,
    };
    if (res.gap !== undefined) info.gap = res.gap;
    return { w, info };
  }
}

/** `XᵀX` (row-major `d × d`) of a column-major `X`. @internal */
export function gram(X: Float64Array, n: number, d: number): Float64Array {
  const G = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const oa = a * n;
      const ob = b * n;
      for (let i = 0; i < n; i++) s += X[oa + i]! * X[ob + i]!;
      G[a * d + b] = s;
      G[b * d + a] = s;
    }
  }
  return G;
}

/** `Σ^{−1/2}` with eigenvalues floored at `floor·λ_max` (row-major). @internal */
export function inverseSqrt(S: Float64Array, d: number, floor: number): Float64Array {
  const { values, vectors } = symEig(S, d);
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  const f = floor * max;
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const s = 1 / Math.sqrt(Math.max(values[k]!, 0) + f);
    if (!Number.isFinite(s)) continue;
    for (let i = 0; i < d; i++) {
      const vi = vectors[i * d + k]! * s;
      for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + vi * vectors[j * d + k]!;
    }
  }
  return out;
}

/** Column-major `X·P` for a row-major `P`. @internal */
export function rightMultiply(X: Float64Array, n: number, d: number, P: Float64Array): Float64Array {
  const out = new Float64Array(n * d);
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < d; j++) {
      const pjk = P[j * d + k]!;
      if (pjk === 0) continue;
      const oj = j * n;
      const ok = k * n;
      for (let i = 0; i < n; i++) out[ok + i] = out[ok + i]! + pjk * X[oj + i]!;
    }
  }
  return out;
}

/** `(√n·FX, √n·Fy)` with `F = UD⁻¹Uᵀ` (Jia & Rohe's puffer). @internal */
function puffer(
  X: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  floor: number,
): { X: Float64Array; y: Float64Array } {
  const sn = Math.sqrt(n);
  if (n >= d) {
    // XᵀX = V D² Vᵀ; FX = X V D⁻¹ Vᵀ; Fy = U D⁻¹ Uᵀ y with U = X V D⁻¹
    const G = gram(X, n, d);
    const { values, vectors } = symEig(G, d);
    let max = 0;
    for (const v of values) max = Math.max(max, v);
    const M = new Float64Array(d * d); // V D⁻¹ Vᵀ
    const keep: number[] = [];
    for (let k = 0; k < d; k++) {
      if (!(values[k]! > floor * max)) continue;
      keep.push(k);
      const s = 1 / Math.sqrt(values[k]!);
      for (let i = 0; i < d; i++) {
        const vi = vectors[i * d + k]! * s;
        for (let j = 0; j < d; j++) M[i * d + j] = M[i * d + j]! + vi * vectors[j * d + k]!;
      }
    }
    const FX = rightMultiply(X, n, d, M);
    for (let i = 0; i < FX.length; i++) FX[i] = FX[i]! * sn;
    // Fy = Σ_k u_k (u_kᵀy)/D_k, u_k = X v_k / D_k
    const Fy = new Float64Array(n);
    const u = new Float64Array(n);
    for (const k of keep) {
      const Dk = Math.sqrt(values[k]!);
      u.fill(0);
      for (let j = 0; j < d; j++) {
        const v = vectors[j * d + k]! / Dk;
        if (v === 0) continue;
        for (let i = 0; i < n; i++) u[i] = u[i]! + v * X[j * n + i]!;
      }
      let uy = 0;
      for (let i = 0; i < n; i++) uy += u[i]! * y[i]!;
      for (let i = 0; i < n; i++) Fy[i] = Fy[i]! + (u[i]! * uy * sn) / Dk;
    }
    return { X: FX, y: Fy };
  }
  // n < d: XXᵀ = U D² Uᵀ (n × n); F = U D⁻¹ Uᵀ
  const K = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[j * n + a]! * X[j * n + b]!;
      K[a * n + b] = s;
      K[b * n + a] = s;
    }
  }
  const F = inverseSqrt(K, n, floor);
  const FX = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += F[a * n + b]! * X[j * n + b]!;
      FX[j * n + a] = s * sn;
    }
  }
  const Fy = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let b = 0; b < n; b++) s += F[a * n + b]! * y[b]!;
    Fy[a] = s * sn;
  }
  return { X: FX, y: Fy };
}
