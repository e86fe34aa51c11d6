// Off-policy evaluation (spec §13.6, §16): exact identities, unbiasedness on synthetic logs (mean over
// seeds within a few standard errors of the true value), honest standard errors, replay's
// preconditions, logging, and every validation path.
import { isSparselandError } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  collectLogs,
  directMethod,
  doublyRobust,
  drOs,
  type EnvSharedContext,
  EpsilonGreedy,
  ips,
  LinTS,
  LoggedBanditDataset,
  type LoggedRound,
  RandomPolicy,
  replay,
  ridgeRewardModel,
  SparseLinearEnv,
  snips,
  switchDR,
} from '../src/index.js';
import * as ope from '../src/ope/index.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

const K = 4;
const env = new SparseLinearEnv({ dim: 5, nArms: K, sparsity: 2, sigma: 0.5, seed: 11 });
/** A stochastic target: softmax of a wrong guess of θ*. */
const guess = [0.5, -0.3, 0.2, 0.8, 0];
const target = (ctx: EnvSharedContext): Float64Array => {
  const x = ctx.arms.data;
  const s = Float64Array.from(
    { length: K },
    (_, a) => 2 * guess.reduce((acc, g, j) => acc + g * x[a * 5 + j]!, 0),
  );
  const m = Math.max(...s);
  const e = s.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};
const greedyTarget = (ctx: EnvSharedContext): Float64Array => {
  const p = target(ctx);
  let b = 0;
  for (let a = 1; a < K; a++) if (p[a]! > p[b]!) b = a;
  return Float64Array.from({ length: K }, (_, a) => (a === b ? 1 : 0));
};

describe('exact identities', () => {
  it('logging = target ⇒ IPS is the mean reward; SNIPS weights sum to n', () => {
    const data = LoggedBanditDataset.generate(env, { n: 300, temperature: 0.7, seed: 1 });
    const behaviour = (ctx: EnvSharedContext) => data.behavior(ctx);
    const mean = data.logs.reduce((a, l) => a + l.reward, 0) / 300;
    const e = ips(data.logs, behaviour);
    expect(e.value).toBeCloseTo(mean, 12);
    expect(Array.from(e.weights!).every((w) => Math.abs(w - 1) < 1e-12)).toBe(true);
    const s = snips(data.logs, target);
    expect(s.weights!.reduce((a, b) => a + b, 0)).toBeCloseTo(300, 9);
    const w = ips(data.logs, target).weights!;
    const manual = data.logs.reduce((a, l, i) => a + w[i]! * l.reward, 0) / w.reduce((a, b) => a + b, 0);
    expect(s.value).toBeCloseTo(manual, 12);
    expect(e.ci95[0]).toBeCloseTo(e.value - 1.96 * e.stdErr, 12);
  });

  it('DR with a perfect model has zero correction on noiseless rewards; DM with it is the true value', () => {
    const clean = new SparseLinearEnv({ dim: 5, nArms: K, sparsity: 2, sigma: 0, seed: 11 });
    const data = LoggedBanditDataset.generate(clean, { n: 200, temperature: 0.5, seed: 2 });
    const perfect = (ctx: EnvSharedContext) => clean.means(ctx);
    const dm = directMethod(data.logs, target, perfect);
    const dr = doublyRobust(data.logs, target, perfect);
    expect(dr.value).toBe(dm.value);
    expect(dm.value).toBeCloseTo(data.trueValue(target), 12);
    expect(switchDR(data.logs, target, perfect, { tau: 2 }).value).toBe(dm.value);
  });

  it('switch-DR spans DM (τ = 0) to DR (τ = ∞); DRos spans DM (λ → 0) to DR (λ = ∞)', () => {
    const data = LoggedBanditDataset.generate(env, { n: 200, temperature: 0.5, seed: 3 });
    const model = ridgeRewardModel(data.logs);
    const dr = doublyRobust(data.logs, target, model).value;
    const dm = directMethod(data.logs, target, model).value;
    expect(switchDR(data.logs, target, model, { tau: Number.POSITIVE_INFINITY }).value).toBeCloseTo(dr, 12);
    expect(switchDR(data.logs, target, model, { tau: 0 }).value).toBeCloseTo(dm, 12);
    expect(drOs(data.logs, target, model, { lambda: Number.POSITIVE_INFINITY }).value).toBeCloseTo(dr, 12);
    expect(drOs(data.logs, target, model, { lambda: 1e-12 }).value).toBeCloseTo(dm, 6);
  });
});

