/**
 * N:M structured sparsity: keep `keep` of every `of` consecutive elements along the reduction axis
 * (spec §2.4).
 *
 * @module
 */
import { reshape, type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { bitsFor } from '../internal/bits.js';
import {
  checkIndexTensor,
  checkInt,
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
import type { NMMatMulAttrs } from '../kernel-names.js';
import { type Entries, SparseMatrixBase, TRUSTED, tidyMatrix } from './base.js';
import { share } from './csr.js';
import { denseSource } from './dense.js';

/**
 * An N:M pattern: `keep` of every `of` consecutive elements along `axis` (`'in'`, the reduction axis of a
 * `[out, in]` weight). Never a bare `"2:4"` string: TFMOT's `(2, 4)` counts zeros, ours counts kept values.
 */
export interface NMSpec {
  /** N: values kept per group. */
  keep: number;
  /** M: group length. */
  of: number;
  /** Axis the groups run along; only `'in'` (the columns of a `[rows, cols]` matrix). Default `'in'`. */
  axis?: 'in';
}

/** Geometry of an N:M layout (spec §2.4). */
export interface NMGeometry {
  /** Groups per row, `⌈cols/of⌉` (the last one zero-padded). */
  groups: number;
  /** Kept values per row, `groups·keep`. */
  perRow: number;
  /** Bits per position, `⌈log2 of⌉`. */
  bits: number;
  /** Positions per u32 word, `⌊32/bits⌋`. */
  perWord: number;
  /** Words per row, `⌈perRow/perWord⌉`. */
  wordsPerRow: number;
}

/** An N:M matrix given as plain arrays. */
export interface NmArrays extends NMSpec {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** Kept values, row-major `[rows, groups·keep]`, increasing position within each group. */
  values: ArrayLike<number>;
  /** Position of each kept value inside its group (`[rows·groups·keep]`, the `masks` interchange); or give `meta`. */
  positions?: ArrayLike<number> | undefined;
  /** Packed positions (`[rows·wordsPerRow]` u32 words as int32); or give `positions`. */
  meta?: ArrayLike<number> | undefined;
  /** Value dtype; `float64` for a `Float64Array`, else `float32`. */
  dtype?: ValueDType;
}

/** An N:M matrix given as tensors (the matrix takes ownership). */
export interface NmTensors extends NMSpec {
  /** `[rows, cols]`. */
  shape: readonly [number, number];
  /** float32/float64 `[rows, groups·keep]`. */
  values: Tensor;
  /** int32 `[rows·wordsPerRow]`. */
  meta: Tensor;
}

/** Options of {@link NmMatrix.fromDense}. */
export interface NmOptions extends NMSpec {
  /** Entries to store; default where `x ≠ 0`. */
  mask?: TensorLike;
  /** Keep the top-`keep` |x| of groups holding more entries (ties to the lower position) instead of throwing. Default false. */
  prune?: boolean;
}

/** Check an N:M spec. */
export function checkNMSpec(spec: unknown, fn: string): { keep: number; of: number } {
  if (typeof spec !== 'object' || spec === null) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      'spec',
      'be { keep, of, axis? } (never a "N:M" string)',
      describe(spec),
    );
  }
  const s = spec as Partial<NMSpec>;
  const of = checkInt(s.of, fn, 'of', 1, 65536);
  const keep = checkInt(s.keep, fn, 'keep', 1, of);
  if (s.axis !== undefined && s.axis !== 'in') {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      'axis',
      "be 'in' (groups run along the reduction axis)",
      describe(s.axis),
    );
  }
  return { keep, of };
}

/**
 * The geometry of an N:M layout of `cols` columns.
 *
 * @example
 * ```ts
 * nmGeometry(10, { keep: 2, of: 4 }); // { groups: 3, perRow: 6, bits: 2, perWord: 16, wordsPerRow: 1 }
 * ```
 */
export function nmGeometry(cols: number, spec: NMSpec): NMGeometry {
  const groups = Math.ceil(cols / spec.of);
  const perRow = groups * spec.keep;
  const bits = bitsFor(spec.of);
  const perWord = Math.floor(32 / bits);
  return { groups, perRow, bits, perWord, wordsPerRow: Math.ceil(perRow / perWord) };
}

