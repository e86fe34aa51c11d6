/** Argument checks shared by the public functions. */
import { Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import type { Rounding } from '../types.js';

/** Short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} tensor of shape [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v))
    return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** Check that `v` is a plain object (for options). */
export function checkObject(v: unknown, fn: string, arg: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Tensor) {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, arg, 'be an object', describe(v));
  }
  return v as Record<string, unknown>;
}

/** Check a sparsity in `[0, 1)` (spec §1.1). */
export function checkSparsity(v: unknown, fn: string, arg = 'sparsity'): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, arg, 'be a number in [0, 1)', describe(v));
  }
  return v;
}

/** Check a density in `(0, 1]`. */
export function checkDensity(v: unknown, fn: string, arg = 'density'): number {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, arg, 'be a number in (0, 1]', describe(v));
  }
  return v;
}

/** Check an integer in `[min, max]`. */
export function checkInt(
  v: unknown,
  fn: string,
  arg: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, arg, `be ${range}`, describe(v));
  }
  return v;
}

/** Check a finite number in `[min, max]`. */
export function checkNumber(
  v: unknown,
  fn: string,
  arg: string,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range =
      min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY
        ? 'a finite number'
        : max === Number.POSITIVE_INFINITY
          ? `a finite number >= ${min}`
          : min === Number.NEGATIVE_INFINITY
            ? `a finite number <= ${max}`
            : `a number in [${min}, ${max}]`;
    fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, arg, `be ${range}`, describe(v));
  }
  return v;
}

/** Check one of a list of strings. */
export function checkOneOf<T extends string>(v: unknown, allowed: readonly T[], fn: string, arg: string): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      arg,
      `be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      describe(v),
    );
  }
  return v as T;
}

/** Check a boolean. */
export function checkBool(v: unknown, fn: string, arg: string): boolean {
  if (typeof v !== 'boolean')
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, arg, 'be a boolean', describe(v));
  return v;
}

/** The rounding modes. */
export const ROUNDINGS: readonly Rounding[] = ['round', 'floor', 'ceil'];

/** Convert a tensor-like to a tensor (float32 for plain arrays), keeping tensors as they are. */
export function asTensor(x: TensorLike, fn: string, arg: string): Tensor {
  if (x instanceof Tensor) {
    x.assertLive(fn);
    return x;
  }
  try {
    return tensor(x as Exclude<TensorLike, Tensor>);
  } catch {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      arg,
      'be a tensor or a nested array of numbers',
      describe(x),
    );
  }
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Format a shape for messages. */
export function fmtShape(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/** Reject fields an options object does not know (catches typos such as `{ kind: 'nm', n: 2 }`). */
export function onlyFields(
  p: Record<string, unknown>,
  allowed: readonly string[],
  fn: string,
  arg: string,
): void {
  for (const k of Object.keys(p)) {
    if (!allowed.includes(k)) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `${arg}.${k}`,
        `not be set (known fields: ${allowed.join(', ')})`,
        describe(p[k]),
      );
    }
  }
}
