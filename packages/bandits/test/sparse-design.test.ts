// CSR designs (`@sparseland/kernels`): Lasso, ElasticNet, SparseLinearRegression, lassoPath and enetPath on
// a CSR matrix give the dense results on the same data (intercepts, sample weights, standardisation,
// 16-bit indices, float32 values), predict/score take CSR, and estimators without sparse support reject it.
import { getBackend, random, setBackend } from '@sparseland/core';
import { CsrMatrix } from '@sparseland/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ElasticNet,
  ElasticNetCV,
  enetPath,
  HardThresholdingPursuit,
  IterativeHardThresholding,
  Lars,
  Lasso,
  LassoCV,
  lassoPath,
  mcp,
  OrthogonalMatchingPursuit,
  SparseLinearRegression,
} from '../src/index.js';

let previous = '';
beforeAll(async () => {
  previous = getBackend();
  await setBackend('cpu'); // float64 values live on cpu
});
afterAll(async () => {
  await setBackend(previous);
});

/** A seeded sparse problem: dense row-major copy and the CSR arrays of the same entries. */
function sparseProblem(seed: number, n: number, d: number, density: number, f32 = false) {
  const rng = new random.Rng(seed);
  const dense = new Float64Array(n * d);
  const rowPtr = [0];
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      if (rng.next() < density) {
        // positive entries (counts-like), so the columns have non-zero means
        let v = 0.5 + Math.abs(rng.nextNormal());
        if (f32) v = Math.fround(v);
        dense[i * d + j] = v;
        colIdx.push(j);
        values.push(v);
      }
    }
    rowPtr.push(colIdx.length);
  }
  const w = new Float64Array(d);
  for (let k = 0; k < 5; k++) w[rng.nextInt(d)] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 2;
    for (let j = 0; j < d; j++) s += dense[i * d + j]! * w[j]!;
    y[i] = s + 0.3 * rng.nextNormal();
  }
  const sw = Float64Array.from({ length: n }, () => 0.2 + 2 * rng.next());
  const csr = (indexWidth: 16 | 32 = 32) =>
    CsrMatrix.fromArrays({
      shape: [n, d],
      rowPtr,
      colIdx,
      values: f32 ? Float32Array.from(values) : Float64Array.from(values),
      indexWidth,
    });
  return { X: { data: dense, rows: n, cols: d }, csr, y, sw, nnz: values.length };
}

function expectClose(a: Float64Array, b: Float64Array, tol: number): void {
  expect(a.length).toBe(b.length);
  let scale = 1e-12;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!) / scale).toBeLessThan(tol);
}

