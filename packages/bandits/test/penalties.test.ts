import { isSparselandError, random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  cel0,
  l0,
  l1,
  lHalf,
  logSum,
  lTwoThirds,
  mcp,
  type Penalty,
  penaltyFromJSON,
  scad,
} from '../src/index.js';
import { soft } from './helpers.js';

/** Brute-force argmin of ½(w − z)² + τ·pen(w): a grid over [−2|z|−1, 2|z|+1], then golden refinement. */
function bruteProx(p: Penalty, z: number, tau: number, lambda: number, a: number): { w: number; f: number } {
  const f = (w: number) => 0.5 * (w - z) ** 2 + tau * p.value(w, lambda, a);
  const R = 2 * Math.abs(z) + 1;
  const N = 40001;
  let best = 0;
  let bestF = f(0);
  for (let k = 0; k < N; k++) {
    const w = -R + (2 * R * k) / (N - 1);
    const v = f(w);
    if (v < bestF) {
      bestF = v;
      best = w;
    }
  }
  // golden-section refinement around the grid minimiser (the objective is unimodal there)
  let lo = best - (2 * R) / (N - 1);
  let hi = best + (2 * R) / (N - 1);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
    const m1 = hi - g * (hi - lo);
    const m2 = lo + g * (hi - lo);
    if (f(m1) <= f(m2)) hi = m2;
    else lo = m1;
  }
  const refined = (lo + hi) / 2;
  if (f(refined) < bestF) return { w: refined, f: f(refined) };
  return { w: best, f: bestF };
}

const PENALTIES: Array<[string, () => Penalty]> = [
  ['l1', () => l1()],
  ['mcp', () => mcp({ gamma: 2.5 })],
  ['mcp gamma<tau', () => mcp({ gamma: 0.6 })],
  ['scad', () => scad({ gamma: 3.7 })],
  ['scad gamma-1<tau', () => scad({ gamma: 2.2 })],
  ['l0', () => l0()],
  ['lHalf', () => lHalf()],
  ['lTwoThirds', () => lTwoThirds()],
  ['logSum', () => logSum({ epsilon: 0.3 })],
  ['cel0', () => cel0()],
];

