import { SparselandError } from '../errors/sparseland-error.js';

/** @internal Check that a hyperparameter is a finite number within `[min, max)` or `[min, max]`. */
export function checkNumber(
  value: unknown,
  fn: string,
  arg: string,
  range: { min?: number; max?: number; maxExclusive?: boolean; minExclusive?: boolean } = {},
): number {
  const { min, max, maxExclusive = false, minExclusive = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    const lo = min === undefined ? '' : `${minExclusive ? '>' : '>='} ${min}`;
    const hi = max === undefined ? '' : `${maxExclusive ? '<' : '<='} ${max}`;
    const bounds = [lo, hi].filter((s) => s !== '').join(' and ');
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: `be a finite number${bounds === '' ? '' : ` ${bounds}`}`,
      actual: typeof value === 'number' ? value : String(value),
    });
  }
  return value as number;
}

/** @internal Check a count: an integer `>= min`. */
export function checkInteger(value: unknown, fn: string, arg: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: `be an integer >= ${min}`,
      actual: typeof value === 'number' ? value : String(value),
    });
  }
  return value;
}

/** @internal Check that an options argument is a plain object (or undefined). */
export function checkOptions(opts: unknown, fn: string): void {
  if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'opts',
      expected: 'be an options object',
      actual: opts === null ? 'null' : Array.isArray(opts) ? 'an array' : typeof opts,
    });
  }
}
