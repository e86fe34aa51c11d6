// The WebAssembly SIMD kernels of the coordinate-descent engine: the hand-assembled module validates,
// the kernels equal plain loops, and fits and paths agree with the JavaScript kernels.
import { random } from '@sparseland/core';
import { afterEach, describe, expect, it } from 'vitest';
import { Lasso, lassoPath } from '../src/index.js';
import { setSimdEnabled, simdAvailable, simdModuleBytes, simdSession } from '../src/internal/simd.js';

afterEach(() => setSimdEnabled(true));

function design(seed: number, n: number, d: number) {
  const rng = new random.Rng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextNormal();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++)
    y[i] = X[i * d]! - 2 * X[i * d + 3]! + 0.5 * X[i * d + 7]! + 0.3 * rng.nextNormal();
  return { X: { data: X, rows: n, cols: d }, y };
}

describe('SIMD kernels', () => {
  it('the module validates and the kernels equal plain loops for every tail length', () => {
    expect(WebAssembly.validate(simdModuleBytes())).toBe(true);
    expect(simdAvailable()).toBe(true);
    const s = simdSession(10_000)!;
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 1000]) {
      const x = s.alloc(n);
      const v = s.alloc(n);
      for (let i = 0; i < n; i++) {
        x[i] = Math.sin(i + 1);
        v[i] = Math.cos(0.3 * i);
      }
      let ref = 0;
      for (let i = 0; i < n; i++) ref += x[i]! * v[i]!;
      expect(s.dot(x, v)).toBeCloseTo(ref, 12);
      const expected = Float64Array.from(v, (vi, i) => vi - 0.7 * x[i]!);
      s.axpy(x, -0.7, v);
      expect(Array.from(v)).toEqual(Array.from(expected));
      expect(s.owns(v)).toBe(true);
    }
    expect(s.owns(new Float64Array(3))).toBe(false);
    const m = s.mark();
    s.alloc(5);
    s.release(m);
    expect(s.mark()).toBe(m);
    expect(() => s.alloc(1e9)).toThrow(RangeError);
  });

  it('a fit and a path agree with the JavaScript kernels', () => {
    const { X, y } = design(1, 300, 120); // 36 000 entries: above the SIMD threshold
    const a = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(X, y);
    const p1 = lassoPath(X, y, { nAlphas: 20 });
    const p1again = lassoPath(X, y, { nAlphas: 20 }); // reuses the recycled session
    setSimdEnabled(false);
    expect(simdAvailable()).toBe(false);
    const b = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(X, y);
    const p2 = lassoPath(X, y, { nAlphas: 20 });
    for (let j = 0; j < 120; j++) expect(a.coef[j]!).toBeCloseTo(b.coef[j]!, 10);
    for (let k = 0; k < 20; k++) {
      for (let j = 0; j < 120; j++) {
        expect(p1.coefs[k]![j]!).toBeCloseTo(p2.coefs[k]![j]!, 8);
        expect(p1again.coefs[k]![j]).toBe(p1.coefs[k]![j]);
      }
    }
  });

  it('warm path points (residual and correlations carried over) give the cold-start solutions', () => {
    const { X, y } = design(2, 200, 150);
    const path = lassoPath(X, y, { nAlphas: 10, tol: 1e-10 });
    for (const k of [3, 9]) {
      const cold = new Lasso({ alpha: path.alphas[k]!, fitIntercept: false, tol: 1e-10 }).fit(X, y);
      for (let j = 0; j < 150; j++) expect(path.coefs[k]![j]!).toBeCloseTo(cold.coef[j]!, 7);
    }
  });
});
