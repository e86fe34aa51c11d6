/**
 * Input conversion: every accepted matrix and vector form becomes a validated Float64 copy.
 *
 * @module
 */
import { Tensor } from '@sparseland/core';
import type { CsrMatrix } from '@sparseland/kernels';
import { invalidInput, shapeMismatch } from '../errors.js';

/** A dense row-major matrix: `data[i * cols + j]` is row `i`, column `j`. */
export interface DenseMatrix {
  /** Row-major values, length `rows * cols`. */
  readonly data: Float64Array | Float32Array | readonly number[];
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
}

/**
 * A design matrix: nested arrays (one inner array per sample), a {@link DenseMatrix}, a 2-D core `Tensor`
 * (read with `dataSync()`), or a `@sparseland/kernels` `CsrMatrix` (kept sparse by `Lasso`, `ElasticNet`,
 * `SparseLinearRegression`, `LassoCV`, `ElasticNetCV`, `OrthogonalMatchingPursuit`,
 * `IterativeHardThresholding`, `HardThresholdingPursuit`, `lassoPath`, `enetPath` and every
 * `predict`/`score`; other estimators reject it).
 */
export type MatrixLike = readonly (readonly number[])[] | DenseMatrix | Tensor | CsrMatrix;

/** A vector: a plain array, a typed array, or a 1-D core `Tensor` (a `[n, 1]` tensor is accepted too). */
export type VectorLike = readonly number[] | Float64Array | Float32Array | Tensor;

/** A validated row-major Float64 matrix (a copy, or the caller's `Float64Array`: treat it as read-only). */

export interface Rows {
  /** Row-major values. */
  data: Float64Array;
  /** Rows. */
  rows: number;
  /** Columns. */
  cols: number;
}

function shapeOf(x: unknown): string {
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x === null) return 'null';
  return typeof x;
}

function checkFinite(data: Float64Array, fn: string, arg: string): void {
  // v * 0 is 0 for finite v and NaN for NaN or ±Infinity: four independent sums find out whether any entry
  // is bad without a branch per entry; only then is the first bad entry looked for (for the message)
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  const n4 = data.length - (data.length % 4);
  for (let i = 0; i < n4; i += 4) {
    z0 += data[i]! * 0;
    z1 += data[i + 1]! * 0;
    z2 += data[i + 2]! * 0;
    z3 += data[i + 3]! * 0;
  }
  for (let i = n4; i < data.length; i++) z0 += data[i]! * 0;
  if (z0 + z1 + z2 + z3 === 0) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) throw invalidInput(fn, `${arg}[${i}]`, 'be finite (no NaN or Infinity)', v);
  }
}

/**
 * Reads a {@link MatrixLike} into a validated row-major Float64 copy.
 * @internal
 */
