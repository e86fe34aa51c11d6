// checkEstimator runs on every estimator (spec §2), and catches broken estimators.
import { describe, expect, it } from 'vitest';
import {
  ARDRegression,
  type BaseParams,
  checkEstimator,
  ElasticNet,
  ElasticNetCV,
  HardThresholdingPursuit,
  IterativeHardThresholding,
  Lars,
  Lasso,
  LassoCV,
  LassoLars,
  type LinearEstimator,
  l0,
  lHalf,
  mcp,
  OrthogonalMatchingPursuit,
  SparseLinearRegression,
  scad,
} from '../src/index.js';

const ALL: Array<[string, () => LinearEstimator<BaseParams>]> = [
  ['Lasso', () => new Lasso({ alpha: 0.05 })],
  ['Lasso (positive, random order)', () => new Lasso({ alpha: 0.05, positive: true, selection: 'random' })],
  ['Lasso (no intercept)', () => new Lasso({ alpha: 0.05, fitIntercept: false })],
  ['ElasticNet', () => new ElasticNet({ alpha: 0.05, l1Ratio: 0.5 })],
  ['SparseLinearRegression(mcp)', () => new SparseLinearRegression({ alpha: 0.05, penalty: mcp() })],
  ['SparseLinearRegression(scad)', () => new SparseLinearRegression({ alpha: 0.05, penalty: scad() })],
  ['SparseLinearRegression(l0)', () => new SparseLinearRegression({ alpha: 0.02, penalty: l0() })],
  ['SparseLinearRegression(lHalf)', () => new SparseLinearRegression({ alpha: 0.02, penalty: lHalf() })],
  ['LassoCV', () => new LassoCV({ nAlphas: 20, cv: 4 })],
  ['ElasticNetCV', () => new ElasticNetCV({ nAlphas: 10, cv: 3, l1Ratio: [0.5, 0.9] })],
  ['LassoLars', () => new LassoLars({ alpha: 0.05 })],
  ['Lars', () => new Lars({ nNonzeroCoefs: 4 })],
  ['OrthogonalMatchingPursuit', () => new OrthogonalMatchingPursuit({ nNonzeroCoefs: 3 })],
  ['OrthogonalMatchingPursuit (tol)', () => new OrthogonalMatchingPursuit({ tol: 5 })],
  ['IterativeHardThresholding', () => new IterativeHardThresholding({ nNonzeroCoefs: 3 })],
  ['HardThresholdingPursuit', () => new HardThresholdingPursuit({ nNonzeroCoefs: 3 })],
  ['ARDRegression', () => new ARDRegression()],
];

describe('checkEstimator', () => {
  for (const [label, make] of ALL) {
    it(`${label} conforms`, () => {
      const ran = checkEstimator(make());
      expect(ran).toEqual(expect.arrayContaining(['params', 'clone', 'unfitted', 'fit', 'json', 'refit']));
      expect(ran.length).toBeGreaterThanOrEqual(12);
    });
  }

  it('reports a broken estimator', () => {
    class Broken extends Lasso {
      override predict(X: Parameters<Lasso['predict']>[0]): Float64Array {
        return super.predict(X).map((v) => v + 1);
      }
    }
    expect(() => checkEstimator(new Broken({ alpha: 0.05 }))).toThrow(
      /predict must equal X·coef \+ intercept/,
    );
  });

  it('reports an estimator that is not scale-equivariant when it claims to be', () => {
    expect(() =>
      checkEstimator(new ElasticNet({ alpha: 0.05 }), { scaleY: (p, c) => ({ alpha: p.alpha * c }) }),
    ).toThrow(/scaling y by/);
  });
});
