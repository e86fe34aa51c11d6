/**
 * Coordinate descent on Gram columns computed on demand, for regularisation paths with `n > d`
 * (scikit-learn precomputes `XᵀX` there; we compute only the columns we need).
 *
 * The state is `w` and the exact correlation vector `q = Xᵀ(y − Xw)` for **every** feature. Changing
 * `w_j` by `δ` costs `q −= δ·G_{:,j}` (O(d)) instead of `r −= δ·x_j` (O(n)), and the full duality gap and
 * KKT residual cost O(d) because `q` is always current: `‖r‖² = ‖y‖² − wᵀXᵀy − wᵀq`, `rᵀy = ‖y‖² − wᵀXᵀy`.
 * The Gram column `G_{:,j} = Xᵀx_j` (one pass over `X`) is computed the first time `w_j` leaves 0 and kept
 * for the rest of the path, so while the solutions stay sparse a path point costs a few O(d) sweeps and
 * no pass over `X` at all.
 *
 * Each solve sweeps the sequential strong set (Tibshirani et al. 2012: the active features and those with
 * `|q_j| ≥ n(2λ_k − λ_{k−1})`), and after every sweep checks the whole problem (O(d)), adding KKT
 * violators. A solve that would need more than `maxNewColumns` new Gram columns stops early with a
 * consistent `(w, q)` (`aborted`), so the caller can carry on with the residual engine when the support
 * grows quickly (each column costs as much as a full pass of the residual engine).
 *
 * @module
 */
import { sessionOf } from '../internal/simd.js';
import type { CdProblem } from './cd.js';

/** Gram columns computed on demand, kept for a whole path. @internal */
export interface LazyGram {
  readonly n: number;
  readonly d: number;
  /** `Xᵀy`. */
  readonly xty: Float64Array;
  /** `‖y‖²`. */
  readonly yy: number;
  /** Columns computed so far. */
  computed: number;
  /** `G_{:,j}` (computing it on the first call). */
  column(j: number): Float64Array;
  /** Computes the missing columns among `js` (up to four per pass over `X`). */
  prefetch(js: readonly number[]): void;
  /** Whether `G_{:,j}` is cached. */
  has(j: number): boolean;
}

/** Builds the lazy Gram for a prepared (column-major) problem; costs one pass over `X` for `Xᵀy`. @internal */
export function lazyGram(prob: CdProblem): LazyGram {
  const { n, d, X, y } = prob;
  const S = sessionOf(X);
  let yv = y;
  let mark = 0;
  if (S && !S.owns(y)) {
    mark = S.mark();
    yv = S.alloc(n);
    yv.set(y);
  }
  const dotCol = S
    ? (k: number, v: Float64Array): number => S.dotCol(X, n, k, v)
    : (k: number, v: Float64Array): number => colDot(X, n, k, v);
  const xty = new Float64Array(d);
  for (let k = 0; k < d; k++) xty[k] = dotCol(k, yv);
  if (S && yv !== y) S.release(mark);
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i]! * y[i]!;
  const cols: (Float64Array | undefined)[] = new Array(d);
  const out4 = S ? S.alloc(8) : null;
  const g: LazyGram = {
    n,
    d,
    xty,
    yy,
    computed: 0,
    has: (j) => cols[j] !== undefined,
    column(j: number): Float64Array {
      const hit = cols[j];
      if (hit) return hit;
      g.prefetch([j]);
      return cols[j]!;
    },
    prefetch(js: readonly number[]): void {
      const missing = [...new Set(js)].filter((j) => cols[j] === undefined);
      for (let p = 0; p < missing.length; p += 4) {
        const batch = missing.slice(p, p + 4);
        const fresh = batch.map(() => new Float64Array(d));
        if (S && out4 && batch.length > 1) {
          const js4 = [0, 1, 2, 3].map((m) => batch[Math.min(m, batch.length - 1)]!);
          for (let k = 0; k < d; k++) {
            const other = cols[k];
            if (other) {
              for (let m = 0; m < batch.length; m++) fresh[m]![k] = other[batch[m]!]!;
              continue;
            }
            if (k + 1 < d && cols[k + 1] === undefined) {
              // two rows of the four columns per call: each loaded lane serves two products
              S.dot2x4Col(X, n, k, js4, out4);
              for (let m = 0; m < batch.length; m++) {
                fresh[m]![k] = out4[2 * m]!;
                fresh[m]![k + 1] = out4[2 * m + 1]!;
              }
              k++;
              continue;
            }
            S.dot4Col(X, n, k, js4, out4);
            for (let m = 0; m < batch.length; m++) fresh[m]![k] = out4[m]!;
          }
        } else {
          for (let m = 0; m < batch.length; m++) {
            const j = batch[m]!;
            const xj = X.subarray(j * n, (j + 1) * n);
            const col = fresh[m]!;
            for (let k = 0; k < d; k++) {
              const other = cols[k];
              col[k] = other ? other[j]! : dotCol(k, xj);
            }
          }
        }
        for (let m = 0; m < batch.length; m++) cols[batch[m]!] = fresh[m]!;
        g.computed += batch.length;
      }
    },
  };
  return g;
}

/** Options of {@link cdLazyGram}. @internal */
export interface LazyGramCdOptions {
  alpha: number;
  l1Ratio: number;
  positive: boolean;
  maxIter: number;
  tol: number;
  /** `λ = αρ` of the previous path point (strong rule); none for the first point. */
  prevLambda?: number | undefined;
  /** Stop (aborted) rather than make more than this many passes over `X` for new Gram columns in this solve. */
  maxNewPasses: number;
}

