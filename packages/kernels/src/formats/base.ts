/**
 * What every sparse format shares: host-side shape and nnz, the held tensors, bytes, disposal.
 *
 * @module
 */
import { keep, type Tensor, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import type { ValueDType } from '../internal/checks.js';

/** Name of a sparse storage format. */
export type SparseFormat = 'csr' | 'csc' | 'coo' | 'bsr' | 'nm' | 'bitmap64';

/** Every format name, in the order conversions list them. */
export const SPARSE_FORMATS: readonly SparseFormat[] = ['csr', 'csc', 'coo', 'bsr', 'nm', 'bitmap64'];

/** @internal Token that only this package can pass to format constructors (which trust their input). */
export const TRUSTED: unique symbol = Symbol('sparseland.kernels.trusted');

/** @internal Host-side entries of a matrix: row-major sorted, unique (unless `raw`), with the slot of each value. */
export interface Entries {
  /** Rows of the matrix. */
  rows: number;
  /** Columns of the matrix. */
  cols: number;
  /** Row of each entry. */
  row: Int32Array;
  /** Column of each entry. */
  col: Int32Array;
  /** Index of each entry's value in the flat values tensor it came from (`-1`: an implicit zero). */
  src: Int32Array;
}

/**
 * Base class of the sparse formats: shape, nnz and dtype live on the host, the arrays are core tensors
 * on one backend. A matrix is validated once, when built, and its kernels trust it.
 *
 * Like tensors, the tensors of a matrix made inside `tidy` are disposed when the `tidy` ends unless the
 * matrix is retained (`m.retain()`); a matrix made outside any `tidy` lives until `dispose()`.
 */
export abstract class SparseMatrixBase {
  /** Storage format. */
  abstract readonly kind: SparseFormat;
  /** `[rows, cols]`. */
  readonly shape: readonly [number, number];
  /** Stored entries (explicit zeros count; padding does not). */
  readonly nnz: number;
  /** The stored values (float32 or float64). */
  readonly values: Tensor;

  protected constructor(shape: readonly [number, number], nnz: number, values: Tensor) {
    this.shape = Object.freeze([shape[0], shape[1]]) as readonly [number, number];
    this.nnz = nnz;
    this.values = values;
  }

  /** Rows. */
  get rows(): number {
    return this.shape[0];
  }

  /** Columns. */
  get cols(): number {
    return this.shape[1];
  }

  /** Dtype of the values. */
  get dtype(): ValueDType {
    return this.values.dtype as ValueDType;
  }

  /** Bytes of one value. */
  protected get valueBytes(): number {
    return this.values.dtype === 'float64' ? 8 : 4;
  }

  /** Fraction of stored entries, `nnz / (rows·cols)` (0 for an empty shape). */
  get density(): number {
    const size = this.shape[0] * this.shape[1];
    return size === 0 ? 0 : this.nnz / size;
  }

  /** Bytes of the stored arrays by the formula of the spec (§2.3). */
  abstract bytes(): number;

  /** Every tensor the matrix holds. */
  abstract tensors(): Tensor[];

  /** @internal Row-major entries with their value slots (reads structure on the host). */
  abstract entries(): Entries;

  /** Whether `dispose()` ran (or a `tidy` disposed a held tensor). */
  get isDisposed(): boolean {
    return this.tensors().some((t) => t.isDisposed);
  }

  /** Free every held tensor. Calling it twice is harmless. */
  dispose(): void {
    for (const t of this.tensors()) t.dispose();
  }

  /** Enables `using m = fromDense(...)`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Keep the held tensors alive past the enclosing `tidy` (core's `keep` for each); returns `this`.
   * (Named `retain` because N:M matrices have a `keep` count.)
   */
  retain(): this {
    for (const t of this.tensors()) keep(t);
    return this;
  }

  /** @internal Throw DISPOSED when a held tensor was disposed. */
  assertLive(fn: string, arg: string): void {
    if (this.isDisposed) {
      fail(
        'SPARSELAND__KERNELS__DISPOSED',
        fn,
        arg,
        'be a live sparse matrix (retain() it to use it after the tidy that made it)',
        `a disposed ${this.kind} matrix`,
      );
    }
  }

  /** Short description, e.g. `CSR(float32, [4, 5], nnz 7, cpu)`. */
  toString(): string {
    return `${this.kind.toUpperCase()}(${this.values.dtype}, [${this.shape.join(', ')}], nnz ${this.nnz}, ${this.values.backend}${this.isDisposed ? ', disposed' : ''})`;
  }
}

/** @internal Expand a pointer array into the major index of every entry. */
export function expandPointers(ptr: Int32Array, major: number, nnz: number): Int32Array {
  const out = new Int32Array(nnz);
  for (let i = 0; i < major; i++) out.fill(i, ptr[i]!, ptr[i + 1]!);
  return out;
}

/** @internal Pointer array of a sorted major-index list. */
export function pointersOf(majorIdx: Int32Array, major: number): Int32Array {
  const ptr = new Int32Array(major + 1);
  for (let p = 0; p < majorIdx.length; p++) ptr[majorIdx[p]! + 1]!++;
  for (let i = 0; i < major; i++) ptr[i + 1]! += ptr[i]!;
  return ptr;
}

/** @internal Stable counting sort of entries by `key` (< `range`): the permutation. */
export function countingSortPerm(key: Int32Array, range: number): Int32Array {
  const count = new Int32Array(range + 1);
  for (let p = 0; p < key.length; p++) count[key[p]! + 1]!++;
  for (let i = 0; i < range; i++) count[i + 1]! += count[i]!;
  const perm = new Int32Array(key.length);
  for (let p = 0; p < key.length; p++) perm[count[key[p]!]!++] = p;
  return perm;
}

/** @internal Entries reordered by `perm`. */
export function permuteEntries(e: Entries, perm: Int32Array): Entries {
  const row = new Int32Array(perm.length);
  const col = new Int32Array(perm.length);
  const src = new Int32Array(perm.length);
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i]!;
    row[i] = e.row[p]!;
    col[i] = e.col[p]!;
    src[i] = e.src[p]!;
  }
  return { rows: e.rows, cols: e.cols, row, col, src };
}

/** @internal Transposed entries (`row`↔`col`), sorted row-major again. */
export function transposeEntries(e: Entries): Entries {
  const t: Entries = { rows: e.cols, cols: e.rows, row: e.col, col: e.row, src: e.src };
  // entries are row-major, so a stable sort by the new row keeps the new columns increasing
  return permuteEntries(t, countingSortPerm(t.row, t.rows));
}

/** @internal Run `fn` in a `tidy` that keeps the returned matrix's tensors (and frees every temporary). */
export function tidyMatrix<M extends SparseMatrixBase>(fn: () => M): M {
  return tidy(() => {
    const m = fn();
    return { m, held: m.tensors() };
  }).m;
}
