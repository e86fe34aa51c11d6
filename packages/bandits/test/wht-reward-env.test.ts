// WhtRewardEnv: rewards are linear in the Walsh features (checked against a direct sum and an explicit
// Hadamard product), sparse WHT recovery from few queries (kernels' sparseWht), and a sparse bandit run.
import { describe, expect, it } from 'vitest';
import { OraclePolicy, RandomPolicy, SALasso, simulate, WhtRewardEnv } from '../src/index.js';
import { hadamard } from './helpers.js';

describe('WhtRewardEnv', () => {
  it('f equals H·X (explicit Sylvester Hadamard) and the features reproduce the means', () => {
    const env = new WhtRewardEnv({ bits: 5, sparsity: 4, seed: 3 });
    const H = hadamard(32); // H[m][k] = (−1)^popcount(m & k) for the Sylvester order
    expect(env.spectrum.index).toHaveLength(4);
    for (let m = 0; m < 32; m++) {
      const ref = H[m]!.reduce((a, h, k) => a + h * env.theta[k]!, 0);
      expect(env.value(m)).toBeCloseTo(ref, 12);
    }
    const ctx = env.context(7, 2);
    const means = env.means(ctx);
    for (let a = 0; a < env.nArms; a++) {
      let s = 0;
      for (let k = 0; k < env.dim; k++) s += ctx.arms.data[a * env.dim + k]! * env.theta[k]!;
      expect(means[a]!).toBeCloseTo(s, 12);
      expect(Array.from(ctx.arms.data.subarray(a * 32, a * 32 + 32))).toEqual(H[ctx.points[a]!]);
    }
    // brute-force best point
    const best = env.best();
    for (let m = 0; m < 32; m++) expect(env.value(m)).toBeLessThanOrEqual(best.value + 1e-12);
  });

  it('noiseless recovery with sparseWht from far fewer queries than 2ⁿ', () => {
    for (const seed of [1, 2, 3]) {
      const env = new WhtRewardEnv({ bits: 12, sparsity: 8, sigma: 0, seed });
      const found = env.recover();
      expect(found.complete).toBe(true);
      expect(found.index).toEqual(env.spectrum.index);
      for (let i = 0; i < found.value.length; i++)
        expect(found.value[i]!).toBeCloseTo(env.spectrum.value[i]!, 9);
      expect(found.samples).toBeLessThan(4096 / 2);
    }
  });

  it('noisy recovery finds the support (σ = 0.1)', () => {
    const env = new WhtRewardEnv({ bits: 10, sparsity: 4, sigma: 0.1, seed: 5 });
    const found = env.recover();
    expect(found.index).toEqual(env.spectrum.index);
    for (let i = 0; i < found.value.length; i++)
      expect(Math.abs(found.value[i]! - env.spectrum.value[i]!)).toBeLessThan(0.1);
  });

  it('a sparse linear bandit in the Walsh basis: SA-Lasso beats random, the oracle has zero regret', () => {
    const env = new WhtRewardEnv({ bits: 6, sparsity: 3, nArms: 10, sigma: 0.1, seed: 4 });
    const T = 300;
    const oracle = simulate(new OraclePolicy({ theta: Array.from(env.theta) }), env, { T, seed: 0 });
    const rand = simulate(new RandomPolicy({ seed: 1 }), env, { T, seed: 0 });
    const sa = simulate(new SALasso({ sigma: 0.1, seed: 1 }), env, { T, seed: 0 });
    expect(oracle.cumulativeRegret[T - 1]).toBe(0);
    expect(sa.cumulativeRegret[T - 1]!).toBeLessThan(0.5 * rand.cumulativeRegret[T - 1]!);
  });

  it('validates parameters, points and arms', () => {
    expect(() => new WhtRewardEnv({ bits: 0 })).toThrow(/bits/);
    expect(() => new WhtRewardEnv({ bits: 2, sparsity: 5 })).toThrow(/sparsity/);
    const env = new WhtRewardEnv({ bits: 3 });
    expect(() => env.value(8)).toThrow(/\[0, 8\)/);
    expect(() => env.reward(env.context(0), 10)).toThrow(/arm/);
  });
});
