/**
 * Generic entry points over every format: `fromDense`, `toDense`, `convert`, `transpose`, `validate`
 * (spec §2.7). Every conversion is exact: `toDense(fromDense(x, { mask }))` equals `x ⊙ mask` bit for bit.
 *
 * @module
 */
import {
  gather,
  getBackend,
  reshape,
  runKernelMulti,
  scatterAdd,
  type Tensor,
  type TensorLike,
  tensor,
  tidy,
  zeros,
} from '@sparseland/core';
import { csrTransposeHost } from '../backends/cpu/CsrTranspose.js';
import { fail } from '../errors.js';
import { checkInt, describe } from '../internal/checks.js';
import { hasHostCopy, readFloat, readInt32, readsSynchronously, structureTensor } from '../internal/host.js';
import { unpackIndices } from '../internal/index-width.js';
import { takeValues } from '../internal/take.js';
import type { IndexWidth } from '../kernel-names.js';
import { CsrTranspose } from '../kernel-names.js';
import {
  type Entries,
  SPARSE_FORMATS,
  SparseMatrixBase,
  TRUSTED,
  tidyMatrix,
  transposeEntries,
} from './base.js';
import { Bitmap64Matrix, type BitmapAxis } from './bitmap.js';
import { BsrMatrix } from './bsr.js';
import { CooMatrix } from './coo.js';
import { CscMatrix } from './csc.js';
import { CsrMatrix } from './csr.js';
import { denseSource, denseSourceAsync } from './dense.js';
import { checkNMSpec, NmMatrix } from './nm.js';

/** Any sparse matrix. */
export type SparseMatrix = CsrMatrix | CscMatrix | CooMatrix | BsrMatrix | NmMatrix | Bitmap64Matrix;

/** Target format and its options, for {@link fromDense} and {@link convert}. */
export type FormatOptions =
  | {
      /** Compressed sparse rows. */
      format: 'csr';
      /** Width of the stored column indices: 16 packs two per int32 (cols ≤ 65 536). Default 32. */
      indexWidth?: IndexWidth;
      /** Also store the rows sorted by length (a scheduling hint; results never depend on it). Default false. */
      rowOrder?: boolean;
    }
  | {
      /** Compressed sparse columns. */
      format: 'csc';
      /** Width of the stored row indices: 16 packs two per int32 (rows ≤ 65 536). Default 32. */
      indexWidth?: IndexWidth;
    }
  | {
      /** Coordinate list (row, column, value triples). */
      format: 'coo';
    }
  | {
      /** Block sparse rows: dense `br × bc` blocks, stored where any entry is selected. */
      format: 'bsr';
      /** Block shape `[br, bc]` (positive integers). */
      block: readonly [number, number];
    }
  | {
      /** Row groups: BSR with blocks `[1, g]`. */
      format: 'rowGroup';
      /** Columns per group. Default {@link DEFAULT_ROW_GROUP} (16). */
      g?: number;
    }
  | {
      /** N:M structured: at most `keep` of every `of` consecutive entries along the reduction axis. */
      format: 'nm';
      /** N, the entries kept per group. */
      keep: number;
      /** M, the group length. */
      of: number;
      /** Axis the groups run along; only `'in'` (the reduction axis). Default `'in'`. */
      axis?: 'in';
      /** Keep the `keep` largest-magnitude entries of over-full groups instead of throwing. Default false. */
      prune?: boolean;
    }
  | {
      /** Bitmap64: 64-entry tiles, a bitmask plus the packed stored values. */
      format: 'bitmap64';
      /** Tile direction: 64 columns of one row (`'row'`) or 64 rows of one column (`'col'`). Default `'row'`. */
      axis?: BitmapAxis;
      /** Round the slots per tile up to a multiple of `pad` (Mustafar uses 8). Default 1. */
      pad?: 1 | 8;
    };

/** Name of a target format (`rowGroup` is BSR with block `[1, g]`). */
export type TargetFormat = FormatOptions['format'];

/** The matrix class a target format produces. */
export type MatrixOf<F extends TargetFormat> = F extends 'csr'
  ? CsrMatrix
  : F extends 'csc'
    ? CscMatrix
    : F extends 'coo'
      ? CooMatrix
      : F extends 'bsr' | 'rowGroup'
        ? BsrMatrix
        : F extends 'nm'
          ? NmMatrix
          : Bitmap64Matrix;

/** Options of {@link fromDense}: a target format, plus a mask selecting the stored entries. */
export type FromDenseOptions = FormatOptions & {
  /** Store where the mask is nonzero (explicit zeros kept); default where `x ≠ 0`. */
  mask?: TensorLike;
};

