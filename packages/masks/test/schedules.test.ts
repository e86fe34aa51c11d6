import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  dropFraction,
  gradualSchedule,
  impSchedule,
  makeSchedule,
  oneShotSchedule,
  periodicSchedule,
} from '../src/index.js';
import { expectCode } from './helpers.js';

describe('gradual cubic schedule (Zhu & Gupta)', () => {
  it('hits the golden value s_500 = 0.7875 for s_i = 0, s_f = 0.9, nΔt = 1000', () => {
    const s = gradualSchedule({ start: 0, end: 1000, frequency: 100 });
    expect(s.sparsityAt(500, 0.9)).toBeCloseTo(0.7875, 15);
    expect(s.sparsityAt(0, 0.9)).toBe(0);
    expect(s.sparsityAt(1000, 0.9)).toBe(0.9);
    expect(s.sparsityAt(5000, 0.9)).toBe(0.9);
  });
  it('follows s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³ at every pruning step and holds in between', () => {
    const s = gradualSchedule({ start: 200, end: 1200, frequency: 250, initialSparsity: 0.1 });
    for (const t of [200, 450, 700, 950, 1200]) {
      expect(s.isUpdateStep(t)).toBe(true);
      expect(s.sparsityAt(t, 0.8)).toBeCloseTo(0.8 + (0.1 - 0.8) * (1 - (t - 200) / 1000) ** 3, 14);
    }
    expect(s.sparsityAt(199, 0.8)).toBe(0.1);
    expect(s.sparsityAt(600, 0.8)).toBe(s.sparsityAt(450, 0.8));
    expect(s.isUpdateStep(600)).toBe(false);
    expect(s.isUpdateStep(1450)).toBe(false);
    // sparsity never decreases
    let prev = 0;
    for (let t = 0; t <= 1500; t += 7) {
      const v = s.sparsityAt(t, 0.8);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
  it("reproduces jaxpruner's +1 with offset: 1", () => {
    const s = gradualSchedule({ start: 0, end: 100, frequency: 1, offset: 1 });
    // jaxpruner: target·(1 − (1 − p)³), p = clip((t + 1 − start)/(end − start), 0, 1)
    for (const t of [0, 9, 50, 98, 99])
      expect(s.sparsityAt(t, 0.5)).toBeCloseTo(0.5 * (1 - (1 - (t + 1) / 100) ** 3), 14);
  });
  it('rejects bad specs', () => {
    expectCode(
      () => gradualSchedule({ start: 100, end: 50, frequency: 10 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      'be > start (100)',
    );
    expectCode(() => gradualSchedule({ start: 0, end: 50, frequency: 0 }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(
      () => gradualSchedule({ start: 0, end: 50, frequency: 5, offset: 2 as never }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
    expectCode(
      () => gradualSchedule({ start: 0, end: 50, frequency: 5, initialSparsity: 1 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
});

describe('one-shot, constant and periodic schedules', () => {
  it('one-shot is dense before its step and at the target from it', () => {
    const s = oneShotSchedule({ step: 10 });
    expect([s.sparsityAt(9, 0.7), s.sparsityAt(10, 0.7), s.sparsityAt(99, 0.7)]).toEqual([0, 0.7, 0.7]);
    expect([9, 10, 11].map((t) => s.isUpdateStep(t))).toEqual([false, true, false]);
  });
  it('constant updates once at step 0', () => {
    const s = constantSchedule();
    expect([0, 1, 100].map((t) => s.isUpdateStep(t))).toEqual([true, false, false]);
    expect(s.sparsityAt(5, 0.3)).toBe(0.3);
  });
  it('periodic recomputes every frequency steps between start and end', () => {
    const s = periodicSchedule({ frequency: 10, start: 5, end: 25 });
    expect([0, 5, 10, 15, 25, 35].map((t) => s.isUpdateStep(t))).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expectCode(
      () => periodicSchedule({ frequency: 10, start: 5, end: 2 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
  it('round-trips through makeSchedule and lists the known kinds on a typo', () => {
    for (const spec of [
      { kind: 'constant' },
      { kind: 'oneShot', step: 3 },
      { kind: 'periodic', frequency: 2, start: 0 },
      { kind: 'gradual', start: 0, end: 10, frequency: 2, initialSparsity: 0, power: 3, offset: 0 },
      { kind: 'imp', rounds: 3, roundSteps: 10, pruneFraction: 0.2, rewindStep: 0, rewind: 'weights' },
    ]) {
      expect(makeSchedule(spec).toJSON()).toEqual(spec);
    }
    expectCode(
      () => makeSchedule({ kind: 'cubic' }),
      'SPARSELAND__MASKS__UNKNOWN_NAME',
      'be a known schedule (constant, oneShot, periodic, gradual, imp); add one with registerSchedule()',
    );
  });
});

describe('IMP with rewinding', () => {
  it('reaches 1 − (1 − p)^R: 0.8926 after 10 rounds and 0.9885 after 20 (p = 0.2)', () => {
    expect(impSchedule({ rounds: 10, roundSteps: 100 }).sparsityAfterRound(10)).toBeCloseTo(0.8926258176, 10);
    expect(impSchedule({ rounds: 20, roundSteps: 100 }).sparsityAfterRound(20)).toBeCloseTo(0.98847078, 8);
  });
  it('prunes at the end of each round, not after the last', () => {
    const s = impSchedule({ rounds: 3, roundSteps: 10 });
    expect([0, 10, 15, 20, 30, 40].map((t) => s.isUpdateStep(t))).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect([0, 9, 10, 25, 30, 99].map((t) => s.sparsityAt(t, 0))).toEqual([
      0, 0, 0.19999999999999996, 0.3599999999999999, 0.4879999999999999, 0.4879999999999999,
    ]);
    expect(s.roundEndingAt(20)).toBe(2);
  });
  it('rejects fractions outside (0, 1) and rewind steps past the round', () => {
    expectCode(
      () => impSchedule({ rounds: 3, roundSteps: 10, pruneFraction: 0 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
    expectCode(
      () => impSchedule({ rounds: 3, roundSteps: 10, rewindStep: 10 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
});

describe('drop fraction (DST)', () => {
  it('anneals with cosine 0.3 → 0.15 → 0 over [begin, end)', () => {
    const o = { initial: 0.3, decay: 'cosine', begin: 100, end: 1100 } as const;
    expect(dropFraction(100, o)).toBeCloseTo(0.3, 15);
    expect(dropFraction(600, o)).toBeCloseTo(0.15, 15);
    expect(dropFraction(1099, o)).toBeCloseTo(0.15 * (1 + Math.cos((Math.PI * 999) / 1000)), 15);
    expect(dropFraction(1100, o)).toBe(0);
    expect(dropFraction(50, o)).toBe(0);
  });
  it('supports constant and exponential decay, and no end', () => {
    expect(dropFraction(500, { initial: 0.3, decay: 'constant' })).toBe(0.3);
    expect(dropFraction(10, { initial: 0.3, decay: 'exponential', rate: 0.9 })).toBeCloseTo(
      0.3 * 0.9 ** 10,
      15,
    );
    expect(dropFraction(10_000, { initial: 0.3 })).toBe(0.3);
    expectCode(() => dropFraction(1, { initial: 1.5 }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
  });
});
