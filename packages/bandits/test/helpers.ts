// Shared test helpers: designs with closed forms, a seeded Gaussian generator, fixture loading, and
// objective / KKT / gap computations written independently of the package's solvers.
import { readFileSync } from 'node:fs';
import { random } from '@sparseland/core';
import { expect } from 'vitest';

/** Sylvester Hadamard matrix of order `m` (a power of two), entries ±1. */
export function hadamard(m: number): number[][] {
  let H = [[1]];
  while (H.length < m) {
    H = [...H.map((r) => [...r, ...r]), ...H.map((r) => [...r, ...r.map((v) => -v)])];
  }
  return H;
}

/** Columns 1..d of the order-n Hadamard matrix: centred columns with `XᵀX = nI`. */
export function orthogonalDesign(n: number, d: number): number[][] {
  return hadamard(n).map((row) => row.slice(1, d + 1));
}

/** Seeded Gaussian design, sparse truth with ±(1..2) entries, noisy target (plus an offset). */
export function gaussianProblem(
  seed: number,
  n: number,
  d: number,
  s: number,
  noise: number,
  offset = 0.5,
): { X: number[][]; y: number[]; w: number[]; support: number[] } {
  const rng = new random.Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.nextNormal()));
  const perm = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const support = perm.slice(0, s).sort((a, b) => a - b);
  const w = new Array<number>(d).fill(0);
  for (const j of support) w[j] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
  const y = X.map((row) => row.reduce((acc, v, j) => acc + v * w[j]!, offset) + noise * rng.nextNormal());
  return { X, y, w, support };
}

export interface FixtureProblem {
  X: number[][];
  y: number[];
  w?: number[];
  sampleWeight?: number[];
  note: string;
}

export type Fixtures = {
  versions: Record<string, string>;
  problems: Record<string, FixtureProblem>;
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON is read dynamically
} & Record<string, any>;

let cached: Fixtures | undefined;
/** The committed scikit-learn fixtures. */
export function fixtures(): Fixtures {
  cached ??= JSON.parse(
    readFileSync(new URL('./fixtures/sklearn-fixtures.json', import.meta.url), 'utf8'),
  ) as Fixtures;
  return cached;
}

/** `(1/2n)Σ s_i (y_i − x_iᵀw − b)² + αρ‖w‖₁ + (α(1−ρ)/2)‖w‖²`, weights rescaled to sum to n. */
export function enetObjective(
  X: number[][],
  y: number[],
  coef: ArrayLike<number>,
  intercept: number,
  alpha: number,
  l1Ratio = 1,
  sw?: number[],
): number {
  const n = y.length;
  const total = sw ? sw.reduce((a, b) => a + b, 0) : n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let p = intercept;
    for (let j = 0; j < coef.length; j++) p += X[i]![j]! * coef[j]!;
    s += (sw ? (sw[i]! * n) / total : 1) * (y[i]! - p) ** 2;
  }
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < coef.length; j++) {
    l1 += Math.abs(coef[j]!);
    l2 += coef[j]! ** 2;
  }
  return s / (2 * n) + alpha * l1Ratio * l1 + 0.5 * alpha * (1 - l1Ratio) * l2;
}

/** Centred copies of X and y (what fitting an intercept amounts to). */
export function centre(X: number[][], y: number[]): { Xc: number[][]; yc: number[] } {
  const n = X.length;
  const d = X[0]!.length;
  const xm = new Array<number>(d).fill(0);
  let ym = 0;
  for (let i = 0; i < n; i++) {
    ym += y[i]! / n;
    for (let j = 0; j < d; j++) xm[j] = xm[j]! + X[i]![j]! / n;
  }
  return { Xc: X.map((r) => r.map((v, j) => v - xm[j]!)), yc: y.map((v) => v - ym) };
}

/**
 * Spec §1.2 certificates of `w` for the centred problem: the largest raw KKT violation (in the `1/n` scale)
 * and the duality gap `P − D` with the feasible dual point `θ = r / (n·max(1, ‖Xᵀr‖_∞/(nα)))`.
 */
export function lassoCertificates(
  Xc: number[][],
  yc: number[],
  w: ArrayLike<number>,
  alpha: number,
  l1Ratio = 1,
): { kkt: number; gap: number; primal: number; dual: number } {
  const n = yc.length;
  const d = w.length;
  const r = yc.map((v, i) => v - Xc[i]!.reduce((acc, x, j) => acc + x * w[j]!, 0));
  const lam = alpha * l1Ratio;
  const ridge = alpha * (1 - l1Ratio);
  let kkt = 0;
  let dualNorm = 0;
  for (let j = 0; j < d; j++) {
    const g = Xc.reduce((acc, row, i) => acc + row[j]! * r[i]!, 0) / n - ridge * w[j]!;
    dualNorm = Math.max(dualNorm, Math.abs(g));
    const v = w[j] !== 0 ? Math.abs(g - lam * Math.sign(w[j]!)) : Math.max(Math.abs(g) - lam, 0);
    kkt = Math.max(kkt, v);
  }
  // augmented Lasso view of ElasticNet: residual [r; −√(nα(1−ρ))·w], dual point scaled to feasibility
  const k = Math.max(1, dualNorm / lam);
  const ww = Array.from(w).reduce((a, v) => a + v * v, 0);
  const rr = r.reduce((a, v) => a + v * v, 0);
  const primal = (rr + n * ridge * ww) / (2 * n) + lam * Array.from(w).reduce((a, v) => a + Math.abs(v), 0);
  // θ = r̃/(n k):  D(θ) = (1/2n)‖ỹ‖² − (n/2)‖ỹ/n − θ‖², ỹ = [y; 0]
  const yy = yc.reduce((a, v) => a + v * v, 0);
  let dist = 0;
  for (let i = 0; i < n; i++) dist += (yc[i]! / n - r[i]! / (n * k)) ** 2;
  dist += (n * ridge * ww) / (n * k) ** 2;
  const dual = yy / (2 * n) - (n / 2) * dist;
  return { kkt, gap: primal - dual, primal, dual };
}

/** Max |a − b| / max(1e-300, max|b|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / Math.max(den, 1e-300);
}

/** Elementwise closeness with an absolute tolerance. */
export function expectAllClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= tol)) {
      throw new Error(`index ${i}: ${a[i]} vs ${b[i]} (tol ${tol})`);
    }
  }
}

/** Soft thresholding. */
export const soft = (z: number, u: number): number => Math.sign(z) * Math.max(Math.abs(z) - u, 0);

/** `Xᵀy/n` for a design with rows `X`. */
export function xty(X: number[][], y: number[]): number[] {
  const d = X[0]!.length;
  return Array.from({ length: d }, (_, j) => X.reduce((a, r, i) => a + r[j]! * y[i]!, 0) / X.length);
}
