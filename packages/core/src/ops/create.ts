import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { checkShape, fmtShape, sizeOf } from '../internal/shape.js';
import { allocate, type DType, isDType, type TypedArray } from '../tensor/dtype.js';
import { Tensor, type Variable } from '../tensor/tensor.js';

/** Anything an op accepts where a tensor is expected: a tensor, a number, a boolean, nested arrays or a typed array. */
export type TensorLike = Tensor | number | boolean | TypedArray | readonly TensorLikeArray[];
/** Nested arrays of numbers or booleans. */
export type TensorLikeArray = number | boolean | readonly TensorLikeArray[];

/** Options of {@link tensor}. */
export interface TensorOptions {
  /** Element type; inferred by default (`float32` for numbers, `bool` for booleans, the typed array's own). */
  dtype?: DType;
  /** Shape; inferred from nesting by default. Must match the number of values. */
  shape?: readonly number[];
}

function inferShape(values: unknown, fn: string, arg: string): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  // check that every branch is rectangular
  const check = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(v) || (typeof v !== 'number' && typeof v !== 'boolean')) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn,
          arg: `${arg}${path}`,
          expected: 'be a number or a boolean (nested arrays must be rectangular)',
          actual: Array.isArray(v) ? `an array of length ${v.length}` : typeof v,
        });
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: `${arg}${path}`,
        expected: `be an array of length ${shape[depth]} (nested arrays must be rectangular)`,
        actual: Array.isArray(v) ? `length ${v.length}` : typeof v,
      });
    }
    for (let i = 0; i < v.length; i++) check(v[i], depth + 1, `${path}[${i}]`);
  };
  check(values, 0, '');
  return shape;
}

function flatten(values: unknown, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flatten(v, out);
  else out.push(values as number | boolean);
}

function dtypeOfTyped(v: TypedArray): DType {
  return v instanceof Int32Array
    ? 'int32'
    : v instanceof Uint8Array
      ? 'uint8'
      : v instanceof Float64Array
        ? 'float64'
        : 'float32';
}

/** @internal Validate a dtype argument (INVALID_ARGUMENT naming `fn` and `arg`). */
export function checkDType(dtype: unknown, fn: string, arg = 'dtype'): DType {
  if (!isDType(dtype)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: "be one of 'float32', 'int32', 'uint8', 'bool', 'float64'",
      actual: String(dtype),
    });
  }
  return dtype;
}

/** @internal Build a tensor from JavaScript values (always copies). */
export function fromValues(
  values: Exclude<TensorLike, Tensor>,
  opts: TensorOptions,
  fn: string,
  arg: string,
): Tensor {
  if (opts.dtype !== undefined) checkDType(opts.dtype, fn);
  let flat: ArrayLike<number | boolean>;
  let shape: number[];
  let inferred: DType;
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    shape = [values.length];
    inferred = dtypeOfTyped(values as TypedArray);
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [values];
    shape = [];
    inferred = typeof values === 'boolean' ? 'bool' : 'float32';
  } else if (Array.isArray(values)) {
    shape = inferShape(values, fn, arg);
    const list: (number | boolean)[] = [];
    flatten(values, list);
    flat = list;
    inferred = list.length > 0 && typeof list[0] === 'boolean' ? 'bool' : 'float32';
  } else {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a tensor, a number, a boolean, nested arrays or a typed array',
      actual: values === null ? 'null' : typeof values,
    });
  }
  if (opts.shape !== undefined) {
    const s = checkShape(opts.shape, fn, 'shape');
    if (sizeOf(s) !== flat.length) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: 'shape',
        expected: `hold exactly the ${flat.length} given values`,
        actual: `${fmtShape(s)} (${sizeOf(s)} values)`,
      });
    }
    shape = s;
  }
  const dtype = opts.dtype ?? inferred;
  const out = allocate(dtype, flat.length);
  const truncate = dtype === 'int32' || dtype === 'uint8';
  for (let i = 0; i < flat.length; i++) {
    const v = Number(flat[i]);
    out[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : truncate ? (Number.isFinite(v) ? Math.trunc(v) : 0) : v;
  }
  return engine.makeTensor(out, shape, dtype, fn);
}

/**
 * Create a tensor from values on the active backend. Values are copied.
 *
 * @param values - A number, boolean, nested arrays, or a typed array.
 * @param opts - Optional dtype and shape.
 * @throws {@link SparselandError} INVALID_ARGUMENT for ragged arrays or bad dtypes, SHAPE_MISMATCH when `shape` does not fit.
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]);            // float32 [2, 2]
 * const b = tensor([1, 2, 3, 4], { shape: [2, 2], dtype: 'int32' });
 * ```
 */
