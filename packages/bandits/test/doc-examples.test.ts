// The values claimed in the doc comments' @example blocks.
import { describe, expect, it } from 'vitest';
import {
  cel0,
  checkParams,
  ElasticNet,
  interval,
  kFold,
  Lasso,
  l0,
  l1,
  lHalf,
  logSum,
  lTwoThirds,
  mcp,
  penaltyFromJSON,
  registeredEstimators,
  scad,
} from '../src/index.js';

describe('doc examples', () => {
  it('penalties', () => {
    expect(l1().prox(3, 1, 1, 1)).toBe(2);
    expect(mcp({ gamma: 3 }).prox(2, 1, 1, 1)).toBeCloseTo(1.5, 15);
    expect(mcp({ gamma: 3 }).prox(5, 1, 1, 1)).toBe(5);
    expect(scad().prox(1.5, 1, 1, 1)).toBeCloseTo(0.5, 15);
    expect(scad().prox(5, 1, 1, 1)).toBe(5);
    expect(l0().prox(1.5, 1, 1, 1)).toBe(1.5);
    expect(l0().prox(1.4, 1, 1, 1)).toBe(0);
    expect(lHalf().prox(1.4, 1, 1, 1)).toBe(0);
    expect(lHalf().prox(3, 1, 1, 1)).toBeCloseTo(2.6955, 4);
    expect(lTwoThirds().prox(1, 1, 1, 1)).toBe(0);
    expect(lTwoThirds().prox(1.4755, 1, 1, 1)).toBe(0);
    expect(lTwoThirds().prox(1.4757, 1, 1, 1)).toBeGreaterThan(0);
    expect(lTwoThirds().prox(3, 1, 1, 1)).toBeCloseTo(2.5094, 4);
    expect(logSum({ epsilon: 1 }).prox(3, 1, 1, 1)).toBeCloseTo(2.7321, 4);
    expect(cel0().prox(1.5, 1, 1, 1)).toBe(1.5);
    expect(cel0().prox(1, 0.5, 1, 1)).toBeCloseTo(0.5858, 4);
    expect(penaltyFromJSON({ name: 'mcp', gamma: 2 }).prox(1.5, 1, 1, 1)).toBeCloseTo(1, 15);
  });

  it('estimators and helpers', () => {
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ];
    const m = new Lasso({ alpha: 0.1 }).fit(X, [1, 0, 1, 2]);
    expect(m.coef[0]).toBeCloseTo(0.8, 1);
    expect(m.coef[1]).toBe(0);
    const e = new ElasticNet({ alpha: 0.1, l1Ratio: 0.5 }).fit(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [1, 0, 1],
    );
    expect(e.coef[0]).toBeGreaterThan(0);
    expect(kFold(5, 2).map((s) => Array.from(s.test))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(interval({ min: 0 }).check(0)).toBe(true);
    expect(interval({ gt: 0, max: 1 }).check(0)).toBe(false);
    expect(() => checkParams({ alpha: -1 }, { alpha: interval({ min: 0 }) }, 'Ridge.fit')).toThrow(
      "Ridge.fit: argument 'alpha' must be a finite number >= 0; got -1.",
    );
    expect(registeredEstimators()).toContain('Lasso');
  });
});