describe('CSR designs', () => {
  const P = sparseProblem(11, 120, 40, 0.15);

  it.each([
    ['no intercept', { fitIntercept: false }],
    ['intercept', { fitIntercept: true }],
    ['standardize', { fitIntercept: true, standardize: true }],
    ['positive', { fitIntercept: true, positive: true }],
    ['no working sets, strong rule', { workingSet: false, screening: 'strong' as const }],
  ])('Lasso on CSR equals Lasso on the dense copy: %s', (_, extra) => {
    const params = { alpha: 0.02, tol: 1e-12, ...extra };
    const X = P.csr();
    const sparse = new Lasso(params).fit(X, P.y);
    const dense = new Lasso(params).fit(P.X, P.y);
    expect(sparse.info.converged).toBe(true);
    expectClose(sparse.coef, dense.coef, 1e-8);
    expect(sparse.intercept).toBeCloseTo(dense.intercept, 8);
    expect(sparse.info.gap!).toBeLessThan(1e-9);
    // predict and score take CSR too
    expectClose(sparse.predict(X), dense.predict(P.X), 1e-8);
    expect(sparse.score(X, P.y)).toBeCloseTo(dense.score(P.X, P.y), 10);
    X.dispose();
  });

  it('sample weights, ElasticNet and a non-convex penalty', () => {
    const X = P.csr();
    const a = new ElasticNet({ alpha: 0.05, l1Ratio: 0.3, tol: 1e-12 }).fit(X, P.y, { sampleWeight: P.sw });
    const b = new ElasticNet({ alpha: 0.05, l1Ratio: 0.3, tol: 1e-12 }).fit(P.X, P.y, { sampleWeight: P.sw });
    expectClose(a.coef, b.coef, 1e-8);
    expect(a.intercept).toBeCloseTo(b.intercept, 8);
    const m1 = new SparseLinearRegression({ alpha: 0.05, penalty: mcp({ gamma: 3 }), tol: 1e-10 }).fit(
      X,
      P.y,
    );
    const m2 = new SparseLinearRegression({ alpha: 0.05, penalty: mcp({ gamma: 3 }), tol: 1e-10 }).fit(
      P.X,
      P.y,
    );
    expectClose(m1.coef, m2.coef, 1e-7);
    X.dispose();
  });

  it('lassoPath and enetPath on CSR equal the dense paths (with intercept and weights)', () => {
    const X = P.csr();
    for (const [f, extra] of [
      [lassoPath, { fitIntercept: true }],
      [enetPath, { fitIntercept: true, sampleWeight: P.sw, l1Ratio: 0.7 }],
      [lassoPath, { fitIntercept: false, precompute: true }],
    ] as const) {
      const opts = { nAlphas: 15, tol: 1e-12, ...extra };
      const s = f(X, P.y, opts);
      const d = f(P.X, P.y, opts);
      expectClose(s.alphas, d.alphas, 1e-13);
      for (let k = 0; k < 15; k++) {
        expectClose(s.coefs[k]!, d.coefs[k]!, 1e-7);
        expect(s.intercepts[k]!).toBeCloseTo(d.intercepts[k]!, 7);
      }
      expect(s.converged.every(Boolean)).toBe(true);
    }
    X.dispose();
  });

  it('16-bit indices and float32 values read as the same numbers', () => {
    const Q = sparseProblem(5, 80, 30, 0.2, true);
    const X16 = Q.csr(16);
    expect(X16.indexWidth).toBe(16);
    const a = new Lasso({ alpha: 0.01, tol: 1e-12 }).fit(X16, Q.y);
    const b = new Lasso({ alpha: 0.01, tol: 1e-12 }).fit(Q.X, Q.y);
    expectClose(a.coef, b.coef, 1e-8);
    X16.dispose();
  });

  it('a larger, very sparse design (1% density) matches the dense fit', () => {
    const Q = sparseProblem(9, 2000, 300, 0.01);
    const X = Q.csr();
    const a = new Lasso({ alpha: 0.005, tol: 1e-10 }).fit(X, Q.y);
    const b = new Lasso({ alpha: 0.005, tol: 1e-10 }).fit(Q.X, Q.y);
    expectClose(a.coef, b.coef, 1e-6);
    X.dispose();
  });

  it('OMP, IHT (plain and normalised) and HTP on CSR equal the dense fits (intercept or not)', () => {
    const X = P.csr();
    for (const fitIntercept of [false, true]) {
      const pairs = [
        [new OrthogonalMatchingPursuit({ nNonzeroCoefs: 5, fitIntercept }), 'omp'],
        [new IterativeHardThresholding({ nNonzeroCoefs: 5, fitIntercept, tol: 1e-10 }), 'iht'],
        [
          new IterativeHardThresholding({ nNonzeroCoefs: 5, fitIntercept, normalized: true, tol: 1e-10 }),
          'niht',
        ],
        [new HardThresholdingPursuit({ nNonzeroCoefs: 5, fitIntercept }), 'htp'],
      ] as const;
      for (const [est] of pairs) {
        const a = est.withParams({}).fit(X, P.y);
        const b = est.withParams({}).fit(P.X, P.y);
        expectClose(a.coef, b.coef, 1e-8);
        expect(a.intercept).toBeCloseTo(b.intercept, 8);
        expect(a.info.kktMax).toBeCloseTo(b.info.kktMax, 8);
      }
      const omp = new OrthogonalMatchingPursuit({ nNonzeroCoefs: 5, fitIntercept });
      expect(omp.fit(X, P.y).support).toEqual(omp.withParams({}).fit(P.X, P.y).support);
    }
    X.dispose();
  });

  it('LassoCV and ElasticNetCV on CSR: the same alphas, MSE paths and refit as on the dense copy', () => {
    const X = P.csr();
    const a = new LassoCV({ cv: 4, nAlphas: 12, tol: 1e-10 }).fit(X, P.y, { sampleWeight: P.sw });
    const b = new LassoCV({ cv: 4, nAlphas: 12, tol: 1e-10 }).fit(P.X, P.y, { sampleWeight: P.sw });
    expect(a.alpha).toBe(b.alpha);
    expectClose(
      Float64Array.from(a.msePath.flatMap((r) => Array.from(r))),
      Float64Array.from(b.msePath.flatMap((r) => Array.from(r))),
      1e-7,
    );
    expectClose(a.coef, b.coef, 1e-7);
    const e1 = new ElasticNetCV({ cv: 3, nAlphas: 8, l1Ratio: [0.3, 0.9], tol: 1e-10 }).fit(X, P.y);
    const e2 = new ElasticNetCV({ cv: 3, nAlphas: 8, l1Ratio: [0.3, 0.9], tol: 1e-10 }).fit(P.X, P.y);
    expect([e1.alpha, e1.l1Ratio]).toEqual([e2.alpha, e2.l1Ratio]);
    expectClose(e1.coef, e2.coef, 1e-7);
    X.dispose();
  });

  it('estimators without sparse support, disposed matrices and wrong shapes are rejected', () => {
    const X = P.csr();
    expect(() => new Lars().fit(X, P.y)).toThrow(/CSR/);
    const m = new Lasso({ alpha: 0.1 }).fit(X, P.y);
    const narrow = CsrMatrix.fromArrays({ shape: [2, 3], rowPtr: [0, 1, 1], colIdx: [2], values: [1] });
    expect(() => m.predict(narrow)).toThrow(/40 columns/);
    X.dispose();
    expect(() => new Lasso().fit(X, P.y)).toThrow(/disposed/);
  });
});
