/**
 * From a sparsity to a count of kept entries (spec §1.2).
 *
 * @module
 */
import { checkInt, checkOneOf, checkSparsity, ROUNDINGS } from './internal/checks.js';
import type { Rounding } from './types.js';

/** Snap values within a few ulps of an integer to it, so that `0.7 * 10` counts as 7, not 7.000000000000001. */
function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : x;
}

/** Round half to even, as `numpy.round` / `jnp.round` (jaxpruner). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Number of entries (or units) kept out of `n` at sparsity `s`.
 *
 * - `'round'` (default): `max(1, round(n·(1−s)))`, rounding half to even like jaxpruner's `jnp.round`.
 * - `'floor'`: prunes `floor(s·n)` entries (jaxpruner's ERK); keeps `max(1, n − floor(s·n))`.
 * - `'ceil'`: prunes `ceil(s·n)` entries (open_lth); keeps `max(1, n − ceil(s·n))`.
 *
 * Products within 1e-9 (relative) of an integer count as that integer. `n = 0` keeps 0.
 *
 * @param n - Number of candidates.
 * @param s - Sparsity in `[0, 1)`.
 * @param rounding - Rounding mode.
 * @throws `SparselandError` `SPARSELAND__MASKS__OUT_OF_RANGE` for `s` outside `[0, 1)` or a bad `n`.
 * @example
 * ```ts
 * keepCount(10, 0.25);          // 8 (round(7.5) to even)
 * keepCount(10, 0.25, 'floor'); // 8 (prunes floor(2.5) = 2)
 * keepCount(10, 0.25, 'ceil');  // 7 (prunes ceil(2.5) = 3)
 * keepCount(10, 0.99);          // 1 (at least one entry is kept)
 * ```
 */
export function keepCount(n: number, s: number, rounding: Rounding = 'round'): number {
  const fn = 'keepCount';
  checkInt(n, fn, 'n');
  checkSparsity(s, fn, 's');
  checkOneOf(rounding, ROUNDINGS, fn, 'rounding');
  return keepCountUnchecked(n, s, rounding);
}

/** @internal {@link keepCount} without validation. */
export function keepCountUnchecked(n: number, s: number, rounding: Rounding): number {
  if (n === 0) return 0;
  let keep: number;
  switch (rounding) {
    case 'round':
      keep = roundHalfEven(snap(n * (1 - s)));
      break;
    case 'floor':
      keep = n - Math.floor(snap(s * n));
      break;
    case 'ceil':
      keep = n - Math.ceil(snap(s * n));
      break;
  }
  return Math.min(n, Math.max(1, keep));
}
