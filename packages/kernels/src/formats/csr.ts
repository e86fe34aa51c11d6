/**
 * Compressed sparse rows (spec §2.2).
 *
 * @module
 */
import { reshape, type Tensor, type TensorLike, tensor } from '@sparseland/core';
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
import { readInt32, shareHostCopy, structureTensor } from '../internal/host.js';
import { pack16, packedLength, unpackIndices } from '../internal/index-width.js';
import { takeValues } from '../internal/take.js';
import type { CsrAttrs, IndexWidth } from '../kernel-names.js';
import { type Entries, expandPointers, pointersOf, SparseMatrixBase, TRUSTED, tidyMatrix } from './base.js';
import { checkCompressed, checkIndexWidth, rowOrderOf } from './compressed.js';
import { denseSource } from './dense.js';

/** A CSR matrix given as plain arrays (indices unpacked, whatever `indexWidth` is). */
export interface CsrArrays {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** `rows + 1` pointers, from 0 to nnz, never decreasing. */
  rowPtr: ArrayLike<number>;
  /** Column of each entry, strictly increasing within a row. */
  colIdx: ArrayLike<number>;
  /** Value of each entry. */
  values: ArrayLike<number>;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
  /** Store indices in 16 bits (cols ≤ 65 536). Default 32. */
  indexWidth?: IndexWidth;
  /** Also store the rows sorted by length (a scheduling hint; results never depend on it). */
  rowOrder?: boolean;
}

/** A CSR matrix given as tensors (the matrix takes ownership of them). */
export interface CsrTensors {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** int32 `[rows + 1]`. */
  rowPtr: Tensor;
  /** int32 `[nnz]`, or `[⌈nnz/2⌉]` packed when `indexWidth` is 16. */
  colIdx: Tensor;
  /** float32/float64 `[nnz]`. */
  values: Tensor;
  /** Default 32. */
  indexWidth?: IndexWidth;
  /** int32 `[rows]`: rows by length, descending, ties by index. */
  rowOrder?: Tensor;
}

/** Options of {@link CsrMatrix.fromDense}. */
export interface CsrOptions {
  /** Store where the mask is nonzero (explicit zeros included); default: where `x ≠ 0`. */
  mask?: TensorLike;
  /** 16-bit column indices (cols ≤ 65 536). Default 32. */
  indexWidth?: IndexWidth;
  /** Store the rows sorted by length. Default false. */
  rowOrder?: boolean;
}