describe('scalar proximal operators', () => {
  for (const [name, make] of PENALTIES) {
    it(`${name}: prox matches brute-force 1-D minimisation (objective within 1e-7)`, () => {
      const p = make();
      const rng = new random.Rng(7);
      for (let t = 0; t < 150; t++) {
        const z = (rng.next() - 0.5) * 8;
        const tau = 0.2 + rng.next() * 1.6;
        const lambda = 0.05 + rng.next() * 1.5;
        // CEL0 needs a²τ ≤ 1
        const a = name === 'cel0' ? Math.sqrt((0.2 + 0.8 * rng.next()) / tau) : 1;
        const w = p.prox(z, tau, lambda, a);
        const f = 0.5 * (w - z) ** 2 + tau * p.value(w, lambda, a);
        const ref = bruteProx(p, z, tau, lambda, a);
        expect(f).toBeLessThanOrEqual(ref.f + 1e-7);
        // a non-unique minimiser can only happen exactly at a threshold; otherwise the arguments agree
        if (Math.abs(f - ref.f) < 1e-9 && Math.abs(w - ref.w) > 1e-4) {
          const f0 = 0.5 * z * z + tau * p.value(0, lambda, a);
          expect(Math.abs(f0 - f)).toBeLessThan(1e-6);
        }
      }
    });
  }

  it('l1 is soft thresholding', () => {
    for (const z of [-3, -0.5, 0, 0.4, 2.5]) expect(l1().prox(z, 2, 0.5, 1)).toBeCloseTo(soft(z, 1), 15);
  });

  it('mcp is firm thresholding with γ > τ', () => {
    const p = mcp({ gamma: 3 });
    expect(p.prox(0.9, 1, 1, 1)).toBe(0);
    expect(p.prox(2, 1, 1, 1)).toBeCloseTo(1.5, 15);
    expect(p.prox(-2, 1, 1, 1)).toBeCloseTo(-1.5, 15);
    expect(p.prox(3.5, 1, 1, 1)).toBe(3.5);
    expect(p.value(10, 1, 1)).toBe(1.5);
    expect(p.value(1, 1, 1)).toBeCloseTo(1 - 1 / 6, 15);
  });

  it('scad at τ = 1: soft / ((γ−1)z − sign(z)γλ)/(γ−2) / identity', () => {
    const g = 3.7;
    const p = scad({ gamma: g });
    expect(p.prox(1.5, 1, 1, 1)).toBeCloseTo(0.5, 14);
    expect(p.prox(-0.7, 1, 1, 1)).toBe(0);
    expect(p.prox(3, 1, 1, 1)).toBeCloseTo(((g - 1) * 3 - g) / (g - 2), 14);
    expect(p.prox(-3, 1, 1, 1)).toBeCloseTo(-((g - 1) * 3 - g) / (g - 2), 14);
    expect(p.prox(5, 1, 1, 1)).toBe(5);
  });

  it('l0 is hard thresholding at √(2τλ)', () => {
    expect(l0().prox(1.42, 1, 1, 1)).toBe(1.42);
    expect(l0().prox(1.41, 1, 1, 1)).toBe(0);
    expect(l0().prox(-2.1, 2, 1, 1)).toBe(-2.1);
    expect(l0().prox(1.9, 2, 1, 1)).toBe(0);
  });

  it('ℓp thresholds are ((2−p)/(2−2p))(2u(1−p))^{1/(2−p)}', () => {
    const thr = (p: number, u: number) => ((2 - p) / (2 - 2 * p)) * (2 * u * (1 - p)) ** (1 / (2 - p));
    for (const u of [0.3, 1, 2.5]) {
      const t12 = thr(0.5, u);
      expect(lHalf().prox(t12 * (1 - 1e-9), 1, u, 1)).toBe(0);
      expect(lHalf().prox(t12 * (1 + 1e-6), 1, u, 1)).toBeGreaterThan(0);
      const t23 = thr(2 / 3, u);
      expect(lTwoThirds().prox(t23 * (1 - 1e-9), 1, u, 1)).toBe(0);
      expect(lTwoThirds().prox(-t23 * (1 + 1e-6), 1, u, 1)).toBeLessThan(0);
    }
  });

  it('ℓ½ and ℓ⅔ solve their stationarity equations above threshold', () => {
    for (const z of [2, 3.5, -5]) {
      const w = lHalf().prox(z, 1, 1, 1);
      expect(w - z + 0.5 * Math.sign(w) * Math.abs(w) ** -0.5).toBeCloseTo(0, 10);
      const v = lTwoThirds().prox(z, 1, 1, 1);
      expect(v - z + (2 / 3) * Math.sign(v) * Math.abs(v) ** (-1 / 3)).toBeCloseTo(0, 10);
    }
  });

  it('log-sum takes the larger root when it beats 0', () => {
    const p = logSum({ epsilon: 1 });
    expect(p.prox(3, 1, 1, 1)).toBeCloseTo((2 + Math.sqrt(12)) / 2, 14);
    expect(p.prox(0.5, 1, 1, 1)).toBe(0);
  });

  it('cel0 is hard thresholding at √(2λ)/a when a²τ = 1, and the firm formula below', () => {
    const p = cel0();
    expect(p.prox(1.5, 1, 1, 1)).toBe(1.5);
    expect(p.prox(1.4, 1, 1, 1)).toBe(0);
    // a = 2, τ = 1/4: a²τ = 1, hard threshold at √(2λ)/a = √2/2
    expect(p.prox(0.7, 0.25, 1, 2)).toBe(0);
    expect(p.prox(0.71, 0.25, 1, 2)).toBe(0.71);
    expect(p.prox(1, 0.5, 1, 1)).toBeCloseTo((1 - Math.SQRT2 / 2) / 0.5, 14);
    // same global minimisers as ℓ0 on a coordinate (a²τ = 1): CEL0 equals L0
    for (const z of [-3, -1.2, 0.3, 1.45, 2]) expect(p.prox(z, 1, 1, 1)).toBe(l0().prox(z, 1, 1, 1));
  });

  it('every penalty round-trips through JSON', () => {
    for (const [, make] of PENALTIES) {
      const p = make();
      const q = penaltyFromJSON(JSON.parse(JSON.stringify(p.toJSON())));
      expect(q.toJSON()).toEqual(p.toJSON());
      expect(q.prox(1.7, 0.8, 0.6, 1)).toBe(p.prox(1.7, 0.8, 0.6, 1));
    }
  });

  it('rejects invalid shape parameters and unknown names', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => mcp({ gamma: 0 }), 'gamma'],
      [() => mcp({ gamma: Number.NaN }), 'gamma'],
      [() => scad({ gamma: 2 }), 'gamma'],
      [() => logSum({ epsilon: -1 }), 'epsilon'],
    ];
    for (const [f, arg] of cases) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isSparselandError(e, 'SPARSELAND__BANDITS__INVALID_PARAM')).toBe(true);
        if (isSparselandError(e, 'SPARSELAND__BANDITS__INVALID_PARAM')) expect(e.context.arg).toBe(arg);
      }
    }
    try {
      penaltyFromJSON({ name: 'lasso' });
      expect.unreachable();
    } catch (e) {
      expect(isSparselandError(e, 'SPARSELAND__BANDITS__UNKNOWN_NAME')).toBe(true);
      expect((e as Error).message).toContain('Known: l1, mcp, scad');
    }
  });
});