export function toRows(X: MatrixLike, fn: string, arg = 'X'): Rows {
  let out: Rows;
  if (typeof X === 'object' && X !== null && (X as { kind?: unknown }).kind === 'csr' && 'rowPtr' in X) {
    throw invalidInput(
      fn,
      arg,
      'be dense here (CSR designs are taken by the coordinate-descent and greedy estimators, their CV versions, lassoPath, enetPath and predict)',
      'a CSR matrix',
    );
  }
  if (X instanceof Tensor) {
    if (X.rank !== 2) throw invalidInput(fn, arg, 'be a 2-D tensor', `rank ${X.rank}`);
    const [rows, cols] = X.shape as [number, number];
    out = { data: Float64Array.from(X.dataSync() as ArrayLike<number>), rows, cols };
  } else if (Array.isArray(X)) {
    const rows = X.length;
    if (rows === 0) throw invalidInput(fn, arg, 'have at least one row', 'an empty array');
    const first = X[0];
    if (!Array.isArray(first)) throw invalidInput(fn, `${arg}[0]`, 'be an array of numbers', shapeOf(first));
    const cols = first.length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = X[i] as unknown;
      if (!Array.isArray(row)) throw invalidInput(fn, `${arg}[${i}]`, 'be an array of numbers', shapeOf(row));
      if (row.length !== cols) {
        throw invalidInput(
          fn,
          `${arg}[${i}]`,
          `have ${cols} entries like row 0 (no ragged rows)`,
          row.length,
        );
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j] as unknown;
        if (typeof v !== 'number') throw invalidInput(fn, `${arg}[${i}][${j}]`, 'be a number', shapeOf(v));
        data[i * cols + j] = v;
      }
    }
    out = { data, rows, cols };
  } else if (typeof X === 'object' && X !== null && 'data' in X && 'rows' in X && 'cols' in X) {
    const { rows, cols, data } = X;
    if (!Number.isInteger(rows) || rows < 1)
      throw invalidInput(fn, `${arg}.rows`, 'be a positive integer', rows);
    if (!Number.isInteger(cols) || cols < 0)
      throw invalidInput(fn, `${arg}.cols`, 'be a non-negative integer', cols);
    if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
      throw invalidInput(fn, `${arg}.data`, 'be a Float64Array, Float32Array or number array', shapeOf(data));
    }
    if (data.length !== rows * cols) {
      throw shapeMismatch(fn, `${arg}.data`, `have rows * cols = ${rows * cols} values`, data.length);
    }
    // a Float64Array is used as is (callers never write to `Rows.data`); anything else is copied
    out = {
      data: data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>),
      rows,
      cols,
    };
  } else {
    throw invalidInput(
      fn,
      arg,
      'be a number[][], a { data, rows, cols } row-major matrix, a 2-D Tensor or a CSR matrix',
      shapeOf(X),
    );
  }
  if (out.rows < 1) throw invalidInput(fn, arg, 'have at least one row', out.rows);
  checkFinite(out.data, fn, arg);
  return out;
}

/**
 * Reads a {@link VectorLike} into a validated Float64 copy, optionally checking its length.
 * @internal
 */
export function toVector(
  v: VectorLike,
  fn: string,
  arg: string,
  length?: number,
  lengthWhat?: string,
): Float64Array {
  let out: Float64Array;
  if (v instanceof Tensor) {
    const ok = v.rank === 1 || (v.rank === 2 && v.shape[1] === 1);
    if (!ok) throw invalidInput(fn, arg, 'be a 1-D tensor (or [n, 1])', `shape [${v.shape.join(', ')}]`);
    out = Float64Array.from(v.dataSync() as ArrayLike<number>);
  } else if (Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array) {
    out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as unknown;
      if (typeof x !== 'number') throw invalidInput(fn, `${arg}[${i}]`, 'be a number', shapeOf(x));
      out[i] = x;
    }
  } else {
    throw invalidInput(fn, arg, 'be a number[], Float64Array, Float32Array or 1-D Tensor', shapeOf(v));
  }
  if (length !== undefined && out.length !== length) {
    throw shapeMismatch(fn, arg, `have length ${length}${lengthWhat ? ` (${lengthWhat})` : ''}`, out.length);
  }
  checkFinite(out, fn, arg);
  return out;
}

/**
 * Validates sample weights: finite, non-negative, not all zero. Returns them rescaled to sum to `n`.
 * @internal
 */
export function toSampleWeight(sw: VectorLike | undefined, n: number, fn: string): Float64Array | undefined {
  if (sw === undefined) return undefined;
  const w = toVector(sw, fn, 'sampleWeight', n, 'one weight per row of X');
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    if (v < 0) throw invalidInput(fn, `sampleWeight[${i}]`, 'be non-negative', v);
    s += v;
  }
  if (!(s > 0)) throw invalidInput(fn, 'sampleWeight', 'have a positive sum', s);
  for (let i = 0; i < n; i++) w[i] = (w[i]! * n) / s;
  return w;
}
