/**
 * The evaluation protocol of the random-supports setting (spec §12): worst-case designs × uniformly
 * random supports, prediction error vs N for baselines. A report, not an implementation of the paper.
 *
 * @module
 */
import { random } from '@sparseland/core';
import { invalidInput } from '../errors.js';
import { OrthogonalMatchingPursuit } from '../estimators/orthogonal-matching-pursuit.js';
import { PreconditionedLasso } from '../estimators/preconditioned-lasso.js';
import { SparseLinearRegression } from '../estimators/sparse-linear-regression.js';
import { mcp } from '../penalties/mcp.js';

/** A worst-case design family. */
export type RandomSupportsDesign = 'scaled' | 'nearDependent' | 'blockCorrelated';
/** A method of the protocol. */
export type RandomSupportsMethod = 'lasso' | 'columnNormalize' | 'whiten' | 'puffer' | 'omp' | 'mcp';

/** Options of {@link randomSupportsProtocol}. */
export interface RandomSupportsOptions {
  /** Design families (default all three). */
  designs?: RandomSupportsDesign[];
  /** Methods (default `['lasso', 'whiten', 'omp', 'mcp']`). */
  methods?: RandomSupportsMethod[];
  /** Dimension (default 64). */
  d?: number;
  /** Support size (default 5). */
  k?: number;
  /** Sample sizes (default `[40, 80, 160, 320]`). */
  Ns?: number[];
  /** Noise level (default 0.1). */
  sigma?: number;
  /** Repetitions (fresh design, support and noise) per cell (default 3). */
  reps?: number;
  /** Seed (default 0). */
  seed?: number;
}

/** One cell of the report. */
export interface RandomSupportsRow {
  /** Design family of the cell. */
  design: RandomSupportsDesign;
  /** Estimator of the cell. */
  method: RandomSupportsMethod;
  /** Sample size of the cell. */
  N: number;
  /** Mean of `(1/N)‖X(w* − ŵ)‖²` over the repetitions. */
  predictionError: number;
  /** Its standard error. */
  stdErr: number;
}

/**
 * Draws an `N × d` design of a worst-case family (spec §12): Gaussian × `diag(10^{linspace(0, −8, d)})`
 * (`'scaled'`), a planted near-dependency `x_d = x₁ + x₂ + 1e-6·g` (`'nearDependent'`), or blocks of 8
 * columns with correlation 0.95 (`'blockCorrelated'`). Row-major.
 * @internal
 */
export function worstCaseDesign(
  family: RandomSupportsDesign,
  N: number,
  d: number,
  rng: random.Rng,
): number[][] {
  const X = Array.from({ length: N }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < N; i++) {
    const row = X[i]!;
    if (family === 'scaled') {
      for (let j = 0; j < d; j++) row[j] = rng.nextNormal() * 10 ** ((-8 * j) / Math.max(d - 1, 1));
    } else if (family === 'nearDependent') {
      for (let j = 0; j < d; j++) row[j] = rng.nextNormal();
      if (d >= 3) row[d - 1] = row[0]! + row[1]! + 1e-6 * rng.nextNormal();
    } else {
      const rho = 0.95;
      for (let b = 0; b < d; b += 8) {
        const g = rng.nextNormal();
        for (let j = b; j < Math.min(b + 8, d); j++)
          row[j] = Math.sqrt(rho) * g + Math.sqrt(1 - rho) * rng.nextNormal();
      }
    }
  }
  return X;
}

/**
 * Runs the protocol: for every design family, sample size and repetition, a uniformly random `k`-subset
 * support with ±1 coefficients, `y = Xw* + σ·g`, and every method (Lasso and its preconditioned variants
 * with `α = σ√(2 log d/N)`, OMP with `k` atoms, MCP with the same `α`), scored by the in-sample prediction
 * error `(1/N)‖X(w* − ŵ)‖²`. Reports; asserts nothing.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for bad options.
 * @example
 * ```ts
 * const rows = randomSupportsProtocol({ d: 32, Ns: [40, 160], reps: 2 });
 * console.table(rows);
 * ```
 */
export function randomSupportsProtocol(opts: RandomSupportsOptions = {}): RandomSupportsRow[] {
  const fn = 'randomSupportsProtocol';
  const designs = opts.designs ?? ['scaled', 'nearDependent', 'blockCorrelated'];
  const methods = opts.methods ?? ['lasso', 'whiten', 'omp', 'mcp'];
  const d = opts.d ?? 64;
  const k = opts.k ?? 5;
  const Ns = opts.Ns ?? [40, 80, 160, 320];
  const sigma = opts.sigma ?? 0.1;
  const reps = opts.reps ?? 3;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(d) || d < 3) throw invalidInput(fn, 'd', 'be an integer >= 3', d);
  if (!Number.isInteger(k) || k < 1 || k > d) throw invalidInput(fn, 'k', `be an integer in [1, ${d}]`, k);
  if (!Array.isArray(Ns) || Ns.length === 0 || !Ns.every((N) => Number.isInteger(N) && N >= 2)) {
    throw invalidInput(fn, 'Ns', 'be a non-empty array of integers >= 2', String(Ns));
  }
  if (!(sigma >= 0)) throw invalidInput(fn, 'sigma', 'be >= 0', sigma);
  if (!Number.isInteger(reps) || reps < 1) throw invalidInput(fn, 'reps', 'be an integer >= 1', reps);
  const out: RandomSupportsRow[] = [];
  for (const design of designs) {
    for (const N of Ns) {
      const errs = new Map<RandomSupportsMethod, number[]>(methods.map((m) => [m, []]));
      for (let r = 0; r < reps; r++) {
        const rng = new random.Rng(seed * 1_000_003 + N * 101 + r * 7 + designs.indexOf(design));
        const X = worstCaseDesign(design, N, d, rng);
        const perm = Array.from({ length: d }, (_, i) => i);
        for (let i = d - 1; i > 0; i--) {
          const j = rng.nextInt(i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const w = new Array<number>(d).fill(0);
        for (const j of perm.slice(0, k)) w[j] = rng.next() < 0.5 ? -1 : 1;
        const signal = X.map((row) => row.reduce((a, v, j) => a + v * w[j]!, 0));
        const y = signal.map((s) => s + sigma * rng.nextNormal());
        const alpha = Math.max(sigma, 1e-3) * Math.sqrt((2 * Math.log(d)) / N);
        for (const m of methods) {
          let est: { fit(X: number[][], y: number[]): { coef: Float64Array } };
          if (m === 'omp') est = new OrthogonalMatchingPursuit({ nNonzeroCoefs: k, fitIntercept: false });
          else if (m === 'mcp')
            est = new SparseLinearRegression({ alpha, penalty: mcp(), fitIntercept: false, maxIter: 5000 });
          else {
            const preconditioner = m === 'lasso' ? 'none' : m;
            est = new PreconditionedLasso({ alpha, preconditioner, fitIntercept: false, maxIter: 5000 });
          }
          let coef: Float64Array;
          try {
            coef = est.fit(X, y).coef;
          } catch {
            coef = new Float64Array(d).fill(Number.NaN);
          }
          let e = 0;
          for (let i = 0; i < N; i++) {
            let s = signal[i]!;
            for (let j = 0; j < d; j++) s -= X[i]![j]! * coef[j]!;
            e += s * s;
          }
          errs.get(m)!.push(e / N);
        }
      }
      for (const m of methods) {
        const v = errs.get(m)!;
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
        out.push({ design, method: m, N, predictionError: mean, stdErr: sd / Math.sqrt(v.length) });
      }
    }
  }
  return out;
}
