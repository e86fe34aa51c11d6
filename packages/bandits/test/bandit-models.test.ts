// The reward models under the policies: Sherman–Morrison against Cholesky solves, the rank-one Cholesky
// update, Thompson draws, Lasso on Gram statistics against the phase-1 engine, greedy limits.
import { random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { EpsilonGreedy, Lasso, LinTS, LinUCB, OFUL } from '../src/index.js';
import { cholesky, cholSolve } from '../src/internal/linalg.js';
import { cholUpdate, RidgeState } from '../src/internal/ridge.js';
import { lassoGram, olsOnSupport } from '../src/solvers/cd-gram.js';
import { gaussianProblem } from './helpers.js';

function gauss(rng: random.Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.nextNormal());
}

describe('RidgeState (Sherman–Morrison)', () => {
  it('after 10⁴ updates A⁻¹ and θ̂ equal a Cholesky solve to 1e-10', () => {
    const d = 12;
    const rng = new random.Rng(1);
    const s = new RidgeState(d, 0.5);
    for (let t = 0; t < 10_000; t++) s.update(gauss(rng, d), 0, rng.nextNormal(), 1 + (t % 3));
    const L = cholesky(s.A, d)!;
    const theta = cholSolve(L, d, s.b);
    let err = 0;
    let scale = 0;
    for (let j = 0; j < d; j++) {
      err = Math.max(err, Math.abs(theta[j]! - s.theta[j]!));
      scale = Math.max(scale, Math.abs(theta[j]!));
    }
    expect(err / scale).toBeLessThan(1e-10);
    const e = new Float64Array(d);
    e[3] = 1;
    const col = cholSolve(L, d, e);
    for (let i = 0; i < d; i++) expect(s.Ainv[i * d + 3]!).toBeCloseTo(col[i]!, 12);
    // log det by the factor
    let ld = 0;
    for (let i = 0; i < d; i++) ld += 2 * Math.log(L[i * d + i]!);
    expect(s.logdet).toBeCloseTo(ld, 8);
    expect(s.n).toBe(20_000 - 1); // weights 1, 2, 3 cycling: 3334·1 + 3333·2 + 3333·3
  });

  it('the drift probe repairs a corrupted inverse', () => {
    const d = 4;
    const s = new RidgeState(d, 1);
    const rng = new random.Rng(2);
    for (let t = 0; t < 63; t++) s.update(gauss(rng, d), 0, 1);
    s.Ainv[0] = s.Ainv[0]! + 1e-3; // corrupt
    s.update(gauss(rng, d), 0, 1); // 64th update probes
    const L = cholesky(s.A, d)!;
    const e = new Float64Array(d);
    e[0] = 1;
    expect(s.Ainv[0]!).toBeCloseTo(cholSolve(L, d, e)[0]!, 12);
  });

  it('cholUpdate keeps LLᵀ = A, and draws have mean θ̂ and covariance v²A⁻¹', () => {
    const d = 3;
    const s = new RidgeState(d, 1, true);
    const rng = new random.Rng(3);
    for (let t = 0; t < 20; t++) s.update(gauss(rng, d), 0, rng.nextNormal());
    const L = s.L!;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let k = 0; k < d; k++) v += L[i * d + k]! * L[j * d + k]!;
        expect(v).toBeCloseTo(s.A[i * d + j]!, 10);
      }
    }
    const L2 = new Float64Array([2, 0, 1, 3]);
    cholUpdate(L2, 2, new Float64Array([1, 1]), 0, 2); // LLᵀ + 4·11ᵀ = [[8, 6], [6, 14]]
    expect(L2[0]! ** 2).toBeCloseTo(8, 12);
    expect(L2[2]! * L2[0]!).toBeCloseTo(6, 12);
    expect(L2[2]! ** 2 + L2[3]! ** 2).toBeCloseTo(14, 12);
    const v = 0.7;
    const M = 40_000;
    const z = new Float64Array(d);
    const out = new Float64Array(d);
    const mean = new Float64Array(d);
    const cov = new Float64Array(d * d);
    for (let m = 0; m < M; m++) {
      for (let i = 0; i < d; i++) z[i] = rng.nextNormal();
      s.sample(z, v, out);
      for (let i = 0; i < d; i++) {
        mean[i] = mean[i]! + out[i]! / M;
        for (let j = 0; j < d; j++)
          cov[i * d + j] = cov[i * d + j]! + ((out[i]! - s.theta[i]!) * (out[j]! - s.theta[j]!)) / M;
      }
    }
    for (let i = 0; i < d; i++) {
      const sd = v * Math.sqrt(s.Ainv[i * d + i]!);
      expect(Math.abs(mean[i]! - s.theta[i]!)).toBeLessThan((4 * sd) / Math.sqrt(M));
      for (let j = 0; j < d; j++) {
        expect(cov[i * d + j]!).toBeCloseTo(v * v * s.Ainv[i * d + j]!, 2);
      }
    }
  });
});

