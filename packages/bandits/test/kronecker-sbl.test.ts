// Kronecker-structured SBL (spec §7.2, §13.4): the structured E-step equals the explicit one, AM beats
// plain SBL on Kronecker supports, SVD needs fewer iterations than AM, errors.
import { isSparselandError, random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { ARDRegression, KroneckerSBL } from '../src/index.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

/** Two m × n Gaussian factors, x supported on S₁ × S₂ (|S_i| = 3), noise 0.01. */
function problem(seed: number, m: number, n: number) {
  const rng = new random.Rng(seed);
  const F1 = Array.from({ length: m }, () =>
    Array.from({ length: n }, () => rng.nextNormal() / Math.sqrt(m)),
  );
  const F2 = Array.from({ length: m }, () =>
    Array.from({ length: n }, () => rng.nextNormal() / Math.sqrt(m)),
  );
  const pick = () => {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p.slice(0, 3);
  };
  const S1 = pick();
  const S2 = pick();
  const x = new Float64Array(n * n);
  for (const a of S1) for (const b of S2) x[a * n + b] = rng.nextNormal();
  const Phi: number[][] = [];
  for (let i1 = 0; i1 < m; i1++) {
    for (let i2 = 0; i2 < m; i2++) {
      const row = new Array<number>(n * n);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) row[a * n + b] = F1[i1]![a]! * F2[i2]![b]!;
      Phi.push(row);
    }
  }
  const y = Phi.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0) + 0.01 * rng.nextNormal());
  return { F1, F2, Phi, x, y, S1, S2 };
}

const nmse = (c: Float64Array, x: Float64Array) =>
  c.reduce((s, v, j) => s + (v - x[j]!) ** 2, 0) / x.reduce((s, v) => s + v * v, 0);

describe('KroneckerSBL', () => {
  it('predict is (Φ₁ ⊗ Φ₂)x̂; the support shows in γ₁ and γ₂; the noise is learned', () => {
    const { F1, F2, Phi, x, y, S1, S2 } = problem(1, 10, 20);
    const m = new KroneckerSBL({ method: 'am' }).fit([F1, F2], y);
    const explicit = Phi.map((row) => row.reduce((s, v, j) => s + v * m.coef[j]!, 0));
    Array.from(m.predict([F1, F2])).forEach((v, i) => {
      expect(v).toBeCloseTo(explicit[i]!, 10);
    });
    const top3 = (g: Float64Array) =>
      Array.from(g.keys())
        .sort((a, b) => g[b]! - g[a]!)
        .slice(0, 3)
        .sort((a, b) => a - b);
    expect(top3(m.gamma1)).toEqual(S1.slice().sort((a, b) => a - b));
    expect(top3(m.gamma2)).toEqual(S2.slice().sort((a, b) => a - b));
    expect(nmse(m.coef, x)).toBeLessThan(0.01);
    expect(m.noiseVariance).toBeGreaterThan(1e-5);
    expect(m.noiseVariance).toBeLessThan(1e-3);
    const known = new KroneckerSBL({ method: 'am', noiseVariance: 1e-4 }).fit([F1, F2], y);
    expect(known.noiseVariance).toBe(1e-4);
  });

  it('AM is at least as accurate as plain SBL (ARD on the explicit Φ); SVD takes fewer iterations than AM', () => {
    let am = 0;
    let plain = 0;
    for (let s = 0; s < 2; s++) {
      const { F1, F2, Phi, x, y } = problem(10 + s, 10, 20);
      const a = new KroneckerSBL({ method: 'am' }).fit([F1, F2], y);
      const v = new KroneckerSBL({ method: 'svd' }).fit([F1, F2], y);
      am += nmse(a.coef, x);
      plain += nmse(new ARDRegression({ fitIntercept: false }).fit(Phi, y).coef, x);
      expect(a.info.converged && v.info.converged).toBe(true);
      expect(v.info.nIter).toBeLessThan(a.info.nIter);
      expect(nmse(v.coef, x)).toBeLessThan(0.1);
    }
    expect(am).toBeLessThanOrEqual(plain);
  });

  it('validation', () => {
    const { F1, F2, y } = problem(3, 4, 6);
    expect(code(() => new KroneckerSBL({ method: 'qr' as 'am' }).fit([F1, F2], y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new KroneckerSBL({ noiseVariance: 0 }).fit([F1, F2], y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new KroneckerSBL().fit([F1, F2], y.slice(1)))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    expect(code(() => new KroneckerSBL().fit([F1] as unknown as [number[][], number[][]], y))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => new KroneckerSBL().coef)).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    const m = new KroneckerSBL().fit([F1, F2], y);
    expect(code(() => m.predict([F2.map((r) => r.slice(1)), F2]))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
  });
});
