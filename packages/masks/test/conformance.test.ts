import { abs, mul, tensor } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  checkPattern,
  getScorer,
  keepCount,
  maskFromScores,
  methodKinds,
  type Pattern,
  parseRecipe,
  patternKinds,
  registerPattern,
  registerScorer,
  score,
  scorerNames,
} from '../src/index.js';
import { count, expectCode, host, normals } from './helpers.js';

const samples: Record<string, Pattern> = {
  unstructured: { kind: 'unstructured' },
  nm: { kind: 'nm', keep: 2, of: 4 },
  nmTransposable: { kind: 'nmTransposable', keep: 2, of: 4, exact: true },
  block: { kind: 'block', out: 2, in: 4 },
  channel: { kind: 'channel' },
  rowGroup: { kind: 'rowGroup', g: 4 },
};

describe('every registered pattern', () => {
  const scores = tensor(normals(8 * 16, 1).map(Math.abs), { shape: [8, 16] });
  for (const kind of patternKinds()) {
    it(`${kind}: deterministic, of the scores' shape, nested as sparsity grows`, () => {
      const p = samples[kind]!;
      expect(p, `add a sample for '${kind}'`).toBeDefined();
      const a = host(maskFromScores(scores, { pattern: p, sparsity: 0.5 }));
      expect(host(maskFromScores(scores, { pattern: p, sparsity: 0.5 }))).toEqual(a);
      expect(a.length).toBe(128);
      const hi = host(maskFromScores(scores, { pattern: p, sparsity: 0.75 }));
      hi.forEach((v, i) => {
        if (v === 1) expect(a[i]).toBe(1);
      });
      if (kind === 'unstructured') expect(count(a)).toBe(keepCount(128, 0.5));
      expect(checkPattern(checkPattern(p))).toEqual(checkPattern(p));
    });
  }
});

describe('every registered scorer', () => {
  const ref = { name: 'w', shape: [4, 8], layout: ['out', 'in'] as const };
  const w = tensor(normals(32, 2), { shape: [4, 8] });
  const g = tensor(normals(32, 3), { shape: [4, 8] });
  for (const name of scorerNames()) {
    it(`${name}: deterministic scores of the parameter's shape`, () => {
      const s1 = host(score(name, ref, { w, g, step: 5, seed: 1 }));
      const s2 = host(score(name, ref, { w, g, step: 5, seed: 1 }));
      expect(s1).toEqual(s2);
      expect(s1.length).toBe(32);
      if (getScorer(name).needsGrad) {
        expectCode(
          () => score(name, ref, { w, step: 0, seed: 0 }),
          'SPARSELAND__MASKS__MISSING_INPUT',
          `scorer '${name}' needs the gradient`,
        );
      }
    });
  }
  it('random scores differ by name, step and seed', () => {
    const s = (seed: number, step: number, nm = 'w') =>
      host(score('random', { ...ref, name: nm }, { w, step, seed }));
    expect(s(1, 5)).not.toEqual(s(2, 5));
    expect(s(1, 5)).not.toEqual(s(1, 6));
    expect(s(1, 5)).not.toEqual(s(1, 5, 'v'));
    expect(getScorer('snip').name).toBe('saliency');
  });
});

describe('registries: one file, one line', () => {
  it('a new scorer is usable in recipes once registered', () => {
    expectCode(
      () => parseRecipe({ sparsity: 0.5, scorer: 'squared' }),
      'SPARSELAND__MASKS__RECIPE_INVALID',
      'add one with registerScorer()',
    );
    registerScorer({ name: 'squared', needsGrad: false, score: (_p, { w }) => mul(abs(w), abs(w)) });
    expect(parseRecipe({ sparsity: 0.5, scorer: 'squared' }).scorer).toBe('squared');
  });
  it('a new pattern is usable in masks once registered', () => {
    registerPattern<{ kind: 'firstColumn' }>({
      kind: 'firstColumn',
      validate: () => ({ kind: 'firstColumn' }),
      mask: (_p, ctx) =>
        Uint8Array.from({ length: ctx.scores.length }, (_, i) => (i % ctx.shape[1]! === 0 ? 1 : 0)),
    });
    expect(
      host(
        maskFromScores(
          [
            [1, 2],
            [3, 4],
          ],
          { pattern: { kind: 'firstColumn' } as never, sparsity: 0.5 },
        ),
      ),
    ).toEqual([1, 0, 1, 0]);
  });
  it('lists the built-in methods', () => {
    expect(methodKinds()).toEqual(['prune', 'ste', 'srste', 'mdgf', 'sdgf', 'bdwp', 'set', 'rigl']);
  });
});
