/**
 * Lasso by coordinate descent on sufficient statistics (glmnet's "covariance updates"):
 * `P(w) = (1/2n)(yy − 2cᵀw + wᵀGw) + α‖w‖₁` with `G = XᵀX`, `c = Xᵀy`, `yy = ‖y‖²`. An epoch costs
 * O(d) per coordinate plus O(d) per changed coordinate, whatever the number of samples, which is what the
 * Lasso bandit policies need: their data grow by one row per round and they refit every round, warm-started.
 *
 * Stopping is the engine's (spec §1.2): the duality gap `G ≤ tol·yy/n`, computed from the statistics; full
 * sweeps alternate with sweeps over the active set, as glmnet does.
 *
 * @module
 */

/** Result of {@link lassoGram}. @internal */
export interface GramLassoResult {
  nIter: number;
  converged: boolean;
  /** Duality gap in the `1/(2n)` scale (NaN when `α = 0`). */
  gap: number;
}

/** Options of {@link lassoGram}. @internal */
export interface GramLassoOptions {
  tol?: number;
  maxIter?: number;
}

/**
 * Solves the Lasso from `(G, c, yy, n)` in place of `w` (which is the warm start).
 * @internal
 */
export function lassoGram(
  G: Float64Array,
  c: Float64Array,
  yy: number,
  n: number,
  alpha: number,
  w: Float64Array,
  opts: GramLassoOptions = {},
): GramLassoResult {
  const d = c.length;
  const tol = opts.tol ?? 1e-4;
  const maxIter = opts.maxIter ?? 1000;
  if (!(n > 0)) {
    w.fill(0);
    return { nIter: 0, converged: true, gap: 0 };
  }
  const A = n * alpha;
  const q = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const wk = w[k]!;
    if (wk === 0) continue;
    const row = k * d;
    for (let j = 0; j < d; j++) q[j] = q[j]! + wk * G[row + j]!;
  }
  const active = new Int32Array(d);
  const stats = new Float64Array(2);

  const sweep = (idx: Int32Array | null, m: number): void => {
    let dwMax = 0;
    let wMax = 0;
    for (let k = 0; k < m; k++) {
      const j = idx ? idx[k]! : k;
      const gjj = G[j * d + j]!;
      if (gjj <= 0) continue;
      const wj = w[j]!;
      const z = c[j]! - q[j]! + gjj * wj;
      const nw = z > A ? (z - A) / gjj : z < -A ? (z + A) / gjj : 0;
      if (nw !== wj) {
        const delta = nw - wj;
        w[j] = nw;
        const row = j * d;
        for (let i = 0; i < d; i++) q[i] = q[i]! + delta * G[row + i]!;
        const a = Math.abs(delta);
        if (a > dwMax) dwMax = a;
      }
      const aw = Math.abs(nw);
      if (aw > wMax) wMax = aw;
    }
    stats[0] = dwMax;
    stats[1] = wMax;
  };

  const gapOf = (): number => {
    let cw = 0;
    let wq = 0;
    let l1 = 0;
    let dual = 0;
    for (let j = 0; j < d; j++) {
      const wj = w[j]!;
      cw += c[j]! * wj;
      wq += wj * q[j]!;
      l1 += Math.abs(wj);
      const g = Math.abs(c[j]! - q[j]!);
      if (g > dual) dual = g;
    }
    const rr = Math.max(yy - 2 * cw + wq, 0);
    const s = dual > A ? A / dual : 1;
    const ry = yy - cw;
    return (0.5 * rr * (1 + s * s) + A * l1 - s * ry) / n;
  };

  let iter = 0;
  let converged = false;
  let gap = Number.NaN;
  while (iter < maxIter) {
    sweep(null, d);
    iter++;
    if (stats[0]! <= tol * stats[1]! || stats[1] === 0) {
      if (alpha === 0) {
        converged = true;
        break;
      }
      gap = gapOf();
      if (gap <= (tol * yy) / n) {
        converged = true;
        break;
      }
    }
    // sweeps over the active set until it settles
    while (iter < maxIter) {
      let m = 0;
      for (let j = 0; j < d; j++) if (w[j] !== 0) active[m++] = j;
      if (m === 0) break;
      sweep(active, m);
      iter++;
      if (stats[0]! <= tol * stats[1]!) break;
    }
  }
  if (!converged && alpha > 0) gap = gapOf();
  return { nIter: iter, converged, gap };
}

/**
 * Least squares on the support `S` from Gram statistics, with a small ridge `eps·tr(G_SS)/|S|` for
 * numerical safety. Returns a dense `d`-vector (zero off `S`).
 * @internal
 */
export function olsOnSupport(
  G: Float64Array,
  c: Float64Array,
  S: readonly number[],
  ridge: number,
): Float64Array {
  const d = c.length;
  const k = S.length;
  const out = new Float64Array(d);
  if (k === 0) return out;
  const M = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    rhs[a] = c[S[a]!]!;
    for (let b = 0; b < k; b++) M[a * k + b] = G[S[a]! * d + S[b]!]!;
    M[a * k + a] = M[a * k + a]! + ridge;
  }
  // Cholesky solve (M is SPD thanks to the ridge)
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * k + j]!;
      for (let p = 0; p < j; p++) s -= L[i * k + p]! * L[j * k + p]!;
      if (i === j) L[i * k + i] = Math.sqrt(Math.max(s, 1e-300));
      else L[i * k + j] = s / L[j * k + j]!;
    }
  }
  const x = Float64Array.from(rhs);
  for (let i = 0; i < k; i++) {
    let s = x[i]!;
    for (let p = 0; p < i; p++) s -= L[i * k + p]! * x[p]!;
    x[i] = s / L[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let p = i + 1; p < k; p++) s -= L[p * k + i]! * x[p]!;
    x[i] = s / L[i * k + i]!;
  }
  for (let a = 0; a < k; a++) out[S[a]!] = x[a]!;
  return out;
}
