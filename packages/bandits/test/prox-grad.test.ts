// ISTA / FISTA and SparseCoder: closed forms on orthogonal designs and dictionaries (every penalty equals
// its prox), agreement with the coordinate-descent engine, FISTA's speed-up, and validation.
import { describe, expect, it } from 'vitest';
import { fista, ista, Lasso, l0, l1, lHalf, logSum, mcp, SparseCoder, scad } from '../src/index.js';
import { enetObjective, gaussianProblem, hadamard, orthogonalDesign, soft, xty } from './helpers.js';

describe('ista / fista', () => {
  it.each([
    ['l1', l1()],
    ['mcp', mcp({ gamma: 3 })],
    ['scad', scad({ gamma: 3.7 })],
    ['l0', l0()],
    ['lHalf', lHalf()],
    ['logSum', logSum({ epsilon: 0.5 })],
  ])('orthogonal design (XᵀX = nI): %s equals its prox of z = Xᵀy/n with τ = 1', (_, pen) => {
    const n = 64;
    const d = 12;
    const X = orthogonalDesign(n, d);
    const w = [2, -1.5, 0.3, 0, 0, 0.8, 0, -0.2, 0, 1, 0, 0];
    const y = X.map((row, i) => row.reduce((a, v, j) => a + v * w[j]!, 0) + 0.1 * Math.sin(i));
    const z = xty(X, y); // Xᵀy/n
    const lambda = 0.25;
    for (const f of [ista, fista]) {
      // step 1/L = 1 exactly: one prox step from any start is the solution
      const res = f(X, y, { alpha: lambda, penalty: pen, step: 1, tol: 1e-12 });
      expect(res.converged).toBe(true);
      for (let j = 0; j < d; j++) expect(res.coef[j]!).toBeCloseTo(pen.prox(z[j]!, 1, lambda, 1), 12);
    }
    if (pen.name === 'l1') {
      const res = fista(X, y, { alpha: lambda, tol: 1e-12 }); // estimated L
      for (let j = 0; j < d; j++) expect(res.coef[j]!).toBeCloseTo(soft(z[j]!, lambda), 9);
    }
  });

  it('Lasso and ElasticNet (with intercept): ISTA and FISTA reach the CD solution; FISTA needs fewer iterations', () => {
    const p = gaussianProblem(4, 80, 30, 4, 0.3);
    for (const l1Ratio of [1, 0.6]) {
      const alpha = 0.05;
      const cd = new Lasso({ alpha: alpha * l1Ratio, tol: 1e-12 }); // only used for l1Ratio = 1 below
      const a = ista(p.X, p.y, { alpha, l1Ratio, fitIntercept: true, tol: 1e-9, maxIter: 200_000 });
      const b = fista(p.X, p.y, { alpha, l1Ratio, fitIntercept: true, tol: 1e-9, maxIter: 200_000 });
      expect(a.converged && b.converged).toBe(true);
      expect(b.nIter).toBeLessThan(a.nIter);
      const oa = enetObjective(p.X, p.y, a.coef, a.intercept, alpha, l1Ratio);
      const ob = enetObjective(p.X, p.y, b.coef, b.intercept, alpha, l1Ratio);
      if (l1Ratio === 1) {
        cd.fit(p.X, p.y);
        const oc = enetObjective(p.X, p.y, cd.coef, cd.intercept, alpha, 1);
        expect((oa - oc) / oc).toBeLessThan(1e-8);
        expect((ob - oc) / oc).toBeLessThan(1e-8);
        for (let j = 0; j < 30; j++) expect(b.coef[j]!).toBeCloseTo(cd.coef[j]!, 6);
      }
      expect(Math.abs(oa - ob) / ob).toBeLessThan(1e-8);
      // objectives recorded along the way never increase for ISTA (monotone for convex problems)
      for (let k = 1; k < a.objective.length; k++)
        expect(a.objective[k]!).toBeLessThanOrEqual(a.objective[k - 1]! * (1 + 1e-12));
    }
  });

  it('non-convex (MCP): the FISTA result is a prox-gradient fixed point and beats the zero start', () => {
    const p = gaussianProblem(9, 60, 20, 3, 0.2);
    const res = fista(p.X, p.y, { alpha: 0.1, penalty: mcp({ gamma: 3 }), tol: 1e-10, maxIter: 50_000 });
    expect(res.converged).toBe(true);
    expect(res.objective.at(-1)!).toBeLessThan(res.objective[0]!);
    expect(res.kktMax).toBeLessThanOrEqual(1e-10);
  });

  it('validates options', () => {
    const p = gaussianProblem(1, 10, 3, 1, 0.1);
    expect(() => ista(p.X, p.y, { alpha: -1 })).toThrow(/alpha/);
    expect(() => fista(p.X, p.y, { step: 0 })).toThrow(/step/);
    expect(() => fista(p.X, p.y, { penalty: 'l1' as unknown as ReturnType<typeof l1> })).toThrow(/penalty/);
    expect(() => fista(p.X, p.y, { w0: [1, 2] })).toThrow(/w0/);
  });
});