/** Options of {@link convert}: a target format, plus whether to drop stored zeros. */
export type ConvertOptions = FormatOptions & {
  /** Drop stored zeros (explicit zeros, BSR fill, N:M filler) instead of keeping their slots. Default false. */
  dropZeros?: boolean;
};

const TARGETS: readonly TargetFormat[] = ['csr', 'csc', 'coo', 'bsr', 'rowGroup', 'nm', 'bitmap64'];

/** Default row-group size `g` (spec §2.6; GQSA's own size is unconfirmed). */
export const DEFAULT_ROW_GROUP = 16;

function checkTarget(opts: unknown, fn: string): FormatOptions {
  if (typeof opts !== 'object' || opts === null) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      'opts',
      `be { format, ... } with format one of ${TARGETS.join(', ')}`,
      describe(opts),
    );
  }
  const f = (opts as { format?: unknown }).format;
  if (!TARGETS.includes(f as TargetFormat)) {
    fail(
      'SPARSELAND__KERNELS__UNKNOWN_FORMAT',
      fn,
      'opts.format',
      `be one of ${TARGETS.map((t) => `'${t}'`).join(', ')}`,
      describe(f),
    );
  }
  return opts as FormatOptions;
}

/** Build `target` from entries whose `src` index the flat `source` values (`host`: those values on the host). */
function build(
  e: Entries,
  source: Tensor,
  host: () => ArrayLike<number>,
  o: FormatOptions,
  fn: string,
): SparseMatrix {
  switch (o.format) {
    case 'csr':
      return CsrMatrix.fromEntries(e, source, o, fn);
    case 'csc':
      return CscMatrix.fromEntries(e, source, o, fn);
    case 'coo':
      return CooMatrix.fromEntries(e, source);
    case 'bsr': {
      const block = o.block;
      if (!Array.isArray(block) || block.length !== 2) {
        fail(
          'SPARSELAND__KERNELS__INVALID_ARGUMENT',
          fn,
          'opts.block',
          'be [br, bc] with positive integers',
          describe(block),
        );
      }
      return BsrMatrix.fromEntries(e, source, [
        checkInt(block[0], fn, 'opts.block[0]', 1, 2 ** 20),
        checkInt(block[1], fn, 'opts.block[1]', 1, 2 ** 20),
      ]);
    }
    case 'rowGroup':
      return BsrMatrix.fromEntries(e, source, [
        1,
        checkInt(o.g ?? DEFAULT_ROW_GROUP, fn, 'opts.g', 1, 2 ** 20),
      ]);
    case 'nm':
      return NmMatrix.fromEntries(e, source, checkNMSpec(o, fn), o.prune === true ? host() : undefined, fn);
    case 'bitmap64': {
      const axis = o.axis ?? 'row';
      const pad = o.pad ?? 1;
      if (axis !== 'row' && axis !== 'col')
        fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts.axis', "be 'row' or 'col'", describe(axis));
      if (pad !== 1 && pad !== 8)
        fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts.pad', 'be 1 or 8', describe(pad));
      return Bitmap64Matrix.fromEntries(e, source, axis, pad);
    }
  }
}

/**
 * Store a dense `[rows, cols]` matrix in a sparse format: its nonzeros, or the entries a mask selects
 * (explicit zeros kept). Values are gathered with core ops, so gradients flow back to `x`. N:M throws
 * `NOT_REPRESENTABLE` for groups with more than `keep` entries unless `prune: true`.
 *
 * @param x - Dense float32/float64 matrix (tensor or nested arrays).
 * @param opts - `{ format, ...formatOptions, mask? }`.
 * @returns A matrix on the active backend; dispose it (or `keep()` it out of a `tidy`). Reads `x` with
 *   `dataSync()`: on `webgpu` use {@link fromDenseAsync}.
 * @throws `SparselandError` `SPARSELAND__KERNELS__UNKNOWN_FORMAT`, `SHAPE_MISMATCH`, `INVALID_ARGUMENT`, `NOT_REPRESENTABLE`.
 * @example
 * ```ts
 * const a = fromDense([[1, 0, 0], [0, 0, 2]], { format: 'csr' });
 * a.rowPtr.dataSync(); // Int32Array [0, 1, 2]
 * const w = fromDense(weights, { format: 'nm', keep: 2, of: 4, prune: true });
 * const g = fromDense(weights, { format: 'rowGroup', g: 16 }); // BSR [1×16]
 * ```
 * @group Formats
 */
export function fromDense<O extends FromDenseOptions>(x: TensorLike, opts: O): MatrixOf<O['format']> {
  const fn = 'fromDense';
  const o = checkTarget(opts, fn);
  return tidyMatrix(() => {
    const d = denseSource(x, opts.mask, fn);
    return build(d.entries, d.source, () => d.host, o, fn);
  }) as MatrixOf<O['format']>;
}

