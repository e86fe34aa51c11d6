/**
 * The scorer registry: every built-in scorer is one line here; {@link registerScorer} adds more.
 *
 * @module
 */
import type { Tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { checkInt, describe } from '../internal/checks.js';
import { Registry } from '../internal/registry.js';
import type { ParamRef } from '../types.js';
import { gradientScorer } from './gradient.js';
import { magnitudeScorer } from './magnitude.js';
import { randomScorer } from './random.js';
import { saliencyScorer } from './saliency.js';
import type { ScoreContext, Scorer } from './scorer.js';
import { taylorScorer } from './taylor.js';

const registry = new Registry<Scorer>(
  'scorer',
  'registerScorer',
  [magnitudeScorer, randomScorer, saliencyScorer, taylorScorer, gradientScorer].map(
    (s) => [s.name, s] as const,
  ),
  { snip: 'saliency' },
);

/**
 * Register a scorer under its name (replacing one of the same name).
 *
 * @example
 * ```ts
 * registerScorer({ name: 'squared', needsGrad: false, score: (_p, { w }) => square(w) });
 * ```
 */
export function registerScorer(scorer: Scorer): void {
  registry.set(scorer.name, scorer);
}

/** The registered scorer names (aliases not included). */
export function scorerNames(): string[] {
  return registry.names();
}

/**
 * The scorer of a name (`'snip'` is an alias of `'saliency'`).
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME`:
 *   "getScorer: argument 'name' must be a known scorer (magnitude, random, saliency, taylor, gradient); add one with registerScorer(); got 'magnitud'."
 * @example
 * ```ts
 * getScorer('magnitude').score(ref, { w, step: 0, seed: 0 }); // |w|
 * ```
 */
export function getScorer(name: string, fn = 'getScorer', arg = 'name'): Scorer {
  return registry.get(name, fn, arg);
}

/**
 * Score a parameter with a named scorer, checking that a gradient is present when the scorer needs one.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__MISSING_INPUT` when the scorer needs `g` and none is given;
 *   `SHAPE_MISMATCH` when `w` or `g` does not have `p.shape`.
 * @example
 * ```ts
 * const s = score('saliency', ref, { w, g, step: 0, seed: 0 }); // |w ⊙ g|
 * ```
 */
export function score(name: string, p: ParamRef, ctx: ScoreContext): Tensor {
  const fn = 'score';
  const scorer = getScorer(name, fn, 'name');
  checkInt(ctx.step, fn, 'ctx.step');
  checkInt(ctx.seed, fn, 'ctx.seed');
  const same = (t: Tensor) => t.shape.length === p.shape.length && t.shape.every((d, i) => d === p.shape[i]);
  if (!same(ctx.w))
    fail(
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      fn,
      'ctx.w',
      `have shape [${p.shape.join(', ')}]`,
      describe(ctx.w),
    );
  if (scorer.needsGrad) {
    if (ctx.g === undefined) {
      fail(
        'SPARSELAND__MASKS__MISSING_INPUT',
        fn,
        'ctx.g',
        `be given: scorer '${scorer.name}' needs the gradient (pass grads to Sparsifier.step, or use 'magnitude')`,
        'undefined',
      );
    }
    if (!same(ctx.g))
      fail(
        'SPARSELAND__MASKS__SHAPE_MISMATCH',
        fn,
        'ctx.g',
        `have shape [${p.shape.join(', ')}]`,
        describe(ctx.g),
      );
  }
  return scorer.score(p, ctx);
}
