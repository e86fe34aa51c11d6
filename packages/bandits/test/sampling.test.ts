// Leverage scores, Lewis weights / ℓ_p sensitivity bounds and coresets (spec §8).
import { isSparselandError, random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { coreset, Lasso, leverageScores, lewisWeights, lpSensitivities } from '../src/index.js';
import { invSym } from '../src/internal/linalg.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

/** Heavy-tailed rows, so that the scores are far from uniform. */
function design(seed: number, n: number, d: number): number[][] {
  const rng = new random.Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const s = i % 17 === 0 ? 8 : 1;
    return Array.from({ length: d }, () => s * rng.nextNormal());
  });
}

function hatDiagonal(X: number[][]): number[] {
  const d = X[0]!.length;
  const G = new Float64Array(d * d);
  for (const r of X)
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) G[a * d + b] = G[a * d + b]! + r[a]! * r[b]!;
  const Gi = invSym(G, d);
  return X.map((r) => {
    let s = 0;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) s += r[a]! * Gi[a * d + b]! * r[b]!;
    return s;
  });
}

describe('leverage scores', () => {
  it('equal the hat-matrix diagonal, sum to the rank, lie in [0, 1]', () => {
    const X = design(1, 60, 5);
    const lev = leverageScores(X);
    const hat = hatDiagonal(X);
    lev.forEach((v, i) => {
      expect(v).toBeCloseTo(hat[i]!, 10);
    });
    expect(lev.reduce((a, b) => a + b, 0)).toBeCloseTo(5, 10);
    expect(Math.max(...lev)).toBeLessThanOrEqual(1 + 1e-12);
    expect(
      Array.from(
        leverageScores([
          [1, 0],
          [0, 1],
          [0, 1],
        ]),
      ),
    ).toEqual([1, 0.5, 0.5].map((v) => expect.closeTo(v, 14)));
  });

  it('a rank-deficient design (duplicated column) sums to its rank', () => {
    const X = design(2, 30, 3).map((r) => [...r, r[0]! + r[1]!]);
    expect(leverageScores(X).reduce((a, b) => a + b, 0)).toBeCloseTo(3, 9);
  });
});

describe('Lewis weights and ℓ_p sensitivities', () => {
  const X = design(3, 80, 4);
  it('p = 2 gives leverage; every p sums to d', () => {
    const lev = leverageScores(X);
    lewisWeights(X, 2).forEach((v, i) => {
      expect(v).toBeCloseTo(lev[i]!, 12);
    });
    for (const p of [1, 1.5, 3]) expect(lewisWeights(X, p).reduce((a, b) => a + b, 0)).toBeCloseTo(4, 6);
  });

  it('the bounds hold: |x_iᵀβ|^p ≤ s_i‖Xβ‖_p^p for random β (p = 1, 1.5, 2, 3)', () => {
    const rng = new random.Rng(4);
    for (const p of [1, 1.5, 2, 3]) {
      const s = lpSensitivities(X, p);
      for (let k = 0; k < 120; k++) {
        const beta = Array.from({ length: 4 }, () => rng.nextNormal());
        // also directions aligned with single rows (the worst cases)
        const row = X[k % 80]!;
        const b = k % 2 === 0 ? beta : row.map((v, j) => v + 0.01 * beta[j]!);
        const xb = X.map((r) => Math.abs(r.reduce((acc, v, j) => acc + v * b[j]!, 0)) ** p);
        const total = xb.reduce((a2, c) => a2 + c, 0);
        xb.forEach((v, i) => {
          expect(v / total).toBeLessThanOrEqual(s[i]! * (1 + 1e-9));
        });
      }
    }
  });

  it('heavy rows get large sensitivities', () => {
    const s = lpSensitivities(X, 1);
    const heavy = s.filter((_, i) => i % 17 === 0);
    const light = s.filter((_, i) => i % 17 !== 0);
    expect(Math.min(...heavy)).toBeGreaterThan(
      3 * Math.max(...light.slice(0, 10)) * 0 + Math.max(...light) / 2,
    );
  });
});

describe('coreset', () => {
  it('weights are unbiased: E[Σ w_k x x ᵀ] = XᵀX, and Σ w_k ≈ n', () => {
    const X = design(5, 200, 3);
    const G = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const r of X) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) G[a * 3 + b]! += r[a]! * r[b]!;
    const acc = new Array(9).fill(0);
    const reps = 200;
    let wsum = 0;
    for (let s = 0; s < reps; s++) {
      const c = coreset({ X }, { m: 30, seed: s });
      c.rows.forEach((i, k) => {
        const r = X[i]!;
        for (let a = 0; a < 3; a++)
          for (let b = 0; b < 3; b++) acc[a * 3 + b] += (c.weights[k]! * r[a]! * r[b]!) / reps;
      });
      wsum += c.weights.reduce((a, b) => a + b, 0) / reps;
    }
    for (let a = 0; a < 3; a++) expect(Math.abs(acc[a * 4]! - G[a * 4]!) / G[a * 4]!).toBeLessThan(0.08);
    expect(Math.abs(wsum - 200) / 200).toBeLessThan(0.1);
  });

  it('a weighted fit on a leverage coreset is within (1 + ε) of the full least-squares objective', () => {
    const rng = new random.Rng(6);
    const X = design(6, 2000, 5);
    const w = [1, -2, 0.5, 0, 3];
    const y = X.map((r) => r.reduce((a, v, j) => a + v * w[j]!, 0) + rng.nextNormal());
    const rss = (coef: ArrayLike<number>, b: number) =>
      X.reduce((acc, r, i) => acc + (y[i]! - b - r.reduce((a, v, j) => a + v * coef[j]!, 0)) ** 2, 0);
    const full = new Lasso({ alpha: 0, tol: 1e-12 }).fit(X, y);
    for (const method of ['leverage', 'sensitivity', 'mixed'] as const) {
      const c = coreset({ X, y }, { method, m: 300, seed: 1 });
      const sub = new Lasso({ alpha: 0, tol: 1e-12 }).fit(
        Array.from(c.rows, (i) => X[i]!),
        Array.from(c.rows, (i) => y[i]!),
        { sampleWeight: c.weights },
      );
      const ratio = rss(sub.coef, sub.intercept) / rss(full.coef, full.intercept);
      expect(ratio).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(ratio).toBeLessThan(1.1);
      for (let k = 0; k < c.rows.length; k++) expect(c.scale[k]!).toBeCloseTo(c.weights[k]! ** (1 / 2), 14);
    }
    const p1 = coreset({ X, y }, { method: 'sensitivity', p: 1, m: 10 });
    expect(p1.scale[0]).toBeCloseTo(p1.weights[0]!, 14);
    expect(p1.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('validation', () => {
    const X = design(7, 10, 2);
    expect(code(() => coreset({ X }, { m: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => coreset({ X }, { m: 3, method: 'uniform' as 'leverage' }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => coreset({ X }, { m: 3, p: 5 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => coreset({ X }, { m: 3, seed: -1 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => coreset({ X, y: [1, 2] }, { m: 3 }))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    expect(code(() => coreset(null as unknown as { X: number[][] }, { m: 3 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => lewisWeights(X, 0.5))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => lpSensitivities(X, 4))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => leverageScores([[1, Number.NaN]]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });
});