/**
 * {@link fromDense} for every backend, `webgpu` included: `x` (and `mask`) are read with `await data()`
 * instead of `dataSync()`, the structure is built and checked on the host, and the arrays are made on the
 * active backend, the values gathered there from `x` (so gradients still flow back to `x`). On `cpu` and
 * `wasm` it gives the same matrix as `fromDense`.
 *
 * @param x - Dense float32/float64 matrix (tensor on any backend, or nested arrays).
 * @param opts - `{ format, ...formatOptions, mask? }`, as for {@link fromDense}.
 * @returns A promise of a matrix on the active backend.
 * @throws `SparselandError` as {@link fromDense} (the promise rejects); `DTYPE_MISMATCH` for a float64
 *   `x` while a backend that does not store float64 (`webgpu`) is active.
 * @example
 * ```ts
 * await setBackend('webgpu');
 * const w = await fromDenseAsync(weights, { format: 'csr' }); // arrays on the GPU
 * const y = spmm(w, x);                                      // runs the WGSL kernel
 * await y.data();
 * ```
 * @group Formats
 */
export async function fromDenseAsync<O extends FromDenseOptions>(
  x: TensorLike,
  opts: O,
): Promise<MatrixOf<O['format']>> {
  const fn = 'fromDenseAsync';
  const o = checkTarget(opts, fn);
  const d = await denseSourceAsync(x, opts.mask, fn);
  const active = getBackend();
  if (d.source.backendName !== active && !readsSynchronously(active)) {
    // float64 lives on cpu whatever the active backend; its structure would land on a backend that cannot
    // hand it back synchronously to the cpu kernels
    const dtype = d.source.dtype;
    if (d.owned) d.source.dispose();
    fail(
      'SPARSELAND__KERNELS__DTYPE_MISMATCH',
      fn,
      'x',
      `have a dtype backend '${active}' stores (build ${dtype} matrices with cpu active)`,
      dtype,
    );
  }
  try {
    return tidyMatrix(() => build(d.entries, d.source, () => d.host, o, fn)) as MatrixOf<O['format']>;
  } finally {
    if (d.owned) d.source.dispose();
  }
}

function checkSparse(s: unknown, fn: string, arg = 's'): SparseMatrix {
  if (!(s instanceof SparseMatrixBase)) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      `be a sparse matrix (${SPARSE_FORMATS.join(', ')})`,
      describe(s),
    );
  }
  s.assertLive(fn, arg);
  return s as SparseMatrix;
}

/**
 * The dense `[rows, cols]` tensor of a sparse matrix: stored values where stored (bit for bit, `-0` and
 * NaN included), `+0` elsewhere; COO duplicates sum. Built with core's `gather` (`scatterAdd` for a
 * non-canonical COO), so it is differentiable with respect to the stored values.
 *
 * @example
 * ```ts
 * toDense(fromDense([[0, 1], [2, 0]], { format: 'coo' })).arraySync(); // [[0, 1], [2, 0]]
 * ```
 * @group Formats
 */
export function toDense(s: SparseMatrix): Tensor {
  const m = checkSparse(s, 'toDense');
  return tidy(() => {
    const [rows, cols] = m.shape;
    if (m.nnz === 0 || rows * cols === 0) return zeros([rows, cols], m.dtype);
    const e = m.entries();
    if (m.kind === 'coo' && !m.canonical) {
      const flat = new Int32Array(e.row.length);
      for (let q = 0; q < flat.length; q++) flat[q] = e.row[q]! * cols + e.col[q]!;
      return reshape(scatterAdd(zeros([rows * cols], m.dtype), tensor(flat, { dtype: 'int32' }), m.values), [
        rows,
        cols,
      ]);
    }
    // every dense position takes its stored slot (or the zero fill)
    const src = new Int32Array(rows * cols).fill(-1);
    for (let q = 0; q < e.row.length; q++) src[e.row[q]! * cols + e.col[q]!] = e.src[q]!;
    return reshape(takeValues(m.values, src), [rows, cols]);
  });
}

/**
 * Convert between formats (spec §2.7). Every stored entry is kept (explicit zeros, BSR fill and N:M
 * fillers included) unless `dropZeros`; a non-canonical COO is coalesced first. Values move with core
 * ops, so gradients flow back to `s.values`.
 *
 * @example
 * ```ts
 * const csc = convert(csr, { format: 'csc' });
 * const bsr = convert(csr, { format: 'bsr', block: [4, 4] }); // bsr.fill() reports nnz / (nnzb·16)
 * const back = convert(bsr, { format: 'csr', dropZeros: true });
 * ```
 * @group Formats
 */
