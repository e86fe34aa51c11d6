/**
 * The coordinate-descent engine (spec §3): penalised least squares
 * `P(w) = (1/2n)‖y − Xw‖² + λ·Σ pen(w_j) + (α(1−ρ)/2)‖w‖²`, `λ = αρ`, on a prepared (centred) design.
 *
 * - Epochs update one coordinate at a time with the residual kept current; the update is the penalty's
 *   prox of `z/(c_j + β)` with `τ = n/(c_j + β)`, `β = nα(1−ρ)` (soft thresholding for ℓ1).
 * - Stopping: the scaled KKT residual `kktMax ≤ tol` always, and for the convex (ℓ1/ElasticNet) case also
 *   the duality gap `G ≤ tol·‖y‖²/n` (scikit-learn's relative tolerance).
 * - Screening: `'gap'` (gap-safe sphere test, convex only), `'strong'` (sequential strong rule for the first
 *   working set, KKT re-checked after convergence), `'none'`.
 * - Working sets (celer / skglm): solve on the most promising features, check the whole problem, grow.
 * - Anderson acceleration of the primal iterates inside a working set, kept only when the objective drops.
 *
 * @module
 */
import type { random } from '@sparseland/core';
import { SIMD_MIN_ENTRIES } from '../internal/design.js';
import { type SimdSession, sessionOf, simdSession } from '../internal/simd.js';
import { type SparseColumns, sparseKernels } from '../internal/sparse.js';
import type { Penalty } from '../penalties/penalty.js';

type Rng = random.Rng;

/** Column kernels: `x_jᵀv` and `v += a·x_j` (WebAssembly SIMD or JavaScript). */
interface Kernels {
  dot(j: number, v: Float64Array): number;
  axpy(j: number, a: number, v: Float64Array): void;
}

/**
 * A SIMD session holding a copy of `X` and room for the solver's residual vectors, or `null` (no SIMD,
 * or a small design). @internal
 */
export function sessionFor(X: Float64Array, n: number): { session: SimdSession; X: Float64Array } | null {
  if (X.length < SIMD_MIN_ENTRIES || n < 16 || sessionOf(X)) return null;
  const session = simdSession(X.length + 4 * n + 8);
  if (!session) return null;
  const Xs = session.alloc(X.length);
  Xs.set(X);
  return { session, X: Xs };
}

/** @internal */
export interface CdProblem {
  n: number;
  d: number;
  /** Column-major `n × d`. */
  X: Float64Array;
  y: Float64Array;
  /** `‖x_j‖²`. */
  colSq: Float64Array;
  /** Compressed columns of a sparse design (then `X` is unused). */
  sparse?: SparseColumns | undefined;
}

/** Screening rule. */
export type Screening = 'gap' | 'strong' | 'none';

/** @internal */
export interface CdOptions {
  alpha: number;
  l1Ratio: number;
  penalty: Penalty;
  positive: boolean;
  maxIter: number;
  tol: number;
  selection: 'cyclic' | 'random';
  rng?: Rng | undefined;
  screening: Screening;
  workingSet: boolean;
  accel: 'anderson' | 'none';
  /** Warm start (copied). */
  w0?: Float64Array | undefined;
  /** Previous path point for the sequential strong rule: its alpha and `x̃ᵀr̃` (×n scale). */
  strongPrev?: { alpha: number; corr: Float64Array } | undefined;
  /**
   * The exact state at `w0` from the previous path point: the residual `y − Xw0` and `Xᵀr` (×n scale,
   * without the ridge term). Saves recomputing both (a full pass over `X` per path point).
   */
  warm?: { r: Float64Array; xtr: Float64Array } | undefined;
}

/** @internal */
export interface CdResult {
  w: Float64Array;
  nIter: number;
  converged: boolean;
  /** Duality gap in the 1/n scale, or `undefined` when not certified (non-convex or λ = 0). */
  gap: number | undefined;
  kktMax: number;
  objective: number[];
  screened: number;
  /** `x_jᵀr − βw_j` for every feature at exit (×n scale). */
  corr: Float64Array;
  /** The residual `y − Xw` at exit and `Xᵀr` (×n scale), to warm-start the next path point. */
  warm: { r: Float64Array; xtr: Float64Array };
}

const P0 = 10;
const ANDERSON_K = 5;
const CHECK_EVERY = 10;

