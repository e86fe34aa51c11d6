/**
 * Bitmap64 tiles, the Mustafar layout for pruned KV caches (spec §2.5): 64-lane tiles with a bit mask
 * and values packed in lane order.
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { laneSet, popcount32, roundUp } from '../internal/bits.js';
import {
  checkIndexTensor,
  checkOneOf,
  checkShape2,
  checkValuesTensor,
  describe,
  toInt32Array,
  toValueArray,
  toWordArray,
  type ValueDType,
} from '../internal/checks.js';
import { readFloat, readInt32, structureTensor } from '../internal/host.js';
import { takeValues } from '../internal/take.js';
import type { BitmapMatMulAttrs } from '../kernel-names.js';
import {
  countingSortPerm,
  type Entries,
  permuteEntries,
  SparseMatrixBase,
  TRUSTED,
  tidyMatrix,
} from './base.js';
import { share } from './csr.js';
import { denseSource } from './dense.js';

/** Direction of a tile: 64 columns of one row (`'row'`) or 64 rows of one column (`'col'`). */
export type BitmapAxis = 'row' | 'col';

/** A Bitmap64 matrix given as plain arrays. */
export interface Bitmap64Arrays {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** Tile direction. */
  axis: BitmapAxis;
  /** Slots per tile are rounded up to a multiple of `pad` (Mustafar uses 8). Default 1. */
  pad?: 1 | 8;
  /** Two words per tile `[hi, lo]` (u32 or int32): lane ℓ < 32 is bit `31−ℓ` of `hi`, lane ℓ ≥ 32 bit `63−ℓ` of `lo`. */
  bits: ArrayLike<number>;
  /** `tiles + 1` offsets: `tileOffset[t+1] − tileOffset[t] = roundUp(popcount(tile t), pad)`. */
  tileOffset: ArrayLike<number>;
  /** Packed values in lane order (padding slots 0). */
  values: ArrayLike<number>;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
}

/** A Bitmap64 matrix given as tensors (the matrix takes ownership). */
export interface Bitmap64Tensors {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** Tile direction. */
  axis: BitmapAxis;
  /** Default 1. */
  pad?: 1 | 8;
  /** int32 `[tiles·2]`. */
  bits: Tensor;
  /** int32 `[tiles + 1]`. */
  tileOffset: Tensor;
  /** float32/float64 `[tileOffset[tiles]]`. */
  values: Tensor;
}

/** Options of {@link Bitmap64Matrix.fromDense}. */
export interface Bitmap64Options {
  /** Tile direction. Default `'row'`. */
  axis?: BitmapAxis;
  /** Default 1. */
  pad?: 1 | 8;
  /** Entries to store; default where `x ≠ 0`. */
  mask?: TensorLike;
}

/** Tiles per line and number of lines of a Bitmap64 layout. */
function tiling(
  shape: readonly [number, number],
  axis: BitmapAxis,
): { lines: number; length: number; perLine: number } {
  const [lines, length] = axis === 'row' ? shape : [shape[1], shape[0]];
  return { lines, length, perLine: Math.ceil(length / 64) };
}

