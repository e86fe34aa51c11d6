// The policy contract (spec §14): JSON round trips that continue identically, reset, parameter
// validation from each policy's constraint table, context validation, add/remove arms, the registry.
import { isSparselandError } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  type BanditContext,
  type BasePolicy,
  type BasePolicyParams,
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
  policyFromJSON,
  RandomPolicy,
  registeredPolicies,
  SALasso,
  SparseLinearEnv,
  SparseNetElimination,
  ThresholdedLassoBandit,
} from '../src/index.js';

type AnyPolicy = BasePolicy<BasePolicyParams> & Policy;
type AnyEnv = Environment<EnvRound & BanditContext>;

const shared = new SparseLinearEnv({
  dim: 12,
  nArms: 5,
  sparsity: 3,
  sigma: 0.3,
  seed: 4,
}) as unknown as AnyEnv;
const disjoint = new DisjointSparseEnv({ dim: 10, nArms: 3, sparsity: 3, seed: 5 }) as unknown as AnyEnv;
const missp = new MisspecifiedEnv({
  dim: 6,
  sparsity: 1,
  epsilon: 0.1,
  nActions: 40,
  seed: 6,
}) as unknown as AnyEnv;

const CASES: Array<[string, () => AnyPolicy, AnyEnv]> = [
  ['LinUCB', () => new LinUCB({ seed: 3 }) as unknown as AnyPolicy, shared],
  ['LinUCB (disjoint)', () => new LinUCB({ nArms: 3, seed: 3 }) as unknown as AnyPolicy, disjoint],
  ['OFUL', () => new OFUL({ sigma: 0.3, seed: 1 }) as unknown as AnyPolicy, shared],
  ['OFUL (disjoint)', () => new OFUL({ nArms: 3 }) as unknown as AnyPolicy, disjoint],
  ['LinTS', () => new LinTS({ v: 0.3, seed: 2, propensitySamples: 20 }) as unknown as AnyPolicy, shared],
  ['LinTS (disjoint)', () => new LinTS({ nArms: 3, seed: 2 }) as unknown as AnyPolicy, disjoint],
  ['EpsilonGreedy', () => new EpsilonGreedy({ epsilon: 0.3, seed: 9 }) as unknown as AnyPolicy, shared],
  ['RandomPolicy', () => new RandomPolicy({ seed: 9 }) as unknown as AnyPolicy, shared],
  [
    'OraclePolicy',
    () =>
      new OraclePolicy({
        theta: Array.from((shared as unknown as SparseLinearEnv).theta),
      }) as unknown as AnyPolicy,
    shared,
  ],
  ['SALasso', () => new SALasso({ sigma: 0.3, seed: 4 }) as unknown as AnyPolicy, shared],
  ['SALasso (disjoint)', () => new SALasso({ nArms: 3, seed: 4 }) as unknown as AnyPolicy, disjoint],
  [
    'ThresholdedLassoBandit',
    () => new ThresholdedLassoBandit({ sigma: 0.3 }) as unknown as AnyPolicy,
    shared,
  ],
  ['LassoBandit', () => new LassoBandit({ nArms: 3, seed: 7 }) as unknown as AnyPolicy, disjoint],
  ['DRLassoBandit', () => new DRLassoBandit({ zT: 5, seed: 8 }) as unknown as AnyPolicy, shared],
  ['EtcLasso', () => new EtcLasso({ exploreRounds: 25, seed: 8 }) as unknown as AnyPolicy, shared],
  [
    'SparseNetElimination',
    () => new SparseNetElimination({ epsilon: 0.1, sigma: 0.05 }) as unknown as AnyPolicy,
    missp,
  ],
];

