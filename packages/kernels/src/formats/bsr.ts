/**
 * Block sparse rows with any block shape `[br, bc]` (spec §2.2); row-group sparsity (GQSA, §2.6) is
 * BSR with block `[1, g]`.
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import {
  checkIndexTensor,
  checkInt,
  checkShape2,
  checkValuesTensor,
  describe,
  toInt32Array,
  toValueArray,
  type ValueDType,
} from '../internal/checks.js';
import { readFloat, readInt32, structureTensor } from '../internal/host.js';
import { takeValues } from '../internal/take.js';
import type { BSRMatMulAttrs } from '../kernel-names.js';
import { type Entries, pointersOf, SparseMatrixBase, TRUSTED, tidyMatrix } from './base.js';
import { checkCompressed } from './compressed.js';
import { share } from './csr.js';
import { denseSource } from './dense.js';

/** A BSR matrix given as plain arrays. */
export interface BsrArrays {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** Block shape `[br, bc]`. */
  block: readonly [number, number];
  /** Block-row pointers `[⌈rows/br⌉ + 1]`. */
  rowPtr: ArrayLike<number>;
  /** Block column of each stored block, strictly increasing per block row. */
  colIdx: ArrayLike<number>;
  /** `nnzb·br·bc` values, each block row-major; entries outside the shape must be 0. */
  values: ArrayLike<number>;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
}

/** A BSR matrix given as tensors (the matrix takes ownership). */
export interface BsrTensors {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** `[br, bc]`. */
  block: readonly [number, number];
  /** int32 `[nbr + 1]`. */
  rowPtr: Tensor;
  /** int32 `[nnzb]`. */
  colIdx: Tensor;
  /** float32/float64 `[nnzb·br·bc]`. */
  values: Tensor;
}

/** Options of {@link BsrMatrix.fromDense}. */
export interface BsrOptions {
  /** Block shape `[br, bc]`. */
  block: readonly [number, number];
  /** Entries to store (a block is stored when any of its entries is); default where `x ≠ 0`. */
  mask?: TensorLike;
}

function checkBlock(block: unknown, fn: string): [number, number] {
  if (!Array.isArray(block) || block.length !== 2) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      'block',
      'be [br, bc] with positive integers',
      describe(block),
    );
  }
  return [checkInt(block[0], fn, 'block[0]', 1, 2 ** 20), checkInt(block[1], fn, 'block[1]', 1, 2 ** 20)];
}

function gridOf(shape: readonly [number, number], block: readonly [number, number]): [number, number] {
  return [Math.ceil(shape[0] / block[0]), Math.ceil(shape[1] / block[1])];
}

/** In-shape slots of the stored blocks. */
function countSlots(
  shape: readonly [number, number],
  block: readonly [number, number],
  rowPtr: Int32Array,
  colIdx: Int32Array,
): number {
  const [br, bc] = block;
  let n = 0;
  for (let I = 0; I + 1 < rowPtr.length; I++) {
    const h = Math.min(br, shape[0] - I * br);
    for (let p = rowPtr[I]!; p < rowPtr[I + 1]!; p++) n += h * Math.min(bc, shape[1] - colIdx[p]! * bc);
  }
  return n;
}

