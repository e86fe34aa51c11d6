/**
 * Proximal gradient methods (spec §6): ISTA and FISTA (Beck & Teboulle 2009) for
 * `(1/2n)‖y − Xw − b‖² + λ·Σ pen(w_j) + (α(1−ρ)/2)‖w‖²`, `λ = αρ`, with any separable penalty of
 * `penalties/` (its scalar prox), and the same iteration on Gram statistics for {@link SparseCoder}.
 *
 * Step `1/L` with `L = ‖X‖₂²/n + α(1−ρ)` (power iteration, 2 % safety margin) unless `step` is given.
 * FISTA restarts its momentum when it points against the last step (O'Donoghue & Candès 2015), which
 * also keeps it stable on non-convex penalties. Stopping: the scaled prox-gradient residual
 * `max_j L|w⁺_j − w_j|/(‖x_j‖/√n · ‖y_c‖/√n) ≤ tol` (the engine's KKT scale), checked at a
 * non-extrapolated point.
 *
 * @module
 */
import { bool, type Constraints, checkParams, integer, interval, nullable } from '../base/constraints.js';
import { prepare, unscale } from '../internal/design.js';
import { type MatrixLike, toRows, toVector, type VectorLike } from '../internal/input.js';
import { colAxpy, colDot, denseColumns, spectralNormSq } from '../internal/linalg.js';
import { isPenalty } from '../penalties/index.js';
import { l1 } from '../penalties/l1.js';
import type { Penalty } from '../penalties/penalty.js';

/** Options of {@link ista} and {@link fista}. */
export interface ProxGradOptions {
  /** Regularisation strength `α ≥ 0` (default 1). */
  alpha?: number;
  /** Share of `α` given to the penalty; the rest is a ridge term (default 1). */
  l1Ratio?: number;
  /** Separable penalty (default `l1()`). */
  penalty?: Penalty;
  /** Fit an unpenalised intercept by centring (default false). */
  fitIntercept?: boolean;
  /** Coefficients `≥ 0` (default false). */
  positive?: boolean;
  /** Iterations (default 1000). */
  maxIter?: number;
  /** Tolerance on the scaled prox-gradient residual (default 1e-4). */
  tol?: number;
  /** Step size (default `null`: `1/L`). */
  step?: number | null;
  /** Starting coefficients (default zeros). */
  w0?: ArrayLike<number> | null;
}

/** Result of {@link ista} / {@link fista}. */
export interface ProxGradResult {
  /** Coefficients on the original columns. */
  coef: Float64Array;
  /** Intercept (0 without `fitIntercept`). */
  intercept: number;
  /** Iterations run. */
  nIter: number;
  /** Whether the residual reached `tol`. */
  converged: boolean;
  /** Final scaled prox-gradient residual. */
  kktMax: number;
  /** Objective at the start and every 10 iterations, and at exit. */
  objective: number[];
  /** Step used. */
  step: number;
  /** Momentum restarts (FISTA). */
  restarts: number;
}

type Resolved = Required<Omit<ProxGradOptions, 'w0' | 'step'>> & { step: number | null };

const CONSTRAINTS: Constraints<Resolved> = {
  alpha: interval({ min: 0 }),
  l1Ratio: interval({ min: 0, max: 1 }),
  penalty: { expected: 'be a penalty object', invalid: ['l1'], check: isPenalty },
  fitIntercept: bool,
  positive: bool,
  maxIter: integer(1),
  tol: interval({ gt: 0 }),
  step: nullable(interval({ gt: 0 })),
};

/** The smooth part as the iteration sees it. @internal */
export interface SmoothPart {
  d: number;
  /** Lipschitz constant of the gradient. */
  L: number;
  /** `∇f(v)` into `out`. */
  grad(v: Float64Array, out: Float64Array): void;
  /** `f(w)`. */
  value(w: Float64Array): number;
}

/** Settings of {@link proxGradCore}. @internal */
export interface ProxGradCoreOptions {
  penalty: Penalty;
  lambda: number;
  /** Column scales for the penalty (CEL0) and the residual scale per coordinate. */
  colA: Float64Array;
  kktScale: Float64Array;
  positive: boolean;
  maxIter: number;
  tol: number;
  step: number;
  accelerate: boolean;
}

/** The ISTA / FISTA iteration. @internal */
export function proxGradCore(
  s: SmoothPart,
  o: ProxGradCoreOptions,
  w0: Float64Array,
): {
  w: Float64Array;
  nIter: number;
  converged: boolean;
  kktMax: number;
  objective: number[];
  restarts: number;
} {
  const { d } = s;
  const { penalty: pen, lambda, colA, kktScale, positive, step } = o;
  const total = (w: Float64Array): number => {
    let p = 0;
    for (let j = 0; j < d; j++) if (w[j] !== 0) p += pen.value(w[j]!, lambda, colA[j]!);
    return s.value(w) + p;
  };
  let w = Float64Array.from(w0);
  const v = Float64Array.from(w0);
  let wNew = new Float64Array(d);
  const g = new Float64Array(d);
  let t = 1;
  let atW = true; // v == w (no extrapolation): the residual there certifies w
  const objective = [total(w)];
  let converged = false;
  let kktMax = Number.POSITIVE_INFINITY;
  let restarts = 0;
  let it = 0;
  while (it < o.maxIter) {
    s.grad(v, g);
    let res = 0;
    for (let j = 0; j < d; j++) {
      let nw = pen.prox(v[j]! - step * g[j]!, step, lambda, colA[j]!);
      if (positive && nw < 0) nw = 0;
      wNew[j] = nw;
      const scale = kktScale[j]!;
      if (scale > 0) {
        const r = Math.abs(nw - v[j]!) / step / scale;
        if (r > res) res = r;
      }
    }
    it++;
    if (atW) {
      kktMax = res;
      if (res <= o.tol) {
        converged = true;
        // w is certified; wNew is one more (still converged) step
        w = wNew;
        break;
      }
    }
    if (o.accelerate) {
      let dir = 0;
      for (let j = 0; j < d; j++) dir += (v[j]! - wNew[j]!) * (wNew[j]! - w[j]!);
      if (dir > 0 || (res <= o.tol && !atW)) {
        // momentum points backwards (or we must check at a plain point): restart from wNew
        t = 1;
        v.set(wNew);
        atW = true;
        restarts++;
      } else {
        const tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        const c = (t - 1) / tNew;
        for (let j = 0; j < d; j++) v[j] = wNew[j]! + c * (wNew[j]! - w[j]!);
        t = tNew;
        atW = c === 0;
      }
    } else {
      v.set(wNew);
    }
    const tmp = w;
    w = wNew;
    wNew = tmp;
    if (it % 10 === 0) objective.push(total(w));
  }
  objective.push(total(w));
  return { w, nIter: it, converged, kktMax, objective, restarts };
}

