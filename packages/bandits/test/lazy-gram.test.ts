// Paths on lazy Gram columns (`precompute`): the four-column SIMD kernel equals plain loops, and paths with
// and without Gram columns (and the hand-over to the residual engine) reach the same certified solutions.
import { random } from '@sparseland/core';
import { afterEach, describe, expect, it } from 'vitest';
import { enetPath, lassoPath } from '../src/index.js';
import { setSimdEnabled, simdSession } from '../src/internal/simd.js';

afterEach(() => setSimdEnabled(true));

function problem(seed: number, n: number, d: number, s: number) {
  const rng = new random.Rng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextNormal();
  const w = new Float64Array(d);
  for (let k = 0; k < s; k++) w[rng.nextInt(d)] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0.3;
    for (let j = 0; j < d; j++) v += X[i * d + j]! * w[j]!;
    y[i] = v + 0.5 * rng.nextNormal();
  }
  return { X: { data: X, rows: n, cols: d }, y };
}

/** Independent objective `(1/2n)‖y − Xw − b‖² + α(ρ‖w‖₁ + (1−ρ)/2‖w‖²)`. */
function objective(
  X: { data: Float64Array; rows: number; cols: number },
  y: Float64Array,
  w: Float64Array,
  b: number,
  alpha: number,
  rho: number,
): number {
  const { data, rows: n, cols: d } = X;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let r = y[i]! - b;
    for (let j = 0; j < d; j++) r -= data[i * d + j]! * w[j]!;
    rss += r * r;
  }
  let l1 = 0;
  let l2 = 0;
  for (const v of w) {
    l1 += Math.abs(v);
    l2 += v * v;
  }
  return rss / (2 * n) + alpha * (rho * l1 + ((1 - rho) / 2) * l2);
}

describe('lazy Gram paths', () => {
  it('dot4Col and dot2x4Col equal plain dot products, odd and even n', () => {
    for (const n of [2, 3, 17, 64]) {
      const d = 6;
      const s = simdSession(n * d + 24)!;
      const X = s.alloc(n * d);
      for (let i = 0; i < X.length; i++) X[i] = Math.sin(0.7 * i + 1);
      const out = s.alloc(4);
      const out8 = s.alloc(8);
      const js = [5, 0, 2, 2];
      for (let k = 0; k < d; k++) {
        s.dot4Col(X, n, k, js, out);
        for (let m = 0; m < 4; m++) {
          let ref = 0;
          for (let i = 0; i < n; i++) ref += X[k * n + i]! * X[js[m]! * n + i]!;
          expect(out[m]!).toBeCloseTo(ref, 12);
        }
        if (k + 1 < d) {
          s.dot2x4Col(X, n, k, js, out8);
          for (let m = 0; m < 4; m++) {
            for (let a = 0; a < 2; a++) {
              let ref = 0;
              for (let i = 0; i < n; i++) ref += X[(k + a) * n + i]! * X[js[m]! * n + i]!;
              expect(out8[2 * m + a]!).toBeCloseTo(ref, 12);
            }
          }
        }
      }
    }
  });

  it.each([
    ['lasso', 1, false],
    ['lasso with intercept', 1, true],
    ['elastic net', 0.5, true],
  ] as const)('%s: precompute true, false and auto agree on certified solutions', (_, rho, fitIntercept) => {
    // n > d, 60 000 entries: in SIMD memory; the support grows fast at the end (hand-over to the residual engine)
    const { X, y } = problem(7, 600, 100, 8);
    const f = rho === 1 ? lassoPath : enetPath;
    const opts = { nAlphas: 30, eps: 1e-3, tol: 1e-10, fitIntercept, l1Ratio: rho };
    const gram = f(X, y, { ...opts, precompute: true });
    const plain = f(X, y, { ...opts, precompute: false });
    const auto = f(X, y, opts);
    expect(gram.converged.every(Boolean)).toBe(true);
    for (let k = 0; k < 30; k++) {
      expect(gram.gaps[k]!).toBeGreaterThanOrEqual(-1e-12);
      const a = gram.alphas[k]!;
      const og = objective(X, y, gram.coefs[k]!, gram.intercepts[k]!, a, rho);
      const op = objective(X, y, plain.coefs[k]!, plain.intercepts[k]!, a, rho);
      expect(Math.abs(og - op) / op).toBeLessThan(1e-9);
      for (let j = 0; j < 100; j++) {
        expect(gram.coefs[k]![j]!).toBeCloseTo(plain.coefs[k]![j]!, 6);
        expect(auto.coefs[k]![j]).toBe(gram.coefs[k]![j]);
      }
    }
  });

  it('without SIMD (JavaScript column products) and with positive coefficients', () => {
    const { X, y } = problem(3, 301, 40, 5);
    setSimdEnabled(false);
    const gram = lassoPath(X, y, { nAlphas: 15, tol: 1e-10, positive: true, precompute: true });
    setSimdEnabled(true);
    const plain = lassoPath(X, y, { nAlphas: 15, tol: 1e-10, positive: true, precompute: false });
    for (let k = 0; k < 15; k++) {
      for (let j = 0; j < 40; j++) {
        expect(gram.coefs[k]![j]!).toBeGreaterThanOrEqual(0);
        expect(gram.coefs[k]![j]!).toBeCloseTo(plain.coefs[k]![j]!, 6);
      }
    }
  });

  it('rejects a bad precompute value', () => {
    const { X, y } = problem(1, 20, 3, 1);
    expect(() => lassoPath(X, y, { precompute: 'yes' as 'auto' })).toThrow(/precompute/);
  });
});
