// Regret of every policy against the oracle on seeded problems (spec §13.5): ratios only, never exact
// values. Sizes are smaller than the benchmark's (d = 100, T = 1000, 10 seeds) to keep the suite fast.
import { describe, expect, it } from 'vitest';
import {
  type BanditContext,
  DisjointSparseEnv,
  DRLassoBandit,
  type Environment,
  type EnvRound,
  EpsilonGreedy,
  EtcLasso,
  LassoBandit,
  LinTS,
  LinUCB,
  MisspecifiedEnv,
  OFUL,
  OraclePolicy,
  type Policy,
  RandomPolicy,
  SALasso,
  SparseLinearEnv,
  SparseNetElimination,
  simulate,
  simulateMany,
  ThresholdedLassoBandit,
} from '../src/index.js';

type AnyEnv = Environment<EnvRound & BanditContext>;
const asEnv = (e: unknown) => e as AnyEnv;
const once = <T>(f: () => T): (() => T) => {
  let v: T | undefined;
  return () => {
    v ??= f();
    return v;
  };
};

/** Mean total regret at T and 2T over `seeds` runs (a fresh environment per seed). */
function regret(make: (s: number) => Policy, envOf: (s: number) => AnyEnv, T: number, seeds: number) {
  let atT = 0;
  let at2T = 0;
  for (let s = 0; s < seeds; s++) {
    const run = simulate(make(s), envOf(s), { T: 2 * T, seed: s });
    for (let t = 1; t < 2 * T; t++)
      expect(run.cumulativeRegret[t]!).toBeGreaterThanOrEqual(run.cumulativeRegret[t - 1]!);
    atT += run.cumulativeRegret[T - 1]! / seeds;
    at2T += run.totalRegret / seeds;
  }
  return { atT, at2T, growth: at2T / atT };
}

describe('shared suite (K = 10, d = 50, s = 5, θ* = 1/√5, σ = 0.5)', () => {
  const envOf = (s: number) =>
    asEnv(new SparseLinearEnv({ dim: 50, nArms: 10, sparsity: 5, sigma: 0.5, seed: 100 + s }));
  const T = 400;
  const seeds = 4;
  const sa = once(() => regret((s) => new SALasso({ sigma: 0.5, seed: s }), envOf, T, seeds));
  const ucb = once(() => regret((s) => new LinUCB({ seed: s }), envOf, T, seeds));
  const rnd = once(() => regret((s) => new RandomPolicy({ seed: s }), envOf, T, seeds));

  it('SA-Lasso regret is below half of LinUCB’s; LinUCB’s below a fifth of random’s', () => {
    expect(sa().at2T).toBeLessThan(0.5 * ucb().at2T);
    expect(ucb().at2T).toBeLessThan(0.2 * rnd().at2T);
  });

  it('R_2T/R_T < 1.3 for SA-Lasso and LinUCB (sublinear), ≈ 2 for random (linear)', () => {
    expect(sa().growth).toBeLessThan(1.3);
    expect(ucb().growth).toBeLessThan(1.3);
    expect(rnd().growth).toBeGreaterThan(1.85);
    expect(rnd().growth).toBeLessThan(2.15);
  });

  it('the oracle has zero regret', () => {
    const env = new SparseLinearEnv({ dim: 50, nArms: 10, sparsity: 5, sigma: 0.5, seed: 100 });
    const run = simulate(new OraclePolicy({ theta: Array.from(env.theta) }), env, { T: 200 });
    expect(run.totalRegret).toBe(0);
  });
});

describe('every policy learns: regret far below random and sublinear', () => {
  const small = (s: number) =>
    asEnv(new SparseLinearEnv({ dim: 20, nArms: 5, sparsity: 3, sigma: 0.3, seed: 200 + s }));
  const correlated = (s: number) =>
    asEnv(
      new SparseLinearEnv({ dim: 20, nArms: 5, sparsity: 3, sigma: 0.3, armCorrelation: 0.5, seed: 300 + s }),
    );
  const T = 300;
  const seeds = 3;
  const rnd = once(() => regret((s) => new RandomPolicy({ seed: s }), small, T, seeds));
  const rndCorr = once(() => regret((s) => new RandomPolicy({ seed: s }), correlated, T, seeds));
  const cases: Array<[string, (s: number) => Policy, (s: number) => AnyEnv, number, number]> = [
    ['LinUCB', (s) => new LinUCB({ seed: s }), small, 0.2, 1.4],
    ['OFUL', (s) => new OFUL({ sigma: 0.3, seed: s }), small, 0.3, 1.4],
    ['LinTS', (s) => new LinTS({ v: 0.3, seed: s }), small, 0.2, 1.4],
    ['SALasso', (s) => new SALasso({ sigma: 0.3, seed: s }), small, 0.1, 1.3],
    ['ThresholdedLassoBandit', (s) => new ThresholdedLassoBandit({ sigma: 0.3, seed: s }), small, 0.1, 1.3],
    ['EtcLasso', (s) => new EtcLasso({ exploreRounds: 100, sigma: 0.3, seed: s }), small, 0.3, 1.3],
    ['EpsilonGreedy (ε = 0.05)', (s) => new EpsilonGreedy({ epsilon: 0.05, seed: s }), small, 0.2, 1.9],
    ['DRLassoBandit (arms correlated)', (s) => new DRLassoBandit({ seed: s }), correlated, 0.5, 1.6],
  ];
  for (const [name, make, envOf, maxRatio, maxGrowth] of cases) {
    it(name, () => {
      const r = regret(make, envOf, T, seeds);
      const base = envOf === correlated ? rndCorr() : rnd();
      expect(r.at2T).toBeLessThan(maxRatio * base.at2T);
      expect(r.growth).toBeLessThan(maxGrowth);
    });
  }
});