/** Runs the engine. @internal */
export function coordinateDescent(prob: CdProblem, o: CdOptions): CdResult {
  const { n, d, y, colSq } = prob;
  let X = prob.X;
  let sess: SimdSession | null = prob.sparse ? null : sessionOf(X);
  if (!sess && !prob.sparse) {
    const own = sessionFor(X, n);
    if (own) {
      sess = own.session;
      X = own.X;
    }
  }
  const mark = sess ? sess.mark() : 0;
  const S = sess;
  const ker: Kernels = prob.sparse
    ? sparseKernels(prob.sparse)
    : S
      ? { dot: (j, v) => S.dotCol(X, n, j, v), axpy: (j, a, v) => S.axpyCol(X, n, j, a, v) }
      : { dot: (j, v) => colDotv(X, n, j, v), axpy: (j, a, v) => axpy(X, n, j, a, v) };
  const newVec = (): Float64Array => (S ? S.alloc(n) : new Float64Array(n));
  const lambda = o.alpha * o.l1Ratio;
  const beta = n * o.alpha * (1 - o.l1Ratio);
  const A = n * lambda;
  const pen = o.penalty;
  const isL1 = pen.name === 'l1';
  const certify = isL1 && lambda > 0;
  const positive = o.positive;
  const yy = dotv(y, y);
  const sy = Math.sqrt(yy / n) || 1;
  const tolGap = (o.tol * yy) / n;
  const colA = new Float64Array(d);
  const denom = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    colA[j] = Math.sqrt(colSq[j]! / n);
    denom[j] = colSq[j]! + beta;
  }

  const w = o.w0 ? Float64Array.from(o.w0) : new Float64Array(d);
  const r = newVec();
  const rAcc = newVec();
  const warm = o.w0 && o.warm && o.warm.r.length === n && o.warm.xtr.length === d ? o.warm : undefined;
  if (warm) r.set(warm.r);
  else {
    r.set(y);
    for (let j = 0; j < d; j++) if (w[j] !== 0) ker.axpy(j, -w[j]!, r);
  }

  const corr = new Float64Array(d);
  const kkt = new Float64Array(d);
  const screened = new Uint8Array(d);
  const objective: number[] = [];
  let nScreened = 0;
  let epochs = 0;

  const penSum = (): number => {
    let s = 0;
    for (let j = 0; j < d; j++) if (w[j] !== 0) s += pen.value(w[j]!, lambda, colA[j]!);
    return s;
  };
  const primal = (rr: number): number => {
    let ww = 0;
    if (beta > 0) for (let j = 0; j < d; j++) ww += w[j]! * w[j]!;
    return (rr + beta * ww) / (2 * n) + penSum();
  };

  /** KKT residual of coordinate `j` given `corr[j]`, scaled to a correlation. */
  const kktOf = (j: number): number => {
    if (colSq[j] === 0) return 0;
    const wj = w[j]!;
    const cj = corr[j]!;
    let v: number;
    if (isL1) {
      const g = cj / n;
      if (wj !== 0) v = Math.abs(g - lambda * Math.sign(wj));
      else v = positive ? Math.max(g - lambda, 0) : Math.max(Math.abs(g) - lambda, 0);
    } else {
      const dj = denom[j]!;
      let p = pen.prox(wj + cj / dj, n / dj, lambda, colA[j]!);
      if (positive && p < 0) p = 0;
      v = (dj / n) * Math.abs(wj - p);
    }
    return v / (colA[j]! * sy);
  };

  /** Gap (×n scale) from `corr` over `idx` (or all), residual norm and the current w. */
  const gapOf = (idx: Int32Array | null): { gap: number; scale: number } => {
    let dual = 0;
    const m = idx ? idx.length : d;
    for (let k = 0; k < m; k++) {
      const j = idx ? idx[k]! : k;
      const c = positive ? corr[j]! : Math.abs(corr[j]!);
      if (c > dual) dual = c;
    }
    const scale = dual > A ? A / dual : 1;
    const rr = dotv(r, r);
    let ww = 0;
    let l1 = 0;
    for (let j = 0; j < d; j++) {
      const wj = w[j]!;
      if (wj !== 0) {
        ww += wj * wj;
        l1 += Math.abs(wj);
      }
    }
    const gap = 0.5 * (rr + beta * ww) * (1 + scale * scale) + A * l1 - scale * dotv(r, y);
    return { gap, scale };
  };

  const computeCorr = (idx: Int32Array | null): void => {
    const m = idx ? idx.length : d;
    for (let k = 0; k < m; k++) {
      const j = idx ? idx[k]! : k;
      corr[j] = ker.dot(j, r) - beta * w[j]!;
    }
  };

  // ---- outer loop ---------------------------------------------------------------------------
  let gapN = Number.POSITIVE_INFINITY; // ×n scale
  let kktMax = Number.POSITIVE_INFINITY;
  let converged = false;
  let wsSize = 0;
  let ws: Int32Array = new Int32Array(0);
  let first = true;
  const rng = o.rng;
  const stats = new Float64Array(2);

  for (;;) {
    if (first && warm) for (let j = 0; j < d; j++) corr[j] = warm.xtr[j]! - beta * w[j]!;
    else computeCorr(null);
    kktMax = 0;
    for (let j = 0; j < d; j++) {
      kkt[j] = kktOf(j);
      if (kkt[j]! > kktMax) kktMax = kkt[j]!;
    }
    let scale = 1;
    if (certify) {
      const g = gapOf(null);
      gapN = g.gap;
      scale = g.scale;
    }
    objective.push(primal(dotv(r, r)));
    // gap-safe sphere test: drop j for this alpha if |x̃_jᵀθ| + ‖x̃_j‖·√(2G) < A (×n scale)
    if (certify && o.screening === 'gap') {
      const radius = Math.sqrt(2 * Math.max(gapN, 0));
      for (let j = 0; j < d; j++) {
        if (screened[j] || w[j] !== 0) continue;
        const c = positive ? scale * corr[j]! : scale * Math.abs(corr[j]!);
        if (c + Math.sqrt(denom[j]!) * radius < A) {
          screened[j] = 1;
          nScreened++;
        }
      }
    }

    converged = kktMax <= o.tol && (!certify || gapN / n <= tolGap);
    if (converged || epochs >= o.maxIter) break;

    // choose the working set
    let nnz = 0;
    for (let j = 0; j < d; j++) if (w[j] !== 0) nnz++;
    const candidates: number[] = [];
    for (let j = 0; j < d; j++) if (!screened[j] && colSq[j]! > 0) candidates.push(j);
    // on a path, the first working set is the sequential strong set (active + likely entrants)
    if (first && (o.screening === 'strong' || (o.workingSet && o.strongPrev !== undefined))) {
      const lamPrev = o.strongPrev ? o.strongPrev.alpha * o.l1Ratio : maxAbs(corr, positive) / n;
      const source = o.strongPrev ? o.strongPrev.corr : corr;
      const cut = n * (2 * lambda - lamPrev);
      const set = candidates.filter(
        (j) => w[j] !== 0 || (positive ? source[j]! : Math.abs(source[j]!)) >= cut,
      );
      ws = Int32Array.from(set);
      if (ws.length === 0) ws = topByPriority(candidates, Math.min(P0, candidates.length));
      wsSize = ws.length;
    } else if (o.workingSet) {
      wsSize = Math.min(candidates.length, Math.max(P0, 2 * nnz, wsSize));
      ws = topByPriority(candidates, wsSize);
    } else if (o.screening === 'strong') {
      const set = new Set(ws);
      for (const j of candidates) if (kkt[j]! > o.tol || w[j] !== 0) set.add(j);
      ws = Int32Array.from([...set].filter((j) => !screened[j]).sort((a, b) => a - b));
    } else {
      ws = Int32Array.from(candidates);
    }
    first = false;
    if (ws.length === 0) break;

    const full = !o.workingSet;
    const gapTarget = full ? tolGap * n : Math.max(0.3 * gapN, 0.1 * tolGap * n);
    const kktTarget = full ? o.tol : Math.max(0.3 * kktMax, 0.1 * o.tol);
    epochs += inner(ws, gapTarget, kktTarget, o.maxIter - epochs);
  }

  function topByPriority(cands: number[], size: number): Int32Array {
    const prio = new Float64Array(d);
    const { scale } = certify ? gapOf(null) : { scale: 1 };
    for (const j of cands) {
      if (w[j] !== 0) prio[j] = Number.NEGATIVE_INFINITY;
      else if (certify) {
        const c = positive ? corr[j]! : Math.abs(corr[j]!);
        prio[j] = (A - scale * c) / Math.sqrt(denom[j]!);
      } else prio[j] = -kkt[j]! * colA[j]!;
    }
    const sorted = cands.slice().sort((a, b) => prio[a]! - prio[b]! || a - b);
    return Int32Array.from(sorted.slice(0, size).sort((a, b) => a - b));
  }

  /** CD epochs on `ws` until its own gap/KKT targets are met; returns the epochs run. */
  function inner(wsIdx: Int32Array, gapTarget: number, kktTarget: number, budget: number): number {
    const m = wsIdx.length;
    const order = Int32Array.from(wsIdx);
    const hist: Float64Array[] = [];
    let t = 0;
    let sinceCheck = 0;
    while (t < budget) {
      if (o.selection === 'random' && rng) {
        for (let i = m - 1; i > 0; i--) {
          const k = rng.nextInt(i + 1);
          const tmp = order[i]!;
          order[i] = order[k]!;
          order[k] = tmp;
        }
      }
      epoch(ker, n, order, colSq, denom, colA, w, r, A, lambda, positive, isL1 ? null : pen, stats);
      const dwMax = stats[0]!;
      const wMax = stats[1]!;
      t++;
      sinceCheck++;

      if (o.accel === 'anderson') {
        const snap = new Float64Array(m);
        for (let k = 0; k < m; k++) snap[k] = w[wsIdx[k]!]!;
        hist.push(snap);
        if (hist.length === ANDERSON_K + 1) {
          tryAnderson(wsIdx, hist);
          hist.length = 0;
        }
      }

      if (wMax === 0 || dwMax <= o.tol * wMax || sinceCheck >= CHECK_EVERY || t >= budget) {
        sinceCheck = 0;
        computeCorr(wsIdx);
        let kIn = 0;
        for (let k = 0; k < m; k++) kIn = Math.max(kIn, kktOf(wsIdx[k]!));
        let ok = kIn <= kktTarget;
        if (ok && certify) ok = gapOf(wsIdx).gap <= gapTarget;
        if (ok) break;
      }
    }
    return t;
  }

  function tryAnderson(wsIdx: Int32Array, hist: Float64Array[]): void {
    const m = wsIdx.length;
    const K = hist.length - 1;
    const U: Float64Array[] = [];
    for (let k = 0; k < K; k++) {
      const u = new Float64Array(m);
      for (let i = 0; i < m; i++) u[i] = hist[k + 1]![i]! - hist[k]![i]!;
      U.push(u);
    }
    const C = new Float64Array(K * K);
    let tr = 0;
    for (let a = 0; a < K; a++) {
      for (let b = 0; b <= a; b++) {
        const v = dotv(U[a]!, U[b]!);
        C[a * K + b] = v;
        C[b * K + a] = v;
      }
      tr += C[a * K + a]!;
    }
    if (!(tr > 0)) return;
    for (let a = 0; a < K; a++) C[a * K + a] = C[a * K + a]! + 1e-10 * tr;
    const z = solveSmall(C, K);
    if (!z) return;
    let s = 0;
    for (const v of z) s += v;
    if (!Number.isFinite(s) || Math.abs(s) < 1e-300) return;
    const acc = new Float64Array(m);
    for (let k = 0; k < K; k++) {
      const c = z[k]! / s;
      const h = hist[k + 1]!;
      for (let i = 0; i < m; i++) acc[i] = acc[i]! + c * h[i]!;
    }
    if (positive) for (let i = 0; i < m; i++) if (acc[i]! < 0) acc[i] = 0;
    // objective of the extrapolated point (only the working-set coordinates differ)
    rAcc.set(r);
    for (let i = 0; i < m; i++) {
      const j = wsIdx[i]!;
      const delta = acc[i]! - w[j]!;
      if (delta !== 0) ker.axpy(j, -delta, rAcc);
    }
    const before = primal(dotv(r, r));
    const saved = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      saved[i] = w[wsIdx[i]!]!;
      w[wsIdx[i]!] = acc[i]!;
    }
    const after = primal(dotv(rAcc, rAcc));
    if (after < before) {
      r.set(rAcc);
    } else {
      for (let i = 0; i < m; i++) w[wsIdx[i]!] = saved[i]!;
    }
  }

  const warmOut = { r: Float64Array.from(r), xtr: Float64Array.from(corr, (c, j) => c + beta * w[j]!) };
  if (S) S.release(mark);
  return {
    w,
    nIter: epochs,
    converged,
    gap: certify ? gapN / n : undefined,
    kktMax,
    objective,
    screened: nScreened,
    corr: Float64Array.from(corr),
    warm: warmOut,
  };
}

