// The Duchi–Jordan–Wainwright ℓ∞ mechanism: its scale in closed form, exact output probabilities (by
// enumeration) matched by the sampler and within a factor e^ε across inputs, unbiasedness, and its use in
// the non-interactive LDP regression.
import { random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { duchiLinf, duchiScale, NonInteractiveLdpRegression } from '../src/index.js';

/** Exact `P(z | v)` for unit radii and odd k: Σ_s Π p(s_j) · (π or 1 − π)/2^{k−1}. */
function exactProb(z: number[], v: number[], eps: number): number {
  const k = v.length;
  const pi = Math.exp(eps) / (Math.exp(eps) + 1);
  let total = 0;
  for (let mask = 0; mask < 1 << k; mask++) {
    let ps = 1;
    let dot = 0;
    for (let j = 0; j < k; j++) {
      const sj = (mask >> j) & 1 ? 1 : -1;
      ps *= sj === 1 ? 0.5 + v[j]! / 2 : 0.5 - v[j]! / 2;
      dot += sj * z[j]!;
    }
    total += (ps * (dot > 0 ? pi : 1 - pi)) / 2 ** (k - 1);
  }
  return total;
}

describe('Duchi–Jordan–Wainwright mechanism', () => {
  it('scale: closed forms for small k (even k padded to k + 1)', () => {
    const c = (e: number) => (Math.exp(e) + 1) / (Math.exp(e) - 1);
    expect(duchiScale(1, Math.log(3))).toBeCloseTo(2, 14);
    expect(duchiScale(3, 1)).toBeCloseTo(c(1) * 2, 14); // 2²/C(2,1)
    expect(duchiScale(2, 1)).toBeCloseTo(duchiScale(3, 1), 14);
    expect(duchiScale(5, 0.5)).toBeCloseTo(c(0.5) * (16 / 6), 13); // 2⁴/C(4,2)
    // 2^{2h}/C(2h, h) ~ √(πh) for large h
    const h = 5000;
    expect(duchiScale(2 * h + 1, 1) / c(1) / Math.sqrt(Math.PI * h)).toBeCloseTo(1, 4);
    expect(() => duchiScale(0, 1)).toThrow(/k/);
    expect(() => duchiScale(3, 0)).toThrow(/epsilon/);
  });

  it('output probabilities equal the exact ones and stay within e^ε across inputs (k = 3)', () => {
    const eps = 0.8;
    const B = duchiScale(3, eps);
    const inputs = [
      [1, 1, 1],
      [-1, -1, -1],
      [1, -1, 1],
      [0.3, -0.2, 0.9],
    ];
    const outputs: number[][] = [];
    for (let m = 0; m < 8; m++) outputs.push([0, 1, 2].map((j) => ((m >> j) & 1 ? 1 : -1)));
    let worst = 0;
    for (const z of outputs) {
      const p = inputs.map((v) => exactProb(z, v, eps));
      worst = Math.max(worst, Math.max(...p) / Math.min(...p));
    }
    expect(worst).toBeLessThanOrEqual(Math.exp(eps) * (1 + 1e-12));
    expect(worst).toBeGreaterThan(Math.exp(eps) * 0.9); // the bound is nearly attained at opposite corners
    // the sampler's frequencies
    const v = inputs[3]!;
    const rng = new random.Rng(3);
    const N = 200_000;
    const counts = new Map<string, number>();
    const out = new Float64Array(3);
    for (let t = 0; t < N; t++) {
      duchiLinf(v, 1, eps, rng, out);
      for (const x of out) expect(Math.abs(Math.abs(x) - B)).toBeLessThan(1e-12);
      const key = Array.from(out, (x) => (x > 0 ? 1 : -1)).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const z of outputs) {
      const p = exactProb(z, v, eps);
      const f = (counts.get(z.join(',')) ?? 0) / N;
      expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt(p / N));
    }
  });

  it.each([5, 6])('unbiased with per-coordinate radii (k = %i)', (k) => {
    const eps = 1;
    const v = [0.3, -0.7, 0, 1.5, -2, 0.05].slice(0, k);
    const r = [1, 1, 0.5, 2, 2, 0.1].slice(0, k);
    const vc = v.map((x, j) => Math.max(-r[j]!, Math.min(r[j]!, x))); // clipped to the box
    const B = duchiScale(k, eps);
    const rng = new random.Rng(10 + k);
    const N = 200_000;
    const mean = new Float64Array(k);
    const out = new Float64Array(k);
    for (let t = 0; t < N; t++) {
      duchiLinf(v, r, eps, rng, out);
      for (let j = 0; j < k; j++) mean[j] = mean[j]! + out[j]! / N;
    }
    for (let j = 0; j < k; j++) {
      // Var(Z_j) ≤ (B r_j)²: 5 standard errors
      expect(Math.abs(mean[j]! - vc[j]!)).toBeLessThan((5 * B * r[j]!) / Math.sqrt(N));
    }
  });

  it("NonInteractiveLdpRegression({ mechanism: 'duchi' }): pure ε, unbiased messages, the non-private limit", () => {
    const rng = new random.Rng(1);
    const d = 3;
    const n = 4000;
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = Array.from({ length: d }, () => rng.nextNormal() * 0.5);
      X.push(x);
      y.push(x[0]! - 0.5 * x[2]! + 0.1 * rng.nextNormal());
    }
    const m = new NonInteractiveLdpRegression({ epsilon: 2, mechanism: 'duchi', clipX: 1, clipY: 1 }).fit(
      X,
      y,
    );
    const priv = m.privacy;
    expect(priv.epsilon).toBe(2);
    expect(priv.delta).toBe(0);
    expect(priv.releases).toHaveLength(1);
    expect(priv.releases[0]!.mechanism).toBe('duchi');
    const B = duchiScale((d * (d + 1)) / 2 + d, 2);
    expect(m.info.sigma1).toBeCloseTo(B, 12);
    // every message entry is ±B·radius
    const rep = NonInteractiveLdpRegression.privatize([0.2, -3, 0.5], 0.4, m.params, new random.Rng(2));
    for (const v of rep.xx) expect(Math.abs(v)).toBeCloseTo(B, 12);
    for (const v of rep.xy) expect(Math.abs(v)).toBeCloseTo(B, 12);
    // ε = ∞: the exact clipped moments
    const exact = new NonInteractiveLdpRegression({
      epsilon: Number.POSITIVE_INFINITY,
      mechanism: 'duchi',
      clipX: 2,
      clipY: 0.5,
    });
    const r = NonInteractiveLdpRegression.privatize([5, -1, -7], 3, exact.params, new random.Rng(1));
    expect(Array.from(r.xx)).toEqual([4, -2, -4, 1, 2, 4]);
    expect(Array.from(r.xy)).toEqual([1, -0.5, -1]);
    expect(() => new NonInteractiveLdpRegression({ mechanism: 'rr' as 'duchi' }).fit(X, y)).toThrow(
      /mechanism/,
    );
  });
});
