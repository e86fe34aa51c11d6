// The estimator contract (spec §2, STYLE.md): unfitted errors, every validation error path, inputs,
// parameters, JSON, warnings, sample weights, score.
import { getBackend, SparselandError, setBackend, tensor } from '@sparseland/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ARDRegression,
  type BaseParams,
  ElasticNet,
  ElasticNetCV,
  estimatorFromJSON,
  HardThresholdingPursuit,
  IterativeHardThresholding,
  Lars,
  Lasso,
  LassoCV,
  LassoLars,
  type LinearEstimator,
  larsPath,
  lassoPath,
  mcp,
  OrthogonalMatchingPursuit,
  SparseLinearRegression,
} from '../src/index.js';
import { resetWarnings } from '../src/internal/warn.js';
import { expectAllClose, gaussianProblem, relErr } from './helpers.js';

const { X, y } = gaussianProblem(11, 30, 6, 3, 0.2);

function codeOf(f: () => unknown): { code: string; context: Record<string, unknown>; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof SparselandError)
      return { code: e.code, context: e.context as Record<string, unknown>, message: e.message };
    throw e;
  }
  throw new Error('expected a SparselandError');
}

type AnyEstimator = LinearEstimator<BaseParams>;
const ESTIMATORS: Array<[string, () => AnyEstimator]> = [
  ['Lasso', () => new Lasso({ alpha: 0.05 })],
  ['ElasticNet', () => new ElasticNet({ alpha: 0.05 })],
  ['SparseLinearRegression', () => new SparseLinearRegression({ alpha: 0.05, penalty: mcp() })],
  ['LassoCV', () => new LassoCV({ nAlphas: 10, cv: 3 })],
  ['ElasticNetCV', () => new ElasticNetCV({ nAlphas: 10, cv: 3, l1Ratio: [0.5, 1] })],
  ['LassoLars', () => new LassoLars({ alpha: 0.05 })],
  ['Lars', () => new Lars({ nNonzeroCoefs: 3 })],
  ['OrthogonalMatchingPursuit', () => new OrthogonalMatchingPursuit({ nNonzeroCoefs: 2 })],
  ['IterativeHardThresholding', () => new IterativeHardThresholding({ nNonzeroCoefs: 2 })],
  ['HardThresholdingPursuit', () => new HardThresholdingPursuit({ nNonzeroCoefs: 2 })],
  ['ARDRegression', () => new ARDRegression()],
];

afterEach(() => {
  vi.restoreAllMocks();
  resetWarnings();
});

describe('unfitted estimators', () => {
  for (const [name, make] of ESTIMATORS) {
    it(`${name}: every fitted member throws NOT_FITTED`, () => {
      const m = make();
      expect(m.isFitted).toBe(false);
      for (const member of ['coef', 'intercept', 'nFeaturesIn', 'info'] as const) {
        const e = codeOf(() => m[member]);
        expect(e.code).toBe('SPARSELAND__BANDITS__NOT_FITTED');
        expect(e.context).toEqual({ estimator: name, member });
        expect(e.message).toBe(`${name}: '${member}' is not available before fit(); call fit(X, y) first.`);
      }
      expect(codeOf(() => m.predict(X)).context.member).toBe('predict');
      expect(codeOf(() => m.score(X, y)).code).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    });
  }

  it('subclass attributes are guarded too', () => {
    expect(codeOf(() => new LassoCV().alpha).context).toEqual({ estimator: 'LassoCV', member: 'alpha' });
    expect(codeOf(() => new LassoLars().coefPath).code).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    expect(codeOf(() => new ElasticNetCV().msePath).code).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    expect(codeOf(() => new Lars().active).code).toBe('SPARSELAND__BANDITS__NOT_FITTED');
  });
});