describe('policy limits and closed forms', () => {
  it('LinUCB with α = 0 and λ → 0 is greedy least squares', () => {
    const { X, y } = gaussianProblem(1, 40, 4, 4, 0.1, 0);
    const p = new LinUCB({ alpha: 0, lambda: 1e-8 });
    for (let i = 0; i < 40; i++) p.update({ arms: [X[i]!] }, 0, y[i]!);
    const ls = new Lasso({ alpha: 0, fitIntercept: false, tol: 1e-14 }).fit(X, y).coef;
    const th = p.theta();
    for (let j = 0; j < 4; j++) expect(th[j]!).toBeCloseTo(ls[j]!, 5);
    const arms = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ];
    const sel = p.select({ arms });
    const best = [0, 1, 2].reduce((b, a) => (ls[a]! > ls[b]! ? a : b), 0);
    expect(sel.arm).toBe(best);
    expect(sel.propensity).toBe(1);
    expect(sel.scores[1]!).toBeCloseTo(ls[1]!, 5);
  });

  it("LinUCB's score is xᵀθ̂ + α√(xᵀA⁻¹x); OFUL's radius is the closed form", () => {
    const p = new LinUCB({ alpha: 2, lambda: 2 });
    p.update({ arms: [[1, 0]] }, 0, 3); // A = diag(3, 2), b = (3, 0)
    const s = p.select({
      arms: [
        [1, 1],
        [0, 1],
      ],
    }).scores;
    expect(s[0]!).toBeCloseTo(1 + 2 * Math.sqrt(1 / 3 + 1 / 2), 14);
    expect(s[1]!).toBeCloseTo(2 * Math.sqrt(1 / 2), 14);
    const o = new OFUL({ lambda: 2, delta: 0.1, sigma: 0.5, S: 2 });
    o.update({ arms: [[1, 0]] }, 0, 3);
    const logdet = Math.log(3) + Math.log(2);
    const beta = 0.5 * Math.sqrt(2 * (0.5 * (logdet - 2 * Math.log(2)) + Math.log(10))) + Math.sqrt(2) * 2;
    expect(o.beta()).toBeCloseTo(beta, 12);
  });

  it('ε-greedy propensities match the observed choice frequencies', () => {
    const p = new EpsilonGreedy({ epsilon: 0.3, seed: 5 });
    const arms = [[1], [0.5], [0.5], [-1]];
    p.update({ arms }, 0, 1);
    const counts = [0, 0, 0, 0];
    const props = [0, 0, 0, 0];
    const N = 20_000;
    for (let k = 0; k < N; k++) {
      const s = p.select({ arms });
      counts[s.arm]!++;
      props[s.arm] = s.propensity;
    }
    expect(props[0]).toBeCloseTo(0.3 / 4 + 0.7, 14);
    expect(props[3]).toBeCloseTo(0.3 / 4, 14);
    for (let a = 0; a < 4; a++) {
      const se = Math.sqrt((props[a]! * (1 - props[a]!)) / N);
      expect(Math.abs(counts[a]! / N - props[a]!)).toBeLessThan(4 * se);
    }
  });

  it("LinTS's Monte-Carlo propensity estimates the choice frequency", () => {
    const p = new LinTS({ v: 1, seed: 1, propensitySamples: 400 });
    const arms = [
      [1, 0],
      [0, 1],
      [0.6, 0.6],
    ];
    for (let t = 0; t < 5; t++) p.update({ arms }, t % 3, t % 3 === 0 ? 1 : 0);
    const counts = [0, 0, 0];
    const est = [0, 0, 0];
    const n = [0, 0, 0];
    for (let k = 0; k < 400; k++) {
      const s = p.select({ arms });
      counts[s.arm]!++;
      est[s.arm] = est[s.arm]! + s.propensity;
      n[s.arm]!++;
    }
    for (let a = 0; a < 3; a++)
      if (n[a]! > 40) expect(Math.abs(est[a]! / n[a]! - counts[a]! / 400)).toBeLessThan(0.08);
  });
});