export function tensor(values: Exclude<TensorLike, Tensor>, opts: TensorOptions = {}): Tensor {
  return fromValues(values, opts, 'tensor', 'values');
}

/**
 * A rank-0 tensor.
 *
 * @example
 * ```ts
 * scalar(3).shape; // []
 * ```
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return fromValues(value, dtype === undefined ? {} : { dtype }, 'scalar', 'value');
}

/** @internal Accept a TensorLike argument: tensors pass through (checked live), other values become tensors. */
export function toTensor(x: TensorLike, arg: string, fn: string, dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    x.assertLive(fn);
    return x;
  }
  return fromValues(x, dtype === undefined ? {} : { dtype }, fn, arg);
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @example
 * ```ts
 * full([2, 2], 7).dataSync(); // Float32Array [7, 7, 7, 7]
 * ```
 */
export function full(shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  return filled(shape, value, dtype, 'full');
}

function filled(
  shape: readonly number[],
  value: number | boolean,
  dtype: DType | undefined,
  fn: string,
): Tensor {
  const s = checkShape(shape, fn);
  const d = checkDType(dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32'), fn);
  const v = Number(value);
  const values = allocate(d, sizeOf(s));
  values.fill(d === 'bool' ? (v !== 0 ? 1 : 0) : v); // bool is stored as 0/1, whatever the value
  return engine.makeTensor(values, s, d, fn);
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * zeros([2, 3]).shape; // [2, 3]
 * ```
 */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return filled(shape, 0, dtype, 'zeros');
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * ones([3], 'int32').dataSync(); // Int32Array [1, 1, 1]
 * ```
 */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return filled(shape, 1, dtype, 'ones');
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: Tensor): Tensor {
  x.assertLive('zerosLike');
  return filled(x.shape, 0, x.dtype, 'zerosLike');
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: Tensor): Tensor {
  x.assertLive('onesLike');
  return filled(x.shape, 1, x.dtype, 'onesLike');
}

function checkFinite(v: number, fn: string, arg: string): void {
  if (!Number.isFinite(v)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a finite number',
      actual: v,
    });
  }
}

/**
 * Values from `start` (inclusive) to `stop` (exclusive) in steps of `step`, as NumPy's `arange`.
 * With one argument, counts from 0 to `start`.
 *
 * @example
 * ```ts
 * arange(5).dataSync();       // Float32Array [0, 1, 2, 3, 4]
 * arange(1, 2, 0.25).size;    // 4
 * ```
 */
export function arange(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  checkDType(dtype, 'arange');
  checkFinite(lo, 'arange', 'start');
  checkFinite(hi, 'arange', 'stop');
  checkFinite(step, 'arange', 'step');
  if (step === 0) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'arange',
      arg: 'step',
      expected: 'be nonzero',
      actual: 0,
    });
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const values = allocate(dtype, n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return engine.makeTensor(values, [n], dtype, 'arange');
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5).dataSync(); // Float32Array [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  checkDType(dtype, 'linspace');
  checkFinite(start, 'linspace', 'start');
  checkFinite(stop, 'linspace', 'stop');
  if (!Number.isInteger(num) || num < 0) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'linspace',
      arg: 'num',
      expected: 'be a non-negative integer',
      actual: num,
    });
  }
  const values = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return engine.makeTensor(values, [num], dtype, 'linspace');
}

/**
 * Identity matrix `[n, m]` (square by default).
 *
 * @example
 * ```ts
 * eye(2).arraySync(); // [[1, 0], [0, 1]]
 * ```
 */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  checkShape([n, m], 'eye', 'n, m');
  checkDType(dtype, 'eye');
  const values = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return engine.makeTensor(values, [n, m], dtype, 'eye');
}

/**
 * A mutable {@link Variable} holding a copy of `init`'s value. It is never disposed by `tidy`.
 *
 * @example
 * ```ts
 * const w = variable(zeros([3]), { name: 'w' });
 * ```
 */
export function variable(init: TensorLike, opts: { name?: string; trainable?: boolean } = {}): Variable {
  const t = toTensor(init, 'init', 'variable');
  const v = engine.makeVariable(t, opts.name ?? `variable_${engine.newTensorId()}`, opts.trainable ?? true);
  if (t !== init) t.dispose(); // a temporary made from JavaScript values; the variable keeps its buffer
  return v;
}