function checkBsrHost(
  fn: string,
  shape: readonly [number, number],
  block: readonly [number, number],
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: ArrayLike<number>,
): void {
  const [nbr, nbc] = gridOf(shape, block);
  checkCompressed(fn, { ptr: 'rowPtr', idx: 'colIdx', major: 'block row' }, nbr, nbc, rowPtr, colIdx);
  const [br, bc] = block;
  const size = br * bc;
  if (values.length !== colIdx.length * size) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have length nnzb·br·bc = ${colIdx.length * size}`,
      `length ${values.length}`,
    );
  }
  for (let I = 0; I < nbr; I++) {
    const h = Math.min(br, shape[0] - I * br);
    for (let p = rowPtr[I]!; p < rowPtr[I + 1]!; p++) {
      const w = Math.min(bc, shape[1] - colIdx[p]! * bc);
      if (h === br && w === bc) continue;
      for (let i = 0; i < br; i++) {
        for (let j = 0; j < bc; j++) {
          const k = p * size + i * bc + j;
          if ((i >= h || j >= w) && values[k] !== 0) {
            fail(
              'SPARSELAND__KERNELS__BLOCK_EDGE_NONZERO',
              fn,
              `values[${k}]`,
              `be 0 (entry (${I * br + i}, ${colIdx[p]! * bc + j}) of block ${p} lies outside the shape [${shape.join(', ')}])`,
              values[k]!,
            );
          }
        }
      }
    }
  }
}

/**
 * A block sparse row matrix: blocks `[br, bc]` on a grid of `⌈rows/br⌉ × ⌈cols/bc⌉`, stored as CSR over
 * block rows (`rowPtr`, `colIdx`) with `values [nnzb·br·bc]`, each block row-major. Edge-block entries
 * outside the shape are 0.
 *
 * @example
 * ```ts
 * const a = BsrMatrix.fromDense([[1, 2, 0, 0], [3, 4, 0, 5]], { block: [2, 2] });
 * a.nnzb; // 2
 * a.values.dataSync(); // Float32Array [1, 2, 3, 4, 0, 0, 0, 5]
 * ```
 * @group Formats
 */
export class BsrMatrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'bsr' as const;
  /** `[br, bc]`. */
  readonly block: readonly [number, number];
  /** Stored blocks. */
  readonly nnzb: number;
  /** int32 `[nbr + 1]` block-row pointers. */
  readonly rowPtr: Tensor;
  /** int32 `[nnzb]` block columns. */
  readonly colIdx: Tensor;

  /** @internal Use the static factories. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    block: readonly [number, number],
    nnz: number,
    nnzb: number,
    rowPtr: Tensor,
    colIdx: Tensor,
    values: Tensor,
  ) {
    super(shape, nnz, values);
    this.block = Object.freeze([block[0], block[1]]) as readonly [number, number];
    this.nnzb = nnzb;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
  }

  /** Whether this is row-group sparsity (block `[1, g]`, spec §2.6). */
  get isRowGroup(): boolean {
    return this.block[0] === 1;
  }

  /**
   * Build from plain arrays, checking the block grid, pointers, bounds, sortedness and zero edges.
   *
   * @example
   * ```ts
   * BsrMatrix.fromArrays({ shape: [2, 2], block: [2, 2], rowPtr: [0, 1], colIdx: [0], values: [1, 0, 0, 1] });
   * ```
   */
  static fromArrays(a: BsrArrays): BsrMatrix {
    const fn = 'BsrMatrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const block = checkBlock(a.block, fn);
    const rowPtr = toInt32Array(a.rowPtr, fn, 'rowPtr');
    const colIdx = toInt32Array(a.colIdx, fn, 'colIdx');
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    checkBsrHost(fn, shape, block, rowPtr, colIdx, values);
    return new BsrMatrix(
      TRUSTED,
      shape,
      block,
      countSlots(shape, block, rowPtr, colIdx),
      colIdx.length,
      structureTensor(rowPtr),
      structureTensor(colIdx),
      tensor(values, { dtype }),
    );
  }

  /**
   * Wrap existing tensors after checking every invariant (reads them). The matrix owns them.
   *
   * @example
   * ```ts
   * BsrMatrix.fromTensors({ shape: [1, 2], block: [1, 2], rowPtr: tensor([0, 1], { dtype: 'int32' }),
   *   colIdx: tensor([0], { dtype: 'int32' }), values: tensor([1, 2]) });
   * ```
   */
  static fromTensors(t: BsrTensors): BsrMatrix {
    const fn = 'BsrMatrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    const block = checkBlock(t.block, fn);
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
    const colIdx = readInt32(t.colIdx);
    checkBsrHost(fn, shape, block, rowPtr, colIdx, readFloat(t.values));
    return new BsrMatrix(
      TRUSTED,
      shape,
      block,
      countSlots(shape, block, rowPtr, colIdx),
      colIdx.length,
      t.rowPtr,
      t.colIdx,
      t.values,
    );
  }

  /**
   * Store every block of a dense matrix that holds a nonzero (or a masked entry).
   *
   * @example
   * ```ts
   * BsrMatrix.fromDense(x, { block: [4, 4] });
   * ```
   */
  static fromDense(x: TensorLike, opts: BsrOptions): BsrMatrix {
    const fn = 'BsrMatrix.fromDense';
    if (typeof opts !== 'object' || opts === null) {
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts', 'be an object with a block', describe(opts));
    }
    const block = checkBlock(opts.block, fn);
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return BsrMatrix.fromEntries(d.entries, d.source, block);
    });
  }

  /** @internal Store the blocks holding any entry; other slots of stored blocks are zero. */
  static fromEntries(e: Entries, source: Tensor, block: readonly [number, number]): BsrMatrix {
    const [br, bc] = block;
    const shape: [number, number] = [e.rows, e.cols];
    const [nbr] = gridOf(shape, block);
    const size = br * bc;
    // entries are row-major: collect each block row's distinct block columns
    const blockRow: number[] = [];
    const blockCol: number[] = [];
    let start = 0;
    for (let I = 0; I < nbr; I++) {
      let end = start;
      const cols = new Set<number>();
      while (end < e.row.length && e.row[end]! < (I + 1) * br) cols.add(Math.floor(e.col[end++]! / bc));
      for (const J of [...cols].sort((a, b) => a - b)) {
        blockRow.push(I);
        blockCol.push(J);
      }
      start = end;
    }
    const rowPtr = pointersOf(Int32Array.from(blockRow), nbr);
    const colIdx = Int32Array.from(blockCol);
    const slot = new Map<number, number>();
    const nbc = Math.ceil(e.cols / bc);
    for (let p = 0; p < colIdx.length; p++) slot.set(blockRow[p]! * nbc + colIdx[p]!, p);
    const src = new Int32Array(colIdx.length * size).fill(-1);
    for (let q = 0; q < e.row.length; q++) {
      const r = e.row[q]!;
      const c = e.col[q]!;
      const p = slot.get(Math.floor(r / br) * nbc + Math.floor(c / bc))!;
      src[p * size + (r % br) * bc + (c % bc)] = e.src[q]!;
    }
    return new BsrMatrix(
      TRUSTED,
      shape,
      block,
      countSlots(shape, block, rowPtr, colIdx),
      colIdx.length,
      structureTensor(rowPtr),
      structureTensor(colIdx),
      takeValues(source, src),
    );
  }

  /**
   * The same blocks with other values (`[nnzb·br·bc]`, zero outside the shape: not re-checked); shares the
   * structure buffers and owns `values`.
   *
   * @example
   * ```ts
   * const w = a.withValues(variable(a.values));
   * ```
   */
  withValues(values: Tensor): BsrMatrix {
    const fn = 'BsrMatrix.withValues';
    this.assertLive(fn, 'this');
    checkValuesTensor(values, fn);
    if (values.rank !== 1 || values.size !== this.values.size) {
      fail(
        'SPARSELAND__KERNELS__LENGTH_MISMATCH',
        fn,
        'values',
        `have shape [${this.values.size}]`,
        `shape [${values.shape.join(', ')}]`,
      );
    }
    return new BsrMatrix(
      TRUSTED,
      this.shape,
      this.block,
      this.nnz,
      this.nnzb,
      share(this.rowPtr),
      share(this.colIdx),
      values,
    );
  }

  /** Fraction of stored slots that hold a nonzero (reads the values). */
  fill(): number {
    const slots = this.values.size;
    if (slots === 0) return 0;
    const v = readFloat(this.values);
    let n = 0;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
    return n / slots;
  }

  /** `nnzb·(br·bc·bv + bi) + 4(nbr+1)`. */
  bytes(): number {
    const [br, bc] = this.block;
    return this.nnzb * (br * bc * this.valueBytes + 4) + 4 * (Math.ceil(this.rows / br) + 1);
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    return [this.rowPtr, this.colIdx, this.values];
  }

  /** @internal Kernel attributes. */
  attrs(): BSRMatMulAttrs {
    return { rows: this.rows, cols: this.cols, br: this.block[0], bc: this.block[1] };
  }

  /** @internal Every in-shape slot of the stored blocks, row-major. */
  entries(): Entries {
    const [br, bc] = this.block;
    const size = br * bc;
    const rowPtr = readInt32(this.rowPtr);
    const colIdx = readInt32(this.colIdx);
    const row = new Int32Array(this.nnz);
    const col = new Int32Array(this.nnz);
    const src = new Int32Array(this.nnz);
    let q = 0;
    for (let I = 0; I + 1 < rowPtr.length; I++) {
      const h = Math.min(br, this.rows - I * br);
      for (let i = 0; i < h; i++) {
        for (let p = rowPtr[I]!; p < rowPtr[I + 1]!; p++) {
          const w = Math.min(bc, this.cols - colIdx[p]! * bc);
          for (let j = 0; j < w; j++) {
            row[q] = I * br + i;
            col[q] = colIdx[p]! * bc + j;
            src[q++] = p * size + i * bc + j;
          }
        }
      }
    }
    return { rows: this.rows, cols: this.cols, row, col, src };
  }

  /** @internal Re-check every invariant. */
  validate(fn: string): void {
    checkBsrHost(
      fn,
      this.shape,
      this.block,
      readInt32(this.rowPtr),
      readInt32(this.colIdx),
      readFloat(this.values),
    );
  }
}
