/**
 * Coordinate lists (spec §2.2): the interchange format.
 *
 * @module
 */
import { scatterAdd, type Tensor, type TensorLike, tensor, zeros } from '@sparseland/core';
import { fail } from '../errors.js';
import {
  checkIndexTensor,
  checkShape2,
  checkValuesTensor,
  describe,
  toInt32Array,
  toValueArray,
  type ValueDType,
} from '../internal/checks.js';
import { readInt32, structureTensor } from '../internal/host.js';
import { takeValues } from '../internal/take.js';
import { type Entries, SparseMatrixBase, TRUSTED, tidyMatrix } from './base.js';
import { share } from './csr.js';
import { denseSource } from './dense.js';

/** A COO matrix given as plain arrays. */
export interface CooArrays {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** Row of each entry. */
  row: ArrayLike<number>;
  /** Column of each entry. */
  col: ArrayLike<number>;
  /** Value of each entry (duplicates sum). */
  values: ArrayLike<number>;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
  /** Sort by (row, col) and sum duplicates (see {@link CooMatrix.coalesce}). Default false. */
  coalesce?: boolean;
}

/** A COO matrix given as tensors (the matrix takes ownership). */
export interface CooTensors {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** int32 `[nnz]`. */
  row: Tensor;
  /** int32 `[nnz]`. */
  col: Tensor;
  /** float32/float64 `[nnz]`. */
  values: Tensor;
}

/** Options of {@link CooMatrix.fromDense}. */
export interface CooOptions {
  /** Store where the mask is nonzero; default where `x ≠ 0`. */
  mask?: TensorLike;
}