/** One CD pass over `order`; writes `[max|Δw|, max|w|]` into `stats`. */
function epoch(
  ker: Kernels,
  n: number,
  order: Int32Array,
  colSq: Float64Array,
  denom: Float64Array,
  colA: Float64Array,
  w: Float64Array,
  r: Float64Array,
  A: number,
  lambda: number,
  positive: boolean,
  pen: Penalty | null,
  stats: Float64Array,
): void {
  let dwMax = 0;
  let wMax = 0;
  const m = order.length;
  for (let k = 0; k < m; k++) {
    const j = order[k]!;
    const c = colSq[j]!;
    if (c === 0) continue;
    const wj = w[j]!;
    const z = ker.dot(j, r) + c * wj;
    let nw: number;
    if (pen === null) {
      if (z > A) nw = (z - A) / denom[j]!;
      else if (!positive && z < -A) nw = (z + A) / denom[j]!;
      else nw = 0;
    } else {
      nw = pen.prox(z / denom[j]!, n / denom[j]!, lambda, colA[j]!);
      if (positive && nw < 0) nw = 0;
    }
    if (nw !== wj) {
      ker.axpy(j, wj - nw, r);
      w[j] = nw;
      const dw = Math.abs(nw - wj);
      if (dw > dwMax) dwMax = dw;
    }
    const aw = Math.abs(nw);
    if (aw > wMax) wMax = aw;
  }
  stats[0] = dwMax;
  stats[1] = wMax;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function colDotv(X: Float64Array, n: number, j: number, v: Float64Array): number {
  const off = j * n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += X[off + i]! * v[i]!;
    s1 += X[off + i + 1]! * v[i + 1]!;
    s2 += X[off + i + 2]! * v[i + 2]!;
    s3 += X[off + i + 3]! * v[i + 3]!;
  }
  for (; i < n; i++) s0 += X[off + i]! * v[i]!;
  return s0 + s1 + (s2 + s3);
}

