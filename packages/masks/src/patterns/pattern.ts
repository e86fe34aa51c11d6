/**
 * The contract of a sparsity pattern: one file per pattern kind (see `registry.ts`).
 *
 * @module
 */
import type { Units } from '../internal/units.js';
import type { AxisName, Pattern, Pool, Rounding } from '../types.js';

/** What a pattern sees when it turns scores into a mask. */
export interface PatternContext {
  /** Entry scores, flat row-major (higher = keep). */
  scores: ArrayLike<number>;
  /** Shape of the parameter. */
  shape: readonly number[];
  /** Role of each axis. */
  layout: readonly AxisName[];
  /** Target sparsity of this tensor, in `[0, 1)` (ignored by patterns that fix their own density). */
  sparsity: number;
  /** How the sparsity becomes a count. */
  rounding: Rounding;
  /** Name of the calling function, for errors. */
  fn: string;
}

/**
 * One pattern kind: validation (with defaults filled in), the mask, and optionally its units (for global
 * allocation across tensors) and the density it fixes by itself.
 */
export interface PatternImpl<
  P extends {
    /** Registry name of the spec. */
    kind: string;
  } = Pattern,
> {
  /** The `kind` it handles. */
  readonly kind: P['kind'];
  /** Check a pattern value and return it with every default filled in. */
  validate(p: Record<string, unknown>, fn: string, arg: string): P;
  /** The 0/1 mask (flat, row-major) for the given scores. */
  mask(p: P, ctx: PatternContext): Uint8Array;
  /** The density this pattern fixes by itself (N:M: keep/of), or undefined when a distribution decides. */
  fixedDensity?(p: P): number | undefined;
  /** The units of a tensor, for one global ranking across tensors; absent when the pattern cannot be global. */
  units?(
    p: P,
    shape: readonly number[],
    layout: readonly AxisName[],
    fn: string,
  ): {
    /** The partition of the tensor's entries into units. */
    units: Units;
    /** How a unit's score pools its entries' scores. */
    pool: Pool;
  };
}
