// Parity with scikit-learn 1.2.1 on committed fixtures (spec §13.7); see fixtures/make-sklearn-fixtures.py.
import { describe, expect, it } from 'vitest';
import {
  ElasticNet,
  ElasticNetCV,
  enetPath,
  Lars,
  Lasso,
  LassoCV,
  LassoLars,
  larsPath,
  lassoPath,
} from '../src/index.js';
import { enetObjective, fixtures, relErr } from './helpers.js';

const fx = fixtures();
const TIGHT = { tol: 1e-10, maxIter: 100_000 };

describe('scikit-learn fixtures', () => {
  it('record the scikit-learn version', () => {
    expect(fx.versions.sklearn).toBe('1.2.1');
    expect(fx.generator).toBe('make-sklearn-fixtures.py');
  });

  for (const c of fx.enet) {
    const label = `${c.estimator}(${c.problem}, α=${c.alpha.toPrecision(4)}, ρ=${c.l1Ratio}${c.positive ? ', positive' : ''}${c.fitIntercept ? '' : ', no intercept'}${c.sampleWeight ? ', weighted' : ''})`;
    it(`${label}: objective ≤ reference(1 + 1e-9), coefficients within 1e-6`, () => {
      const p = fx.problems[c.problem]!;
      const common = { alpha: c.alpha, fitIntercept: c.fitIntercept, positive: c.positive, ...TIGHT };
      const m =
        c.estimator === 'Lasso'
          ? new Lasso(common)
          : new ElasticNet({ ...common, l1Ratio: c.l1Ratio as number });
      m.fit(p.X, p.y, c.sampleWeight ? { sampleWeight: p.sampleWeight! } : {});
      const obj = enetObjective(
        p.X,
        p.y,
        m.coef,
        m.intercept,
        c.alpha,
        c.l1Ratio,
        c.sampleWeight ? p.sampleWeight : undefined,
      );
      expect(obj).toBeLessThanOrEqual(c.objective * (1 + 1e-9));
      expect((obj - c.objective) / c.objective).toBeGreaterThan(-1e-9); // and not better: same optimum
      expect(relErr(m.coef, c.coef)).toBeLessThan(1e-6);
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c.intercept)));
      expect(m.info.converged).toBe(true);
    });
  }

  for (const c of fx.paths) {
    it(`${c.fn}(${c.problem}): alphas, per-alpha objectives and coefficients`, () => {
      const p = fx.problems[c.problem]!;
      const f = c.l1Ratio === 1 ? lassoPath : enetPath;
      const r = f(p.X, p.y, { l1Ratio: c.l1Ratio, eps: c.eps, nAlphas: c.nAlphas, ...TIGHT });
      expect(relErr(r.alphas, c.alphas)).toBeLessThan(1e-13);
      const scale = Math.max(...c.coefs.flat().map(Math.abs));
      r.coefs.forEach((coef, k) => {
        const obj = enetObjective(p.X, p.y, coef, 0, c.alphas[k], c.l1Ratio);
        expect(obj).toBeLessThanOrEqual(c.objectives[k] * (1 + 1e-9));
        for (let j = 0; j < coef.length; j++)
          expect(Math.abs(coef[j]! - c.coefs[k][j])).toBeLessThan(1e-6 * scale);
        expect(r.gaps[k]).toBeGreaterThanOrEqual(-1e-12 * obj);
      });
    });
  }

  it('LassoCV(diabetes): same alpha, MSE path and refit', () => {
    const c = fx.cv[0];
    const p = fx.problems[c.problem]!;
    const m = new LassoCV({ nAlphas: c.nAlphas, eps: c.eps, cv: c.folds, ...TIGHT }).fit(p.X, p.y);
    expect(m.alpha).toBeCloseTo(c.alpha, 14);
    expect(relErr(m.alphas, c.alphas)).toBeLessThan(1e-13);
    const mse = m.msePath;
    mse.forEach((row, k) => {
      expect(relErr(row, c.msePath[k])).toBeLessThan(1e-6);
    });
    expect(relErr(m.coef, c.coef)).toBeLessThan(1e-6);
    expect(m.intercept).toBeCloseTo(c.intercept, 6);
  });

  it('LassoCV(gaussHighDim, d > n): same alpha at the default tolerance', () => {
    const c = fx.cv[1];
    const p = fx.problems[c.problem]!;
    const m = new LassoCV({ nAlphas: c.nAlphas, eps: c.eps, cv: c.folds }).fit(p.X, p.y);
    expect(m.alpha).toBeCloseTo(c.alpha, 14);
    // the well-posed half of the path agrees tightly even at tol = 1e-4
    for (let k = 0; k < 20; k++) expect(relErr(m.msePath[k]!, c.msePath[k])).toBeLessThan(1e-2);
  });

  it('ElasticNetCV(correlated, l1Ratio ∈ {0.2, 0.5, 0.9}): same alpha and ratio', () => {
    const c = fx.cv[2];
    const p = fx.problems[c.problem]!;
    const m = new ElasticNetCV({
      l1Ratio: c.l1Ratio,
      nAlphas: c.nAlphas,
      eps: c.eps,
      cv: c.folds,
      ...TIGHT,
    }).fit(p.X, p.y);
    expect(m.alpha).toBeCloseTo(c.alpha, 14);
    expect(m.l1Ratio).toBe(c.bestL1Ratio);
    m.alphas.forEach((a, i) => {
      expect(relErr(a, c.alphas[i])).toBeLessThan(1e-13);
    });
    m.msePath.forEach((grid, i) => {
      grid.forEach((row, k) => {
        expect(relErr(row, c.msePath[i][k])).toBeLessThan(1e-6);
      });
    });
    expect(relErr(m.coef, c.coef)).toBeLessThan(1e-6);
  });

  for (const c of fx.larsPaths) {
    it(`lars_path(${c.problem}, '${c.method}'): knots, coefficients and active set`, () => {
      const p = fx.problems[c.problem]!;
      const r = larsPath(p.X, p.y, { method: c.method, fitIntercept: true });
      expect(r.alphas.length).toBe(c.alphas.length);
      expect(relErr(r.alphas, c.alphas)).toBeLessThan(1e-10);
      r.coefs.forEach((coef, k) => {
        expect(relErr(coef, c.coefs[k])).toBeLessThan(1e-9);
      });
      expect(r.active).toEqual(c.active);
    });
  }

  for (const c of fx.lars) {
    it(`${c.estimator}(${c.problem}${c.alpha === undefined ? '' : `, α=${c.alpha.toPrecision(3)}`})`, () => {
      const p = fx.problems[c.problem]!;
      const m =
        c.estimator === 'LassoLars'
          ? new LassoLars({ alpha: c.alpha }).fit(p.X, p.y)
          : new Lars({ nNonzeroCoefs: c.nNonzeroCoefs }).fit(p.X, p.y);
      expect(relErr(m.coef, c.coef)).toBeLessThan(1e-9);
      expect(m.intercept).toBeCloseTo(c.intercept, 8);
      expect(relErr(m.alphas, c.alphas)).toBeLessThan(1e-10);
      expect(m.active).toEqual(c.active);
      if (c.estimator === 'LassoLars') {
        expect(m.coefPath.length).toBe(c.coefPath.length);
        expect(enetObjective(p.X, p.y, m.coef, m.intercept, c.alpha)).toBeLessThanOrEqual(
          c.objective * (1 + 1e-9),
        );
        expect(m.info.kktMax).toBeLessThan(1e-9);
      }
    });
  }
});