function checkBitmapHost(
  fn: string,
  shape: readonly [number, number],
  axis: BitmapAxis,
  pad: number,
  bits: Int32Array,
  offset: Int32Array,
  values: ArrayLike<number>,
): number {
  const { lines, length, perLine } = tiling(shape, axis);
  const tiles = lines * perLine;
  if (bits.length !== 2 * tiles) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'bits',
      `have 2 words per tile (${2 * tiles})`,
      `length ${bits.length}`,
    );
  }
  if (offset.length !== tiles + 1) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'tileOffset',
      `have length tiles + 1 = ${tiles + 1}`,
      `length ${offset.length}`,
    );
  }
  if (offset[0] !== 0) fail('SPARSELAND__KERNELS__POINTER_INVALID', fn, 'tileOffset[0]', 'be 0', offset[0]!);
  let nnz = 0;
  for (let t = 0; t < tiles; t++) {
    const hi = bits[2 * t]!;
    const lo = bits[2 * t + 1]!;
    const lanes = length - (t % perLine) * 64; // valid lanes in this tile
    for (let l = lanes; l < 64; l++) {
      if (laneSet(hi, lo, l)) {
        fail(
          'SPARSELAND__KERNELS__BITMAP_INVALID',
          fn,
          `bits (tile ${t})`,
          `have no lane ≥ ${lanes} set (past the edge)`,
          `lane ${l} set`,
        );
      }
    }
    const count = popcount32(hi) + popcount32(lo);
    nnz += count;
    const want = offset[t]! + roundUp(count, pad);
    if (offset[t + 1] !== want) {
      fail(
        'SPARSELAND__KERNELS__POINTER_INVALID',
        fn,
        `tileOffset[${t + 1}]`,
        `equal tileOffset[${t}] + roundUp(popcount = ${count}, pad = ${pad}) = ${want}`,
        offset[t + 1]!,
      );
    }
    for (let k = offset[t]! + count; k < want; k++) {
      if (values[k] !== 0 && k < values.length) {
        fail(
          'SPARSELAND__KERNELS__BITMAP_INVALID',
          fn,
          `values[${k}]`,
          `be 0 (a padding slot of tile ${t})`,
          values[k]!,
        );
      }
    }
  }
  if (values.length !== offset[tiles]) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have length tileOffset[tiles] = ${offset[tiles]}`,
      `length ${values.length}`,
    );
  }
  return nnz;
}

/**
 * A Bitmap64 matrix (spec §2.5): tiles of 64 consecutive elements along `axis` (`'row'`: columns of one
 * row, tiles row-major over (row, tileCol); `'col'`: rows of one column, tiles over (col, tileRow)). Each
 * tile has two words `[hi, lo]` (lane 0 is the MSB of `hi`, Mustafar's `Σ(v≠0)·2^(63−lane)`) and its
 * values packed in lane order from `tileOffset[t]`, padded to a multiple of `pad`.
 *
 * @example
 * ```ts
 * const k = Bitmap64Matrix.fromDense([[0, 5, 0, 7]], { axis: 'row', pad: 8 });
 * k.bits.dataSync(); // Int32Array [0x50000000, 0]: lanes 1 and 3
 * k.values.dataSync(); // Float32Array [5, 7, 0, 0, 0, 0, 0, 0]
 * ```
 * @group Formats
 */
export class Bitmap64Matrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'bitmap64' as const;
  /** Tile direction. */
  readonly axis: BitmapAxis;
  /** Slot rounding per tile. */
  readonly pad: 1 | 8;
  /** int32 `[tiles·2]`, `[hi, lo]` per tile. */
  readonly bits: Tensor;
  /** int32 `[tiles + 1]`. */
  readonly tileOffset: Tensor;

  /** @internal Use the static factories. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    axis: BitmapAxis,
    pad: 1 | 8,
    nnz: number,
    bits: Tensor,
    tileOffset: Tensor,
    values: Tensor,
  ) {
    super(shape, nnz, values);
    this.axis = axis;
    this.pad = pad;
    this.bits = bits;
    this.tileOffset = tileOffset;
  }

  /** Number of tiles. */
  get tiles(): number {
    const { lines, perLine } = tiling(this.shape, this.axis);
    return lines * perLine;
  }

  /**
   * Build from plain arrays, checking edges, offsets against popcounts and zero padding.
   *
   * @example
   * ```ts
   * Bitmap64Matrix.fromArrays({ shape: [1, 2], axis: 'row', bits: [0x80000000, 0], tileOffset: [0, 1], values: [3] });
   * ```
   */
  static fromArrays(a: Bitmap64Arrays): Bitmap64Matrix {
    const fn = 'Bitmap64Matrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const axis = checkOneOf(a.axis, ['row', 'col'] as const, fn, 'axis');
    const pad = checkOneOf(a.pad ?? 1, [1, 8] as const, fn, 'pad');
    const bits = toWordArray(a.bits, fn, 'bits');
    const offset = toInt32Array(a.tileOffset, fn, 'tileOffset');
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    const nnz = checkBitmapHost(fn, shape, axis, pad, bits, offset, values);
    return new Bitmap64Matrix(
      TRUSTED,
      shape,
      axis,
      pad,
      nnz,
      structureTensor(bits),
      structureTensor(offset),
      tensor(values, { dtype }),
    );
  }

  /**
   * Wrap existing tensors after checking every invariant (reads them). The matrix owns them.
   *
   * @example
   * ```ts
   * Bitmap64Matrix.fromTensors({ shape: [1, 1], axis: 'row', bits: tensor([-2147483648, 0], { dtype: 'int32' }),
   *   tileOffset: tensor([0, 1], { dtype: 'int32' }), values: tensor([2]) });
   * ```
   */
  static fromTensors(t: Bitmap64Tensors): Bitmap64Matrix {
    const fn = 'Bitmap64Matrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    const axis = checkOneOf(t.axis, ['row', 'col'] as const, fn, 'axis');
    const pad = checkOneOf(t.pad ?? 1, [1, 8] as const, fn, 'pad');
    checkIndexTensor(t.bits, fn, 'bits');
    checkIndexTensor(t.tileOffset, fn, 'tileOffset');
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
    const nnz = checkBitmapHost(
      fn,
      shape,
      axis,
      pad,
      readInt32(t.bits),
      readInt32(t.tileOffset),
      readFloat(t.values),
    );
    return new Bitmap64Matrix(TRUSTED, shape, axis, pad, nnz, t.bits, t.tileOffset, t.values);
  }

  /**
   * Set bits exactly where `x ≠ 0` (or the mask is set) and pack the values in lane order.
   *
   * @example
   * ```ts
   * const v = Bitmap64Matrix.fromDense(values2d, { axis: 'row', pad: 8 });  // V cache: 64 channels of one token
   * const k = Bitmap64Matrix.fromDense(keys2d, { axis: 'col', pad: 8 });    // K cache: 64 tokens of one channel
   * ```
   */
  static fromDense(x: TensorLike, opts: Bitmap64Options = {}): Bitmap64Matrix {
    const fn = 'Bitmap64Matrix.fromDense';
    const axis = checkOneOf(opts.axis ?? 'row', ['row', 'col'] as const, fn, 'axis');
    const pad = checkOneOf(opts.pad ?? 1, [1, 8] as const, fn, 'pad');
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return Bitmap64Matrix.fromEntries(d.entries, d.source, axis, pad);
    });
  }

  /** @internal Build from row-major unique entries. */
  static fromEntries(e: Entries, source: Tensor, axis: BitmapAxis, pad: 1 | 8): Bitmap64Matrix {
    const shape: [number, number] = [e.rows, e.cols];
    const { lines, perLine } = tiling(shape, axis);
    const tiles = lines * perLine;
    // order the entries line by line (row-major for 'row', column-major for 'col')
    const ordered = axis === 'row' ? e : permuteEntries(e, countingSortPerm(e.col, e.cols));
    const line = axis === 'row' ? ordered.row : ordered.col;
    const along = axis === 'row' ? ordered.col : ordered.row;
    const bits = new Int32Array(2 * tiles);
    const counts = new Int32Array(tiles);
    for (let q = 0; q < line.length; q++) {
      const t = line[q]! * perLine + Math.floor(along[q]! / 64);
      const l = along[q]! % 64;
      if (l < 32) bits[2 * t] = bits[2 * t]! | (1 << (31 - l));
      else bits[2 * t + 1] = bits[2 * t + 1]! | (1 << (63 - l));
      counts[t]!++;
    }
    const offset = new Int32Array(tiles + 1);
    for (let t = 0; t < tiles; t++) offset[t + 1] = offset[t]! + roundUp(counts[t]!, pad);
    const src = new Int32Array(offset[tiles]!).fill(-1);
    const fillPos = offset.slice(0, tiles);
    for (let q = 0; q < line.length; q++) {
      const t = line[q]! * perLine + Math.floor(along[q]! / 64);
      src[fillPos[t]!++] = ordered.src[q]!; // lane order within a tile, since entries are sorted along the line
    }
    return new Bitmap64Matrix(
      TRUSTED,
      shape,
      axis,
      pad,
      line.length,
      structureTensor(bits),
      structureTensor(offset),
      takeValues(source, src),
    );
  }

  /**
   * The same bits with other packed values (`[tileOffset[tiles]]`, padding 0: not re-checked); shares the
   * structure buffers and owns `values`.
   *
   * @example
   * ```ts
   * const k2 = k.withValues(newValues);
   * ```
   */
  withValues(values: Tensor): Bitmap64Matrix {
    const fn = 'Bitmap64Matrix.withValues';
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
    return new Bitmap64Matrix(
      TRUSTED,
      this.shape,
      this.axis,
      this.pad,
      this.nnz,
      share(this.bits),
      share(this.tileOffset),
      values,
    );
  }

  /**
   * @internal The transpose without moving data: tiles along the rows of `A` are tiles along the columns
   * of `Aᵀ`, in the same order.
   */
  transposed(): Bitmap64Matrix {
    return new Bitmap64Matrix(
      TRUSTED,
      [this.cols, this.rows],
      this.axis === 'row' ? 'col' : 'row',
      this.pad,
      this.nnz,
      share(this.bits),
      share(this.tileOffset),
      share(this.values),
    );
  }

  /** `tiles·12 + slots·bv` (two bit words and an offset per tile, plus the padded values). */
  bytes(): number {
    return this.tiles * 12 + this.values.size * this.valueBytes;
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    return [this.bits, this.tileOffset, this.values];
  }

  /** @internal Kernel attributes. */
  attrs(): BitmapMatMulAttrs {
    return { rows: this.rows, cols: this.cols, axis: this.axis };
  }

  /** @internal Set lanes, row-major. */
  entries(): Entries {
    const { lines, perLine } = tiling(this.shape, this.axis);
    const bits = readInt32(this.bits);
    const offset = readInt32(this.tileOffset);
    const line = new Int32Array(this.nnz);
    const along = new Int32Array(this.nnz);
    const src = new Int32Array(this.nnz);
    let q = 0;
    for (let t = 0; t < lines * perLine; t++) {
      const hi = bits[2 * t]!;
      const lo = bits[2 * t + 1]!;
      let slot = offset[t]!;
      for (let l = 0; l < 64; l++) {
        if (!laneSet(hi, lo, l)) continue;
        line[q] = Math.floor(t / perLine);
        along[q] = (t % perLine) * 64 + l;
        src[q++] = slot++;
      }
    }
    if (this.axis === 'row') return { rows: this.rows, cols: this.cols, row: line, col: along, src };
    const e: Entries = { rows: this.rows, cols: this.cols, row: along, col: line, src };
    return permuteEntries(e, countingSortPerm(e.row, e.rows));
  }

  /** @internal Re-check every invariant. */
  validate(fn: string): void {
    checkBitmapHost(
      fn,
      this.shape,
      this.axis,
      this.pad,
      readInt32(this.bits),
      readInt32(this.tileOffset),
      readFloat(this.values),
    );
  }
}
