// Spec §5 and §7.1: OMP, IHT, HTP (closed forms on an orthogonal design, exact recovery, stopping rules)
// and ARD (scikit-learn parity, predictive std), plus scikit-learn parity for OMP supports.
import { random, SparselandError } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  ARDRegression,
  HardThresholdingPursuit,
  IterativeHardThresholding,
  OrthogonalMatchingPursuit,
} from '../src/index.js';
import { expectAllClose, fixtures, gaussianProblem, orthogonalDesign, relErr, xty } from './helpers.js';

const n = 64;
const d = 10;
const X = orthogonalDesign(n, d);
const rng = new random.Rng(5);
const y = X.map((r) => r.reduce((a, v, j) => a + v * (j < 4 ? 4 - j : 0.1 * j), 2) + 0.2 * rng.nextNormal());
const z = xty(X, y);
const topK = (k: number) => {
  const order = z.map((v, j) => [Math.abs(v), j] as const).sort((a, b) => b[0] - a[0]);
  const keep = new Set(order.slice(0, k).map(([, j]) => j));
  return z.map((v, j) => (keep.has(j) ? v : 0));
};

describe('orthogonal design: greedy solvers keep the k largest |z_j| as z_j', () => {
  for (const k of [1, 3, 6]) {
    it(`k = ${k}`, () => {
      expectAllClose(new OrthogonalMatchingPursuit({ nNonzeroCoefs: k }).fit(X, y).coef, topK(k), 1e-12);
      expectAllClose(new HardThresholdingPursuit({ nNonzeroCoefs: k }).fit(X, y).coef, topK(k), 1e-12);
      expectAllClose(new IterativeHardThresholding({ nNonzeroCoefs: k }).fit(X, y).coef, topK(k), 1e-10);
      expectAllClose(
        new IterativeHardThresholding({ nNonzeroCoefs: k, normalized: false, tol: 1e-13 }).fit(X, y).coef,
        topK(k),
        1e-10,
      );
    });
  }
});

describe('OrthogonalMatchingPursuit', () => {
  it('recovers a k-sparse vector exactly when the coherence is below 1/(2k − 1)', () => {
    const g = new random.Rng(1);
    const m = 400;
    const p = 40;
    const A = Array.from({ length: m }, () => Array.from({ length: p }, () => g.nextNormal()));
    // coherence of the (centred, normalised) columns
    const cols = Array.from({ length: p }, (_, j) => {
      const c = A.map((r) => r[j]!);
      const mean = c.reduce((a, b) => a + b, 0) / m;
      const v = c.map((x) => x - mean);
      const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
      return v.map((x) => x / norm);
    });
    let mu = 0;
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++)
        mu = Math.max(mu, Math.abs(cols[a]!.reduce((s, x, i) => s + x * cols[b]![i]!, 0)));
    }
    const k = 2;
    expect(mu).toBeLessThan(1 / (2 * k - 1));
    const w = new Array<number>(p).fill(0);
    w[7] = 1.5;
    w[30] = -0.8;
    const t = A.map((r) => r.reduce((s, x, j) => s + x * w[j]!, 3));
    const fit = new OrthogonalMatchingPursuit({ nNonzeroCoefs: k }).fit(A, t);
    expectAllClose(fit.coef, w, 1e-10);
    expect(fit.intercept).toBeCloseTo(3, 10);
    expect(fit.support).toEqual([7, 30]);
    expect(fit.info.kktMax).toBeLessThan(1e-12);
  });

  it('tol stops once ‖r‖² ≤ tol; the default k is max(⌊0.1·d⌋, 1)', () => {
    const prob = gaussianProblem(3, 60, 30, 4, 0.05);
    const byTol = new OrthogonalMatchingPursuit({ tol: 1 }).fit(prob.X, prob.y);
    const pred = byTol.predict(prob.X);
    const rss = prob.y.reduce((a, v, i) => a + (v - pred[i]!) ** 2, 0);
    expect(rss).toBeLessThanOrEqual(1);
    const fewer = new OrthogonalMatchingPursuit({ nNonzeroCoefs: byTol.support.length - 1 }).fit(
      prob.X,
      prob.y,
    );
    const p2 = fewer.predict(prob.X);
    expect(prob.y.reduce((a, v, i) => a + (v - p2[i]!) ** 2, 0)).toBeGreaterThan(1);
    expect(new OrthogonalMatchingPursuit().fit(prob.X, prob.y).support.length).toBe(3);
    expect(
      new OrthogonalMatchingPursuit().fit(
        prob.X.map((r) => r.slice(0, 5)),
        prob.y,
      ).support.length,
    ).toBe(1);
  });

  it('rejects nNonzeroCoefs > d at fit', () => {
    try {
      new OrthogonalMatchingPursuit({ nNonzeroCoefs: 11 }).fit(X, y);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SparselandError);
      expect((e as SparselandError).code).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
      expect((e as SparselandError<'SPARSELAND__BANDITS__INVALID_PARAM'>).context.arg).toBe('nNonzeroCoefs');
    }
    for (const E of [IterativeHardThresholding, HardThresholdingPursuit]) {
      expect(() => new E({ nNonzeroCoefs: 11 }).fit(X, y)).toThrow(/nNonzeroCoefs/);
    }
  });

  for (const c of fixtures().omp) {
    it(`matches scikit-learn (${c.problem}, ${c.tol === null ? `k = ${c.nNonzeroCoefs}` : `tol = ${c.tol}`}): same support, coefficients`, () => {
      const p = fixtures().problems[c.problem]!;
      const m = new OrthogonalMatchingPursuit({ nNonzeroCoefs: c.nNonzeroCoefs, tol: c.tol }).fit(p.X, p.y);
      expect([...m.support].sort((a, b) => a - b)).toEqual(c.support);
      expect(m.info.nIter).toBe(c.nIter);
      expect(relErr(m.coef, c.coef)).toBeLessThan(1e-9);
      expect(m.intercept).toBeCloseTo(c.intercept, 9);
    });
  }
});

