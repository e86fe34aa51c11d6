/**
 * Compressed sparse columns: the CSR of the transpose (spec §2.2).
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
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
import { pack16, packedLength, unpackIndices } from '../internal/index-width.js';
import { takeValues } from '../internal/take.js';
import type { CsrAttrs, IndexWidth } from '../kernel-names.js';
import {
  countingSortPerm,
  type Entries,
  expandPointers,
  permuteEntries,
  pointersOf,
  SparseMatrixBase,
  TRUSTED,
  tidyMatrix,
  transposeEntries,
} from './base.js';
import { checkCompressed, checkIndexWidth } from './compressed.js';
import { share } from './csr.js';
import { denseSource } from './dense.js';

/** A CSC matrix given as plain arrays (indices unpacked). */
export interface CscArrays {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** `cols + 1` pointers, from 0 to nnz, never decreasing. */
  colPtr: ArrayLike<number>;
  /** Row of each entry, strictly increasing within a column. */
  rowIdx: ArrayLike<number>;
  /** Value of each entry. */
  values: ArrayLike<number>;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
  /** 16-bit row indices (rows ≤ 65 536). Default 32. */
  indexWidth?: IndexWidth;
}

/** A CSC matrix given as tensors (the matrix takes ownership). */
export interface CscTensors {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** int32 `[cols + 1]`. */
  colPtr: Tensor;
  /** int32 `[nnz]` (`[⌈nnz/2⌉]` packed with 16-bit indices). */
  rowIdx: Tensor;
  /** float32/float64 `[nnz]`. */
  values: Tensor;
  /** Default 32. */
  indexWidth?: IndexWidth;
}

/** Options of {@link CscMatrix.fromDense}. */
export interface CscOptions {
  /** Store where the mask is nonzero; default where `x ≠ 0`. */
  mask?: TensorLike;
  /** 16-bit row indices (rows ≤ 65 536). Default 32. */
  indexWidth?: IndexWidth;
}

