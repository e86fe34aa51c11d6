/**
 * Greedy and hard-thresholding solvers for `‖w‖₀ ≤ s` least squares (spec §5): orthogonal matching
 * pursuit, (normalised) iterative hard thresholding and hard thresholding pursuit, on a prepared design.
 *
 * @module
 */
import { CholeskyFactor, type ColumnOps, denseColumns, lstsqOn, spectralNormSq } from '../internal/linalg.js';
import { sparseKernels } from '../internal/sparse.js';
import type { CdProblem } from './cd.js';

/** Column operations on the prepared design (dense column-major or sparse compressed columns). */
function opsOf(prob: CdProblem): ColumnOps {
  const { n, X } = prob;
  if (prob.sparse) {
    const k = sparseKernels(prob.sparse);
    const scratch = new Float64Array(n);
    return {
      dot: k.dot,
      axpy: k.axpy,
      column(j) {
        scratch.fill(0);
        k.axpy(j, 1, scratch);
        return scratch;
      },
    };
  }
  return denseColumns(X, n);
}

/** `y − Xw`. */
function residual(ops: ColumnOps, y: Float64Array, w: Float64Array): Float64Array {
  const r = Float64Array.from(y);
  for (let j = 0; j < w.length; j++) if (w[j] !== 0) ops.axpy(j, -w[j]!, r);
  return r;
}

/** @internal */
export interface GreedyResult {
  w: Float64Array;
  /** Support in entry order (OMP) or increasing (IHT/HTP). */
  support: number[];
  nIter: number;
  converged: boolean;
  /** `‖r‖²/(2n)` after each step. */
  objective: number[];
  /** Why it stopped. */
  stop: 'sparsity' | 'tol' | 'dependent' | 'exact' | 'stable' | 'maxIter';
}

const sq = (v: Float64Array): number => {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
};

/**
 * OMP (Pati et al. 1993): add `argmax |x_jᵀr|/‖x_j‖`, refit least squares on the support (Cholesky of the
 * support's Gram matrix updated per atom), until `k` atoms or `‖r‖² ≤ tol`.
 * @internal
 */