describe('unbiasedness on synthetic logs (40 seeds)', () => {
  const seeds = 40;
  const n = 400;
  const runs = Array.from({ length: seeds }, (_, s) =>
    LoggedBanditDataset.generate(env, { n, temperature: 0.6, seed: 100 + s }),
  );
  // a deliberately wrong reward model: DR must stay unbiased with the right propensities
  const wrong = (ctx: EnvSharedContext) => env.means(ctx).map((m) => 0.5 * m + 0.2);

  function check(
    name: string,
    estimate: (d: (typeof runs)[number]) => { value: number; stdErr: number },
    truthOf: (d: (typeof runs)[number]) => number,
  ) {
    it(`${name}: mean error over seeds within 3 standard errors; stdErr matches the spread`, () => {
      const err: number[] = [];
      const se: number[] = [];
      for (const d of runs) {
        const e = estimate(d);
        err.push(e.value - truthOf(d));
        se.push(e.stdErr);
      }
      const m = err.reduce((a, b) => a + b, 0) / seeds;
      const sd = Math.sqrt(err.reduce((a, b) => a + (b - m) ** 2, 0) / (seeds - 1));
      expect(Math.abs(m)).toBeLessThan((3 * sd) / Math.sqrt(seeds));
      const meanSe = se.reduce((a, b) => a + b, 0) / seeds;
      expect(meanSe / sd).toBeGreaterThan(0.6);
      expect(meanSe / sd).toBeLessThan(1.6);
    });
  }
  const truth = (d: (typeof runs)[number]) => d.trueValue(target);
  check('IPS', (d) => ips(d.logs, target), truth);
  check('SNIPS', (d) => snips(d.logs, target), truth);
  check('DR (wrong model)', (d) => doublyRobust(d.logs, target, wrong), truth);
  check('DR (ridge model)', (d) => doublyRobust(d.logs, target, ridgeRewardModel(d.logs)), truth);

  it('DM with a wrong model is biased (the reason for DR)', () => {
    let bias = 0;
    for (const d of runs) bias += (directMethod(d.logs, target, wrong).value - d.trueValue(target)) / seeds;
    expect(Math.abs(bias)).toBeGreaterThan(0.03);
  });

  it('replay is unbiased for a deterministic target under uniform logging', () => {
    const err: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const d = LoggedBanditDataset.generate(env, {
        n,
        temperature: Number.POSITIVE_INFINITY,
        seed: 300 + s,
      });
      const e = replay(d.logs, greedyTarget);
      expect(e.n).toBeLessThan(n);
      err.push(e.value - d.trueValue(greedyTarget));
    }
    const m = err.reduce((a, b) => a + b, 0) / seeds;
    const sd = Math.sqrt(err.reduce((a, b) => a + (b - m) ** 2, 0) / (seeds - 1));
    expect(Math.abs(m)).toBeLessThan((3 * sd) / Math.sqrt(seeds));
  });
});