function play(p: Policy, env: AnyEnv, from: number, to: number): Array<[number, number, number[]]> {
  const out: Array<[number, number, number[]]> = [];
  for (let t = from; t < to; t++) {
    const ctx = env.context(t, 1);
    const sel = p.select(ctx);
    out.push([sel.arm, sel.propensity, Array.from(sel.scores)]);
    p.update(ctx, sel.arm, env.reward(ctx, sel.arm));
  }
  return out;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('policy contract', () => {
  it('every policy is registered', () => {
    const names = new Set(CASES.map(([, make]) => make().policyName));
    for (const n of names) expect(registeredPolicies()).toContain(n);
  });

  for (const [label, make, env] of CASES) {
    describe(label, () => {
      it('toJSON → fromJSON restores the state exactly: the copy continues with the same decisions', () => {
        const a = make();
        play(a, env, 0, 40);
        const text = JSON.stringify(a);
        const b = policyFromJSON(text);
        const c = (a.constructor as unknown as { fromJSON(j: string): Policy }).fromJSON(text);
        expect(b.policyName).toBe(a.policyName);
        expect(JSON.stringify(b)).toBe(text);
        const ra = play(a, env, 40, 80);
        expect(play(b, env, 40, 80)).toEqual(ra);
        expect(play(c, env, 40, 80)).toEqual(ra);
        expect(play(make(), env, 0, 80).slice(40)).toEqual(ra);
      });

      it('is deterministic in its seed and reset() returns it to a fresh state', () => {
        const a = make();
        const first = play(a, env, 0, 30);
        expect(play(make(), env, 0, 30)).toEqual(first);
        a.reset();
        expect(a.rounds).toBe(0);
        expect(play(a, env, 0, 30)).toEqual(first);
      });

      it('propensities are probabilities and scores have one entry per arm', () => {
        const a = make();
        for (const [arm, p, scores] of play(a, env, 0, 30)) {
          expect(arm).toBeGreaterThanOrEqual(0);
          expect(arm).toBeLessThan(env.nArms);
          expect(scores.length).toBe(env.nArms);
          if (!Number.isNaN(p)) {
            expect(p).toBeGreaterThan(0);
            expect(p).toBeLessThanOrEqual(1);
          }
        }
      });

      it('rejects every invalid value of every hyperparameter, and unknown ones', () => {
        const p = make();
        const params = p.params as unknown as Record<string, unknown>;
        const Ctor = p.constructor as new (q: Record<string, unknown>) => unknown;
        for (const [key, c] of Object.entries(p.constraints)) {
          for (const bad of c.invalid) {
            const thrown = code(() => new Ctor({ ...params, [key]: bad }));
            expect(thrown, `${key} = ${String(bad)}`).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
          }
        }
        expect(code(() => new Ctor({ ...params, nope: 1 }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
      });
    });
  }
});

describe('policy validation errors', () => {
  const ctx = {
    arms: [
      [1, 0, 0],
      [0, 1, 0],
    ],
  };

  it('malformed contexts', () => {
    const p = new LinUCB();
    expect(code(() => p.select(null as unknown as BanditContext))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.select({} as BanditContext))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.select({ arms: [[1, 2], [3]] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.select({ arms: [[1, Number.NaN]] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.select({ x: [1, 2] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT'); // no nArms
    p.select(ctx);
    expect(code(() => p.select({ arms: [[1, 0]] }))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    const q = new LinUCB({ nArms: 2 });
    q.select({ x: [1, 2] });
    expect(code(() => q.select(ctx))).toBe('SPARSELAND__BANDITS__INVALID_INPUT'); // kind changed
    expect(code(() => new LassoBandit({ nArms: 2 }).select(ctx))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new SALasso().select({ x: [1] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new DRLassoBandit().select({ x: [1] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new LinUCB({ nArms: 2 }).select({ x: [] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.selectBatch(3 as unknown as BanditContext[]))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
  });

  it('bad arms and rewards in update', () => {
    const p = new LinUCB();
    expect(code(() => p.update(ctx, 2, 1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.update(ctx, -1, 1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.update(ctx, 0.5, 1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.update(ctx, 0, Number.NaN))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => p.update(ctx, 0, '1' as unknown as number))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(p.rounds).toBe(0);
  });

  it('error messages name the function, the argument and the value', () => {
    expect(() => new LinUCB({ alpha: -1 })).toThrow(
      "LinUCB: argument 'alpha' must be a finite number >= 0; got -1.",
    );
    expect(() => new LinUCB().update(ctx, 5, 1)).toThrow(
      "LinUCB.update: argument 'arm' must be an integer in [0, 2); got 5.",
    );
  });

  it('cross-parameter checks', () => {
    expect(code(() => new EtcLasso({}))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(new EtcLasso({ horizon: 1000, sparsity: 5 }).exploreRounds).toBe(
      Math.ceil(1000 ** (2 / 3) * 25 ** (1 / 3)),
    );
    const big = new SparseNetElimination({ epsilon: 0.01, sparsity: 2, maxCandidates: 1000 });
    expect(
      code(() =>
        big.select({
          arms: [
            [1, 0, 0],
            [0, 1, 0],
          ],
        }),
      ),
    ).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    const tooSparse = new SparseNetElimination({ sparsity: 3 });
    expect(code(() => tooSparse.select({ arms: [[1, 0]] }))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new OraclePolicy({ theta: [1, 2] }).select(ctx))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
  });

  it('fromJSON rejects foreign JSON', () => {
    const j = JSON.stringify(new LinUCB());
    expect(code(() => OFUL.fromJSON(j))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => policyFromJSON('{"format":"x"}'))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => LinUCB.fromJSON('null'))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => policyFromJSON({ ...JSON.parse(j), policy: 'Nope' }))).toBe(
      'SPARSELAND__BANDITS__UNKNOWN_NAME',
    );
  });
});

describe('adding and removing arms (disjoint policies)', () => {
  it('addArm gives a fresh model; removeArm shifts the later arms down', () => {
    const env = new DisjointSparseEnv({ dim: 6, nArms: 3, sparsity: 2, seed: 1 });
    const p = new LinUCB({ nArms: 3, alpha: 0.5 });
    for (let t = 0; t < 30; t++) {
      const ctx = env.context(t);
      p.update(ctx, t % 3, env.reward(ctx, t % 3));
    }
    const th2 = p.theta(2);
    expect(p.addArm()).toBe(3);
    expect(p.nArms).toBe(4);
    expect(Array.from(p.theta(3))).toEqual(new Array(6).fill(0));
    const sel = p.select({ x: env.context(99).x });
    expect(sel.scores.length).toBe(4);
    expect(sel.scores[3]).toBeGreaterThan(0); // the new arm's bonus: √(xᵀx)/√λ
    p.removeArm(1);
    expect(p.nArms).toBe(3);
    expect(Array.from(p.theta(1))).toEqual(Array.from(th2));
    const restored = LinUCB.fromJSON(JSON.stringify(p));
    expect(restored.nArms).toBe(3);
    expect(Array.from(restored.theta(1))).toEqual(Array.from(th2));
    expect(code(() => p.removeArm(7))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new LinUCB().addArm())).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new LinUCB({ nArms: 1 }).removeArm(0))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    const lb = new LassoBandit({ nArms: 2 });
    lb.addArm();
    expect(lb.select({ x: [1, 2, 3] }).scores.length).toBe(3);
  });
});
