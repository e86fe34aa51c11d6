/** Argument checks shared by the formats and the public ops. */
import { Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';

/** Dtypes sparse values may have: `float32`, or `float64` (cpu only, for references and gradient checks). */
export type ValueDType = 'float32' | 'float64';

/** Whether `d` is a value dtype. */
export function isValueDType(d: unknown): d is ValueDType {
  return d === 'float32' || d === 'float64';
}

/** Short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} tensor of shape [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v))
    return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** Check that `v` is an integer in `[min, max]`. */
export function checkInt(
  v: unknown,
  fn: string,
  arg: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, `be ${range}`, describe(v));
  }
  return v;
}

/** Check a finite number. */
export function checkNumber(v: unknown, fn: string, arg: string, allowInfinite = false): number {
  if (typeof v !== 'number' || Number.isNaN(v) || (!allowInfinite && !Number.isFinite(v))) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      `be a ${allowInfinite ? '' : 'finite '}number`,
      describe(v),
    );
  }
  return v;
}

/** Check a matrix shape `[rows, cols]` of non-negative integers. */
export function checkShape2(shape: unknown, fn: string, arg = 'shape'): [number, number] {
  if (
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d < 2 ** 31)
  ) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      'be [rows, cols] with non-negative integers below 2^31',
      Array.isArray(shape) ? `[${shape.join(', ')}]` : describe(shape),
    );
  }
  return [shape[0] as number, shape[1] as number];
}

/** Check `v` is one of `options`. */
export function checkOneOf<T extends string | number | boolean>(
  v: unknown,
  options: readonly T[],
  fn: string,
  arg: string,
): T {
  if (!options.includes(v as T)) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      `be one of ${options.map((o) => (typeof o === 'string' ? `'${o}'` : String(o))).join(', ')}`,
      describe(v),
    );
  }
  return v as T;
}

/** Integer array from user input (checking every entry is an integer in int32 range). */
export function toInt32Array(v: unknown, fn: string, arg: string): Int32Array {
  if (v instanceof Int32Array) return v;
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) {
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be an array of integers', describe(v));
  }
  const src = v as ArrayLike<number>;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) {
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, `${arg}[${i}]`, 'be an int32 integer', describe(x));
    }
    out[i] = x;
  }
  return out;
}

/** Float array of dtype `dtype` from user input. */
export function toValueArray(
  v: unknown,
  dtype: ValueDType,
  fn: string,
  arg: string,
): Float32Array | Float64Array {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) {
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be an array of numbers', describe(v));
  }
  const src = v as ArrayLike<number>;
  for (let i = 0; i < src.length; i++) {
    if (typeof src[i] !== 'number') {
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, `${arg}[${i}]`, 'be a number', describe(src[i]));
    }
  }
  return dtype === 'float64' ? Float64Array.from(src) : Float32Array.from(src);
}

/** Check a structure tensor: live, int32, rank 1. */
export function checkIndexTensor(t: unknown, fn: string, arg: string): Tensor {
  if (!(t instanceof Tensor))
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be a Tensor', describe(t));
  t.assertLive(fn);
  if (t.dtype !== 'int32') fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, arg, 'have dtype int32', t.dtype);
  if (t.rank !== 1)
    fail('SPARSELAND__KERNELS__LENGTH_MISMATCH', fn, arg, 'be 1-D', `shape [${t.shape.join(', ')}]`);
  return t;
}

/** Check a values tensor: live, float32 or float64. */
export function checkValuesTensor(t: unknown, fn: string, arg = 'values'): Tensor {
  if (!(t instanceof Tensor))
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be a Tensor', describe(t));
  t.assertLive(fn);
  if (!isValueDType(t.dtype)) {
    fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, arg, 'have dtype float32 or float64', t.dtype);
  }
  return t;
}

/**
 * A dense float operand: tensors must have dtype `dtype`; other values become tensors of that dtype.
 * With `rank`, the rank must match (any of several when an array is given).
 */
export function denseOperand(
  x: TensorLike,
  fn: string,
  arg: string,
  dtype: ValueDType,
  rank?: number | readonly number[],
): Tensor {
  let t: Tensor;
  if (x instanceof Tensor) {
    x.assertLive(fn);
    t = x;
    if (t.dtype !== dtype) {
      fail(
        'SPARSELAND__KERNELS__DTYPE_MISMATCH',
        fn,
        arg,
        `have dtype ${dtype} (the sparse values' dtype)`,
        t.dtype,
      );
    }
  } else {
    if (!(typeof x === 'number' || Array.isArray(x) || ArrayBuffer.isView(x))) {
      fail(
        'SPARSELAND__KERNELS__INVALID_ARGUMENT',
        fn,
        arg,
        'be a tensor, nested arrays or a typed array',
        describe(x),
      );
    }
    t = tensor(x as Exclude<TensorLike, Tensor>, { dtype });
  }
  if (rank !== undefined) {
    const ranks = typeof rank === 'number' ? [rank] : rank;
    if (!ranks.includes(t.rank)) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        arg,
        `have rank ${ranks.join(' or ')}`,
        `shape [${t.shape.join(', ')}]`,
      );
    }
  }
  return t;
}

/** 32-bit words from user input: u32 values (≥ 2^31) wrap to int32. */
export function toWordArray(v: unknown, fn: string, arg: string): Int32Array {
  if (v instanceof Int32Array) return v;
  if (v instanceof Uint32Array)
    return new Int32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) {
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be an array of 32-bit words', describe(v));
  }
  const src = v as ArrayLike<number>;
  return toInt32Array(
    Array.from(src, (w) => (typeof w === 'number' && w >= 2 ** 31 && w < 2 ** 32 ? w - 2 ** 32 : w)),
    fn,
    arg,
  );
}