/**
 * Pack positions (`[rows·groups·keep]`, each `< of`) into u32 words (as int32), each row starting a new
 * word: kept value `j` of row `r` sits at bits `[b·(j mod per), +b)` of word `r·W + ⌊j/per⌋`.
 *
 * @example
 * ```ts
 * nmPack([0, 3, 1, 2], 2, 4, { keep: 2, of: 4 }); // Int32Array [12, 9]: row 0 → 0 | 3<<2, row 1 → 1 | 2<<2
 * ```
 */
export function nmPack(positions: ArrayLike<number>, rows: number, cols: number, spec: NMSpec): Int32Array {
  const g = nmGeometry(cols, spec);
  const meta = new Int32Array(rows * g.wordsPerRow);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < g.perRow; j++) {
      const w = r * g.wordsPerRow + Math.floor(j / g.perWord);
      meta[w] = meta[w]! | (positions[r * g.perRow + j]! << (g.bits * (j % g.perWord)));
    }
  }
  return meta;
}

/**
 * Unpack metadata into one position per kept value (`Uint8Array` when `of ≤ 256`).
 *
 * @example
 * ```ts
 * nmUnpack(new Int32Array([12, 9]), 2, 4, { keep: 2, of: 4 }); // [0, 3, 1, 2]
 * ```
 */
export function nmUnpack(
  meta: ArrayLike<number>,
  rows: number,
  cols: number,
  spec: NMSpec,
): Uint8Array | Uint16Array {
  const g = nmGeometry(cols, spec);
  const out = spec.of <= 256 ? new Uint8Array(rows * g.perRow) : new Uint16Array(rows * g.perRow);
  const mask = (1 << g.bits) - 1;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < g.perRow; j++) {
      const word = meta[r * g.wordsPerRow + Math.floor(j / g.perWord)]!;
      out[r * g.perRow + j] = (word >>> (g.bits * (j % g.perWord))) & mask;
    }
  }
  return out;
}

function checkNmHost(
  fn: string,
  shape: readonly [number, number],
  spec: { keep: number; of: number },
  meta: Int32Array,
  values: ArrayLike<number>,
): number {
  const [rows, cols] = shape;
  const g = nmGeometry(cols, spec);
  if (values.length !== rows * g.perRow) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have rows·groups·keep = ${rows * g.perRow} values`,
      `length ${values.length}`,
    );
  }
  if (meta.length !== rows * g.wordsPerRow) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'meta',
      `have rows·wordsPerRow = ${rows * g.wordsPerRow} words`,
      `length ${meta.length}`,
    );
  }
  const used = g.perRow - (g.wordsPerRow - 1) * g.perWord; // positions in each row's last word
  const lastMask = g.wordsPerRow === 0 ? 0 : used * g.bits >= 32 ? 0 : ~0 << (used * g.bits);
  const mask = (1 << g.bits) - 1;
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    const last = meta[r * g.wordsPerRow + g.wordsPerRow - 1];
    if (last !== undefined && (last & lastMask) !== 0) {
      fail(
        'SPARSELAND__KERNELS__NM_GROUP_INVALID',
        fn,
        `meta[${r * g.wordsPerRow + g.wordsPerRow - 1}]`,
        `have no bits past the ${used} positions of row ${r}'s last word`,
        last,
      );
    }
    for (let grp = 0; grp < g.groups; grp++) {
      let prev = -1;
      for (let i = 0; i < spec.keep; i++) {
        const j = grp * spec.keep + i;
        const pos =
          (meta[r * g.wordsPerRow + Math.floor(j / g.perWord)]! >>> (g.bits * (j % g.perWord))) & mask;
        if (pos >= spec.of) {
          fail(
            'SPARSELAND__KERNELS__NM_GROUP_INVALID',
            fn,
            `meta (row ${r}, kept value ${j})`,
            `hold a position < of = ${spec.of}`,
            pos,
          );
        }
        if (pos <= prev) {
          fail(
            'SPARSELAND__KERNELS__NM_GROUP_INVALID',
            fn,
            `meta (row ${r}, group ${grp})`,
            `hold strictly increasing positions (${prev} then ${pos})`,
            pos,
          );
        }
        prev = pos;
        const col = grp * spec.of + pos;
        if (col < cols) nnz++;
        else if (values[r * g.perRow + j] !== 0) {
          fail(
            'SPARSELAND__KERNELS__NM_GROUP_INVALID',
            fn,
            `values[${r * g.perRow + j}]`,
            `be 0 (position ${pos} of group ${grp} is padding past column ${cols - 1})`,
            values[r * g.perRow + j]!,
          );
        }
      }
    }
  }
  return nnz;
}

