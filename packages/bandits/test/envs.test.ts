// Environments and the simulator (spec §16): determinism, oracle means, feature distributions, the
// misspecification bound, classification bandits, and every validation path.
import { isSparselandError } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  DisjointSparseEnv,
  fromClassification,
  LinUCB,
  MisspecifiedEnv,
  RandomPolicy,
  SparseLinearEnv,
  simulate,
  simulateMany,
} from '../src/index.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('SparseLinearEnv', () => {
  it('is deterministic in (seed, stream, t, arm); streams differ', () => {
    const a = new SparseLinearEnv({ dim: 8, nArms: 3, seed: 1, sparsity: 2 });
    const b = new SparseLinearEnv({ dim: 8, nArms: 3, seed: 1, sparsity: 2 });
    expect(Array.from(a.context(5, 2).arms.data)).toEqual(Array.from(b.context(5, 2).arms.data));
    expect(a.reward(a.context(5, 2), 1)).toBe(b.reward(b.context(5, 2), 1));
    expect(Array.from(a.context(5, 3).arms.data)).not.toEqual(Array.from(a.context(5, 2).arms.data));
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(a.support.length).toBe(2);
    for (const j of a.support) expect(a.theta[j]).toBeCloseTo(1 / Math.sqrt(2), 15);
  });

  it('rewards have mean ⟨x, θ*⟩ and standard deviation σ', () => {
    const env = new SparseLinearEnv({ dim: 5, nArms: 2, sparsity: 2, sigma: 0.5, seed: 3 });
    let s = 0;
    let s2 = 0;
    const N = 20_000;
    for (let t = 0; t < N; t++) {
      const ctx = env.context(t);
      const e = env.reward(ctx, 0) - env.means(ctx)[0]!;
      s += e;
      s2 += e * e;
    }
    expect(Math.abs(s / N)).toBeLessThan((4 * 0.5) / Math.sqrt(N));
    expect(Math.sqrt(s2 / N)).toBeCloseTo(0.5, 1);
    const ctx = env.context(0);
    const m = env.means(ctx);
    let dot = 0;
    for (let j = 0; j < 5; j++) dot += ctx.arms.data[5 + j]! * env.theta[j]!;
    expect(m[1]).toBeCloseTo(dot, 14);
  });

  it('feature distributions: AR(ρ), equicorrelated, sphere, hypercube, sparse, arm correlation, fixed', () => {
    const corr = (env: SparseLinearEnv, i: number, j: number, other = false) => {
      let sij = 0;
      let sii = 0;
      let sjj = 0;
      for (let t = 0; t < 4000; t++) {
        const x = env.context(t).arms.data;
        const d = env.dim;
        const xi = x[i]!;
        const xj = other ? x[d + j]! : x[j]!;
        sij += xi * xj;
        sii += xi * xi;
        sjj += xj * xj;
      }
      return sij / Math.sqrt(sii * sjj);
    };
    const ar = new SparseLinearEnv({ dim: 6, nArms: 1, sparsity: 1, covariance: 'ar', rho: 0.8, seed: 1 });
    expect(corr(ar, 1, 2)).toBeCloseTo(0.8, 1);
    expect(corr(ar, 1, 3)).toBeCloseTo(0.64, 1);
    const eq = new SparseLinearEnv({
      dim: 6,
      nArms: 1,
      sparsity: 1,
      covariance: 'equicorrelated',
      rho: 0.5,
      seed: 1,
    });
    expect(corr(eq, 0, 5)).toBeCloseTo(0.5, 1);
    const arms = new SparseLinearEnv({ dim: 4, nArms: 2, sparsity: 1, armCorrelation: 0.6, seed: 1 });
    expect(corr(arms, 1, 1, true)).toBeCloseTo(0.6, 1);
    const sph = new SparseLinearEnv({ dim: 7, nArms: 3, sparsity: 1, actions: 'sphere', seed: 1 });
    const x = sph.context(0).arms.data;
    for (let a = 0; a < 3; a++) {
      let n2 = 0;
      for (let j = 0; j < 7; j++) n2 += x[a * 7 + j]! ** 2;
      expect(n2).toBeCloseTo(1, 14);
    }
    const cube = new SparseLinearEnv({ dim: 7, nArms: 3, sparsity: 1, actions: 'hypercube', seed: 1 });
    for (const v of cube.context(0).arms.data) expect(Math.abs(v)).toBe(1);
    const sp = new SparseLinearEnv({
      dim: 200,
      nArms: 50,
      sparsity: 1,
      actions: 'sparse',
      density: 0.05,
      seed: 1,
    });
    const data = sp.context(0).arms.data;
    const nnz = data.filter((v) => v !== 0).length;
    expect(nnz / data.length).toBeGreaterThan(0.04);
    expect(nnz / data.length).toBeLessThan(0.06);
    const fixed = new SparseLinearEnv({ dim: 3, nArms: 2, sparsity: 1, fixedActions: true, seed: 1 });
    expect(Array.from(fixed.context(0).arms.data)).toEqual(Array.from(fixed.context(9, 4).arms.data));
    const bern = new SparseLinearEnv({ dim: 3, nArms: 2, sparsity: 1, rewards: 'bernoulli', seed: 1 });
    const c0 = bern.context(0);
    const mu = bern.means(c0);
    expect(mu[0]).toBeGreaterThan(0);
    expect(mu[0]).toBeLessThan(1);
    expect([0, 1]).toContain(bern.reward(c0, 0));
    const given = new SparseLinearEnv({ dim: 3, nArms: 2, theta: [0, 2, 0] });
    expect(given.support).toEqual([1]);
  });

  it('validation', () => {
    expect(code(() => new SparseLinearEnv({ dim: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new SparseLinearEnv({ dim: 3, sparsity: 4 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new SparseLinearEnv({ dim: 3, theta: [1] }))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new SparseLinearEnv({ actions: 'cube' as 'sphere' }))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new SparseLinearEnv({ rho: 1 }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new SparseLinearEnv({ seed: -1 }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    const env = new SparseLinearEnv({ dim: 3, nArms: 2, sparsity: 1 });
    expect(code(() => env.context(-1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => env.context(0, 0.5))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => env.reward(env.context(0), 2))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });
});

describe('DisjointSparseEnv, MisspecifiedEnv, fromClassification', () => {
  it('disjoint: s₀-sparse β per arm, entries in [0, 1]; means = xᵀβ_i', () => {
    const env = new DisjointSparseEnv({ dim: 20, nArms: 3, sparsity: 4, seed: 2 });
    for (let a = 0; a < 3; a++) {
      const row = env.betas.slice(a * 20, a * 20 + 20);
      expect(row.filter((v) => v !== 0).length).toBe(4);
      for (const v of row) expect(v >= 0 && v < 1).toBe(true);
    }
    const ctx = env.context(3, 1);
    let dot = 0;
    for (let j = 0; j < 20; j++) dot += ctx.x[j]! * env.betas[20 + j]!;
    expect(env.means(ctx)[1]).toBeCloseTo(dot, 14);
    expect(code(() => new DisjointSparseEnv({ dim: 2, sparsity: 3 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => env.reward(ctx, 3))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });

  it('misspecified: unit actions, unit θ*, bias within ±ε, adversarial near the optimum', () => {
    const env = new MisspecifiedEnv({ dim: 10, sparsity: 2, epsilon: 0.1, nActions: 100, seed: 4 });
    expect(env.nArms).toBe(120);
    let nt = 0;
    for (const v of env.theta) nt += v * v;
    expect(nt).toBeCloseTo(1, 14);
    expect(env.theta.filter((v) => v !== 0).length).toBe(2);
    let best = Number.NEGATIVE_INFINITY;
    const lin: number[] = [];
    for (let a = 0; a < env.nArms; a++) {
      let s = 0;
      let n2 = 0;
      for (let j = 0; j < 10; j++) {
        s += env.actions[a * 10 + j]! * env.theta[j]!;
        n2 += env.actions[a * 10 + j]! ** 2;
      }
      expect(n2).toBeCloseTo(1, 12);
      lin.push(s);
      best = Math.max(best, s);
    }
    lin.forEach((l, a) => {
      const b = env.meanRewards[a]! - l;
      expect(Math.abs(b)).toBeLessThanOrEqual(0.1 + 1e-15);
      expect(b).toBeCloseTo(l >= best - 0.2 ? -0.1 : 0.1, 14);
    });
    const noisy = new MisspecifiedEnv({ dim: 4, nActions: 3, sigma: 0.5, bias: 'random', seed: 1 });
    const c = noisy.context(2, 3);
    expect(noisy.reward(c, 0)).not.toBe(noisy.means(c)[0]);
    expect(code(() => new MisspecifiedEnv({ sparsity: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new MisspecifiedEnv({ dim: 2, sparsity: 3 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
  });

  it('classification: every pass shows each row once; reward 1 for the label', () => {
    const X = [
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const labels = [2, 0, 1];
    const env = fromClassification(X, labels, { seed: 3 });
    expect(env.nArms).toBe(3);
    const seen = new Set<string>();
    for (let t = 3; t < 6; t++) {
      const ctx = env.context(t);
      seen.add(Array.from(ctx.x).join(','));
      const row = X.findIndex((r) => r.join(',') === Array.from(ctx.x).join(','));
      expect(env.reward(ctx, labels[row]!)).toBe(1);
      expect(Array.from(env.means(ctx))).toEqual([0, 1, 2].map((a) => (a === labels[row] ? 1 : 0)));
    }
    expect(seen.size).toBe(3);
    expect(code(() => fromClassification(X, [0, 1]))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    expect(code(() => fromClassification(X, [0, 1, -1]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => fromClassification(X, [0, 1, 2], { nClasses: 2 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => fromClassification(X, 3 as unknown as number[]))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => env.reward(env.context(0), 3))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    // a linear policy learns the separable problem
    const run = simulate(new LinUCB({ nArms: 3, alpha: 0.5 }), env, { T: 400 });
    expect(run.cumulativeRegret[399]! - run.cumulativeRegret[199]!).toBeLessThan(3);
  });
});

describe('simulate', () => {
  const env = new SparseLinearEnv({ dim: 6, nArms: 3, sparsity: 2, seed: 1 });

  it('records arms, rewards, propensities, regret and timings', () => {
    const run = simulate(new RandomPolicy({ seed: 2 }), env, { T: 30, seed: 4, timing: true });
    expect(run.T).toBe(30);
    expect(run.propensities.every((p) => p === 1 / 3)).toBe(true);
    for (let t = 0; t < 30; t++) {
      const ctx = env.context(t, 4);
      const mu = env.means(ctx);
      expect(run.regret[t]).toBeCloseTo(Math.max(...mu) - mu[run.arms[t]!]!, 14);
      expect(run.rewards[t]).toBe(env.reward(ctx, run.arms[t]!));
    }
    expect(run.selectMs!.length).toBe(30);
    expect(run.updateMs!.length).toBe(30);
  });

  it('learn: false leaves the policy untouched', () => {
    const p = new LinUCB();
    simulate(p, env, { T: 10, learn: false });
    expect(p.rounds).toBe(0);
    expect(simulate(p, env, { T: 10 }).updateMs).toBeUndefined();
  });

  it('validation', () => {
    const p = new LinUCB();
    expect(code(() => simulate(p, env, { T: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => simulate(p, env, { T: 1.5 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => simulate(p, env, { T: 5, seed: -2 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => simulate(p, env, null as unknown as { T: number }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => simulateMany(() => p, env, { T: 5, seeds: [] }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    const disjointPolicy = new LinUCB({ nArms: 3 });
    disjointPolicy.select({ x: [1, 2, 3, 4, 5, 6] });
    expect(code(() => simulate(disjointPolicy, env, { T: 2 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });
});
