/**
 * `checkEstimator`: one conformance suite for every estimator (scikit-learn's `check_estimator` idea,
 * spec §2 and §13.3). Framework-free: it throws an `Error` listing every failed check, and returns the
 * names of the checks that ran.
 *
 * @module
 */
import { isSparselandError, random } from '@sparseland/core';
import type { BaseParams, EstimatorJSON, LinearEstimator } from './linear-model.js';

/** Options of {@link checkEstimator}. */
export interface CheckEstimatorOptions<P extends BaseParams = BaseParams> {
  /** Design to use (default: a seeded Gaussian problem, n = 40, d = 8, 3-sparse). */
  X?: number[][];
  /** Target to use with `X`. */
  y?: number[];
  /** Relative tolerance of the invariance checks (default 1e-6). */
  tol?: number;
  /** Parameters that make the solver tight enough for the invariance checks (default: by class). */
  tighten?: Partial<P>;
  /**
   * How to change the parameters when `y` is multiplied by `c` so that `coef` is multiplied by `c`, or
   * `false` to skip the check (default: by class; `alpha → c·alpha` when there is an `alpha`).
   */
  scaleY?: ((params: P, c: number) => Partial<P>) | false;
  /** Check that a column permutation permutes `coef` (default true). */
  permutation?: boolean;
  /** Check that integer sample weights equal duplicated rows (default: by class). */
  sampleWeights?: boolean;
}

type Hints = {
  tighten: Record<string, unknown>;
  scaleY: ((p: Record<string, unknown>, c: number) => object) | false;
  sampleWeights: boolean;
};

const alphaScale = (p: Record<string, unknown>, c: number) => ({ alpha: (p.alpha as number) * c });
const CD_HINTS: Hints = {
  tighten: { tol: 1e-10, maxIter: 100_000 },
  scaleY: alphaScale,
  sampleWeights: true,
};

/** Defaults for the built-in estimators. */
function hintsFor(est: LinearEstimator<BaseParams>): Hints {
  const p = est.params as unknown as Record<string, unknown>;
  switch (est.estimatorName) {
    case 'Lasso':
    case 'LassoLars':
      return { ...CD_HINTS, tighten: est.estimatorName === 'Lasso' ? CD_HINTS.tighten : {} };
    case 'ElasticNet':
      // the ridge term (α(1−ρ)/2)‖w‖² does not scale with y
      return { ...CD_HINTS, scaleY: (p as { l1Ratio?: number }).l1Ratio === 1 ? alphaScale : false };
    case 'SparseLinearRegression': {
      const name = (p.penalty as { name?: string } | undefined)?.name;
      const homogeneous = (name === 'l1' || name === 'mcp' || name === 'scad') && p.l1Ratio === 1;
      return { ...CD_HINTS, scaleY: homogeneous ? alphaScale : false };
    }
    case 'LassoCV':
    case 'ElasticNetCV':
      // the alpha grid is relative to alphaMax; folds make weights differ from duplicated rows
      return {
        tighten: CD_HINTS.tighten,
        scaleY: est.estimatorName === 'LassoCV' && p.alphas === null ? () => ({}) : false,
        sampleWeights: false,
      };
    case 'OrthogonalMatchingPursuit':
      return {
        tighten: {},
        scaleY: (q, c) => (q.tol === null ? {} : { tol: (q.tol as number) * c * c }),
        sampleWeights: true,
      };
    case 'ARDRegression':
      // hyperpriors are not scale-free; its noise-precision update counts samples, not weights
      return { tighten: { tol: 1e-10, maxIter: 2000 }, scaleY: false, sampleWeights: false };
    case 'IterativeHardThresholding':
      return { tighten: { tol: 1e-13, maxIter: 100_000 }, scaleY: () => ({}), sampleWeights: true };
    default:
      return { tighten: {}, scaleY: 'alpha' in p ? alphaScale : () => ({}), sampleWeights: true };
  }
}

function defaultProblem(): { X: number[][]; y: number[] } {
  const rng = new random.Rng(20240601);
  const n = 40;
  const d = 8;
  const w = [1.5, 0, -2, 0, 0, 0.8, 0, 0];
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.nextNormal()));
  const y = X.map((r) => r.reduce((a, v, j) => a + v * w[j]!, 0.7) + 0.3 * rng.nextNormal());
  return { X, y };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isSparselandError(e) ? e.code : `non-Sparseland error: ${String(e)}`;
  }
  return 'no error';
}

/**
 * Runs the conformance suite on an (unfitted) estimator: parameters frozen and cloned by `withParams`;
 * unfitted, shape and input errors; `fit` returns `this`; fitted attributes and `info`; `predict` equals
 * `X·coef + intercept`; refit idempotence and independence from earlier fits; determinism; JSON round trip;
 * every invalid value of every constrained parameter rejected at `fit`; equal results for every input
 * form; `score` = R²; and the invariances of spec §13.3 (column permutation, scaling of `y`, integer
 * sample weights = duplicated rows).
 *
 * @returns The names of the checks that ran.
 * @throws `Error` listing every failed check.
 * @example
 * ```ts
 * checkEstimator(new Lasso({ alpha: 0.1 })); // ['params', 'clone', 'unfitted', …]
 * ```
 */