describe('parameter validation at fit', () => {
  for (const [name, make] of ESTIMATORS) {
    it(`${name}: the constructor stores, fit rejects every invalid value of every parameter`, () => {
      const m = make();
      const table = m.constraints as Record<string, { invalid: readonly unknown[]; expected: string }>;
      for (const [key, c] of Object.entries(table)) {
        expect(c.invalid.length).toBeGreaterThan(0);
        for (const bad of c.invalid) {
          const est = m.withParams({ [key]: bad } as Partial<BaseParams>); // stores without validating
          expect(est.params[key as keyof BaseParams]).toEqual(bad);
          const e = codeOf(() => est.fit(X, y));
          expect(e.code).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
          expect(e.context.arg).toBe(key);
          expect(e.context.fn).toBe(`${name}.fit`);
          expect(e.message).toContain(`${name}.fit: argument '${key}' must ${c.expected}; got `);
        }
      }
    });

    it(`${name}: unknown parameters are rejected at fit`, () => {
      const est = make().withParams({ nope: 1 } as unknown as Partial<BaseParams>);
      const e = codeOf(() => est.fit(X, y));
      expect(e.code).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
      expect(e.context.arg).toBe('nope');
    });
  }

  it('messages follow core: "fn: argument \'arg\' must …; got …."', () => {
    expect(codeOf(() => new Lasso({ alpha: -1 }).fit(X, y)).message).toBe(
      "Lasso.fit: argument 'alpha' must be a finite number >= 0; got -1.",
    );
    expect(codeOf(() => new Lasso({ selection: 'greedy' as 'cyclic' }).fit(X, y)).message).toBe(
      "Lasso.fit: argument 'selection' must be one of 'cyclic', 'random'; got 'greedy'.",
    );
  });

  it('data-dependent parameters: cv larger than n', () => {
    const e = codeOf(() => new LassoCV({ cv: 31 }).fit(X, y));
    expect(e.code).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(e.context.arg).toBe('cv');
  });

  it('path functions validate their options', () => {
    expect(codeOf(() => lassoPath(X, y, { eps: 0 })).context.arg).toBe('eps');
    expect(codeOf(() => lassoPath(X, y, { nAlphas: 0 })).context.arg).toBe('nAlphas');
    expect(codeOf(() => lassoPath(X, y, { alphas: [-1] })).context.arg).toBe('alphas');
    expect(codeOf(() => lassoPath(X, y, { bogus: 1 } as object)).context.arg).toBe('bogus');
    expect(codeOf(() => larsPath(X, y, { method: 'lars' as 'lar' })).context.arg).toBe('method');
    expect(codeOf(() => larsPath(X, y, { method: 'lar', positive: true })).context.arg).toBe('positive');
    expect(codeOf(() => larsPath(X, y, { other: 1 } as object)).code).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
  });
});

