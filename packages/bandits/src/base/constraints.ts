/**
 * Declarative parameter constraints, checked once at `fit` (scikit-learn's `_parameter_constraints`).
 *
 * @module
 */
import { invalidParam } from '../errors.js';

/** One parameter's rule: a predicate, the phrase that follows "must", and values that break it. */
export interface Constraint {
  /** Phrase after "must", e.g. `'be a number >= 0'`. */
  readonly expected: string;
  /** Whether `v` is allowed. */
  check(v: unknown): boolean;
  /** Example values that violate the rule (used by `checkEstimator` to test every error path). */
  readonly invalid: readonly unknown[];
}

/** A constraint per parameter name. */
export type Constraints<P> = { readonly [K in keyof P]-?: Constraint };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A finite number in an interval.
 *
 * @example
 * ```ts
 * interval({ min: 0 }).check(0);          // true
 * interval({ gt: 0, max: 1 }).check(0);   // false
 * ```
 */
export function interval(b: { min?: number; gt?: number; max?: number; lt?: number }): Constraint {
  const parts: string[] = [];
  const invalid: unknown[] = [Number.NaN, '1'];
  if (b.min !== undefined) {
    parts.push(`>= ${b.min}`);
    invalid.push(b.min - 1);
  }
  if (b.gt !== undefined) {
    parts.push(`> ${b.gt}`);
    invalid.push(b.gt);
  }
  if (b.max !== undefined) {
    parts.push(`<= ${b.max}`);
    invalid.push(b.max + 1);
  }
  if (b.lt !== undefined) {
    parts.push(`< ${b.lt}`);
    invalid.push(b.lt);
  }
  return {
    expected: `be a finite number${parts.length ? ` ${parts.join(' and ')}` : ''}`,
    invalid,
    check: (v) =>
      isNum(v) &&
      (b.min === undefined || v >= b.min) &&
      (b.gt === undefined || v > b.gt) &&
      (b.max === undefined || v <= b.max) &&
      (b.lt === undefined || v < b.lt),
  };
}

/** An integer `>= min` (and `<= max` if given). */
export function integer(min: number, max?: number): Constraint {
  return {
    expected: `be an integer >= ${min}${max === undefined ? '' : ` and <= ${max}`}`,
    invalid: [min - 1, min + 0.5, Number.NaN],
    check: (v) => Number.isInteger(v) && (v as number) >= min && (max === undefined || (v as number) <= max),
  };
}

/** `true` or `false`. */
export const bool: Constraint = {
  expected: 'be a boolean',
  invalid: [0, 'true'],
  check: (v) => typeof v === 'boolean',
};

/** One of the listed strings. */
export function oneOf(values: readonly string[]): Constraint {
  return {
    expected: `be one of ${values.map((v) => `'${v}'`).join(', ')}`,
    invalid: ['__unknown__', 1],
    check: (v) => typeof v === 'string' && values.includes(v),
  };
}

/** `null` or a value that passes `c`. */
export function nullable(c: Constraint): Constraint {
  return {
    expected: `be null or ${c.expected.replace(/^be /, '')}`,
    invalid: c.invalid.filter((v) => v !== null),
    check: (v) => v === null || c.check(v),
  };
}

/** A non-empty array whose every element passes `c`. */
export function arrayOf(c: Constraint): Constraint {
  return {
    expected: `be a non-empty array of values that ${c.expected}`,
    invalid: [[], 3],
    check: (v) => Array.isArray(v) && v.length > 0 && v.every((x) => c.check(x)),
  };
}

/** Either constraint. */
export function anyOf(a: Constraint, b: Constraint): Constraint {
  return {
    expected: `${a.expected}, or ${b.expected.replace(/^be /, '')}`,
    invalid: a.invalid.filter((v) => !b.check(v)),
    check: (v) => a.check(v) || b.check(v),
  };
}

/**
 * Checks every parameter against its constraint and rejects unknown names.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` naming the first bad parameter.
 * @example
 * ```ts
 * checkParams({ alpha: -1 }, { alpha: interval({ min: 0 }) }, 'Ridge.fit');
 * // throws "Ridge.fit: argument 'alpha' must be a finite number >= 0; got -1."
 * ```
 */
export function checkParams<P extends object>(params: P, constraints: Constraints<P>, fn: string): void {
  const known = Object.keys(constraints);
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw invalidParam(fn, key, `be a known parameter (${known.join(', ')})`, 'an unknown parameter');
    }
  }
  for (const key of known) {
    const c = (constraints as Record<string, Constraint>)[key]!;
    const v = (params as Record<string, unknown>)[key];
    if (!c.check(v)) throw invalidParam(fn, key, c.expected, describeValue(v));
  }
}

/** @internal */
export function describeValue(v: unknown): string | number | boolean | null {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v;
}