function axpy(X: Float64Array, n: number, j: number, a: number, v: Float64Array): void {
  const off = j * n;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    v[i] = v[i]! + a * X[off + i]!;
    v[i + 1] = v[i + 1]! + a * X[off + i + 1]!;
    v[i + 2] = v[i + 2]! + a * X[off + i + 2]!;
    v[i + 3] = v[i + 3]! + a * X[off + i + 3]!;
  }
  for (; i < n; i++) v[i] = v[i]! + a * X[off + i]!;
}

function maxAbs(v: Float64Array, positive: boolean): number {
  let m = 0;
  for (const x of v) m = Math.max(m, positive ? x : Math.abs(x));
  return m;
}

function solveSmall(C: Float64Array, K: number): Float64Array | null {
  // Gaussian elimination with partial pivoting on [C | 1]
  const a = Float64Array.from(C);
  const b = new Float64Array(K).fill(1);
  for (let col = 0; col < K; col++) {
    let piv = col;
    for (let i = col + 1; i < K; i++) if (Math.abs(a[i * K + col]!) > Math.abs(a[piv * K + col]!)) piv = i;
    if (a[piv * K + col] === 0) return null;
    if (piv !== col) {
      for (let j = 0; j < K; j++) {
        const t = a[col * K + j]!;
        a[col * K + j] = a[piv * K + j]!;
        a[piv * K + j] = t;
      }
      const t = b[col]!;
      b[col] = b[piv]!;
      b[piv] = t;
    }
    for (let i = col + 1; i < K; i++) {
      const f = a[i * K + col]! / a[col * K + col]!;
      if (f === 0) continue;
      for (let j = col; j < K; j++) a[i * K + j] = a[i * K + j]! - f * a[col * K + j]!;
      b[i] = b[i]! - f * b[col]!;
    }
  }
  const x = new Float64Array(K);
  for (let i = K - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < K; j++) s -= a[i * K + j]! * x[j]!;
    x[i] = s / a[i * K + i]!;
  }
  return x;
}