function checkCscHost(
  fn: string,
  shape: readonly [number, number],
  colPtr: Int32Array,
  rowIdx: Int32Array,
  nValues: number,
): void {
  checkCompressed(fn, { ptr: 'colPtr', idx: 'rowIdx', major: 'column' }, shape[1], shape[0], colPtr, rowIdx);
  if (nValues !== rowIdx.length) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have length nnz = ${rowIdx.length}`,
      `length ${nValues}`,
    );
  }
}

function readPackedRows(t: Tensor, width: IndexWidth, nnz: number, fn: string): Int32Array {
  if (t.size !== packedLength(nnz, width)) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'rowIdx',
      `have length ${packedLength(nnz, width)} (nnz = ${nnz})`,
      `length ${t.size}`,
    );
  }
  const stored = readInt32(t);
  if (width === 16 && nnz % 2 === 1 && stored[stored.length - 1]! >>> 16 !== 0) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'rowIdx',
      'have a zero upper half in its last element (odd nnz)',
      stored[stored.length - 1]! >>> 16,
    );
  }
  return unpackIndices(stored, width, nnz);
}

/**
 * A sparse matrix in compressed sparse columns: `colPtr [cols+1]`, `rowIdx [nnz]` (strictly increasing
 * per column), `values [nnz]`. Its arrays are exactly the CSR arrays of the transpose.
 *
 * @example
 * ```ts
 * const a = CscMatrix.fromDense([[1, 0], [2, 3]]);
 * a.colPtr.dataSync(); // Int32Array [0, 2, 3]
 * ```
 * @group Formats
 */
export class CscMatrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'csc' as const;
  /** int32 `[cols + 1]`. */
  readonly colPtr: Tensor;
  /** int32 `[nnz]` (`[⌈nnz/2⌉]` when `indexWidth` is 16). */
  readonly rowIdx: Tensor;
  /** Width of the stored row indices. */
  readonly indexWidth: IndexWidth;

  /** @internal Use the static factories. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    nnz: number,
    colPtr: Tensor,
    rowIdx: Tensor,
    values: Tensor,
    indexWidth: IndexWidth,
  ) {
    super(shape, nnz, values);
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    this.indexWidth = indexWidth;
  }

  /**
   * Build from plain arrays, checking every invariant.
   *
   * @example
   * ```ts
   * CscMatrix.fromArrays({ shape: [2, 2], colPtr: [0, 2, 2], rowIdx: [0, 1], values: [1, 2] });
   * ```
   */
  static fromArrays(a: CscArrays): CscMatrix {
    const fn = 'CscMatrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const width = checkIndexWidth(a.indexWidth ?? 32, shape[0], fn, 'rows');
    const colPtr = toInt32Array(a.colPtr, fn, 'colPtr');
    const rowIdx = toInt32Array(a.rowIdx, fn, 'rowIdx');
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    checkCscHost(fn, shape, colPtr, rowIdx, values.length);
    return new CscMatrix(
      TRUSTED,
      shape,
      rowIdx.length,
      structureTensor(colPtr),
      structureTensor(width === 16 ? pack16(rowIdx) : rowIdx),
      tensor(values, { dtype }),
      width,
    );
  }

  /**
   * Wrap existing tensors after checking every invariant (reads them on the host). The matrix owns them.
   *
   * @example
   * ```ts
   * CscMatrix.fromTensors({ shape: [2, 1], colPtr: tensor([0, 1], { dtype: 'int32' }),
   *   rowIdx: tensor([1], { dtype: 'int32' }), values: tensor([4]) });
   * ```
   */
  static fromTensors(t: CscTensors): CscMatrix {
    const fn = 'CscMatrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    const width = checkIndexWidth(t.indexWidth ?? 32, shape[0], fn, 'rows');
    checkIndexTensor(t.colPtr, fn, 'colPtr');
    checkIndexTensor(t.rowIdx, fn, 'rowIdx');
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
    const nnz = t.values.size;
    checkCscHost(fn, shape, readInt32(t.colPtr), readPackedRows(t.rowIdx, width, nnz, fn), nnz);
    return new CscMatrix(TRUSTED, shape, nnz, t.colPtr, t.rowIdx, t.values, width);
  }

  /**
   * Store the nonzeros of a dense matrix (or the entries a mask selects).
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[0, 2], [3, 0]]).rowIdx.dataSync(); // Int32Array [1, 0]
   * ```
   */
  static fromDense(x: TensorLike, opts: CscOptions = {}): CscMatrix {
    const fn = 'CscMatrix.fromDense';
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return CscMatrix.fromEntries(d.entries, d.source, opts, fn);
    });
  }

  /** @internal Build from row-major unique entries. */
  static fromEntries(e: Entries, source: Tensor, opts: Omit<CscOptions, 'mask'>, fn: string): CscMatrix {
    const width = checkIndexWidth(opts.indexWidth ?? 32, e.rows, fn, 'rows');
    // stable sort by column keeps rows increasing within each column
    const byCol = permuteEntries(e, countingSortPerm(e.col, e.cols));
    return new CscMatrix(
      TRUSTED,
      [e.rows, e.cols],
      e.row.length,
      structureTensor(pointersOf(byCol.col, e.cols)),
      structureTensor(width === 16 ? pack16(byCol.row) : byCol.row),
      takeValues(source, byCol.src),
      width,
    );
  }

  /**
   * The same structure with other values (`[nnz]`); shares the structure buffers and owns `values`.
   *
   * @example
   * ```ts
   * const b = a.withValues(tensor([1, 2, 3]));
   * ```
   */
  withValues(values: Tensor): CscMatrix {
    const fn = 'CscMatrix.withValues';
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
    return new CscMatrix(
      TRUSTED,
      this.shape,
      this.nnz,
      share(this.colPtr),
      share(this.rowIdx),
      values,
      this.indexWidth,
    );
  }

  /** `nnz·(bv+bi) + 4(cols+1)`. */
  bytes(): number {
    return this.nnz * (this.valueBytes + (this.indexWidth === 16 ? 2 : 4)) + 4 * (this.cols + 1);
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    return [this.colPtr, this.rowIdx, this.values];
  }

  /** @internal Attributes of the CSR of the transpose that these arrays are. */
  transposedAttrs(): CsrAttrs {
    return { rows: this.cols, cols: this.rows, nnz: this.nnz, indexWidth: this.indexWidth };
  }

  /** @internal */
  entries(): Entries {
    const colPtr = readInt32(this.colPtr);
    const t: Entries = {
      rows: this.cols,
      cols: this.rows,
      row: expandPointers(colPtr, this.cols, this.nnz),
      col: unpackIndices(readInt32(this.rowIdx), this.indexWidth, this.nnz),
      src: Int32Array.from({ length: this.nnz }, (_, i) => i),
    };
    return transposeEntries(t);
  }

  /** @internal Re-check every invariant. */
  validate(fn: string): void {
    checkCscHost(
      fn,
      this.shape,
      readInt32(this.colPtr),
      readPackedRows(this.rowIdx, this.indexWidth, this.nnz, fn),
      this.values.size,
    );
  }
}