describe('logging and reward models', () => {
  it('collectLogs records the propensities the policy reports', () => {
    const logs = collectLogs(new EpsilonGreedy({ epsilon: 0.3, seed: 1 }), env, { T: 50, seed: 2 });
    expect(logs.length).toBe(50);
    const replayPolicy = new EpsilonGreedy({ epsilon: 0.3, seed: 1 });
    for (const l of logs) {
      const sel = replayPolicy.select(l.context);
      expect(sel.arm).toBe(l.arm);
      expect(sel.propensity).toBe(l.propensity);
      replayPolicy.update(l.context, l.arm, l.reward);
    }
    expect(code(() => collectLogs(new LinTS(), env, { T: 3 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => collectLogs(new LinTS(), env, { T: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    const frozen = new EpsilonGreedy();
    collectLogs(frozen, env, { T: 5, learn: false });
    expect(frozen.rounds).toBe(0);
  });

  it('ridgeRewardModel recovers a linear model (shared and disjoint contexts)', () => {
    const clean = new SparseLinearEnv({ dim: 5, nArms: K, sparsity: 2, sigma: 0, seed: 11 });
    const logs = collectLogs(new RandomPolicy({ seed: 4 }), clean, { T: 200 });
    const q = ridgeRewardModel(logs, { lambda: 1e-8 });
    const ctx = clean.context(999);
    const pred = q(ctx);
    const mu = clean.means(ctx);
    for (let a = 0; a < K; a++) expect(pred[a]!).toBeCloseTo(mu[a]!, 6);
    const dlogs: LoggedRound<{ x: number[] }>[] = [];
    for (let i = 0; i < 60; i++) {
      const x = [Math.sin(i), Math.cos(3 * i)];
      const arm = i % 2;
      dlogs.push({ context: { x }, arm, reward: arm === 0 ? 2 * x[0]! : -x[1]!, propensity: 0.5 });
    }
    const qd = ridgeRewardModel(dlogs, { lambda: 1e-9 });
    const out = qd({ x: [0.3, 0.4] });
    expect(out[0]!).toBeCloseTo(0.6, 6);
    expect(out[1]!).toBeCloseTo(-0.4, 6);
    expect(code(() => ridgeRewardModel([]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ridgeRewardModel(dlogs, { lambda: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    const mixed = [dlogs[0]!, { ...logs[0]!, context: logs[0]!.context }] as unknown as LoggedRound<{
      x: number[];
    }>[];
    expect(code(() => ridgeRewardModel(mixed))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });

  it('the ./ope entry point exports the same functions', () => {
    expect(ope.ips).toBe(ips);
    expect(ope.doublyRobust).toBe(doublyRobust);
    expect(ope.LoggedBanditDataset).toBe(LoggedBanditDataset);
  });
});

describe('OPE validation errors', () => {
  const data = LoggedBanditDataset.generate(env, { n: 20, seed: 5 });
  const L = data.logs;
  const uni = () => [0.25, 0.25, 0.25, 0.25];
  it('logs, target and model checks', () => {
    expect(code(() => ips([], uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips(null as unknown as [], uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips(L, 3 as unknown as typeof uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips([{ ...L[0]!, propensity: 0 }], uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips([{ ...L[0]!, propensity: 1.5 }], uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips([{ ...L[0]!, arm: 4 }], uni))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips([{ ...L[0]!, reward: Number.NaN }], uni))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => ips([null as unknown as LoggedRound<EnvSharedContext>], uni))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => ips(L, () => [0.5, 0.6, 0, 0]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips(L, () => [-0.5, 1.5, 0, 0]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips(L, () => 1 as unknown as number[]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => ips(L, () => []))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    let calls = 0;
    expect(code(() => ips(L, () => (calls++ === 0 ? uni() : [0.5, 0.5])))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    const noOverlap = L.map((l) => ({ ...l, arm: 0 }));
    expect(code(() => snips(noOverlap, () => [0, 1, 0, 0]))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => directMethod(L, uni, () => [1, 2]))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    expect(code(() => directMethod(L, uni, () => [1, 2, 3, Number.NaN]))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => directMethod(L, uni, 5 as unknown as typeof uni))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => switchDR(L, uni, uni, { tau: -1 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => drOs(L, uni, uni, { lambda: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => replay(L, greedyTarget))).toBe('SPARSELAND__BANDITS__INVALID_INPUT'); // not uniform logging
    const uniformLogs = L.map((l) => ({ ...l, propensity: 0.25 }));
    expect(code(() => replay(uniformLogs, target))).toBe('SPARSELAND__BANDITS__INVALID_INPUT'); // stochastic target
    expect(code(() => replay(uniformLogs.slice(0, 1), () => [1, 1, 0, 0].map((v) => v / 2)))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    const arm = uniformLogs[0]!.arm;
    expect(
      code(() =>
        replay(uniformLogs.slice(0, 1), () => [0, 1, 2, 3].map((a) => (a === (arm + 1) % 4 ? 1 : 0))),
      ),
    ).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => LoggedBanditDataset.generate(env, { n: 0 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(code(() => LoggedBanditDataset.generate(env, { n: 5, temperature: 0 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
  });
});