/**
 * An N:M matrix: `values [rows, groups·keep]` (each group's kept values in increasing position order)
 * and `meta`, the positions packed `⌈log2 of⌉` bits each (spec §2.4).
 *
 * @example
 * ```ts
 * const w = NmMatrix.fromDense([[0, 3, 0, 1, 5, 0, 0, 0]], { keep: 2, of: 4 });
 * w.values.dataSync(); // Float32Array [3, 1, 5, 0]: group 2 keeps 5 and a 0 at the lowest unused position
 * ```
 * @group Formats
 */
export class NmMatrix extends SparseMatrixBase {
  /** Format tag. */
  readonly kind = 'nm' as const;
  /** N. */
  readonly keep: number;
  /** M. */
  readonly of: number;
  /** The groups run along the columns (the reduction axis). */
  readonly axis = 'in' as const;
  /** int32 `[rows·wordsPerRow]` packed positions. */
  readonly meta: Tensor;

  /** @internal Use the static factories. */
  constructor(
    _trusted: typeof TRUSTED,
    shape: readonly [number, number],
    spec: { keep: number; of: number },
    nnz: number,
    values: Tensor,
    meta: Tensor,
  ) {
    super(shape, nnz, values);
    this.keep = spec.keep;
    this.of = spec.of;
    this.meta = meta;
  }

  /** Layout geometry. */
  get geometry(): NMGeometry {
    return nmGeometry(this.cols, this);
  }

