import type { Tolerance } from './tolerance.js';

/** Outcome of {@link compareClose}: whether every element is close, and the first one that is not. */
export interface CloseReport {
  /** Whether the arrays have the same length and every element is within tolerance. */
  ok: boolean;
  /** Flat index of the first mismatching element (absent when `ok` or when the lengths differ). */
  index?: number;
  /** The same position as a multi-index, when a shape was given. */
  position?: number[];
  /** Value found there. */
  actual?: number;
  /** Value expected there. */
  expected?: number;
  /** Number of mismatching elements. */
  mismatches: number;
  /** A one-line description of the first problem, or `'ok'`. */
  message: string;
}

/**
 * Whether `actual` is within `tol` of `expected`: `|a - e| <= atol + rtol * |e|`, where NaN equals NaN
 * and an infinity equals only the same infinity.
 *
 * @example
 * ```ts
 * closeTo(1.000001, 1, { rtol: 1e-5, atol: 0 }); // true
 * closeTo(Number.NaN, Number.NaN, { rtol: 0, atol: 0 }); // true
 * ```
 */
export function closeTo(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (Number.isNaN(actual)) return false;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    out[i] = d === 0 ? 0 : rest % d;
    rest = d === 0 ? 0 : Math.floor(rest / d);
  }
  return out;
}

/**
 * Compare two arrays elementwise with {@link closeTo} and report the first mismatch (with its
 * multi-index when `shape` is given). Framework-free: tests assert on `ok` and print `message`.
 *
 * @param actual - Values computed by the backend under test.
 * @param expected - Reference values.
 * @param tol - Allowed deviation; `{ rtol: 0, atol: 0 }` demands exact equality.
 * @param shape - Shape of both arrays, used only to describe the mismatching position.
 * @example
 * ```ts
 * const r = compareClose(await y.data(), [1, 2, 3], toleranceFor(y.dtype));
 * if (!r.ok) throw new Error(r.message);
 * ```
 */
export function compareClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  shape?: readonly number[],
): CloseReport {
  if (actual.length !== expected.length) {
    return {
      ok: false,
      mismatches: Math.abs(actual.length - expected.length),
      message: `length ${actual.length} differs from the expected ${expected.length}`,
    };
  }
  let first = -1;
  let mismatches = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!closeTo(actual[i]!, expected[i]!, tol)) {
      if (first < 0) first = i;
      mismatches++;
    }
  }
  if (first < 0) return { ok: true, mismatches: 0, message: 'ok' };
  const a = actual[first]!;
  const e = expected[first]!;
  const position = shape === undefined ? undefined : unravel(first, shape);
  const where = position === undefined ? `index ${first}` : `index ${first} [${position.join(', ')}]`;
  return {
    ok: false,
    index: first,
    ...(position === undefined ? {} : { position }),
    actual: a,
    expected: e,
    mismatches,
    message:
      `${mismatches} of ${expected.length} elements differ; first at ${where}: got ${a}, expected ${e} ` +
      `(|diff| ${Math.abs(a - e)}, allowed ${tol.atol} + ${tol.rtol} * |expected|)`,
  };
}
