/**
 * Error codes of `@sparseland/masks`, added to core's {@link SparselandErrorContexts} by declaration
 * merging, and the helper that throws them.
 *
 * Every code carries an {@link ArgumentContext} (`fn`, `arg`, `expected`, `actual`), so messages read
 * "fn: argument 'arg' must <expected>; got <actual>.". Codes are append-only.
 *
 * @module
 */
import { type ArgumentContext, SparselandError } from '@sparseland/core';

declare module '@sparseland/core' {
  interface SparselandErrorContexts {
    /** An option or argument has an invalid value (e.g. `keep > of`, a block of 0, a bad rounding mode). */
    SPARSELAND__MASKS__INVALID_ARGUMENT: ArgumentContext;
    /** A number lies outside its range (sparsity outside `[0, 1)`, a step before the start, ...). */
    SPARSELAND__MASKS__OUT_OF_RANGE: ArgumentContext;
    /** Shapes disagree (a mask and its parameter, a gradient and its weight, N:M groups that do not divide). */
    SPARSELAND__MASKS__SHAPE_MISMATCH: ArgumentContext;
    /** A named axis is not in the parameter's layout, or a numeric axis is out of range. */
    SPARSELAND__MASKS__AXIS_INVALID: ArgumentContext;
    /** A registry (scorers, distributions, patterns, schedules, methods) has no entry of that name. */
    SPARSELAND__MASKS__UNKNOWN_NAME: ArgumentContext;
    /** A recipe (JSON or object) is malformed; `arg` is the path of the offending field. */
    SPARSELAND__MASKS__RECIPE_INVALID: ArgumentContext;
    /** A method needs something that was not given (a gradient for saliency, an optimizer for RigL, ...). */
    SPARSELAND__MASKS__MISSING_INPUT: ArgumentContext;
    /** An object was used in the wrong state (a `Sparsifier` stepped before `prepare`, or after `finalize`). */
    SPARSELAND__MASKS__INVALID_STATE: ArgumentContext;
  }
}

/** Every error code of `@sparseland/masks`. */
export type MasksErrorCode =
  | 'SPARSELAND__MASKS__INVALID_ARGUMENT'
  | 'SPARSELAND__MASKS__OUT_OF_RANGE'
  | 'SPARSELAND__MASKS__SHAPE_MISMATCH'
  | 'SPARSELAND__MASKS__AXIS_INVALID'
  | 'SPARSELAND__MASKS__UNKNOWN_NAME'
  | 'SPARSELAND__MASKS__RECIPE_INVALID'
  | 'SPARSELAND__MASKS__MISSING_INPUT'
  | 'SPARSELAND__MASKS__INVALID_STATE';

/** @internal Throw a masks error with an argument context. */
export function fail(
  code: MasksErrorCode,
  fn: string,
  arg: string,
  expected: string,
  actual: string | number | boolean | null,
): never {
  throw new SparselandError(code, { fn, arg, expected, actual });
}