  /**
   * Build from values and positions (or packed `meta`), checking lengths, positions and padding.
   *
   * @example
   * ```ts
   * NmMatrix.fromArrays({ shape: [1, 4], keep: 2, of: 4, values: [7, 8], positions: [1, 3] });
   * ```
   */
  static fromArrays(a: NmArrays): NmMatrix {
    const fn = 'NmMatrix.fromArrays';
    if (typeof a !== 'object' || a === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'a', 'be an object', describe(a));
    const shape = checkShape2(a.shape, fn);
    const spec = checkNMSpec(a, fn);
    const dtype = a.dtype ?? (a.values instanceof Float64Array ? 'float64' : 'float32');
    if (dtype !== 'float32' && dtype !== 'float64') {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'dtype', 'be float32 or float64', String(dtype));
    }
    const values = toValueArray(a.values, dtype, fn, 'values');
    const g = nmGeometry(shape[1], spec);
    let meta: Int32Array;
    if ((a.positions === undefined) === (a.meta === undefined)) {
      fail(
        'SPARSELAND__KERNELS__INVALID_ARGUMENT',
        fn,
        'positions',
        'be given, or meta, but not both',
        a.positions === undefined ? 'neither' : 'both',
      );
    }
    if (a.positions !== undefined) {
      const pos = toInt32Array(a.positions, fn, 'positions');
      if (pos.length !== shape[0] * g.perRow) {
        fail(
          'SPARSELAND__KERNELS__LENGTH_MISMATCH',
          fn,
          'positions',
          `have rows·groups·keep = ${shape[0] * g.perRow} entries`,
          `length ${pos.length}`,
        );
      }
      pos.forEach((p, i) => {
        if (p < 0 || p >= spec.of)
          fail('SPARSELAND__KERNELS__NM_GROUP_INVALID', fn, `positions[${i}]`, `lie in [0, ${spec.of})`, p);
      });
      meta = nmPack(pos, shape[0], shape[1], spec);
    } else {
      meta = toWordArray(a.meta, fn, 'meta');
    }
    const nnz = checkNmHost(fn, shape, spec, meta, values);
    return new NmMatrix(
      TRUSTED,
      shape,
      spec,
      nnz,
      tensor(values, { dtype, shape: [shape[0], g.perRow] }),
      structureTensor(meta),
    );
  }

  /**
   * Wrap existing tensors after checking every invariant (reads them). The matrix owns them.
   *
   * @example
   * ```ts
   * NmMatrix.fromTensors({ shape: [1, 4], keep: 1, of: 4, values: tensor([[2]]), meta: tensor([3], { dtype: 'int32' }) });
   * ```
   */
  static fromTensors(t: NmTensors): NmMatrix {
    const fn = 'NmMatrix.fromTensors';
    if (typeof t !== 'object' || t === null)
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 't', 'be an object', describe(t));
    const shape = checkShape2(t.shape, fn);
    const spec = checkNMSpec(t, fn);
    checkValuesTensor(t.values, fn);
    checkIndexTensor(t.meta, fn, 'meta');
    const g = nmGeometry(shape[1], spec);
    if (t.values.rank !== 2 || t.values.shape[0] !== shape[0] || t.values.shape[1] !== g.perRow) {
      fail(
        'SPARSELAND__KERNELS__LENGTH_MISMATCH',
        fn,
        'values',
        `have shape [${shape[0]}, ${g.perRow}]`,
        `shape [${t.values.shape.join(', ')}]`,
      );
    }
    const nnz = checkNmHost(fn, shape, spec, readInt32(t.meta), readFloat(t.values));
    return new NmMatrix(TRUSTED, shape, spec, nnz, t.values, t.meta);
  }

  /**
   * Store a dense matrix that is already N:M (throws `NOT_REPRESENTABLE` otherwise), or prune it to N:M
   * with `prune: true` (top-`keep` |x| per group, ties to the lower position). See {@link nmFromDense}
   * for the kept mask.
   *
   * @example
   * ```ts
   * NmMatrix.fromDense([[1, 2, 3, 4]], { keep: 2, of: 4, prune: true }).values.dataSync(); // [3, 4]
   * ```
   */
  static fromDense(x: TensorLike, opts: NmOptions): NmMatrix {
    const fn = 'NmMatrix.fromDense';
    const spec = checkNMSpec(opts, fn);
    return tidyMatrix(() => {
      const d = denseSource(x, opts.mask, fn);
      return NmMatrix.fromEntries(d.entries, d.source, spec, opts.prune === true ? d.host : undefined, fn);
    });
  }

  /**
   * @internal Build from row-major unique entries. Groups with more than `keep` entries throw unless
   * `magnitudes` (the flat source values) is given, which prunes to the top-`keep` |value|.
   */
  static fromEntries(
    e: Entries,
    source: Tensor,
    spec: { keep: number; of: number },
    magnitudes: ArrayLike<number> | undefined,
    fn: string,
  ): NmMatrix {
    const { keep, of } = spec;
    const g = nmGeometry(e.cols, spec);
    const positions = new Int32Array(e.rows * g.perRow);
    const src = new Int32Array(e.rows * g.perRow).fill(-1);
    let nnz = 0;
    let q = 0;
    const pos: number[] = [];
    const srcs: number[] = [];
    for (let r = 0; r < e.rows; r++) {
      for (let grp = 0; grp < g.groups; grp++) {
        pos.length = 0;
        srcs.length = 0;
        while (q < e.row.length && e.row[q] === r && e.col[q]! < (grp + 1) * of) {
          pos.push(e.col[q]! - grp * of);
          srcs.push(e.src[q++]!);
        }
        let chosen = pos.map((_, i) => i);
        if (pos.length > keep) {
          if (magnitudes === undefined) {
            fail(
              'SPARSELAND__KERNELS__NOT_REPRESENTABLE',
              fn,
              'x',
              `hold at most keep = ${keep} entries in every group of ${of} (pass prune: true to keep the largest)`,
              `${pos.length} entries in row ${r}, group ${grp}`,
            );
          }
          const mag = (i: number) => {
            const v = magnitudes[srcs[i]!]!;
            return Number.isNaN(v) ? Number.POSITIVE_INFINITY : Math.abs(v);
          };
          chosen = chosen.sort((a, b) => mag(b) - mag(a) || a - b).slice(0, keep);
        }
        const slots = chosen.map((i) => ({ pos: pos[i]!, src: srcs[i]! }));
        // fill unused slots at the lowest unused positions, with value 0
        const taken = new Set(slots.map((s) => s.pos));
        for (let p = 0; slots.length < keep; p++) if (!taken.has(p)) slots.push({ pos: p, src: -1 });
        slots.sort((a, b) => a.pos - b.pos);
        for (let i = 0; i < keep; i++) {
          const j = r * g.perRow + grp * keep + i;
          positions[j] = slots[i]!.pos;
          src[j] = slots[i]!.src;
          if (grp * of + slots[i]!.pos < e.cols) nnz++;
        }
      }
      while (q < e.row.length && e.row[q] === r) q++; // (unreachable: every column lies in some group)
    }
    const values = takeValues(source, src);
    return new NmMatrix(
      TRUSTED,
      [e.rows, e.cols],
      spec,
      nnz,
      reshape(values, [e.rows, g.perRow]),
      structureTensor(nmPack(positions, e.rows, e.cols, spec)),
    );
  }

  /**
   * The same pattern with other values (`[rows, groups·keep]`; padding slots must stay 0: not re-checked);
   * shares `meta` and owns `values`.
   *
   * @example
   * ```ts
   * const w2 = w.withValues(variable(w.values));
   * ```
   */
  withValues(values: Tensor): NmMatrix {
    const fn = 'NmMatrix.withValues';
    this.assertLive(fn, 'this');
    checkValuesTensor(values, fn);
    const s = this.values.shape;
    if (values.rank !== 2 || values.shape[0] !== s[0] || values.shape[1] !== s[1]) {
      fail(
        'SPARSELAND__KERNELS__LENGTH_MISMATCH',
        fn,
        'values',
        `have shape [${s.join(', ')}]`,
        `shape [${values.shape.join(', ')}]`,
      );
    }
    return new NmMatrix(TRUSTED, this.shape, this, this.nnz, values, share(this.meta));
  }

  /** Positions of every kept value (`[rows·groups·keep]`), the `masks` interchange. */
  positions(): Uint8Array | Uint16Array {
    return nmUnpack(readInt32(this.meta), this.rows, this.cols, this);
  }

  /** `rows·groups·keep·bv + 4·meta words` (2:4 f32 with cols a multiple of 32: `rows·cols/2·4 + 2 bits per kept value`). */
  bytes(): number {
    return this.values.size * this.valueBytes + 4 * this.meta.size;
  }

  /** Held tensors. */
  tensors(): Tensor[] {
    return [this.values, this.meta];
  }

  /** @internal Kernel attributes. */
  attrs(): NMMatMulAttrs {
    return { rows: this.rows, cols: this.cols, keep: this.keep, of: this.of };
  }

  /** @internal Every kept slot inside the shape (filler zeros included), row-major. */
  entries(): Entries {
    const g = this.geometry;
    const pos = this.positions();
    const row = new Int32Array(this.nnz);
    const col = new Int32Array(this.nnz);
    const src = new Int32Array(this.nnz);
    let q = 0;
    for (let r = 0; r < this.rows; r++) {
      for (let j = 0; j < g.perRow; j++) {
        const c = Math.floor(j / this.keep) * this.of + pos[r * g.perRow + j]!;
        if (c >= this.cols) continue;
        row[q] = r;
        col[q] = c;
        src[q++] = r * g.perRow + j;
      }
    }
    return { rows: this.rows, cols: this.cols, row, col, src };
  }

  /** @internal Re-check every invariant. */
  validate(fn: string): void {
    checkNmHost(fn, this.shape, this, readInt32(this.meta), readFloat(this.values));
  }
}

