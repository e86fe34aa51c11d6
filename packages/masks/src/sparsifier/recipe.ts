/**
 * Recipes: scorer + distribution + pattern + schedule + method as one JSON value that round-trips (spec
 * §11). {@link parseRecipe} validates a recipe (object or JSON text) and fills every default, so
 * `parseRecipe(recipeToJSON(r))` deep-equals `r`.
 *
 * @module
 */
import { isSparselandError, SparselandError } from '@sparseland/core';
import type { Distribution } from '../distributions/distribution.js';
import { checkDistribution } from '../distributions/registry.js';
import { fail } from '../errors.js';
import { checkInt, checkOneOf, checkSparsity, describe, ROUNDINGS } from '../internal/checks.js';
import { checkLayout } from '../internal/layout.js';
import type { MethodSpec } from '../methods/method.js';
import { checkMethod, getMethod } from '../methods/registry.js';
import { checkPattern, getPattern } from '../patterns/registry.js';
import { makeSchedule } from '../schedules/registry.js';
import type { ScheduleSpec } from '../schedules/schedule.js';
import { getScorer } from '../scorers/registry.js';
import type { AxisName, Pattern, Rounding } from '../types.js';

/** The recipe format version this package reads and writes. */
export const RECIPE_VERSION = 1;

/** A validated recipe with every default filled in. */
export interface Recipe {
  /** Format version (1). */
  version: 1;
  /** Final sparsity of the eligible tensors, in `[0, 1)`; for N:M (and `rowGroup` with `keepFrac`) it is `1 − density`. */
  sparsity: number;
  /** Scorer name (`magnitude`, `random`, `saliency`/`snip`, `taylor`, `gradient`, or a registered one). Default `'magnitude'`. */
  scorer: string;
  /** Layer-wise distribution. Default `{ kind: 'uniform' }`. */
  distribution: Distribution;
  /** Pattern. Default `{ kind: 'unstructured' }`. */
  pattern: Pattern;
  /** Schedule. Default `{ kind: 'constant' }`. */
  schedule: ScheduleSpec;
  /** Training method. Default `{ kind: 'prune' }`. */
  method: MethodSpec;
  /** Globs of parameter names to prune (default: every tensor of rank >= 2 outside embeddings and norms). */
  include?: string[];
  /** Globs of parameter names never pruned. */
  exclude?: string[];
  /** Axis roles by parameter name (default PyTorch's: `[out, in]`, `[out, in, kh, kw]`). */
  layouts?: Record<string, AxisName[]>;
  /** How fractions become counts. Default `'round'`. */
  rounding: Rounding;
  /** Seed of every random choice (random scores, SET growth, drop noise). Default 0. */
  seed: number;
}

/** What {@link parseRecipe} accepts: a recipe with optional fields, as an object or JSON text. */
export type RecipeInput =
  | string
  | (Partial<Omit<Recipe, 'distribution' | 'schedule' | 'method'>> & {
      /** A distribution, or just its `kind` (defaults for the rest). */
      distribution?: Distribution | Distribution['kind'];
      /** A schedule, or just its `kind` (defaults for the rest). */
      schedule?: ScheduleSpec | ScheduleSpec['kind'];
      /** A method, or just its `kind` (defaults for the rest). */
      method?: MethodSpec | MethodSpec['kind'];
    });

const FIELDS = [
  'version',
  'sparsity',
  'scorer',
  'distribution',
  'pattern',
  'schedule',
  'method',
  'include',
  'exclude',
  'layouts',
  'rounding',
  'seed',
];

/** Re-throw any masks argument error as `RECIPE_INVALID`, with `spec.` paths mapped to the recipe field. */
function asRecipeError<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (
      isSparselandError(e) &&
      e.code.startsWith('SPARSELAND__MASKS__') &&
      e.code !== 'SPARSELAND__MASKS__RECIPE_INVALID'
    ) {
      const c = e.context as {
        fn: string;
        arg: string;
        expected: string;
        actual: string | number | boolean | null;
      };
      const arg = c.arg.startsWith('spec')
        ? `recipe.${field}${c.arg.slice(4)}`
        : c.arg.startsWith('recipe.')
          ? c.arg
          : `recipe.${c.arg}`;
      throw new SparselandError('SPARSELAND__MASKS__RECIPE_INVALID', {
        fn: 'parseRecipe',
        arg,
        expected: c.expected,
        actual: c.actual,
      });
    }
    throw e;
  }
}