function run(
  X: MatrixLike,
  y: VectorLike,
  opts: ProxGradOptions,
  fn: string,
  accelerate: boolean,
): ProxGradResult {
  const o: Resolved = {
    alpha: opts.alpha ?? 1,
    l1Ratio: opts.l1Ratio ?? 1,
    penalty: opts.penalty ?? l1(),
    fitIntercept: opts.fitIntercept ?? false,
    positive: opts.positive ?? false,
    maxIter: opts.maxIter ?? 1000,
    tol: opts.tol ?? 1e-4,
    step: opts.step ?? null,
  };
  checkParams(o, CONSTRAINTS, fn);
  const rows = toRows(X, fn);
  const t = toVector(y, fn, 'y', rows.rows, 'one target per row of X');
  const design = prepare(rows, t, { fitIntercept: o.fitIntercept });
  const { n, d, X: Xc, y: yc, colSq } = design;
  const w0 = new Float64Array(d);
  if (opts.w0 != null) {
    const v = toVector(Array.from(opts.w0), fn, 'w0', d, 'one coefficient per column of X');
    w0.set(v);
  }
  const beta = o.alpha * (1 - o.l1Ratio);
  const L = (1.02 * spectralNormSq(denseColumns(Xc, n), n, d)) / n + beta;
  const r = new Float64Array(n);
  const smooth: SmoothPart = {
    d,
    L,
    grad(v, out) {
      r.set(yc);
      for (let j = 0; j < d; j++) if (v[j] !== 0) colAxpy(Xc, n, j, -v[j]!, r);
      for (let j = 0; j < d; j++) out[j] = -colDot(Xc, n, j, r) / n + beta * v[j]!;
    },
    value(w) {
      r.set(yc);
      let ww = 0;
      for (let j = 0; j < d; j++) {
        if (w[j] !== 0) colAxpy(Xc, n, j, -w[j]!, r);
        ww += w[j]! * w[j]!;
      }
      let rr = 0;
      for (let i = 0; i < n; i++) rr += r[i]! * r[i]!;
      return rr / (2 * n) + (beta / 2) * ww;
    },
  };
  let yy = 0;
  for (let i = 0; i < n; i++) yy += yc[i]! * yc[i]!;
  const sy = Math.sqrt(yy / n) || 1;
  const colA = Float64Array.from(colSq, (c) => Math.sqrt(c / n));
  const step = o.step ?? (L > 0 ? 1 / L : 1);
  const out = proxGradCore(
    smooth,
    {
      penalty: o.penalty,
      lambda: o.alpha * o.l1Ratio,
      colA,
      kktScale: Float64Array.from(colA, (a) => a * sy),
      positive: o.positive,
      maxIter: o.maxIter,
      tol: o.tol,
      step,
      accelerate,
    },
    w0,
  );
  const { coef, intercept } = unscale(design, out.w);
  return {
    coef,
    intercept,
    nIter: out.nIter,
    converged: out.converged,
    kktMax: out.kktMax,
    objective: out.objective,
    step,
    restarts: out.restarts,
  };
}

/**
 * ISTA: `w ← prox_{λ·pen/L}(w − ∇f(w)/L)` for `(1/2n)‖y − Xw − b‖² + λΣpen(w_j) + (α(1−ρ)/2)‖w‖²`.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad option, `…__INVALID_INPUT` /
 *   `…__SHAPE_MISMATCH` for bad data.
 * @example
 * ```ts
 * const { coef, converged } = ista(X, y, { alpha: 0.1, tol: 1e-8, maxIter: 10_000 });
 * ```
 */
export function ista(X: MatrixLike, y: VectorLike, opts: ProxGradOptions = {}): ProxGradResult {
  return run(X, y, opts, 'ista', false);
}

/**
 * FISTA (Beck & Teboulle 2009) with adaptive momentum restarts; the same problem and options as
 * {@link ista}, usually far fewer iterations.
 *
 * @example
 * ```ts
 * import { fista, mcp } from '@sparseland/bandits';
 * const lasso = fista(X, y, { alpha: 0.1 });
 * const sparser = fista(X, y, { alpha: 0.1, penalty: mcp({ gamma: 3 }) });
 * ```
 */
export function fista(X: MatrixLike, y: VectorLike, opts: ProxGradOptions = {}): ProxGradResult {
  return run(X, y, opts, 'fista', true);
}