export function checkEstimator<P extends BaseParams>(
  estimator: LinearEstimator<P>,
  opts: CheckEstimatorOptions<P> = {},
): string[] {
  const est = estimator as unknown as LinearEstimator<BaseParams>;
  const name = est.estimatorName;
  const hints = hintsFor(est);
  const tol = opts.tol ?? 1e-6;
  const prob = opts.X && opts.y ? { X: opts.X, y: opts.y } : defaultProblem();
  const { X, y } = prob;
  const n = X.length;
  const d = X[0]!.length;
  const failures: string[] = [];
  const ran: string[] = [];
  const Ctor = est.constructor as unknown as {
    new (p: object): LinearEstimator<BaseParams>;
    fromJSON(json: EstimatorJSON | string): LinearEstimator<BaseParams>;
  };
  const fresh = (extra: object = {}) => est.withParams({ ...extra } as Partial<BaseParams>);
  const tight = { ...hints.tighten, ...(opts.tighten ?? {}) };
  const quiet = <T>(f: () => T): T => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      return f();
    } finally {
      console.warn = warn;
    }
  };
  const check = (label: string, f: () => void) => {
    ran.push(label);
    try {
      f();
    } catch (e) {
      failures.push(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const assert = (cond: boolean, msg: string) => {
    if (!cond) throw new Error(msg);
  };

  check('params', () => {
    assert(Object.isFrozen(est.params), 'params must be frozen');
    const p = est.getParams();
    assert(p !== est.params, 'getParams must return a copy');
    assert(JSON.stringify(p) === JSON.stringify(est.params), 'getParams must equal params');
  });

  check('clone', () => {
    const c = fresh();
    assert(
      c !== est && c.estimatorName === name && c.constructor === est.constructor,
      'withParams must clone the class',
    );
    assert(!c.isFitted, 'a clone must be unfitted');
    assert(JSON.stringify(c.params) === JSON.stringify(est.params), 'a clone must keep the parameters');
  });

  check('unfitted', () => {
    const u = fresh();
    for (const [member, f] of [
      ['coef', () => u.coef],
      ['intercept', () => u.intercept],
      ['nFeaturesIn', () => u.nFeaturesIn],
      ['info', () => u.info],
      ['predict', () => u.predict(X)],
    ] as const) {
      const code = codeOf(f);
      assert(code === 'SPARSELAND__BANDITS__NOT_FITTED', `${member} before fit gave ${code}`);
    }
  });

  const m = fresh();
  let fitted = false;
  check('fit', () => {
    const out = quiet(() => m.fit(X, y));
    assert(out === m, 'fit must return this');
    fitted = true;
  });
  if (!fitted) throw new Error(`checkEstimator(${name}) failed:\n- ${failures.join('\n- ')}`);

  check('fitted attributes', () => {
    const coef = m.coef;
    assert(coef instanceof Float64Array && coef.length === d, 'coef must be a Float64Array of length d');
    assert(Array.from(coef).every(Number.isFinite), 'coef must be finite');
    assert(Number.isFinite(m.intercept), 'intercept must be finite');
    assert(m.nFeaturesIn === d, 'nFeaturesIn must be d');
    const info = m.info;
    assert(Number.isInteger(info.nIter) && info.nIter >= 0, 'info.nIter must be a non-negative integer');
    assert(typeof info.converged === 'boolean', 'info.converged must be a boolean');
    assert(Number.isFinite(info.kktMax) && info.kktMax >= 0, 'info.kktMax must be finite and >= 0');
    assert(
      Array.isArray(info.objective) && info.objective.every(Number.isFinite),
      'info.objective must be finite numbers',
    );
    if (info.gap !== undefined)
      assert(info.gap >= -1e-8 * (1 + Math.abs(info.objective.at(-1) ?? 0)), 'info.gap must be >= 0');
  });

  check('predict', () => {
    const pred = m.predict(X);
    assert(pred.length === n, 'predict must return n values');
    const coef = m.coef;
    const ref = X.map((r) => r.reduce((a, v, j) => a + v * coef[j]!, m.intercept));
    assert(relErr(pred, ref) < 1e-12, 'predict must equal X·coef + intercept');
  });

  check('shape and input errors', () => {
    const c1 = codeOf(() => m.predict(X.map((r) => r.slice(1))));
    assert(c1 === 'SPARSELAND__BANDITS__SHAPE_MISMATCH', `predict with d − 1 columns gave ${c1}`);
    const c2 = codeOf(() => fresh().fit(X, y.slice(1)));
    assert(c2 === 'SPARSELAND__BANDITS__SHAPE_MISMATCH', `fit with n − 1 targets gave ${c2}`);
    const bad = X.map((r, i) => (i === 0 ? [Number.NaN, ...r.slice(1)] : r));
    const c3 = codeOf(() => fresh().fit(bad, y));
    assert(c3 === 'SPARSELAND__BANDITS__INVALID_INPUT', `fit with NaN gave ${c3}`);
  });

  check('invalid parameters', () => {
    const table = est.constraints as unknown as Record<string, { invalid: readonly unknown[] }>;
    for (const [key, c] of Object.entries(table)) {
      for (const v of c.invalid) {
        let err: unknown;
        try {
          quiet(() => fresh({ [key]: v }).fit(X, y));
        } catch (e) {
          err = e;
        }
        const ok = isSparselandError(err, 'SPARSELAND__BANDITS__INVALID_PARAM') && err.context.arg === key;
        assert(ok, `${key} = ${JSON.stringify(v)} was not rejected with INVALID_PARAM`);
      }
    }
  });

  const base = quiet(() => fresh(tight).fit(X, y));
  check('refit', () => {
    const again = quiet(() => fresh(tight).fit(X, y));
    assert(relErr(again.coef, base.coef) === 0, 'two fits of the same data must be identical');
    const other = fresh(tight);
    quiet(() =>
      other.fit(
        X.map((r) => r.map((v) => v * 2 + 1)),
        y.map((v) => -v),
      ),
    );
    if ((est.params as unknown as Record<string, unknown>).warmStart !== true) {
      quiet(() => other.fit(X, y));
      assert(relErr(other.coef, base.coef) <= tol, 'a refit must ignore the earlier fit');
    }
  });

  check('json', () => {
    const back = Ctor.fromJSON(JSON.stringify(base));
    assert(back.estimatorName === name && back.isFitted, 'fromJSON must restore a fitted estimator');
    assert(relErr(back.predict(X), base.predict(X)) === 0, 'restored predictions must be identical');
    assert(JSON.stringify(back) === JSON.stringify(base), 'JSON must round-trip exactly');
    const unfit = Ctor.fromJSON(JSON.parse(JSON.stringify(fresh())) as EstimatorJSON);
    assert(!unfit.isFitted, 'an unfitted estimator must stay unfitted');
  });

  check('input forms', () => {
    const flat = { data: Float64Array.from(X.flat()), rows: n, cols: d };
    const a = quiet(() => fresh(tight).fit(flat, Float64Array.from(y)));
    assert(relErr(a.coef, base.coef) === 0, 'a row-major matrix must give the same fit as number[][]');
  });

  check('score', () => {
    const pred = base.predict(X);
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const ssRes = y.reduce((a, v, i) => a + (v - pred[i]!) ** 2, 0);
    const ssTot = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    assert(Math.abs(base.score(X, y) - (1 - ssRes / ssTot)) < 1e-12, 'score must be R²');
  });

  if (opts.permutation ?? true) {
    check('column permutation', () => {
      const perm = Array.from({ length: d }, (_, j) => (j * 5 + 3) % d);
      const Xp = X.map((r) => perm.map((j) => r[j]!));
      const p = quiet(() => fresh(tight).fit(Xp, y)).coef;
      assert(
        relErr(
          p,
          perm.map((j) => base.coef[j]!),
        ) <= tol,
        'permuting columns must permute coef',
      );
    });
  }

  const scaleY = opts.scaleY ?? (hints.scaleY as CheckEstimatorOptions<P>['scaleY']);
  if (scaleY) {
    check('scaling y', () => {
      for (const c of [0.1, 7]) {
        const params = est.params as unknown as P;
        const s = quiet(() =>
          est.withParams({ ...tight, ...scaleY(params, c) } as Partial<P> as Partial<BaseParams>).fit(
            X,
            y.map((v) => v * c),
          ),
        );
        assert(
          relErr(
            s.coef,
            Array.from(base.coef, (v) => v * c),
          ) <= tol,
          `scaling y by ${c} must scale coef by ${c}`,
        );
        assert(
          Math.abs(s.intercept - c * base.intercept) <= tol * (1 + Math.abs(c * base.intercept)),
          'and the intercept',
        );
      }
    });
  }

  if (opts.sampleWeights ?? hints.sampleWeights) {
    check('sample weights', () => {
      const sw = y.map((_, i) => i % 3);
      const Xd: number[][] = [];
      const yd: number[] = [];
      X.forEach((r, i) => {
        for (let k = 0; k < sw[i]!; k++) {
          Xd.push(r);
          yd.push(y[i]!);
        }
      });
      const a = quiet(() => fresh(tight).fit(X, y, { sampleWeight: sw }));
      const b = quiet(() => fresh(tight).fit(Xd, yd));
      assert(relErr(a.coef, b.coef) <= tol, 'integer weights must equal duplicated rows');
    });
  }

  if (failures.length > 0) throw new Error(`checkEstimator(${name}) failed:\n- ${failures.join('\n- ')}`);
  return ran;
}