function bad(arg: string, expected: string, actual: unknown): never {
  fail('SPARSELAND__MASKS__RECIPE_INVALID', 'parseRecipe', arg, expected, describe(actual));
}

function stringList(v: unknown, arg: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) bad(arg, 'be an array of name globs', v);
  return [...(v as string[])];
}

/**
 * Validate a recipe and fill in its defaults.
 *
 * @param input - A recipe object or its JSON text.
 * @returns The complete recipe (a new object).
 * @throws `SparselandError` `SPARSELAND__MASKS__RECIPE_INVALID` whose `arg` is the path of the bad field,
 *   e.g. "parseRecipe: argument 'recipe.schedule.end' must be > start (100); got 50."
 * @example
 * ```ts
 * const r = parseRecipe({
 *   sparsity: 0.9,
 *   distribution: 'erk',
 *   schedule: { kind: 'gradual', start: 0, end: 1000, frequency: 100 },
 * });
 * parseRecipe(recipeToJSON(r)); // deep-equals r
 * ```
 */
export function parseRecipe(input: RecipeInput | Recipe): Recipe {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      bad('recipe', 'be valid JSON', (e as Error).message);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('recipe', 'be an object', raw);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r))
    if (!FIELDS.includes(k)) bad(`recipe.${k}`, `not be set (known fields: ${FIELDS.join(', ')})`, r[k]);
  if (r.version !== undefined && r.version !== RECIPE_VERSION)
    bad('recipe.version', `be ${RECIPE_VERSION}`, r.version);

  const pattern = asRecipeError('pattern', () =>
    checkPattern(r.pattern ?? { kind: 'unstructured' }, 'parseRecipe', 'recipe.pattern'),
  );
  const fixed = getPattern(pattern.kind).fixedDensity?.(pattern);
  let sparsity: number;
  if (fixed !== undefined) {
    sparsity = 1 - fixed;
    if (
      r.sparsity !== undefined &&
      (typeof r.sparsity !== 'number' || Math.abs(r.sparsity - sparsity) > 1e-12)
    ) {
      bad(
        'recipe.sparsity',
        `be omitted or ${sparsity} (the '${pattern.kind}' pattern fixes the density)`,
        r.sparsity,
      );
    }
  } else {
    const sched = r.schedule as { kind?: unknown } | string | undefined;
    const isImp = sched === 'imp' || (typeof sched === 'object' && sched !== null && sched.kind === 'imp');
    if (r.sparsity === undefined && !isImp)
      bad('recipe.sparsity', 'be given (a number in [0, 1))', undefined);
    sparsity = asRecipeError('sparsity', () =>
      checkSparsity(r.sparsity ?? 0, 'parseRecipe', 'recipe.sparsity'),
    );
  }
  const scorer = r.scorer ?? 'magnitude';
  if (typeof scorer !== 'string') bad('recipe.scorer', 'be a scorer name', scorer);
  asRecipeError('scorer', () => getScorer(scorer, 'parseRecipe', 'recipe.scorer'));
  const distribution = asRecipeError('distribution', () =>
    checkDistribution(r.distribution ?? { kind: 'uniform' }, 'parseRecipe', 'recipe.distribution'),
  );
  const schedule = asRecipeError('schedule', () =>
    makeSchedule(r.schedule ?? { kind: 'constant' }, 'parseRecipe', 'recipe.schedule'),
  ).spec as ScheduleSpec;
  const method = asRecipeError('method', () =>
    checkMethod(r.method ?? { kind: 'prune' }, 'parseRecipe', 'recipe.method'),
  );
  const impl = getMethod(method.kind);
  asRecipeError('pattern', () => impl.checkPattern?.(method, pattern, 'parseRecipe'));
  if (impl.dst !== undefined && pattern.kind !== 'unstructured') {
    bad(
      'recipe.pattern.kind',
      `be 'unstructured' for '${method.kind}' (structured dynamic sparse training is not implemented)`,
      pattern.kind,
    );
  }
  if (impl.storage === 'dense' && schedule.kind === 'imp') {
    bad(
      'recipe.schedule.kind',
      `not be 'imp' with the '${method.kind}' method (IMP needs masked weights: use 'prune')`,
      'imp',
    );
  }
  if (distribution.kind === 'global' && fixed !== undefined) {
    bad(
      'recipe.distribution.kind',
      `not be 'global' with a '${pattern.kind}' pattern (its density is fixed)`,
      'global',
    );
  }
  if (distribution.kind === 'global' && pattern.kind === 'rowGroup' && pattern.rowBalanced !== false) {
    bad('recipe.pattern.rowBalanced', "be false with a 'global' distribution", true);
  }
  const rounding = asRecipeError('rounding', () =>
    checkOneOf(r.rounding ?? 'round', ROUNDINGS, 'parseRecipe', 'recipe.rounding'),
  );
  const seed = asRecipeError('seed', () => checkInt(r.seed ?? 0, 'parseRecipe', 'recipe.seed'));
  const out: Recipe = {
    version: 1,
    sparsity,
    scorer,
    distribution,
    pattern,
    schedule,
    method,
    rounding,
    seed,
  };
  if (r.include !== undefined) out.include = stringList(r.include, 'recipe.include');
  if (r.exclude !== undefined) out.exclude = stringList(r.exclude, 'recipe.exclude');
  if (r.layouts !== undefined) {
    if (typeof r.layouts !== 'object' || r.layouts === null || Array.isArray(r.layouts))
      bad('recipe.layouts', 'be an object of layouts by name', r.layouts);
    const layouts: Record<string, AxisName[]> = {};
    for (const [name, l] of Object.entries(r.layouts as Record<string, unknown>)) {
      layouts[name] = asRecipeError('layouts', () =>
        checkLayout(l, Array.isArray(l) ? l.length : -1, 'parseRecipe', `recipe.layouts['${name}']`),
      );
    }
    out.layouts = layouts;
  }
  return out;
}

