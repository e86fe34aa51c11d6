// Robust ℓ2,1-loss regression (spec §10): monotone objective, robustness to gross outlier rows,
// LAD-Lasso, joint (row-sparse) selection, unmixing constraints, errors.
import { isSparselandError, random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { Lasso, l1, RobustL21Regression } from '../src/index.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

/** n × d design, W* with 3 non-zero rows for m outputs, 10% gross outlier rows. */
function problem(seed: number, n: number, d: number, m: number, outliers = 0.1) {
  const rng = new random.Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.nextNormal()));
  const W = Array.from({ length: d }, (_, j) =>
    Array.from({ length: m }, () => (j < 3 ? 1 + rng.next() : 0)),
  );
  const Y = X.map((x, i) =>
    Array.from({ length: m }, (_, k) => {
      let s = 0.5;
      for (let j = 0; j < d; j++) s += x[j]! * W[j]![k]!;
      s += 0.1 * rng.nextNormal();
      return i % Math.round(1 / outliers) === 0 ? s + 50 * (rng.next() < 0.5 ? -1 : 1) : s;
    }),
  );
  return { X, Y, W };
}

const errW = (coef: Float64Array, W: number[][], m: number) => {
  let e = 0;
  W.forEach((row, j) => {
    row.forEach((v, k) => {
      e += (coef[j * m + k]! - v) ** 2;
    });
  });
  return Math.sqrt(e);
};

describe('RobustL21Regression', () => {
  it('the smoothed objective never increases (ℓ2,1 penalty and ℓ1 penalty)', () => {
    const { X, Y } = problem(1, 80, 6, 3);
    for (const penalty of ['l21', l1()] as const) {
      const obj = new RobustL21Regression({ alpha: 0.05, penalty, maxIter: 30 }).fit(X, Y).info.objective;
      expect(obj.length).toBeGreaterThan(3);
      for (let t = 1; t < obj.length; t++)
        expect(obj[t]!).toBeLessThanOrEqual(obj[t - 1]! * (1 + 1e-9) + 1e-12);
    }
  });

  it('with gross outlier rows the robust fit stays accurate; least squares does not', () => {
    const { X, Y, W } = problem(2, 120, 6, 2);
    const robust = new RobustL21Regression({ alpha: 0.001, maxIter: 200 }).fit(X, Y);
    const lsCoef = new Float64Array(12);
    for (let k = 0; k < 2; k++) {
      const c = new Lasso({ alpha: 0, tol: 1e-10 }).fit(
        X,
        Y.map((r) => r[k]!),
      ).coef;
      for (let j = 0; j < 6; j++) lsCoef[j * 2 + k] = c[j]!;
    }
    const eRobust = errW(robust.coef, W, 2);
    const eLs = errW(lsCoef, W, 2);
    expect(eRobust).toBeLessThan(0.1);
    expect(eRobust).toBeLessThan(eLs / 5);
    expect(Array.from(robust.intercept).every((b) => Math.abs(b - 0.5) < 0.1)).toBe(true);
    const pred = robust.predict([X[1]!]);
    expect(pred.length).toBe(2);
  });

  it('ℓ2,1 selects whole rows (joint feature selection); one output with l1() is the LAD-Lasso', () => {
    const { X, Y } = problem(3, 100, 10, 3, 0.05);
    const m = new RobustL21Regression({ alpha: 0.05, maxIter: 300 }).fit(X, Y);
    const rowNorm = (j: number) => Math.hypot(...Array.from(m.coef.slice(j * 3, j * 3 + 3)));
    for (let j = 0; j < 3; j++) expect(rowNorm(j)).toBeGreaterThan(0.5);
    for (let j = 3; j < 10; j++) expect(rowNorm(j)).toBeLessThan(0.05); // IRLS shrinks rows towards 0 (not exactly 0)
    const single = problem(4, 100, 6, 1);
    const lad = new RobustL21Regression({ alpha: 0.02, penalty: l1() }).fit(
      single.X,
      single.Y.map((r) => r[0]!),
    );
    expect(lad.coef.length).toBe(6);
    expect(errW(lad.coef, single.W, 1)).toBeLessThan(0.2);
    for (let j = 3; j < 6; j++) expect(Math.abs(lad.coef[j]!)).toBeLessThan(0.05);
  });

  it('unmixing: non-negative abundances that sum to one', () => {
    const rng = new random.Rng(5);
    const bands = 40;
    const E = Array.from({ length: bands }, () => Array.from({ length: 4 }, () => rng.next())); // endmembers
    const a = [0.5, 0.3, 0.2, 0];
    const y = E.map(
      (e, i) => e.reduce((s, v, j) => s + v * a[j]!, 0) + (i === 7 ? 5 : 0.005 * rng.nextNormal()),
    );
    const m = new RobustL21Regression({
      alpha: 1e-4,
      penalty: l1(),
      positive: true,
      sumToOne: 10,
      fitIntercept: false,
    }).fit(E, y);
    const c = m.coef;
    expect(Math.min(...c)).toBeGreaterThanOrEqual(0);
    expect(c.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 2);
    a.forEach((v, j) => {
      expect(c[j]!).toBeCloseTo(v, 1);
    });
  });

  it('validation', () => {
    const { X, Y } = problem(6, 20, 3, 2);
    expect(code(() => new RobustL21Regression({ alpha: -1 }).fit(X, Y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new RobustL21Regression({ penalty: 'l2' as 'l21' }).fit(X, Y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new RobustL21Regression({ epsilon: 0 }).fit(X, Y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new RobustL21Regression({ positive: true }).fit(X, Y))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    expect(code(() => new RobustL21Regression().fit(X, Y.slice(1)))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    expect(code(() => new RobustL21Regression().fit(X, [1, 2]))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    expect(code(() => new RobustL21Regression().coef)).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    expect(code(() => new RobustL21Regression().predict(X))).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    const fitted = new RobustL21Regression().fit(X, Y);
    expect(code(() => fitted.predict([[1, 2]]))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
  });
});
