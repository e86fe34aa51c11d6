import { random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { sparseWht } from '../../src/index.js';

/** `(−1)^popcount(a & b)`. */
function chi(a: number, b: number): number {
  let x = (a & b) >>> 0;
  let p = 0;
  while (x) {
    p ^= x & 1;
    x >>>= 1;
  }
  return p ? -1 : 1;
}

/** A planted K-sparse spectrum (distinct indices, |values| in [1, 2]) and its sampler. */
function plant(n: number, K: number, seed: number, lowDegree = false) {
  const rng = new random.Rng(seed);
  const index = new Set<number>();
  while (index.size < K) {
    if (lowDegree) {
      // bandit-like: at most two bits set
      const a = rng.nextInt(n);
      const b = rng.nextInt(n + 1);
      index.add(((1 << a) | (b < n ? 1 << b : 0)) >>> 0);
    } else index.add(rng.nextUint32() & (2 ** n - 1));
  }
  const idx = [...index].sort((a, b) => a - b);
  const val = idx.map(() => (1 + rng.next()) * (rng.next() < 0.5 ? -1 : 1));
  const f = (m: number) => idx.reduce((s, k, i) => s + val[i]! * chi(m, k), 0);
  return { idx, val, f, rng };
}

describe('sparseWht (SparseFHT / SPRIGHT peeling)', () => {
  it('recovers planted K-sparse spectra exactly without noise (n = 12, K = 10: ≥ 95 % of 40 trials)', () => {
    let exact = 0;
    for (let t = 0; t < 40; t++) {
      const { idx, val, f } = plant(12, 10, 100 + t);
      const r = sparseWht(f, { n: 12, K: 10, seed: t });
      expect(r.samples).toBe(3 * 13 * 32); // C·(n+1)·B with B = 2^(⌈log2 10⌉+1)
      const ok =
        r.index.length === idx.length &&
        r.index.every((k, i) => k === idx[i] && Math.abs(r.value[i]! - val[i]!) < 1e-9);
      if (ok) {
        exact++;
        expect(r.complete).toBe(true);
      }
    }
    expect(exact).toBeGreaterThanOrEqual(38);
  });

  it('handles low-degree supports (bandit rewards: at most two bits per index), noiseless', () => {
    let exact = 0;
    for (let t = 0; t < 20; t++) {
      const { idx, f } = plant(16, 8, 300 + t, true);
      const r = sparseWht(f, { n: 16, K: 8, seed: t });
      if (r.index.length === idx.length && r.index.every((k, i) => k === idx[i])) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(18);
  });

  it('recovers the support from noisy samples with O(K log N) of them (n = 14, K = 6, σ = 0.5, |X_k| ≥ 1: ≥ 90 % of 30 trials)', () => {
    const n = 14;
    const K = 6;
    const sigma = 0.5;
    let recovered = 0;
    let maxErr = 0;
    for (let t = 0; t < 30; t++) {
      const { idx, val, f, rng } = plant(n, K, 500 + t);
      const noisy = (m: number) => f(m) + sigma * rng.nextNormal();
      const r = sparseWht(noisy, { n, K, noise: sigma, seed: t });
      expect(r.samples).toBe(3 * 7 * (n + 1) * 16); // C·R·(n+1)·B: 5 040 of N = 16 384
      if (r.index.length === idx.length && r.index.every((k, i) => k === idx[i])) {
        recovered++;
        r.value.forEach((v, i) => {
          maxErr = Math.max(maxErr, Math.abs(v - val[i]!));
        });
      }
    }
    expect(recovered).toBeGreaterThanOrEqual(27);
    expect(maxErr).toBeLessThan(0.07); // each value averages R·(n+1) = 105 bins of noise σ/√B: std ≈ 0.012
  });

  it('uses far fewer samples than N for large n (n = 20, K = 8)', () => {
    const { idx, val, f } = plant(20, 8, 7);
    const r = sparseWht(f, { n: 20, K: 8, seed: 1 });
    expect(r.samples).toBe(3 * 21 * 16);
    expect(r.samples).toBeLessThan(2 ** 20 / 500);
    expect(r.index).toEqual(idx);
    r.value.forEach((v, i) => {
      expect(v).toBeCloseTo(val[i]!, 9);
    });
  });

  it('returns nothing for the zero function, and flags an underestimated K as incomplete', () => {
    expect(sparseWht(() => 0, { n: 8, K: 4 })).toEqual({
      index: [],
      value: [],
      samples: 3 * 9 * 8,
      complete: true,
    });
    const { f } = plant(10, 64, 9);
    expect(sparseWht(f, { n: 10, K: 2, seed: 3 }).complete).toBe(false);
  });

  it('is deterministic for a seed', () => {
    const { f } = plant(12, 10, 11);
    expect(sparseWht(f, { n: 12, K: 10, seed: 5 })).toEqual(sparseWht(f, { n: 12, K: 10, seed: 5 }));
  });

  it('n = 30 works (indices use the full 30 bits)', () => {
    const idx = [2 ** 30 - 1, 12345678];
    const f = (m: number) => 2 * chi(m, idx[0]!) - chi(m, idx[1]!);
    const r = sparseWht(f, { n: 30, K: 2, seed: 2 });
    expect(r.index).toEqual([...idx].sort((a, b) => a - b));
  });
});