/** What {@link nmFromDense} returns. */
export interface NmFromDense {
  /** The pruned N:M matrix. */
  matrix: NmMatrix;
  /** `bool [rows, cols]`: the kept positions (filler slots included; `x` is 0 there). */
  mask: Tensor;
}

/**
 * Prune a dense matrix to N:M: keep the top-`keep` |x| of every group of `of` along the columns (ties to the
 * lower position; NaN counts as largest), and return the kept mask, so that `toDense(matrix)` equals
 * `where(mask, x, 0)` (spec §2.4).
 *
 * @example
 * ```ts
 * const { matrix, mask } = nmFromDense([[1, -4, 3, 2]], { keep: 2, of: 4 });
 * mask.dataSync(); // Uint8Array [0, 1, 1, 0]
 * ```
 * @group Formats
 */
export function nmFromDense(x: TensorLike, spec: NMSpec): NmFromDense {
  const fn = 'nmFromDense';
  const s = checkNMSpec(spec, fn);
  const matrix = NmMatrix.fromDense(x, { ...s, prune: true });
  const e = matrix.entries();
  const m = new Uint8Array(matrix.rows * matrix.cols);
  for (let q = 0; q < e.row.length; q++) m[e.row[q]! * matrix.cols + e.col[q]!] = 1;
  return { matrix, mask: tensor(m, { shape: [matrix.rows, matrix.cols], dtype: 'bool' }) };
}
