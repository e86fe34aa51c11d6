import { describe, expect, it } from 'vitest';
import { isSparselandError, optim, tensor, variable } from '../../src/index.js';

function invalid(f: () => unknown): boolean {
  try {
    f();
  } catch (e) {
    return isSparselandError(e, 'SPARSELAND__CORE__INVALID_ARGUMENT');
  }
  return false;
}

describe('schedules', () => {
  it('cosineDecay: values at known steps', () => {
    const s = optim.cosineDecay({ lr: 0.1, steps: 100, minLr: 0.001 });
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(50)).toBeCloseTo(0.0505, 15);
    expect(s(25)).toBeCloseTo(0.001 + 0.099 * (1 + Math.SQRT1_2) * 0.5, 15);
    expect(s(100)).toBeCloseTo(0.001, 15);
    expect(s(1000)).toBeCloseTo(0.001, 15);
    const z = optim.cosineDecay({ lr: 2, steps: 4 });
    expect([0, 1, 2, 3, 4].map(z)).toEqual(
      [2, 1 + Math.SQRT1_2, 1, 1 - Math.SQRT1_2, 0].map((v) => expect.closeTo(v, 14)),
    );
  });

  it('cosineDecay: decreasing and never below minLr', () => {
    const s = optim.cosineDecay({ lr: 1, steps: 37, minLr: 0.2 });
    for (let t = 1; t < 60; t++) {
      expect(s(t)).toBeLessThanOrEqual(s(t - 1));
      expect(s(t)).toBeGreaterThanOrEqual(0.2 - 1e-15);
    }
  });

  it('linearWarmup: lr * (t + 1) / warmupSteps, then lr', () => {
    const s = optim.linearWarmup({ lr: 1e-3, warmupSteps: 10 });
    expect(s(0)).toBeCloseTo(1e-4, 18);
    expect(s(4)).toBeCloseTo(5e-4, 18);
    expect(s(9)).toBe(1e-3);
    expect(s(10)).toBe(1e-3);
    expect(s(10_000)).toBe(1e-3);
  });

  it('warmupCosine: warm-up, then cosine from lr to minLr, then minLr', () => {
    const s = optim.warmupCosine({ lr: 1e-3, warmupSteps: 10, totalSteps: 110, minLr: 1e-5 });
    expect(s(0)).toBeCloseTo(1e-4, 18);
    expect(s(9)).toBeCloseTo(1e-3, 18);
    expect(s(10)).toBeCloseTo(1e-3, 18);
    expect(s(60)).toBeCloseTo((1e-3 + 1e-5) / 2, 18);
    expect(s(110)).toBeCloseTo(1e-5, 18);
    expect(s(500)).toBeCloseTo(1e-5, 18);
    const cos = optim.cosineDecay({ lr: 1e-3, steps: 100, minLr: 1e-5 });
    for (const t of [10, 23, 47, 88, 109]) expect(s(t)).toBeCloseTo(cos(t - 10), 18);
    const noWarmup = optim.warmupCosine({ lr: 1, warmupSteps: 0, totalSteps: 4 });
    expect(noWarmup(0)).toBe(1);
    expect(noWarmup(2)).toBeCloseTo(0.5, 15);
  });

  it('an optimizer evaluates its schedule at the number of updates done', () => {
    const w = variable(tensor([0], { dtype: 'float64' }));
    const sched = optim.linearWarmup({ lr: 1, warmupSteps: 4 });
    const opt = new optim.SGD({ w }, { lr: sched });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(opt.lr);
      opt.step({ w: tensor([1], { dtype: 'float64' }) });
    }
    expect(seen).toEqual([0.25, 0.5, 0.75, 1, 1]);
    expect(opt.iterations).toBe(5);
    // p = -(sum of the lrs used)
    expect(w.dataSync()[0]).toBeCloseTo(-3.5, 14);
    opt.setLr(0.5);
    expect(opt.lr).toBe(0.5);
  });

  it('validates options and steps', () => {
    expect(invalid(() => optim.cosineDecay({ lr: 0.1, steps: 0 }))).toBe(true);
    expect(invalid(() => optim.cosineDecay({ lr: 0.1, steps: 1.5 }))).toBe(true);
    expect(invalid(() => optim.cosineDecay({ lr: -0.1, steps: 10 }))).toBe(true);
    expect(invalid(() => optim.cosineDecay({ lr: 0.1, steps: 10, minLr: 0.2 }))).toBe(true);
    expect(invalid(() => optim.linearWarmup({ lr: 0.1, warmupSteps: 0 }))).toBe(true);
    expect(invalid(() => optim.linearWarmup({ lr: Number.NaN, warmupSteps: 3 }))).toBe(true);
    expect(invalid(() => optim.warmupCosine({ lr: 0.1, warmupSteps: 10, totalSteps: 10 }))).toBe(true);
    expect(invalid(() => optim.warmupCosine({ lr: 0.1, warmupSteps: -1, totalSteps: 10 }))).toBe(true);
    expect(invalid(() => optim.warmupCosine({ lr: 0.1, warmupSteps: 1, totalSteps: 10, minLr: -1 }))).toBe(
      true,
    );
    const s = optim.cosineDecay({ lr: 0.1, steps: 10 });
    expect(invalid(() => s(-1))).toBe(true);
    expect(invalid(() => s(0.5))).toBe(true);
    // a schedule that returns garbage is caught when the optimizer reads it
    const w = variable(tensor([0]));
    const opt = new optim.SGD({ w }, { lr: () => Number.NaN });
    expect(invalid(() => opt.step({ w: tensor([1]) }))).toBe(true);
    expect(Array.from(w.dataSync())).toEqual([0]);
  });
});