export function convert<O extends ConvertOptions>(s: SparseMatrix, opts: O): MatrixOf<O['format']> {
  const fn = 'convert';
  const m = checkSparse(s, fn);
  const o = checkTarget(opts, fn);
  return tidyMatrix(() => {
    const src = m.kind === 'coo' && !m.canonical ? m.coalesce() : m;
    let e = src.entries();
    let hostValues: ArrayLike<number> | undefined;
    const host = () => {
      hostValues ??= readFloat(src.values);
      return hostValues;
    };
    if (opts.dropZeros === true) {
      const v = host();
      const keep: number[] = [];
      for (let q = 0; q < e.src.length; q++) if (v[e.src[q]!] !== 0) keep.push(q);
      const pick = (a: Int32Array) => Int32Array.from(keep, (q) => a[q]!);
      e = { rows: e.rows, cols: e.cols, row: pick(e.row), col: pick(e.col), src: pick(e.src) };
    }
    return build(e, src.values, host, o, fn);
  }) as MatrixOf<O['format']>;
}

/** @internal `[colPtr, rowIdx, perm]` of the transpose: the CsrTranspose kernel, or the host loop when the structure has host copies. */
export function csrTransposeParts(
  ptr: Tensor,
  idx: Tensor,
  attrs: { rows: number; cols: number; nnz: number; indexWidth: IndexWidth },
): [Tensor, Tensor, Tensor] {
  if (hasHostCopy(ptr) && hasHostCopy(idx)) {
    // structure known on the host (a matrix built from host arrays on a GPU backend): transpose it there
    // and keep the result's host copy too, rather than run the device kernel
    const { rows, cols, nnz, indexWidth } = attrs;
    const t = csrTransposeHost(
      rows,
      cols,
      readInt32(ptr),
      unpackIndices(readInt32(idx), indexWidth, nnz),
      nnz,
    );
    return [structureTensor(t[0]), structureTensor(t[1]), structureTensor(t[2])];
  }
  const [colPtr, rowIdx, perm] = runKernelMulti(CsrTranspose, { rowPtr: ptr, colIdx: idx }, attrs);
  return [colPtr!, rowIdx!, perm!];
}

/**
 * The transpose `Aᵀ`, in the same format where the format allows: CSR→CSR and CSC→CSC (a counting-sort
 * kernel), COO→COO (canonical), BSR `[br, bc]` → BSR `[bc, br]`, Bitmap64 → Bitmap64 with the other axis
 * (no data moves). N:M is defined along the reduction axis only, so its transpose is a CSR.
 *
 * @example
 * ```ts
 * transpose(fromDense([[1, 2]], { format: 'csr' })).shape; // [2, 1]
 * ```
 * @group Formats
 */
export function transpose(s: SparseMatrix): SparseMatrix {
  const m = checkSparse(s, 'transpose');
  return tidyMatrix((): SparseMatrix => {
    switch (m.kind) {
      case 'csr': {
        const [ptr, idx, perm] = csrTransposeParts(m.rowPtr, m.colIdx, m.attrs());
        return new CsrMatrix(TRUSTED, [m.cols, m.rows], m.nnz, ptr, idx, takeGather(m.values, perm), 32);
      }
      case 'csc': {
        const [ptr, idx, perm] = csrTransposeParts(m.colPtr, m.rowIdx, m.transposedAttrs());
        return new CscMatrix(TRUSTED, [m.cols, m.rows], m.nnz, ptr, idx, takeGather(m.values, perm), 32);
      }
      case 'coo': {
        const c = m.canonical ? m : m.coalesce();
        return CooMatrix.fromEntries(transposeEntries(c.entries()), c.values);
      }
      case 'bsr':
        return BsrMatrix.fromEntries(transposeEntries(m.entries()), m.values, [m.block[1], m.block[0]]);
      case 'nm':
        return CsrMatrix.fromEntries(transposeEntries(m.entries()), m.values, {}, 'transpose');
      case 'bitmap64':
        return m.transposed();
    }
  });
}

function takeGather(values: Tensor, perm: Tensor): Tensor {
  return values.size === 0 ? zeros([0], values.dtype) : gather(values, perm);
}

/**
 * Re-check every invariant of a matrix (reads its tensors on the host). Matrices are checked when built,
 * so this matters only after their tensors were changed behind their back.
 *
 * @throws `SparselandError` `SPARSELAND__KERNELS__*` naming the broken invariant.
 * @example
 * ```ts
 * validate(a); // throws if a tensor was modified into an invalid structure
 * ```
 * @group Formats
 */
export function validate(s: SparseMatrix): void {
  checkSparse(s, 'validate').validate('validate');
}