export function omp(prob: CdProblem, k: number, tol: number | null): GreedyResult {
  const { n, d, y, colSq } = prob;
  const ops = opsOf(prob);
  const maxK = tol === null ? k : Math.min(n, d);
  const chol = new CholeskyFactor(maxK + 1);
  const support: number[] = [];
  const inS = new Uint8Array(d);
  let r: Float64Array = Float64Array.from(y);
  let w: Float64Array = new Float64Array(d);
  const objective: number[] = [];
  let stop: GreedyResult['stop'] = 'sparsity';
  const yy = sq(y);
  if (tol !== null && yy <= tol)
    return { w, support, nIter: 0, converged: true, objective: [yy / (2 * n)], stop: 'tol' };
  while (support.length < maxK) {
    let best = -1;
    let bestScore = 0;
    for (let j = 0; j < d; j++) {
      if (inS[j] || colSq[j] === 0) continue;
      const s = Math.abs(ops.dot(j, r)) / Math.sqrt(colSq[j]!);
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    // residual (numerically) orthogonal to every remaining atom
    if (best < 0 || bestScore * bestScore <= 1e-28 * yy) {
      stop = 'exact';
      break;
    }
    const xb = ops.column(best);
    const g = support.map((a) => ops.dot(a, xb));
    if (chol.add(g, colSq[best]!, 1e-12 * colSq[best]!) <= 0) {
      stop = 'dependent';
      break;
    }
    support.push(best);
    inS[best] = 1;
    const coef = chol.solve(support.map((a) => ops.dot(a, y)));
    w = new Float64Array(d);
    support.forEach((a, i) => {
      w[a] = coef[i]!;
    });
    r = residual(ops, y, w);
    const rr = sq(r);
    objective.push(rr / (2 * n));
    if (tol !== null && rr <= tol) {
      stop = 'tol';
      break;
    }
  }
  const converged = stop === 'tol' || (tol === null && (stop === 'exact' || support.length === k));
  return { w, support, nIter: support.length, converged, objective, stop };
}

/** Indices of the `s` largest `|v_j|` (ties to the lower index), increasing. */
function topS(v: Float64Array, s: number): number[] {
  const idx = Array.from(v, (_, j) => j);
  idx.sort((a, b) => Math.abs(v[b]!) - Math.abs(v[a]!) || a - b);
  return idx.slice(0, s).sort((a, b) => a - b);
}

function threshold(v: Float64Array, S: number[]): Float64Array {
  const out = new Float64Array(v.length);
  for (const j of S) out[j] = v[j]!;
  return out;
}

/** `Xᵀ(y − Xw)` (full gradient, negated). */
function gradient(ops: ColumnOps, prob: CdProblem, w: Float64Array): { g: Float64Array; r: Float64Array } {
  const r = residual(ops, prob.y, w);
  const g = new Float64Array(prob.d);
  for (let j = 0; j < prob.d; j++) g[j] = ops.dot(j, r);
  return { g, r };
}

/** `‖X v‖²` for a sparse `v`. */
function normXv(ops: ColumnOps, n: number, v: Float64Array, S: Iterable<number>): number {
  const u = new Float64Array(n);
  for (const j of S) if (v[j] !== 0) ops.axpy(j, v[j]!, u);
  return sq(u);
}

/**
 * IHT (Blumensath & Davies 2009) `w ← H_s(w + μXᵀ(y − Xw))` with `μ = 0.99/‖X‖₂²`, or its normalised
 * variant NIHT (2010) with `μ = ‖g_S‖²/‖X_S g_S‖²` and backtracking when the support changes.
 * @internal
 */
export function iht(
  prob: CdProblem,
  s: number,
  o: { maxIter: number; tol: number; normalized: boolean },
): GreedyResult {
  const { n, d } = prob;
  const ops = opsOf(prob);
  let w: Float64Array = new Float64Array(d);
  // 0.99: power iteration approaches ‖X‖₂² from below; the step must stay under 1/‖X‖₂²
  const fixedMu = o.normalized ? 0 : 0.99 / Math.max(spectralNormSq(ops, n, d), Number.MIN_VALUE);
  const objective: number[] = [];
  let S: number[] = [];
  let it = 0;
  let converged = false;
  const c = 0.01;
  const kappa = 2 / (1 - c);
  while (it < o.maxIter) {
    const { g } = gradient(ops, prob, w);
    let mu = fixedMu;
    const Sg = S.length > 0 ? S : topS(g, s);
    if (o.normalized) {
      const gS = threshold(g, Sg);
      const den = normXv(ops, n, gS, Sg);
      mu = den > 0 ? sq(gS) / den : 0;
      if (mu === 0) {
        converged = true;
        break;
      }
    }
    let next: Float64Array = new Float64Array(d);
    let Snext: number[] = [];
    for (let bt = 0; bt < 60; bt++) {
      const step = Float64Array.from(w, (v, j) => v + mu * g[j]!);
      Snext = topS(step, s);
      next = threshold(step, Snext);
      if (!o.normalized || Snext.join() === Sg.join()) break;
      const diff = Float64Array.from(next, (v, j) => v - w[j]!);
      const omega = ((1 - c) * sq(diff)) / Math.max(normXv(ops, n, diff, diff.keys()), Number.MIN_VALUE);
      if (mu <= omega) break;
      mu /= kappa * (1 - c);
    }
    it++;
    let dw = 0;
    let nw = 0;
    for (let j = 0; j < d; j++) {
      dw += (next[j]! - w[j]!) ** 2;
      nw += next[j]! ** 2;
    }
    w = next;
    S = Snext;
    objective.push(sq(residual(ops, prob.y, w)) / (2 * n));
    if (dw <= o.tol * o.tol * Math.max(nw, Number.MIN_VALUE)) {
      converged = true;
      break;
    }
  }
  return { w, support: S, nIter: it, converged, objective, stop: converged ? 'stable' : 'maxIter' };
}

/**
 * HTP (Foucart 2011): `S ← top-s of w + μXᵀ(y − Xw)` (`μ = 1/‖X‖₂²`), `w ← least squares on S`, until the
 * support repeats.
 * @internal
 */
export function htp(prob: CdProblem, s: number, maxIter: number): GreedyResult {
  const { n, d, y } = prob;
  const ops = opsOf(prob);
  const mu = 1 / Math.max(spectralNormSq(ops, n, d), Number.MIN_VALUE);
  let w: Float64Array = new Float64Array(d);
  let S: number[] = [];
  const objective: number[] = [];
  let it = 0;
  let converged = false;
  while (it < maxIter) {
    const { g } = gradient(ops, prob, w);
    const step = Float64Array.from(w, (v, j) => v + mu * g[j]!);
    const Snext = topS(step, s);
    if (it > 0 && Snext.join() === S.join()) {
      converged = true;
      break;
    }
    it++;
    S = Snext;
    let coef = lstsqOn(ops, S, y);
    if (!coef) {
      // dependent columns on the support: fall back to the thresholded gradient step
      coef = Float64Array.from(S, (j) => step[j]!);
    }
    w = new Float64Array(d);
    S.forEach((j, i) => {
      w[j] = coef![i]!;
    });
    objective.push(sq(residual(ops, y, w)) / (2 * n));
  }
  return { w, support: S, nIter: it, converged, objective, stop: converged ? 'stable' : 'maxIter' };
}

/**
 * Largest `|x_jᵀr|/(‖x_j‖‖y‖)` over the support: the least-squares optimality residual on it, scale-free.
 * @internal
 */
export function supportKkt(prob: CdProblem, w: Float64Array, support: readonly number[]): number {
  const { y, colSq } = prob;
  const ops = opsOf(prob);
  const r = residual(ops, y, w);
  const ny = Math.sqrt(sq(y)) || 1;
  let m = 0;
  for (const j of support)
    if (colSq[j]! > 0) m = Math.max(m, Math.abs(ops.dot(j, r)) / (Math.sqrt(colSq[j]!) * ny));
  return m;
}