describe('Lasso on Gram statistics', () => {
  it('matches the coordinate-descent engine on the data (objective within 1e-9)', () => {
    for (const [n, d] of [
      [60, 20],
      [30, 50],
    ] as const) {
      const { X, y } = gaussianProblem(n + d, n, d, 4, 0.3, 0);
      const G = new Float64Array(d * d);
      const c = new Float64Array(d);
      let yy = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          c[j] = c[j]! + X[i]![j]! * y[i]!;
          for (let k = 0; k < d; k++) G[j * d + k] = G[j * d + k]! + X[i]![j]! * X[i]![k]!;
        }
        yy += y[i]! ** 2;
      }
      for (const alpha of [0.5, 0.1, 0.02]) {
        const w = new Float64Array(d);
        const res = lassoGram(G, c, yy, n, alpha, w, { tol: 1e-12, maxIter: 100_000 });
        expect(res.converged).toBe(true);
        expect(res.gap).toBeGreaterThanOrEqual(-1e-12);
        const ref = new Lasso({ alpha, fitIntercept: false, tol: 1e-12, maxIter: 100_000 }).fit(X, y);
        const obj = (coef: ArrayLike<number>) => {
          let rss = 0;
          for (let i = 0; i < n; i++) {
            let r = y[i]!;
            for (let j = 0; j < d; j++) r -= X[i]![j]! * coef[j]!;
            rss += r * r;
          }
          let l1 = 0;
          for (let j = 0; j < d; j++) l1 += Math.abs(coef[j]!);
          return rss / (2 * n) + alpha * l1;
        };
        const a = obj(w);
        const b = obj(ref.coef);
        expect(Math.abs(a - b) / b).toBeLessThan(1e-9);
      }
    }
  });

  it('least squares on a support equals the normal equations', () => {
    const G = new Float64Array([4, 1, 0, 1, 3, 0, 0, 0, 5]);
    const c = new Float64Array([1, 2, 3]);
    const w = olsOnSupport(G, c, [0, 1], 0);
    // [[4,1],[1,3]]⁻¹ [1,2] = [1/11, 7/11]
    expect(w[0]!).toBeCloseTo(1 / 11, 14);
    expect(w[1]!).toBeCloseTo(7 / 11, 14);
    expect(w[2]).toBe(0);
    expect(Array.from(olsOnSupport(G, c, [], 0))).toEqual([0, 0, 0]);
  });

  it('alpha ≥ ‖c‖∞/n gives zero; zero samples give zero', () => {
    const G = new Float64Array([2, 0, 0, 2]);
    const c = new Float64Array([1, -3]);
    const w = new Float64Array([5, 5]);
    lassoGram(G, c, 10, 2, 1.5, w);
    expect(Array.from(w)).toEqual([0, 0]);
    const w2 = new Float64Array([1, 1]);
    expect(lassoGram(G, c, 0, 0, 0.1, w2).converged).toBe(true);
    expect(Array.from(w2)).toEqual([0, 0]);
  });
});