function checkCooHost(
  fn: string,
  shape: readonly [number, number],
  row: Int32Array,
  col: Int32Array,
  nValues: number,
): boolean {
  if (col.length !== row.length) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'col',
      `have the length of row (${row.length})`,
      `length ${col.length}`,
    );
  }
  if (nValues !== row.length) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have the length of row (${row.length})`,
      `length ${nValues}`,
    );
  }
  let canonical = true;
  for (let p = 0; p < row.length; p++) {
    const r = row[p]!;
    const c = col[p]!;
    if (r < 0 || r >= shape[0])
      fail('SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE', fn, `row[${p}]`, `lie in [0, ${shape[0]})`, r);
    if (c < 0 || c >= shape[1])
      fail('SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE', fn, `col[${p}]`, `lie in [0, ${shape[1]})`, c);
    if (p > 0 && (r < row[p - 1]! || (r === row[p - 1]! && c <= col[p - 1]!))) canonical = false;
  }
  return canonical;
}

/**
 * A sparse matrix as coordinate lists `row`, `col`, `values` (each `[nnz]`). `canonical` means sorted by
 * (row, col) without duplicates; a non-canonical COO may hold duplicates, which sum.
 *
 * @example
 * ```ts
 * const a = CooMatrix.fromArrays({ shape: [2, 2], row: [1, 0, 1], col: [0, 1, 0], values: [1, 2, 3] });
 * a.canonical; // false
 * a.coalesce().values.dataSync(); // Float32Array [2, 4]
 * ```
 * @group Formats
 */
export class CooMatrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'coo' as const;
  /** int32 `[nnz]`. */
  readonly row: Tensor;
  /** int32 `[nnz]`. */
  readonly col: Tensor;
  /** Whether sorted by (row, col) without duplicates (computed, never claimed). */
  readonly canonical: boolean;

  /** @internal Use the static factories. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    nnz: number,
    row: Tensor,
    col: Tensor,
    values: Tensor,
    canonical: boolean,
  ) {
    super(shape, nnz, values);
    this.row = row;
    this.col = col;
    this.canonical = canonical;
  }

  /**
   * Build from plain arrays, checking lengths and bounds; `coalesce: true` sorts and sums duplicates.
   *
   * @example
   * ```ts
   * CooMatrix.fromArrays({ shape: [3, 3], row: [0, 2], col: [1, 2], values: [1, 2] }).canonical; // true
   * ```
   */
  static fromArrays(a: CooArrays): CooMatrix {
    const fn = 'CooMatrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const row = toInt32Array(a.row, fn, 'row');
    const col = toInt32Array(a.col, fn, 'col');
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    const canonical = checkCooHost(fn, shape, row, col, values.length);
    const m = new CooMatrix(
      TRUSTED,
      shape,
      row.length,
      structureTensor(row),
      structureTensor(col),
      tensor(values, { dtype }),
      canonical,
    );
    if (a.coalesce !== true || canonical) return m;
    const c = m.coalesce();
    m.dispose();
    return c;
  }

  /**
   * Wrap existing tensors after checking lengths and bounds (reads them). The matrix owns them.
   *
   * @example
   * ```ts
   * CooMatrix.fromTensors({ shape: [2, 2], row: tensor([1], { dtype: 'int32' }),
   *   col: tensor([0], { dtype: 'int32' }), values: tensor([5]) });
   * ```
   */
  static fromTensors(t: CooTensors): CooMatrix {
    const fn = 'CooMatrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    checkIndexTensor(t.row, fn, 'row');
    checkIndexTensor(t.col, fn, 'col');
    checkValuesTensor(t.values, fn);
    if (t.values.rank !== 1) {
      fail(
        'SPARSELAND__KERNELS__LENGTH_MISMATCH',
        fn,
        'values',
        'be 1-D',
        `shape [${t.values.shape.join(', ')}]`,
      );
    }
    const canonical = checkCooHost(fn, shape, readInt32(t.row), readInt32(t.col), t.values.size);
    return new CooMatrix(TRUSTED, shape, t.values.size, t.row, t.col, t.values, canonical);
  }

  /**
   * Store the nonzeros of a dense matrix (row-major, so the result is canonical).
   *
   * @example
   * ```ts
   * CooMatrix.fromDense([[0, 2], [3, 0]]).row.dataSync(); // Int32Array [0, 1]
   * ```
   */
  static fromDense(x: TensorLike, opts: CooOptions = {}): CooMatrix {
    const fn = 'CooMatrix.fromDense';
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return CooMatrix.fromEntries(d.entries, d.source);
    });
  }

  /** @internal Build from row-major unique entries (canonical). */
  static fromEntries(e: Entries, source: Tensor): CooMatrix {
    return new CooMatrix(
      TRUSTED,
      [e.rows, e.cols],
      e.row.length,
      structureTensor(e.row),
      structureTensor(e.col),
      takeValues(source, e.src),
      true,
    );
  }

  /**
   * The canonical form: sorted by (row, col), duplicates summed (with core's `scatterAdd`, so gradients
   * flow). A canonical matrix returns a copy sharing its buffers.
   *
   * @example
   * ```ts
   * coo.coalesce().canonical; // true
   * ```
   */
  coalesce(): CooMatrix {
    this.assertLive('CooMatrix.coalesce', 'this');
    if (this.canonical)
      return new CooMatrix(
        TRUSTED,
        this.shape,
        this.nnz,
        share(this.row),
        share(this.col),
        share(this.values),
        true,
      );
    const row = readInt32(this.row);
    const col = readInt32(this.col);
    const order = Int32Array.from({ length: this.nnz }, (_, i) => i).sort(
      (a, b) => row[a]! - row[b]! || col[a]! - col[b]! || a - b,
    );
    const dst = new Int32Array(this.nnz);
    const ur: number[] = [];
    const uc: number[] = [];
    for (const p of order) {
      const n = ur.length;
      if (n === 0 || ur[n - 1] !== row[p] || uc[n - 1] !== col[p]) {
        ur.push(row[p]!);
        uc.push(col[p]!);
      }
      dst[p] = ur.length - 1;
    }
    return tidyMatrix(
      () =>
        new CooMatrix(
          TRUSTED,
          this.shape,
          ur.length,
          structureTensor(ur),
          structureTensor(uc),
          this.nnz === 0
            ? zeros([0], this.values.dtype)
            : scatterAdd(zeros([ur.length], this.values.dtype), tensor(dst, { dtype: 'int32' }), this.values),
          true,
        ),
    );
  }

  /**
   * The same coordinates with other values (`[nnz]`); shares the index buffers and owns `values`.
   *
   * @example
   * ```ts
   * const b = a.withValues(tensor([1, 2]));
   * ```
   */
  withValues(values: Tensor): CooMatrix {
    const fn = 'CooMatrix.withValues';
    this.assertLive(fn, 'this');
    checkValuesTensor(values, fn);
    if (values.rank !== 1 || values.size !== this.nnz) {
      fail(
        'SPARSELAND__KERNELS__LENGTH_MISMATCH',
        fn,
        'values',
        `have shape [${this.nnz}]`,
        `shape [${values.shape.join(', ')}]`,
      );
    }
    return new CooMatrix(
      TRUSTED,
      this.shape,
      this.nnz,
      share(this.row),
      share(this.col),
      values,
      this.canonical,
    );
  }

  /** `nnz·(bv + 2·bi)`. */
  bytes(): number {
    return this.nnz * (this.valueBytes + 8);
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    return [this.row, this.col, this.values];
  }

  /** @internal Entries in stored order (row-major and unique only when canonical). */
  entries(): Entries {
    return {
      rows: this.rows,
      cols: this.cols,
      row: readInt32(this.row),
      col: readInt32(this.col),
      src: Int32Array.from({ length: this.nnz }, (_, i) => i),
    };
  }

  /** @internal Re-check every invariant (and that `canonical` tells the truth). */
  validate(fn: string): void {
    const canonical = checkCooHost(
      fn,
      this.shape,
      readInt32(this.row),
      readInt32(this.col),
      this.values.size,
    );
    if (this.canonical && !canonical) {
      fail(
        'SPARSELAND__KERNELS__INDEX_UNSORTED',
        fn,
        'row',
        'be sorted by (row, col) without duplicates (canonical)',
        'unsorted or duplicated entries',
      );
    }
  }
}