describe('IHT and HTP', () => {
  const prob = gaussianProblem(12, 120, 200, 5, 0);
  for (const [name, make] of [
    ['HTP', () => new HardThresholdingPursuit({ nNonzeroCoefs: 5 })],
    ['NIHT', () => new IterativeHardThresholding({ nNonzeroCoefs: 5, tol: 1e-12, maxIter: 5000 })],
    [
      'IHT',
      () =>
        new IterativeHardThresholding({ nNonzeroCoefs: 5, normalized: false, tol: 1e-12, maxIter: 20000 }),
    ],
  ] as const) {
    it(`${name} recovers a 5-sparse vector from 120 noiseless Gaussian measurements`, () => {
      const m = make().fit(prob.X, prob.y);
      expect(m.info.converged).toBe(true);
      expect(m.support).toEqual(prob.support);
      expectAllClose(m.coef, prob.w, 1e-6);
      expect(m.intercept).toBeCloseTo(0.5, 6);
    });
  }

  it('HTP stops when the support repeats, after few iterations', () => {
    const m = new HardThresholdingPursuit({ nNonzeroCoefs: 5 }).fit(prob.X, prob.y);
    expect(m.info.nIter).toBeLessThan(10);
    const capped = new HardThresholdingPursuit({ nNonzeroCoefs: 5, maxIter: 1 });
    const warn = console.warn;
    console.warn = () => {};
    try {
      capped.fit(prob.X, prob.y);
    } finally {
      console.warn = warn;
    }
    expect(capped.info.nIter).toBe(1);
  });

  it('objectives never increase for NIHT', () => {
    const noisy = gaussianProblem(13, 80, 150, 6, 0.3);
    const m = new IterativeHardThresholding({ nNonzeroCoefs: 6 }).fit(noisy.X, noisy.y);
    const obj = m.info.objective;
    for (let t = 1; t < obj.length; t++) expect(obj[t]!).toBeLessThanOrEqual(obj[t - 1]! * (1 + 1e-12));
  });
});

describe('ARDRegression', () => {
  for (const c of fixtures().ard) {
    it(`matches scikit-learn 1.2 (${c.problem}): coefficients, precisions, predictive mean and std`, () => {
      const p = fixtures().problems[c.problem]!;
      const m = new ARDRegression().fit(p.X, p.y);
      const tol = p.X.length < p.X[0]!.length ? 1e-5 : 1e-9; // the Woodbury form (n < d) is less well conditioned
      expect(relErr(m.coef, c.coef)).toBeLessThan(tol);
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(tol * Math.max(1, Math.abs(c.intercept)));
      expect(Math.abs(m.noisePrecision - c.alpha) / c.alpha).toBeLessThan(tol);
      const lam = m.weightPrecisions;
      lam.forEach((v, j) => {
        expect(Math.abs(v - c.lambda_[j]) / c.lambda_[j]).toBeLessThan(tol * 100);
      });
      expect(relErr(m.predict(p.X.slice(0, 5)), c.predictMean)).toBeLessThan(tol);
      expect(relErr(m.predictStd(p.X.slice(0, 5)), c.predictStd)).toBeLessThan(tol);
      expect(m.info.converged).toBe(true);
      expect(m.info.kktMax).toBeLessThan(tol / 10);
    });
  }

  it('prunes irrelevant features and keeps the true ones', () => {
    const prob = gaussianProblem(14, 100, 30, 4, 0.1);
    const m = new ARDRegression().fit(prob.X, prob.y);
    const nz = Array.from(m.coef)
      .map((v, j) => (Math.abs(v) > 0.05 ? j : -1))
      .filter((j) => j >= 0);
    expect(nz).toEqual(prob.support);
    expect(m.kept.length).toBeLessThan(30);
    expect(m.sigma.length).toBe(m.kept.length);
    const em = new ARDRegression({ update: 'em', maxIter: 2000 }).fit(prob.X, prob.y);
    expect(relErr(em.coef, m.coef)).toBeLessThan(0.05);
  });

  it('reports converged: false at the iteration cap', () => {
    const prob = gaussianProblem(15, 40, 80, 4, 0.1);
    const warn = console.warn;
    console.warn = () => {};
    try {
      const m = new ARDRegression({ maxIter: 2 }).fit(prob.X, prob.y);
      expect(m.info.converged).toBe(false);
      expect(m.info.nIter).toBe(2);
      expect(() => new ARDRegression({ maxIter: 2, strict: true }).fit(prob.X, prob.y)).toThrow(
        /did not converge/,
      );
    } finally {
      console.warn = warn;
    }
  });
});