/**
 * The canonical JSON text of a recipe (validated first; every default written out).
 *
 * @example
 * ```ts
 * recipeToJSON({ sparsity: 0.5, pattern: { kind: 'nm', keep: 2, of: 4 } });
 * ```
 */
export function recipeToJSON(recipe: RecipeInput | Recipe, space: number | string = 2): string {
  return JSON.stringify(parseRecipe(recipe), null, space);
}

/** The run label of spec §1.7, for checkpoints and logs. */
export interface RunLabel {
  /** Pattern, e.g. `'unstructured'`, `'nm 2:4 in'`, `'block 4x1'`. */
  pattern: string;
  /** When pruning happens. */
  stage: 'before-training' | 'during-training' | 'after-training';
  /** Whether the topology changes during training. */
  dynamics: 'static' | 'dynamic';
  /** Whether training starts dense or sparse. */
  start: 'dense' | 'sparse';
  /** One threshold for all tensors, or per tensor. */
  scope: 'global' | 'layerwise';
  /** Distribution kind. */
  distribution: string;
  /** Seeds. */
  seeds: number[];
}

function patternLabel(p: Pattern): string {
  switch (p.kind) {
    case 'nm':
      return `nm ${p.keep}:${p.of} ${p.axis ?? 'in'}`;
    case 'nmTransposable':
      return `nmTransposable ${p.keep}:${p.of}${p.exact ? ' exact' : ''}`;
    case 'block':
      return `block ${p.out}x${p.in}`;
    case 'channel':
      return `channel ${p.axis ?? 'out'} ${p.norm ?? 'l1'}`;
    case 'rowGroup':
      return `rowGroup g=${p.g}`;
    default:
      return p.kind;
  }
}

/**
 * The run label of a recipe (spec §1.7: the axes most cross-category comparisons confuse).
 *
 * @example
 * ```ts
 * runLabel({ sparsity: 0.9, method: 'rigl', distribution: 'erk' });
 * // { pattern: 'unstructured', stage: 'during-training', dynamics: 'dynamic', start: 'sparse', scope: 'layerwise', distribution: 'erk', seeds: [0] }
 * ```
 */
export function runLabel(recipe: RecipeInput | Recipe): RunLabel {
  const r = parseRecipe(recipe);
  const impl = getMethod(r.method.kind);
  const dynamic = impl.dst !== undefined || impl.storage === 'dense' || r.schedule.kind === 'periodic';
  const startsSparse =
    r.schedule.kind === 'constant' || (r.schedule.kind === 'oneShot' && (r.schedule.step ?? 0) === 0);
  return {
    pattern: patternLabel(r.pattern),
    stage:
      startsSparse && impl.dst === undefined && impl.storage === 'masked'
        ? 'before-training'
        : 'during-training',
    dynamics: dynamic ? 'dynamic' : 'static',
    start: startsSparse && impl.storage === 'masked' ? 'sparse' : 'dense',
    scope: r.distribution.kind === 'global' ? 'global' : 'layerwise',
    distribution: r.distribution.kind,
    seeds: [r.seed],
  };
}