describe('disjoint suite (Bastani–Bayati setting)', () => {
  const envOf = (s: number) =>
    asEnv(new DisjointSparseEnv({ dim: 30, nArms: 2, sparsity: 3, sigma: 0.3, seed: 400 + s }));
  const T = 300;
  const rnd = once(() => regret((s) => new RandomPolicy({ nArms: 2, seed: s }), envOf, T, 3));
  for (const [name, make] of [
    ['LassoBandit', (s: number) => new LassoBandit({ nArms: 2, seed: s })],
    ['LinUCB (disjoint)', (s: number) => new LinUCB({ nArms: 2, seed: s })],
    ['SALasso (disjoint)', (s: number) => new SALasso({ nArms: 2, sigma: 0.3, seed: s })],
  ] as const) {
    it(`${name} learns`, () => {
      const r = regret(make, envOf, T, 3);
      expect(r.at2T).toBeLessThan(0.3 * rnd().at2T);
      expect(r.growth).toBeLessThan(1.5);
    });
  }
});

describe('data-poor suite (d ≫ T, hypercube actions)', () => {
  it('explore-then-commit with the Lasso beats LinUCB', () => {
    const envOf = (s: number) =>
      asEnv(
        new SparseLinearEnv({
          dim: 300,
          nArms: 10,
          sparsity: 3,
          sigma: 0.5,
          actions: 'hypercube',
          seed: 500 + s,
        }),
      );
    const T = 250;
    let etc = 0;
    let ucb = 0;
    for (let s = 0; s < 2; s++) {
      etc += simulate(new EtcLasso({ horizon: T, sparsity: 3, sigma: 0.5, seed: s }), envOf(s), {
        T,
        seed: s,
      }).totalRegret;
      ucb += simulate(new LinUCB({ seed: s }), envOf(s), { T, seed: s }).totalRegret;
    }
    expect(etc).toBeLessThan(0.8 * ucb);
  });
});

describe('misspecified sparse bandits (spec §15 protocol: d = 20, s = 1, 2000 + 2d actions)', () => {
  function runElimination(eps: number, sigma: number, seed: number) {
    const env = new MisspecifiedEnv({ dim: 20, sparsity: 1, epsilon: eps, sigma, seed });
    const p = new SparseNetElimination({ epsilon: eps, sparsity: 1, sigma });
    for (let t = 0; t < 100_000 && p.recommendation === null; t++) {
      const ctx = env.context(t, seed);
      const { arm } = p.select(ctx);
      p.update(ctx, arm, env.reward(ctx, arm));
    }
    const rec = p.recommendation;
    return {
      gap: rec === null ? Number.POSITIVE_INFINITY : env.bestMean - env.meanRewards[rec]!,
      bound: p.gapBound,
      queries: p.queries,
      maxQueries: p.netSize * p.queriesPerAction,
    };
  }

  for (const eps of [0.05, 0.1]) {
    it(`ε = ${eps}: every noiseless run accepts an action within 4ε + 2ε_s, within |N|·m queries`, () => {
      for (let seed = 0; seed < 5; seed++) {
        const r = runElimination(eps, 0, seed);
        expect(r.gap).toBeLessThanOrEqual(r.bound + 1e-12);
        expect(r.queries).toBeLessThanOrEqual(r.maxQueries);
      }
    });
  }

  it('with noise (σ = 0.1, ε = 0.1) at least 95% of runs meet the bound', () => {
    let ok = 0;
    const runs = 20;
    for (let seed = 0; seed < runs; seed++) {
      const r = runElimination(0.1, 0.1, seed);
      if (r.gap <= r.bound) ok++;
      expect(r.queries).toBeLessThanOrEqual(r.maxQueries);
    }
    expect(ok / runs).toBeGreaterThanOrEqual(0.95);
  });
});

describe('simulateMany', () => {
  it('averages runs and reports standard errors', () => {
    const env = new SparseLinearEnv({ dim: 10, nArms: 4, sparsity: 2, seed: 1 });
    const c = simulateMany((s) => new LinUCB({ seed: s }), env, { T: 50, seeds: [0, 1, 2] });
    const runs = [0, 1, 2].map((s) => simulate(new LinUCB({ seed: s }), env, { T: 50, seed: s }).totalRegret);
    expect(c.totals).toEqual(runs);
    const mean = runs.reduce((a, b) => a + b) / 3;
    expect(c.mean[49]!).toBeCloseTo(mean, 12);
    const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    expect(c.stdErr[49]!).toBeCloseTo(sd / Math.sqrt(3), 10);
  });
});