/** Check host CSR arrays; returns nothing, throws the broken invariant. */
function checkCsrHost(
  fn: string,
  shape: readonly [number, number],
  rowPtr: Int32Array,
  colIdx: Int32Array,
  nValues: number,
  rowOrder: Int32Array | undefined,
): void {
  checkCompressed(fn, { ptr: 'rowPtr', idx: 'colIdx', major: 'row' }, shape[0], shape[1], rowPtr, colIdx);
  if (nValues !== colIdx.length) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have length nnz = ${colIdx.length}`,
      `length ${nValues}`,
    );
  }
  if (rowOrder !== undefined) {
    const expected = rowOrderOf(rowPtr, shape[0]);
    if (rowOrder.length !== expected.length || rowOrder.some((v, i) => v !== expected[i])) {
      fail(
        'SPARSELAND__KERNELS__ROW_ORDER_INVALID',
        fn,
        'rowOrder',
        `be the rows sorted by length, descending, ties by index ([${expected.slice(0, 8).join(', ')}${expected.length > 8 ? ', …' : ''}])`,
        `[${rowOrder.slice(0, 8).join(', ')}${rowOrder.length > 8 ? ', …' : ''}]`,
      );
    }
  }
}

/** Read and check the stored (possibly packed) column indices of a tensor. */
function readPacked(t: Tensor, width: IndexWidth, nnz: number, fn: string, arg: string): Int32Array {
  if (t.size !== packedLength(nnz, width)) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      arg,
      `have length ${packedLength(nnz, width)} (nnz = ${nnz}${width === 16 ? ', two 16-bit indices per element' : ''})`,
      `length ${t.size}`,
    );
  }
  const stored = readInt32(t);
  if (width === 16 && nnz % 2 === 1 && stored[stored.length - 1]! >>> 16 !== 0) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      arg,
      'have a zero upper half in its last element (odd nnz)',
      stored[stored.length - 1]! >>> 16,
    );
  }
  return unpackIndices(stored, width, nnz);
}

/**
 * A sparse matrix in compressed sparse rows: `rowPtr [rows+1]`, `colIdx [nnz]` (strictly increasing per
 * row) and `values [nnz]`, optionally with 16-bit indices and a row order for scheduling.
 *
 * @example
 * ```ts
 * const a = CsrMatrix.fromArrays({ shape: [2, 3], rowPtr: [0, 1, 3], colIdx: [2, 0, 1], values: [5, 6, 7] });
 * a.nnz; // 3
 * toDense(a).arraySync(); // [[0, 0, 5], [6, 7, 0]]
 * ```
 * @group Formats
 */
export class CsrMatrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'csr' as const;
  /** int32 `[rows + 1]`. */
  readonly rowPtr: Tensor;
  /** int32 `[nnz]` (`[⌈nnz/2⌉]` when `indexWidth` is 16). */
  readonly colIdx: Tensor;
  /** Width of the stored column indices. */
  readonly indexWidth: IndexWidth;
  /** int32 `[rows]` rows sorted by length, when stored. */
  readonly rowOrder: Tensor | undefined;

  /** @internal Use the static factories; this constructor trusts its arguments. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    nnz: number,
    rowPtr: Tensor,
    colIdx: Tensor,
    values: Tensor,
    indexWidth: IndexWidth,
    rowOrder?: Tensor,
  ) {
    super(shape, nnz, values);
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.indexWidth = indexWidth;
    this.rowOrder = rowOrder;
  }

  /**
   * Build from plain arrays, checking every invariant (pointers, bounds, sortedness, lengths). The checks
   * run on the host before the upload, so it works on every backend, `webgpu` included.
   *
   * @throws `SparselandError` `SPARSELAND__KERNELS__*` naming the broken invariant.
   * @example
   * ```ts
   * CsrMatrix.fromArrays({ shape: [2, 2], rowPtr: [0, 1, 1], colIdx: [1], values: [3] });
   * ```
   */
  static fromArrays(a: CsrArrays): CsrMatrix {
    const fn = 'CsrMatrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const width = checkIndexWidth(a.indexWidth ?? 32, shape[1], fn, 'cols');
    const rowPtr = toInt32Array(a.rowPtr, fn, 'rowPtr');
    const colIdx = toInt32Array(a.colIdx, fn, 'colIdx');
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    checkCsrHost(fn, shape, rowPtr, colIdx, values.length, undefined);
    const order = a.rowOrder === true ? rowOrderOf(rowPtr, shape[0]) : undefined;
    return new CsrMatrix(
      TRUSTED,
      shape,
      colIdx.length,
      structureTensor(rowPtr),
      structureTensor(width === 16 ? pack16(colIdx) : colIdx),
      tensor(values, { dtype }),
      width,
      order === undefined ? undefined : structureTensor(order),
    );
  }

  /**
   * Wrap existing tensors after checking every invariant (reads them on the host). The matrix owns them.
   *
   * @example
   * ```ts
   * CsrMatrix.fromTensors({ shape: [1, 2], rowPtr: tensor([0, 1], { dtype: 'int32' }),
   *   colIdx: tensor([1], { dtype: 'int32' }), values: tensor([4]) });
   * ```
   */
  static fromTensors(t: CsrTensors): CsrMatrix {
    const fn = 'CsrMatrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    const width = checkIndexWidth(t.indexWidth ?? 32, shape[1], fn, 'cols');
    checkIndexTensor(t.rowPtr, fn, 'rowPtr');
    checkIndexTensor(t.colIdx, fn, 'colIdx');
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
    const rowPtr = readInt32(t.rowPtr);
    const nnz = t.values.size;
    const colIdx = readPacked(t.colIdx, width, nnz, fn, 'colIdx');
    if (t.rowOrder !== undefined) checkIndexTensor(t.rowOrder, fn, 'rowOrder');
    checkCsrHost(
      fn,
      shape,
      rowPtr,
      colIdx,
      nnz,
      t.rowOrder === undefined ? undefined : readInt32(t.rowOrder),
    );
    return new CsrMatrix(TRUSTED, shape, nnz, t.rowPtr, t.colIdx, t.values, width, t.rowOrder);
  }

  /**
   * Store the nonzeros of a dense matrix (or the entries a mask selects, explicit zeros included).
   * Values are gathered with core ops, so gradients flow back to `x`.
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[0, 2], [3, 0]]).nnz; // 2
   * ```
   */
  static fromDense(x: TensorLike, opts: CsrOptions = {}): CsrMatrix {
    const fn = 'CsrMatrix.fromDense';
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return CsrMatrix.fromEntries(d.entries, d.source, opts, fn);
    });
  }

  /** @internal Build from row-major unique entries whose `src` index the flat `source` values. */
  static fromEntries(e: Entries, source: Tensor, opts: Omit<CsrOptions, 'mask'>, fn: string): CsrMatrix {
    const width = checkIndexWidth(opts.indexWidth ?? 32, e.cols, fn, 'cols');
    const rowPtr = pointersOf(e.row, e.rows);
    return new CsrMatrix(
      TRUSTED,
      [e.rows, e.cols],
      e.col.length,
      structureTensor(rowPtr),
      structureTensor(width === 16 ? pack16(e.col) : e.col),
      takeValues(source, e.src),
      width,
      opts.rowOrder === true ? structureTensor(rowOrderOf(rowPtr, e.rows)) : undefined,
    );
  }

  /**
   * The same structure with other values (`[nnz]`, float32/float64), e.g. a `Variable` to train. The new
   * matrix shares the structure buffers and owns `values`.
   *
   * @example
   * ```ts
   * const w = a.withValues(variable(a.values));
   * ```
   */
  withValues(values: Tensor): CsrMatrix {
    const fn = 'CsrMatrix.withValues';
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
    return new CsrMatrix(
      TRUSTED,
      this.shape,
      this.nnz,
      share(this.rowPtr),
      share(this.colIdx),
      values,
      this.indexWidth,
      this.rowOrder === undefined ? undefined : share(this.rowOrder),
    );
  }

  /** `nnz·(bv+bi) + 4(rows+1)` (plus `4·rows` with a row order). */
  bytes(): number {
    const bi = this.indexWidth === 16 ? 2 : 4;
    return (
      this.nnz * (this.valueBytes + bi) +
      4 * (this.rows + 1) +
      (this.rowOrder === undefined ? 0 : 4 * this.rows)
    );
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    const ts = [this.rowPtr, this.colIdx, this.values];
    if (this.rowOrder !== undefined) ts.push(this.rowOrder);
    return ts;
  }

  /** @internal Kernel attributes. */
  attrs(): CsrAttrs {
    return { rows: this.rows, cols: this.cols, nnz: this.nnz, indexWidth: this.indexWidth };
  }

  /** @internal Host copy of the decoded column indices. */
  hostColIdx(): Int32Array {
    return unpackIndices(readInt32(this.colIdx), this.indexWidth, this.nnz);
  }

  /** @internal */
  entries(): Entries {
    const rowPtr = readInt32(this.rowPtr);
    return {
      rows: this.rows,
      cols: this.cols,
      row: expandPointers(rowPtr, this.rows, this.nnz),
      col: this.hostColIdx(),
      src: Int32Array.from({ length: this.nnz }, (_, i) => i),
    };
  }

  /** @internal Re-check every invariant (reads the tensors). */
  validate(fn: string): void {
    const rowPtr = readInt32(this.rowPtr);
    const colIdx = readPacked(this.colIdx, this.indexWidth, this.nnz, fn, 'colIdx');
    checkCsrHost(
      fn,
      this.shape,
      rowPtr,
      colIdx,
      this.values.size,
      this.rowOrder === undefined ? undefined : readInt32(this.rowOrder),
    );
  }
}

/** @internal A new handle on `t`'s buffer (so two matrices can share structure and be disposed separately). */
export function share(t: Tensor): Tensor {
  const handle = reshape(t, t.shape);
  shareHostCopy(t, handle);
  return handle;
}
