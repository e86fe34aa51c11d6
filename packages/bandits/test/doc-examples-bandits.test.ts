// The values claimed in the @example blocks of the bandits, OPE, sampling and privacy modules.
import { describe, expect, it } from 'vitest';
import {
  gaussianSigma,
  LinUCB,
  leverageScores,
  OraclePolicy,
  PrivacyAccountant,
  RandomPolicy,
  registeredPolicies,
  SparseLinearEnv,
  simulate,
} from '../src/index.js';

describe('doc examples (bandits phase 2)', () => {
  it('policies, environments, privacy, sampling', () => {
    const policy = new LinUCB({ alpha: 1, seed: 0 });
    const ctx = {
      arms: [
        [1, 0],
        [0, 1],
      ],
    };
    expect(policy.select(ctx).propensity).toBe(0.5);
    expect(new RandomPolicy({ seed: 1 }).select({ arms: [[1], [2], [3]] }).propensity).toBeCloseTo(1 / 3, 15);
    const env = new SparseLinearEnv({ dim: 20, nArms: 5, sparsity: 2, seed: 1 });
    expect(simulate(new OraclePolicy({ theta: Array.from(env.theta) }), env, { T: 100 }).totalRegret).toBe(0);
    expect(gaussianSigma(1, 0.5, 1e-5)).toBeCloseTo(9.69, 2);
    const acc = new PrivacyAccountant({ epsilon: 1, delta: 1e-5 });
    acc.spend({ label: 'x̃ỹ', mechanism: 'gaussian', epsilon: 0.5, delta: 5e-6, sensitivity: 2, noise: 9.6 });
    expect(acc.remaining.epsilon).toBeCloseTo(0.5, 15);
    expect(acc.remaining.delta).toBeCloseTo(5e-6, 20);
    const lev = leverageScores([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    expect(Array.from(lev).map((v) => Number(v.toFixed(12)))).toEqual([1, 0.5, 0.5]);
    expect(registeredPolicies()).toContain('LinUCB');
  });
});
