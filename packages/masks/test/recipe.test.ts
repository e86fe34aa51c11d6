import { describe, expect, it } from 'vitest';
import { parseRecipe, type Recipe, recipeToJSON, runLabel } from '../src/index.js';
import { expectCode } from './helpers.js';

describe('recipes', () => {
  const full: Recipe = {
    version: 1,
    sparsity: 0.9,
    scorer: 'magnitude',
    distribution: { kind: 'erk', power: 1, overrides: { 'fc3.weight': 0 } },
    pattern: { kind: 'unstructured' },
    schedule: {
      kind: 'gradual',
      start: 0,
      end: 1000,
      frequency: 100,
      initialSparsity: 0,
      power: 3,
      offset: 0,
    },
    method: {
      kind: 'rigl',
      dropFraction: 0.3,
      decay: 'cosine',
      interval: 100,
      begin: 0,
      end: 25000,
      growInit: 'zeros',
      noise: 0,
    },
    include: ['layers.*.weight'],
    exclude: ['layers.0.*'],
    layouts: { 'layers.1.weight': ['out', 'in'] },
    rounding: 'round',
    seed: 7,
  };

  it('fills every default and round-trips through JSON', () => {
    const r = parseRecipe({ sparsity: 0.5 });
    expect(r).toEqual({
      version: 1,
      sparsity: 0.5,
      scorer: 'magnitude',
      distribution: { kind: 'uniform' },
      pattern: { kind: 'unstructured' },
      schedule: { kind: 'constant' },
      method: { kind: 'prune' },
      rounding: 'round',
      seed: 0,
    });
    for (const input of [
      r,
      full,
      { pattern: { kind: 'nm', keep: 1, of: 8 }, method: { kind: 'sdgf', sparseSteps: 100 } },
      {
        sparsity: 0.75,
        pattern: { kind: 'block', out: 4, in: 4 },
        distribution: { kind: 'global', normalize: true },
      },
      { schedule: { kind: 'imp', rounds: 5, roundSteps: 100 }, distribution: 'global' },
      { pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'srste', scorer: 'snip' },
      {
        sparsity: 0.5,
        pattern: { kind: 'channel', axis: 'in', norm: 'l2' },
        method: { kind: 'mdgf', decay: 'linear', alpha: 1e-3 },
      },
    ] as const) {
      const parsed = parseRecipe(input as never);
      const text = recipeToJSON(parsed);
      expect(parseRecipe(text)).toEqual(parsed);
      expect(recipeToJSON(text)).toBe(text);
      expect(JSON.parse(text)).toEqual(parsed);
    }
    expect(parseRecipe(full)).toEqual(full);
  });

  it('derives the sparsity of N:M recipes and rejects a conflicting one', () => {
    expect(parseRecipe({ pattern: { kind: 'nm', keep: 1, of: 4 } }).sparsity).toBe(0.75);
    expectCode(
      () => parseRecipe({ sparsity: 0.9, pattern: { kind: 'nm', keep: 2, of: 4 } }),
      'SPARSELAND__MASKS__RECIPE_INVALID',
      "parseRecipe: argument 'recipe.sparsity' must be omitted or 0.5 (the 'nm' pattern fixes the density); got 0.9.",
    );
  });

  it('names the offending field in every error', () => {
    const cases: [unknown, string][] = [
      ['{ not json', "'recipe' must be valid JSON"],
      [[1, 2], "'recipe' must be an object"],
      [{ sparsity: 0.5, version: 2 }, "'recipe.version' must be 1"],
      [{ sparsity: 0.5, sparsty: 1 }, "'recipe.sparsty' must not be set (known fields:"],
      [{}, "'recipe.sparsity' must be given"],
      [{ sparsity: 1 }, "'recipe.sparsity' must be a number in [0, 1)"],
      [
        { sparsity: 0.5, scorer: 'magnitud' },
        "'recipe.scorer' must be a known scorer (magnitude, random, saliency, taylor, gradient)",
      ],
      [{ sparsity: 0.5, distribution: 'erkk' }, "'recipe.distribution.kind' must be a known distribution"],
      [{ sparsity: 0.5, distribution: { kind: 'erk', power: -1 } }, "'recipe.distribution.power' must be"],
      [
        { sparsity: 0.5, pattern: { kind: 'nm', keep: 5, of: 4 } },
        "'recipe.pattern.keep' must be at most of (4)",
      ],
      [{ sparsity: 0.5, pattern: { kind: 'blocks' } }, "'recipe.pattern.kind' must be a known pattern kind"],
      [
        { sparsity: 0.5, schedule: { kind: 'gradual', start: 100, end: 50, frequency: 10 } },
        "'recipe.schedule.end' must be > start (100); got 50.",
      ],
      [
        { sparsity: 0.5, schedule: { kind: 'gradual', start: 0, end: 50 } },
        "'recipe.schedule.frequency' must be an integer >= 1",
      ],
      [{ sparsity: 0.5, schedule: 'linear' }, "'recipe.schedule.kind' must be a known schedule"],
      [
        { sparsity: 0.5, method: 'rigll' },
        "'recipe.method.kind' must be a known method (prune, ste, srste, mdgf, sdgf, bdwp, set, rigl)",
      ],
      [{ sparsity: 0.5, method: { kind: 'srste', lambda: -1 } }, "'recipe.method.lambda' must be"],
      [{ sparsity: 0.5, method: 'bdwp' }, "'recipe.pattern.kind' must be 'nm' for the bdwp method"],
      [
        { sparsity: 0.5, method: { kind: 'sdgf', sparseSteps: 10 } },
        "'recipe.pattern.kind' must be 'nm' for the sdgf method",
      ],
      [
        { pattern: { kind: 'nm', keep: 2, of: 4 }, distribution: 'global' },
        "'recipe.distribution.kind' must not be 'global'",
      ],
      [
        { sparsity: 0.5, method: 'ste', schedule: { kind: 'imp', rounds: 2, roundSteps: 10 } },
        "'recipe.schedule.kind' must not be 'imp'",
      ],
      [{ sparsity: 0.5, rounding: 'nearest' }, "'recipe.rounding' must be one of 'round', 'floor', 'ceil'"],
      [{ sparsity: 0.5, seed: -1 }, "'recipe.seed' must be an integer >= 0"],
      [{ sparsity: 0.5, include: 'layers.*' }, "'recipe.include' must be an array of name globs"],
      [
        { sparsity: 0.5, layouts: { w: ['out', 'rows'] } },
        "'recipe.layouts['w'][1]' must be 'out', 'in', 'kh', 'kw' or an integer",
      ],
    ];
    for (const [input, fragment] of cases)
      expectCode(() => parseRecipe(input as never), 'SPARSELAND__MASKS__RECIPE_INVALID', fragment);
  });

  it('labels runs along the axes of spec §1.7', () => {
    expect(runLabel({ sparsity: 0.9, method: 'rigl', distribution: 'erk' })).toEqual({
      pattern: 'unstructured',
      stage: 'during-training',
      dynamics: 'dynamic',
      start: 'sparse',
      scope: 'layerwise',
      distribution: 'erk',
      seeds: [0],
    });
    expect(runLabel({ sparsity: 0.5 })).toMatchObject({
      stage: 'before-training',
      dynamics: 'static',
      start: 'sparse',
    });
    expect(runLabel({ pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'srste' })).toMatchObject({
      pattern: 'nm 2:4 in',
      dynamics: 'dynamic',
      start: 'dense',
    });
    expect(
      runLabel({ sparsity: 0.8, distribution: 'global', schedule: { kind: 'oneShot', step: 100 } }),
    ).toMatchObject({
      scope: 'global',
      start: 'dense',
      stage: 'during-training',
    });
  });
});
