// Spec §13.1: on an orthogonal design (Hadamard columns, XᵀX = nI, centred) every estimator equals its
// thresholding formula applied to z = Xᵀy/n.
import { random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  cel0,
  ElasticNet,
  Lasso,
  LassoLars,
  l0,
  l1,
  larsPath,
  lHalf,
  logSum,
  lTwoThirds,
  mcp,
  type Penalty,
  SparseLinearRegression,
  scad,
} from '../src/index.js';
import { expectAllClose, orthogonalDesign, soft, xty } from './helpers.js';

const n = 64;
const d = 12;
const X = orthogonalDesign(n, d);
const rng = new random.Rng(3);
const wTrue = [3, -2.5, 0, 0, 1.2, 0, -0.8, 0, 0, 0.4, 0, -4];
const y = X.map((r) => r.reduce((a, v, j) => a + v * wTrue[j]!, 5) + 0.3 * rng.nextNormal());
const ybar = y.reduce((a, b) => a + b, 0) / n;
const z = xty(X, y);

describe('orthogonal design closed forms', () => {
  it('has XᵀX = nI and centred columns', () => {
    for (let a = 0; a < d; a++) {
      expect(X.reduce((s, r) => s + r[a]!, 0)).toBe(0);
      for (let b = 0; b < d; b++) expect(X.reduce((s, r) => s + r[a]! * r[b]!, 0)).toBe(a === b ? n : 0);
    }
  });

  for (const alpha of [0.05, 0.5, 1.5, 10]) {
    it(`Lasso(α=${alpha}) = S(z, α), intercept ȳ`, () => {
      const m = new Lasso({ alpha, tol: 1e-10 }).fit(X, y);
      expectAllClose(
        m.coef,
        z.map((v) => soft(v, alpha)),
        1e-12,
      );
      expect(m.intercept).toBeCloseTo(ybar, 12);
    });
  }

  it('positive Lasso = max(z − α, 0)', () => {
    const m = new Lasso({ alpha: 0.5, positive: true, tol: 1e-10 }).fit(X, y);
    expectAllClose(
      m.coef,
      z.map((v) => Math.max(v - 0.5, 0)),
      1e-12,
    );
  });

  for (const [alpha, rho] of [
    [0.3, 0.5],
    [1, 0.2],
    [0.1, 0.9],
  ] as const) {
    it(`ElasticNet(α=${alpha}, ρ=${rho}) = S(z, αρ)/(1 + α(1−ρ))`, () => {
      const m = new ElasticNet({ alpha, l1Ratio: rho, tol: 1e-10 }).fit(X, y);
      expectAllClose(
        m.coef,
        z.map((v) => soft(v, alpha * rho) / (1 + alpha * (1 - rho))),
        1e-12,
      );
    });
  }

  it('orthonormal variant X/√n: Lasso = S(Xᵀy, nα)', () => {
    const Xo = X.map((r) => r.map((v) => v / Math.sqrt(n)));
    const alpha = 0.02;
    const m = new Lasso({ alpha, tol: 1e-10 }).fit(Xo, y);
    const xtyo = z.map((v) => v * Math.sqrt(n));
    expectAllClose(
      m.coef,
      xtyo.map((v) => soft(v, n * alpha)),
      1e-11,
    );
  });

  const penalties: Array<[string, Penalty]> = [
    ['l1', l1()],
    ['mcp', mcp({ gamma: 3 })],
    ['scad', scad({ gamma: 3.7 })],
    ['l0', l0()],
    ['lHalf', lHalf()],
    ['lTwoThirds', lTwoThirds()],
    ['logSum', logSum({ epsilon: 0.5 })],
    ['cel0', cel0()],
  ];
  for (const [name, penalty] of penalties) {
    it(`SparseLinearRegression(${name}) = its prox with τ = 1 on z`, () => {
      for (const alpha of [0.3, 1.2]) {
        const m = new SparseLinearRegression({ alpha, penalty, tol: 1e-10 }).fit(X, y);
        expectAllClose(
          m.coef,
          z.map((v) => penalty.prox(v, 1, alpha, 1)),
          1e-12,
        );
        expect(m.info.converged).toBe(true);
      }
    });
  }

  it('CEL0 equals L0 on the orthogonal design', () => {
    const a = new SparseLinearRegression({ alpha: 0.8, penalty: cel0() }).fit(X, y).coef;
    const b = new SparseLinearRegression({ alpha: 0.8, penalty: l0() }).fit(X, y).coef;
    expectAllClose(a, b, 1e-14);
  });

  it('LARS knots are the sorted |z_j|, and LassoLars = S(z, α)', () => {
    const path = larsPath(X, y, { method: 'lasso', fitIntercept: true });
    const sorted = z.map(Math.abs).sort((a, b) => b - a);
    expectAllClose(path.alphas.subarray(0, d), sorted, 1e-12);
    expect(path.alphas[d]).toBe(0);
    expect(path.events.every((e) => e.kind === 'add')).toBe(true);
    const m = new LassoLars({ alpha: 0.7 }).fit(X, y);
    expectAllClose(
      m.coef,
      z.map((v) => soft(v, 0.7)),
      1e-12,
    );
  });
});