describe('SparseCoder', () => {
  // orthonormal dictionary: rows of H₁₆/4 (DDᵀ = I)
  const H = hadamard(16);
  const D = H.slice(0, 16).map((r) => r.map((v) => v / 4));
  const X = [
    [3, -1, 0.5, 2, 0, 0, 1, -2, 0.3, 0.1, -0.4, 0, 2, 1, -1, 0.5],
    [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ];
  const codesOf = (m: { data: Float64Array; rows: number; cols: number }, s: number) =>
    Array.from(m.data.subarray(s * m.cols, (s + 1) * m.cols));
  const b = X.map((x) => D.map((atom) => atom.reduce((a, v, i) => a + v * x[i]!, 0)));

  it.each(['fista', 'ista', 'cd', 'threshold'] as const)(
    'ℓ1 on an orthonormal dictionary (%s): S_α(Dx)',
    (algorithm) => {
      const coder = new SparseCoder({ dictionary: D, alpha: 0.3, algorithm, tol: 1e-12 });
      const codes = coder.transform(X);
      expect([codes.rows, codes.cols]).toEqual([2, 16]);
      for (let s = 0; s < 2; s++) {
        const c = codesOf(codes, s);
        for (let j = 0; j < 16; j++) expect(c[j]!).toBeCloseTo(soft(b[s]![j]!, 0.3), 8);
      }
    },
  );

  it('non-convex penalties (FISTA): the prox of Dx with τ = 1; OMP keeps the k largest |Dx|', () => {
    const pen = mcp({ gamma: 2.5 });
    const codes = new SparseCoder({ dictionary: D, alpha: 0.3, penalty: pen, tol: 1e-12 }).transform(X);
    for (let j = 0; j < 16; j++) expect(codesOf(codes, 0)[j]!).toBeCloseTo(pen.prox(b[0]![j]!, 1, 0.3, 1), 8);
    const omp = new SparseCoder({ dictionary: D, algorithm: 'omp', nNonzero: 3 }).transform(X);
    const c = codesOf(omp, 0);
    const top = b[0]!
      .map((v, j) => [Math.abs(v), j] as const)
      .sort((p, q) => q[0] - p[0])
      .slice(0, 3)
      .map(([, j]) => j);
    for (let j = 0; j < 16; j++) expect(c[j]!).toBeCloseTo(top.includes(j) ? b[0]![j]! : 0, 10);
  });

  it('overcomplete random dictionary: FISTA and CD give the same ℓ1 codes', () => {
    const p = gaussianProblem(2, 40, 24, 3, 0.1); // 40 atoms of width 24
    const dict = p.X;
    const sig = gaussianProblem(3, 3, 24, 3, 0.1).X;
    const f = new SparseCoder({ dictionary: dict, alpha: 0.5, tol: 1e-10, maxIter: 100_000 }).transform(sig);
    const c = new SparseCoder({ dictionary: dict, alpha: 0.5, algorithm: 'cd', tol: 1e-12 }).transform(sig);
    const obj = (codes: number[], x: number[]) => {
      let rr = 0;
      for (let i = 0; i < 24; i++) {
        let r = x[i]!;
        for (let a = 0; a < 40; a++) r -= dict[a]![i]! * codes[a]!;
        rr += r * r;
      }
      return 0.5 * rr + 0.5 * codes.reduce((s, v) => s + Math.abs(v), 0);
    };
    for (let s = 0; s < 3; s++) {
      const of = obj(codesOf(f, s), sig[s]!);
      const oc = obj(codesOf(c, s), sig[s]!);
      expect(Math.abs(of - oc) / oc).toBeLessThan(1e-7);
    }
  });

  it('validates parameters and widths', () => {
    expect(() => new SparseCoder({ dictionary: D, algorithm: 'lars' as 'omp' }).transform(X)).toThrow(
      /algorithm/,
    );
    expect(() => new SparseCoder({ dictionary: D }).transform([[1, 2]])).toThrow(/16 columns/);
  });
});