/** Result of {@link cdLazyGram}; `w` and `q` are updated in place. @internal */
export interface LazyGramCdResult {
  nIter: number;
  converged: boolean;
  aborted: boolean;
  /** Duality gap in the 1/n scale. */
  gap: number;
  kktMax: number;
  objective: number[];
  /** `q_j − βw_j` (×n scale). */
  corr: Float64Array;
}

/**
 * ℓ1 / ElasticNet coordinate descent on lazy Gram columns (cyclic order), `w` and `q = Xᵀ(y − Xw)` in place.
 * @internal
 */
export function cdLazyGram(
  g: LazyGram,
  colSq: Float64Array,
  w: Float64Array,
  q: Float64Array,
  o: LazyGramCdOptions,
): LazyGramCdResult {
  const { n, d, xty, yy } = g;
  const lambda = o.alpha * o.l1Ratio;
  const beta = n * o.alpha * (1 - o.l1Ratio);
  const A = n * lambda;
  const positive = o.positive;
  const sy = Math.sqrt(yy / n) || 1;
  const tolGap = (o.tol * yy) / n;
  const corr = new Float64Array(d);
  const inSet = new Uint8Array(d);
  let set: number[] = [];
  const cut = o.prevLambda === undefined ? A : n * (2 * lambda - o.prevLambda);
  for (let j = 0; j < d; j++) {
    if (colSq[j]! <= 0) continue;
    const c = q[j]! - beta * w[j]!;
    if (w[j] !== 0 || (positive ? c : Math.abs(c)) >= cut) {
      inSet[j] = 1;
      set.push(j);
    }
  }
  const objective: number[] = [];
  let epochs = 0;
  let newPasses = 0;
  let aborted = false;
  let converged = false;
  let gapN = Number.POSITIVE_INFINITY;
  let kktMax = Number.POSITIVE_INFINITY;
  const violators: number[] = [];

  const evaluate = (): void => {
    let dual = 0;
    let ww = 0;
    let l1 = 0;
    let xw = 0;
    let qw = 0;
    kktMax = 0;
    violators.length = 0;
    for (let j = 0; j < d; j++) {
      const wj = w[j]!;
      const c = q[j]! - beta * wj;
      corr[j] = c;
      const a = positive ? c : Math.abs(c);
      if (a > dual) dual = a;
      if (colSq[j]! <= 0) continue;
      const gj = c / n;
      let v: number;
      if (wj !== 0) {
        ww += wj * wj;
        l1 += Math.abs(wj);
        xw += wj * xty[j]!;
        qw += wj * q[j]!;
        v = Math.abs(gj - lambda * Math.sign(wj));
      } else {
        v = positive ? Math.max(gj - lambda, 0) : Math.max(Math.abs(gj) - lambda, 0);
        if (v > 0 && !inSet[j]) violators.push(j);
      }
      v /= Math.sqrt(colSq[j]! / n) * sy;
      if (v > kktMax) kktMax = v;
    }
    const rr = Math.max(yy - xw - qw, 0);
    const ry = yy - xw;
    const s = dual > A ? A / dual : 1;
    gapN = 0.5 * (rr + beta * ww) * (1 + s * s) + A * l1 - s * ry;
    objective.push((rr + beta * ww) / (2 * n) + lambda * l1);
  };

  const likelyEntrants = (j: number): number[] => {
    const best: number[] = [];
    const score = (k: number): number => (positive ? q[k]! : Math.abs(q[k]!));
    for (let k = 0; k < d; k++) {
      if (k === j || w[k] !== 0 || g.has(k) || colSq[k]! <= 0) continue;
      if (best.length < 3) {
        best.push(k);
        best.sort((a, b) => score(b) - score(a));
      } else if (score(k) > score(best[2]!)) {
        best[2] = k;
        best.sort((a, b) => score(b) - score(a));
      }
    }
    return best;
  };

  outer: for (;;) {
    evaluate();
    converged = kktMax <= o.tol && (lambda === 0 || gapN / n <= tolGap);
    if (converged || epochs >= o.maxIter) break;
    if (violators.length > 0) {
      for (const j of violators) inSet[j] = 1;
      set = set.concat(violators).sort((a, b) => a - b);
    }
    // one cyclic sweep over the set
    for (const j of set) {
      const c = colSq[j]!;
      const wj = w[j]!;
      const z = q[j]! + c * wj;
      const den = c + beta;
      let nw: number;
      if (z > A) nw = (z - A) / den;
      else if (!positive && z < -A) nw = (z + A) / den;
      else nw = 0;
      if (nw === wj) continue;
      if (!g.has(j)) {
        if (newPasses >= o.maxNewPasses) {
          aborted = true;
          break outer;
        }
        newPasses++;
        // three more columns ride along in the same pass: the uncached features closest to entering
        g.prefetch([j, ...likelyEntrants(j)]);
      }
      const col = g.column(j);
      const delta = nw - wj;
      w[j] = nw;
      for (let k = 0; k < d; k++) q[k] = q[k]! - delta * col[k]!;
    }
    epochs++;
  }
  if (aborted) evaluate();
  return { nIter: epochs, converged, aborted, gap: gapN / n, kktMax, objective, corr };
}

function colDot(X: Float64Array, n: number, j: number, v: Float64Array): number {
  const off = j * n;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += X[off + i]! * v[i]!;
    s1 += X[off + i + 1]! * v[i + 1]!;
  }
  if (i < n) s0 += X[off + i]! * v[i]!;
  return s0 + s1;
}