describe('input validation', () => {
  const m = () => new Lasso({ alpha: 0.05 });
  const cases: Array<[string, () => unknown, string, string]> = [
    ['ragged rows', () => m().fit([[1, 2], [3]], [1, 2]), 'SPARSELAND__BANDITS__INVALID_INPUT', 'X[1]'],
    [
      'NaN in X',
      () =>
        m().fit(
          [
            [1, Number.NaN],
            [3, 4],
          ],
          [1, 2],
        ),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X[1]',
    ],
    [
      'Infinity in y',
      () => m().fit(X, [...y.slice(1), Number.POSITIVE_INFINITY]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'y[29]',
    ],
    [
      'a string entry',
      () => m().fit([[1, '2' as unknown as number]], [1]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X[0][1]',
    ],
    [
      'a non-array row',
      () => m().fit([[1, 2], 3 as unknown as number[]], [1, 2]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X[1]',
    ],
    ['an empty X', () => m().fit([], []), 'SPARSELAND__BANDITS__INVALID_INPUT', 'X'],
    ['no columns', () => m().fit([[], []], [1, 2]), 'SPARSELAND__BANDITS__INVALID_INPUT', 'X'],
    [
      'a number as X',
      () => m().fit(3 as unknown as number[][], [1]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X',
    ],
    [
      'a rank-1 tensor as X',
      () => m().fit(tensor([1, 2, 3]), [1, 2, 3]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X',
    ],
    ['a rank-2 tensor as y', () => m().fit(X, tensor([y, y])), 'SPARSELAND__BANDITS__INVALID_INPUT', 'y'],
    ['y as an object', () => m().fit(X, {} as number[]), 'SPARSELAND__BANDITS__INVALID_INPUT', 'y'],
    [
      'bad DenseMatrix rows',
      () => m().fit({ data: new Float64Array(4), rows: 0, cols: 4 }, []),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X.rows',
    ],
    [
      'bad DenseMatrix cols',
      () => m().fit({ data: new Float64Array(4), rows: 1, cols: -1 }, [1]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X.cols',
    ],
    [
      'bad DenseMatrix data',
      () => m().fit({ data: 5 as unknown as number[], rows: 1, cols: 1 }, [1]),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'X.data',
    ],
    [
      'DenseMatrix data length',
      () => m().fit({ data: new Float64Array(5), rows: 2, cols: 3 }, [1, 2]),
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
      'X.data',
    ],
    ['y length', () => m().fit(X, y.slice(1)), 'SPARSELAND__BANDITS__SHAPE_MISMATCH', 'y'],
    [
      'sampleWeight length',
      () => m().fit(X, y, { sampleWeight: [1, 2] }),
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
      'sampleWeight',
    ],
    [
      'negative weight',
      () => m().fit(X, y, { sampleWeight: y.map((_, i) => (i === 3 ? -1 : 1)) }),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'sampleWeight[3]',
    ],
    [
      'zero weights',
      () => m().fit(X, y, { sampleWeight: y.map(() => 0) }),
      'SPARSELAND__BANDITS__INVALID_INPUT',
      'sampleWeight',
    ],
    [
      'predict columns',
      () =>
        m()
          .fit(X, y)
          .predict([[1, 2]]),
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
      'X',
    ],
    ['score y length', () => m().fit(X, y).score(X, [1]), 'SPARSELAND__BANDITS__SHAPE_MISMATCH', 'y'],
  ];
  for (const [what, f, code, arg] of cases) {
    it(`rejects ${what}`, () => {
      const e = codeOf(f);
      expect(e.code).toBe(code);
      expect(e.context.arg).toBe(arg);
    });
  }

  it('accepts number[][], row-major Float64Array/Float32Array/number[] and tensors alike', async () => {
    const n = X.length;
    const d = X[0]!.length;
    const flat = X.flat();
    const ref = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(X, y);
    for (const form of [
      { data: Float64Array.from(flat), rows: n, cols: d },
      { data: flat, rows: n, cols: d },
    ]) {
      const m = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(form, Float64Array.from(y));
      expectAllClose(m.coef, ref.coef, 1e-12);
      expectAllClose(m.predict(form), ref.predict(X), 1e-10);
    }
    // float32 inputs (typed arrays, or tensors on the default backend): equal up to float32 rounding
    const f32 = [
      [{ data: Float32Array.from(flat), rows: n, cols: d }, Float32Array.from(y)],
      [tensor(X, { dtype: 'float32' }), tensor(y, { dtype: 'float32' })],
    ] as const;
    for (const [A, b] of f32) {
      const m = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(A, b);
      expect(relErr(m.coef, ref.coef)).toBeLessThan(1e-5);
    }
    // float64 tensors live on the cpu backend
    const previous = getBackend();
    await setBackend('cpu');
    try {
      const m = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(
        tensor(X, { dtype: 'float64' }),
        tensor(y, { dtype: 'float64' }),
      );
      expectAllClose(m.coef, ref.coef, 1e-12);
    } finally {
      await setBackend(previous);
    }
  });
});

describe('parameters, cloning and JSON', () => {
  for (const [name, make] of ESTIMATORS) {
    it(`${name}: getParams, withParams, toJSON/fromJSON round trip`, () => {
      const m = make();
      expect(Object.isFrozen(m.params)).toBe(true);
      const p = m.getParams();
      expect(p).toEqual(m.params);
      const clone = m.fit(X, y).withParams({});
      expect(clone).not.toBe(m);
      expect(clone.isFitted).toBe(false);
      expect(clone.getParams()).toEqual(p);
      const unfitted = estimatorFromJSON(JSON.stringify(make()));
      expect(unfitted.isFitted).toBe(false);
      expect(unfitted.estimatorName).toBe(name);
      const back = estimatorFromJSON(JSON.parse(JSON.stringify(m)));
      expect(back.estimatorName).toBe(name);
      expect(Array.from(back.coef)).toEqual(Array.from(m.coef));
      expect(back.intercept).toBe(m.intercept);
      expect(back.info).toEqual(m.info);
      expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
      expect(JSON.stringify(back)).toBe(JSON.stringify(m));
    });
  }

  it('static fromJSON checks the class and the format', () => {
    const json = new Lasso().fit(X, y).toJSON();
    expect(Lasso.fromJSON(json).estimatorName).toBe('Lasso');
    expect(codeOf(() => ElasticNet.fromJSON(json)).context.arg).toBe('json.estimator');
    expect(codeOf(() => Lasso.fromJSON({ format: 'x' } as unknown as typeof json)).code).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    const e = codeOf(() => estimatorFromJSON({ ...json, estimator: 'Nope' }));
    expect(e.code).toBe('SPARSELAND__BANDITS__UNKNOWN_NAME');
    expect(codeOf(() => estimatorFromJSON('null')).code).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });

  it('penalty parameters survive JSON', () => {
    const m = new SparseLinearRegression({ alpha: 0.05, penalty: mcp({ gamma: 2.5 }) }).fit(X, y);
    const back = SparseLinearRegression.fromJSON(JSON.stringify(m));
    expect(back.params.penalty.toJSON()).toEqual({ name: 'mcp', gamma: 2.5 });
    expectAllClose(back.withParams({}).fit(X, y).coef, m.coef, 0);
  });
});

describe('convergence reporting', () => {
  it('warns once per estimator class when not converged, and strict throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const big = gaussianProblem(5, 40, 80, 10, 0.1);
    const m = new Lasso({ alpha: 1e-4, maxIter: 2, tol: 1e-12 });
    m.fit(big.X, big.y);
    expect(m.info.converged).toBe(false);
    m.fit(big.X, big.y);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^Lasso: did not converge in 2 iterations/);
    const e = codeOf(() => m.withParams({ strict: true }).fit(big.X, big.y));
    expect(e.code).toBe('SPARSELAND__BANDITS__NOT_CONVERGED');
    expect(e.context).toMatchObject({ estimator: 'Lasso', nIter: 2, tol: 1e-12 });
  });
});

describe('sample weights, score, warm starts, options', () => {
  it('integer weights equal duplicated rows; zero weight equals a removed row', () => {
    const sw = y.map((_, i) => (i % 3 === 0 ? 2 : i % 5 === 0 ? 0 : 1));
    const Xd: number[][] = [];
    const yd: number[] = [];
    X.forEach((r, i) => {
      for (let k = 0; k < sw[i]!; k++) {
        Xd.push(r);
        yd.push(y[i]!);
      }
    });
    const makers: Array<() => AnyEstimator> = [
      () => new Lasso({ alpha: 0.03, tol: 1e-12 }),
      () => new ElasticNet({ alpha: 0.03, tol: 1e-12 }),
      () => new LassoLars({ alpha: 0.03 }),
      () => new SparseLinearRegression({ alpha: 0.03, penalty: mcp(), tol: 1e-12 }),
    ];
    for (const make of makers) {
      const a = make().fit(X, y, { sampleWeight: sw });
      const b = make().fit(Xd, yd);
      expectAllClose(a.coef, b.coef, 1e-8);
      expect(a.intercept).toBeCloseTo(b.intercept, 8);
    }
  });

  it('score is R² (and weighted R²)', () => {
    const m = new Lasso({ alpha: 0.05 }).fit(X, y);
    const pred = m.predict(X);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const ssRes = y.reduce((a, v, i) => a + (v - pred[i]!) ** 2, 0);
    const ssTot = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(m.score(X, y)).toBeCloseTo(1 - ssRes / ssTot, 12);
    const sw = y.map((_, i) => 1 + (i % 2));
    const wm = y.reduce((a, v, i) => a + sw[i]! * v, 0) / sw.reduce((a, b) => a + b, 0);
    const wr = y.reduce((a, v, i) => a + sw[i]! * (v - pred[i]!) ** 2, 0);
    const wt = y.reduce((a, v, i) => a + sw[i]! * (v - wm) ** 2, 0);
    expect(m.score(X, y, { sampleWeight: sw })).toBeCloseTo(1 - wr / wt, 12);
    const c = new Lasso({ alpha: 0.05 }).fit(
      X,
      y.map(() => 2),
    );
    expect(
      c.score(
        X,
        y.map(() => 2),
      ),
    ).toBe(1);
    expect(
      m.score(
        X,
        y.map(() => 2),
      ),
    ).toBe(0);
  });

  it('warmStart starts from the previous coefficients; cold fits ignore them', () => {
    const big = gaussianProblem(6, 60, 150, 8, 0.3);
    const cold = new Lasso({ alpha: 0.02, tol: 1e-8 }).fit(big.X, big.y);
    const warm = new Lasso({ alpha: 0.02, tol: 1e-8, warmStart: true }).fit(big.X, big.y);
    const refit = warm.fit(big.X, big.y);
    expect(refit.info.nIter).toBeLessThan(cold.info.nIter);
    expectAllClose(refit.coef, cold.coef, 1e-6);
    const again = new Lasso({ alpha: 0.02, tol: 1e-8 });
    again.fit(X, y);
    expect(Array.from(again.fit(big.X, big.y).coef)).toEqual(Array.from(cold.coef));
  });

  it('every screening / working-set / acceleration / selection choice reaches the same solution', () => {
    const big = gaussianProblem(7, 50, 120, 6, 0.3);
    const ref = new Lasso({
      alpha: 0.03,
      tol: 1e-10,
      workingSet: false,
      screening: 'none',
      accel: 'none',
    }).fit(big.X, big.y);
    for (const screening of ['gap', 'strong', 'none'] as const) {
      for (const workingSet of [true, false]) {
        for (const accel of ['anderson', 'none'] as const) {
          for (const selection of ['cyclic', 'random'] as const) {
            const m = new Lasso({
              alpha: 0.03,
              tol: 1e-10,
              screening,
              workingSet,
              accel,
              selection,
              seed: 3,
            });
            m.fit(big.X, big.y);
            expect(m.info.converged).toBe(true);
            expect(relErr(m.coef, ref.coef)).toBeLessThan(1e-6);
          }
        }
      }
    }
    const a = new Lasso({ alpha: 0.03, selection: 'random', seed: 9 }).fit(big.X, big.y);
    const b = new Lasso({ alpha: 0.03, selection: 'random', seed: 9 }).fit(big.X, big.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(a.info).toEqual(b.info);
  });

  it('strong-rule and gap-screened paths equal the plain path', () => {
    const big = gaussianProblem(8, 40, 90, 5, 0.3);
    const plain = lassoPath(big.X, big.y, { nAlphas: 20, tol: 1e-10, screening: 'none', workingSet: false });
    for (const screening of ['strong', 'gap'] as const) {
      const p = lassoPath(big.X, big.y, { nAlphas: 20, tol: 1e-10, screening });
      p.coefs.forEach((c, k) => {
        expect(relErr(c, plain.coefs[k]!) < 1e-6 || Math.max(...c.map(Math.abs)) < 1e-12).toBe(true);
      });
      expect(p.converged.every(Boolean)).toBe(true);
    }
  });

  it('gap-safe screening removes features for good in the final solve', () => {
    const big = gaussianProblem(9, 50, 200, 4, 0.2);
    const m = new Lasso({ alpha: 0.2, screening: 'gap' }).fit(big.X, big.y);
    expect(m.info.screened).toBeGreaterThan(100);
    const off = new Lasso({ alpha: 0.2, screening: 'none' }).fit(big.X, big.y);
    expect(off.info.screened).toBe(0);
  });

  it('standardize: equals a fit on standardised columns mapped back', () => {
    const scales = [1, 10, 0.1, 3, 50, 0.5];
    const Xs = X.map((r) => r.map((v, j) => v * scales[j]!));
    const m = new Lasso({ alpha: 0.05, standardize: true, tol: 1e-12 }).fit(Xs, y);
    const n = X.length;
    const mean = scales.map((_, j) => Xs.reduce((a, r) => a + r[j]!, 0) / n);
    const sd = scales.map((_, j) => Math.sqrt(Xs.reduce((a, r) => a + (r[j]! - mean[j]!) ** 2, 0) / n));
    const Z = Xs.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
    const ref = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(Z, y);
    expectAllClose(
      m.coef,
      Array.from(ref.coef, (v, j) => v / sd[j]!),
      1e-9,
    );
    expectAllClose(m.predict(Xs), ref.predict(Z), 1e-9);
  });

  it('positive constrains every coefficient', () => {
    const m = new ElasticNet({ alpha: 0.01, positive: true }).fit(X, y);
    expect(Array.from(m.coef).every((v) => v >= 0)).toBe(true);
    const unconstrained = new ElasticNet({ alpha: 0.01 }).fit(X, y);
    expect(Array.from(unconstrained.coef).some((v) => v < 0)).toBe(true);
  });
});
