/**
 * The LARS / LARS-Lasso path as a function (scikit-learn's `lars_path`).
 *
 * @module
 */
import { bool, type Constraints, checkParams, integer, interval, oneOf } from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import { prepare, unscale } from '../internal/design.js';
import { type MatrixLike, toRows, toSampleWeight, toVector, type VectorLike } from '../internal/input.js';
import { type LarsEvent, lars } from '../solvers/lars.js';

/** Options of {@link larsPath}. */
export interface LarsPathOptions {
  /** `'lar'` (least angle regression) or `'lasso'` (with the drop rule; default `'lasso'`). */
  method?: 'lar' | 'lasso';
  /** Maximum steps (default 500). */
  maxIter?: number;
  /** Stop at this alpha, interpolating the last segment (default 0: the whole path). */
  alphaMin?: number;
  /** Only positive coefficients (`'lasso'` only; default false). */
  positive?: boolean;
  /** Centre `X` and `y` first (default false: like scikit-learn's `lars_path`, data are used as given). */
  fitIntercept?: boolean;
  /** Per-sample weights (rescaled to sum to n). */
  sampleWeight?: VectorLike;
}

/** A LARS path. */
export interface LarsPathResult {
  /** Knots in the `1/n` scale (`alphas[0] = alphaMax`), decreasing; the last is `alphaMin` when reached. */
  alphas: Float64Array;
  /** Coefficients at each knot; linear in alpha in between. */
  coefs: Float64Array[];
  /** Intercept at each knot (zeros unless `fitIntercept`). */
  intercepts: Float64Array;
  /** Active features at the end of the path, in the order they (last) entered. */
  active: number[];
  /** Every add and drop, with the knot where it happened. */
  events: LarsEvent[];
  /** Steps taken. */
  nIter: number;
}

type Resolved = Required<Omit<LarsPathOptions, 'sampleWeight'>>;

const CONSTRAINTS: Constraints<Resolved> = {
  method: oneOf(['lar', 'lasso']),
  maxIter: integer(0),
  alphaMin: interval({ min: 0 }),
  positive: bool,
  fitIntercept: bool,
};

/**
 * Computes the LARS (`method: 'lar'`) or Lasso (`'lasso'`) path with its exact breakpoints (Efron et al. 2004).
 * On the Lasso path a coefficient that reaches zero leaves the active set at that knot (a "drop") and may
 * re-enter later.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad option or
 *   `positive` with `'lar'`.
 * @example
 * ```ts
 * const { alphas, coefs, active, events } = larsPath(X, y, { method: 'lasso' });
 * events.filter((e) => e.kind === 'drop'); // variables that left the path
 * ```
 */
export function larsPath(X: MatrixLike, y: VectorLike, opts: LarsPathOptions = {}): LarsPathResult {
  const fn = 'larsPath';
  const o: Resolved = {
    method: opts.method ?? 'lasso',
    maxIter: opts.maxIter ?? 500,
    alphaMin: opts.alphaMin ?? 0,
    positive: opts.positive ?? false,
    fitIntercept: opts.fitIntercept ?? false,
  };
  for (const k of Object.keys(opts)) {
    if (!(k in CONSTRAINTS) && k !== 'sampleWeight') {
      throw invalidParam(
        fn,
        k,
        `be a known option (${Object.keys(CONSTRAINTS).join(', ')}, sampleWeight)`,
        'an unknown option',
      );
    }
  }
  checkParams(o, CONSTRAINTS, fn);
  if (o.positive && o.method === 'lar')
    throw invalidParam(fn, 'positive', "be false with method 'lar'", true);
  const rows = toRows(X, fn);
  const t = toVector(y, fn, 'y', rows.rows, 'one target per row of X');
  const sw = toSampleWeight(opts.sampleWeight, rows.rows, fn);
  const design = prepare(rows, t, { fitIntercept: o.fitIntercept, sampleWeight: sw });
  const res = lars(design, o);
  const coefs: Float64Array[] = [];
  const intercepts = new Float64Array(res.coefs.length);
  res.coefs.forEach((w, k) => {
    const u = unscale(design, w);
    coefs.push(u.coef);
    intercepts[k] = u.intercept;
  });
  return {
    alphas: Float64Array.from(res.alphas),
    coefs,
    intercepts,
    active: res.active,
    events: res.events,
    nIter: res.nIter,
  };
}
