/**
 * Least angle regression and its Lasso modification (Efron, Hastie, Johnstone & Tibshirani 2004; spec §4)
 * on a prepared design, with the Cholesky factor of the active Gram matrix updated on every add and drop.
 * Correlations are recomputed from the residual at every knot, so the knots are exact to rounding.
 *
 * @module
 */
import { CholeskyFactor, colAxpy, colDot, residual } from '../internal/linalg.js';
import type { CdProblem } from './cd.js';

/** @internal */
export interface LarsOptions {
  method: 'lar' | 'lasso';
  /** Maximum steps. */
  maxIter: number;
  /** Stop (interpolating) at this alpha. */
  alphaMin: number;
  positive: boolean;
}

/** One event of the path: a feature entered or (Lasso only) left the active set at a knot. */
export interface LarsEvent {
  /** Knot index (into `alphas`) at which the event happened. */
  knot: number;
  /** Feature index. */
  feature: number;
  /** `'add'` or `'drop'`. */
  kind: 'add' | 'drop';
}

/** @internal */
export interface LarsResult {
  alphas: number[];
  coefs: Float64Array[];
  active: number[];
  events: LarsEvent[];
  nIter: number;
  /** True when the path ended at `alphaMin` or at the least-squares fit, false when `maxIter` cut it. */
  complete: boolean;
}

/** Runs LARS / LARS-Lasso. @internal */
export function lars(prob: CdProblem, o: LarsOptions): LarsResult {
  const { n, d, X, y, colSq } = prob;
  const w = new Float64Array(d);
  const active: number[] = [];
  const inActive = new Uint8Array(d);
  const excluded = new Uint8Array(d);
  const chol = new CholeskyFactor(Math.min(n, d) + 1);
  const alphas: number[] = [];
  const coefs: Float64Array[] = [];
  const events: LarsEvent[] = [];
  let r: Float64Array = Float64Array.from(y);
  const c = new Float64Array(d);
  const refreshCorr = () => {
    for (let j = 0; j < d; j++) c[j] = colDot(X, n, j, r);
  };
  refreshCorr();
  const score = (j: number) => (o.positive ? c[j]! : Math.abs(c[j]!));
  let C = 0;
  for (let j = 0; j < d; j++) if (colSq[j]! > 0) C = Math.max(C, score(j));
  const alpha0 = C / n;
  const eqTol = 1e-12 * Math.max(alpha0, Number.MIN_VALUE);
  let nIter = 0;
  let justDropped = -1;
  let complete = false;

  const push = (alpha: number) => {
    alphas.push(alpha);
    coefs.push(Float64Array.from(w));
  };

  /** Ends the path at alphaMin: interpolates the last segment linearly (the path is piecewise linear). */
  const finish = () => {
    const k = alphas.length - 1;
    const a = alphas[k]!;
    if (k >= 1 && a < o.alphaMin - eqTol) {
      const prevA = alphas[k - 1]!;
      const prevW = coefs[k - 1]!;
      const cur = coefs[k]!;
      const ss = (prevA - o.alphaMin) / (prevA - a);
      for (let j = 0; j < d; j++) cur[j] = prevW[j]! + ss * (cur[j]! - prevW[j]!);
      w.set(cur);
    }
    alphas[k] = o.alphaMin;
    complete = true;
  };

  push(alpha0);
  if (alpha0 <= o.alphaMin + eqTol) finish();
  while (!complete) {
    if (nIter >= o.maxIter) break;
    if (active.length >= d) {
      complete = true;
      break;
    }

    // add the most correlated inactive feature (not the one dropped at this knot)
    if (justDropped < 0) {
      let added = false;
      for (;;) {
        let best = -1;
        let bestScore = -1;
        for (let j = 0; j < d; j++) {
          if (inActive[j] || excluded[j] || colSq[j] === 0) continue;
          const s = score(j);
          if (s > bestScore) {
            bestScore = s;
            best = j;
          }
        }
        if (best < 0 || (o.positive && bestScore <= 0)) break;
        const g = active.map((k) => {
          let s = 0;
          const ok = k * n;
          const ob = best * n;
          for (let i = 0; i < n; i++) s += X[ok + i]! * X[ob + i]!;
          return s;
        });
        const piv = chol.add(g, colSq[best]!, 1e-14 * colSq[best]!);
        if (piv <= 0) {
          excluded[best] = 1; // numerically dependent on the active set: drop for good
          continue;
        }
        active.push(best);
        inActive[best] = 1;
        events.push({ knot: alphas.length - 1, feature: best, kind: 'add' });
        added = true;
        break;
      }
      if (!added && active.length === 0) {
        finish();
        break;
      }
    }
    // the feature dropped at this knot sits at |c_j| = C: its same-sign crossing is the zero step it just
    // left by, so only the opposite-sign crossing counts for it (it may re-enter with the other sign)
    const skip = justDropped;
    justDropped = -1;

    // equiangular direction
    const m = active.length;
    const s = active.map((k) => (o.positive ? 1 : Math.sign(c[k]!) || 1));
    const q = chol.solve(s);
    let sq = 0;
    for (let a = 0; a < m; a++) sq += s[a]! * q[a]!;
    const AA = 1 / Math.sqrt(Math.max(sq, Number.MIN_VALUE));
    const dir = Float64Array.from(q, (v) => v * AA);
    const u = new Float64Array(n);
    for (let a = 0; a < m; a++) colAxpy(X, n, active[a]!, dir[a]!, u);

    let gamma = C / AA;
    for (let j = 0; j < d; j++) {
      if (inActive[j] || excluded[j] || colSq[j] === 0) continue;
      const aj = colDot(X, n, j, u);
      const sameSign = j === skip ? Math.sign(c[j]!) : 0;
      const g1 = (C - c[j]!) / (AA - aj);
      if (sameSign <= 0 && g1 > 0 && g1 < gamma) gamma = g1;
      if (!o.positive) {
        const g2 = (C + c[j]!) / (AA + aj);
        if (sameSign >= 0 && g2 > 0 && g2 < gamma) gamma = g2;
      }
    }
    let drop = -1;
    if (o.method === 'lasso') {
      for (let a = 0; a < m; a++) {
        const k = active[a]!;
        const z = -w[k]! / dir[a]!;
        if (z > 0 && z < gamma) {
          gamma = z;
          drop = a;
        }
      }
    }
    for (let a = 0; a < m; a++) w[active[a]!] = w[active[a]!]! + gamma * dir[a]!;
    C = Math.max(C - gamma * AA, 0);
    nIter++;
    if (drop >= 0) {
      const k = active[drop]!;
      w[k] = 0;
      active.splice(drop, 1);
      inActive[k] = 0;
      chol.remove(drop);
      justDropped = k;
    }
    r = residual(X, n, d, y, w);
    refreshCorr();
    // the common correlation of the active set, recomputed (keeps knots exact to rounding)
    if (active.length > 0) {
      let sum = 0;
      for (const k of active) sum += Math.abs(c[k]!);
      C = sum / active.length;
    }
    push(C / n);
    if (justDropped >= 0) events.push({ knot: alphas.length - 1, feature: justDropped, kind: 'drop' });
    if (C / n <= o.alphaMin + eqTol) finish();
  }
  return { alphas, coefs, active, events, nIter, complete };
}
