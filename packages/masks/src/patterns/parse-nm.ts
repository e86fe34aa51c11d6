/**
 * N:M strings with an explicit convention (spec §1.4).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkObject, checkOneOf, describe } from '../internal/checks.js';
import type { AxisName, NMPattern } from '../types.js';
import { checkKeepOf } from './nm.js';

/** Options of {@link parseNM}. */
export interface ParseNMOptions {
  /**
   * What the first number counts: `'keep'` (SR-STE, jaxpruner, ASP, PGF, and this package) or `'prune'`
   * (TFMOT's `sparsity_m_by_n`, SparseML, INC). Default `'keep'`.
   */
  convention?: 'keep' | 'prune';
  /** Axis of the resulting pattern. Default `'in'`. */
  axis?: AxisName;
}

/**
 * Parse `"N:M"` into an `nm` pattern under an explicit convention: libraries disagree on whether N counts
 * kept or pruned entries, and 2:4 hides the difference.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_ARGUMENT` for a malformed string;
 *   `OUT_OF_RANGE` when N > M.
 * @example
 * ```ts
 * parseNM('1:4');                           // { kind: 'nm', keep: 1, of: 4, axis: 'in' }
 * parseNM('1:4', { convention: 'prune' });  // { kind: 'nm', keep: 3, of: 4, axis: 'in' }
 * ```
 */
export function parseNM(str: string, opts: ParseNMOptions = {}): NMPattern {
  const fn = 'parseNM';
  checkObject(opts, fn, 'opts');
  const convention = checkOneOf(opts.convention ?? 'keep', ['keep', 'prune'] as const, fn, 'opts.convention');
  const m = typeof str === 'string' ? /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(str) : null;
  if (m === null)
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'str', "be 'N:M' with integers", describe(str));
  const n = Number(m[1]);
  const of = Number(m[2]);
  if (convention === 'prune' && n >= of) {
    fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, 'str', 'prune fewer than M of every M (N < M)', str);
  }
  const spec = checkKeepOf(convention === 'keep' ? n : of - n, of, fn, 'str');
  return { kind: 'nm', keep: spec.keep, of: spec.of, axis: opts.axis ?? 'in' };
}
