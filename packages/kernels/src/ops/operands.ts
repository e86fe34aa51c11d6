/** @internal Operand checks and the CSR view every CSR kernel takes. */
import { gather, reshape, Tensor, type TensorLike } from '@sparseland/core';
import { fail } from '../errors.js';
import { pointersOf, SPARSE_FORMATS, SparseMatrixBase, TRUSTED } from '../formats/base.js';
import { convert, csrTransposeParts, type SparseMatrix } from '../formats/convert.js';
import { CsrMatrix, share } from '../formats/csr.js';
import { denseOperand, describe } from '../internal/checks.js';
import { readInt32, structureTensor } from '../internal/host.js';
import type { CsrAttrs } from '../kernel-names.js';

/** Check a live sparse matrix argument (optionally of given kinds). */
export function sparseArg<K extends SparseMatrix['kind']>(
  s: unknown,
  fn: string,
  arg: string,
  kinds?: readonly K[],
): Extract<SparseMatrix, { kind: K }> {
  if (!(s instanceof SparseMatrixBase)) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      `be a sparse matrix (${SPARSE_FORMATS.join(', ')})`,
      describe(s),
    );
  }
  if (kinds !== undefined && !kinds.includes(s.kind as K)) {
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      arg,
      `be a ${kinds.join(' or ')} matrix`,
      `a ${s.kind} matrix`,
    );
  }
  s.assertLive(fn, arg);
  return s as Extract<SparseMatrix, { kind: K }>;
}

/** The CSR arrays of a matrix, as kernel inputs plus attributes. */
export interface CsrParts {
  rowPtr: Tensor;
  colIdx: Tensor;
  values: Tensor;
  attrs: CsrAttrs;
  /** The CSR matrix's row order, when it stores one (a scheduling hint for GPU kernels). */
  rowOrder?: Tensor;
}

/**
 * The CSR arrays of any matrix. CSR is used as is; CSC through the CsrTranspose kernel; canonical COO
 * shares its columns and values; the rest convert. Call inside a `tidy` (temporaries are made).
 * Gradients flow back to the original values in every case.
 */
export function csrOf(s: SparseMatrix): CsrParts {
  switch (s.kind) {
    case 'csr':
      return {
        rowPtr: s.rowPtr,
        colIdx: s.colIdx,
        values: s.values,
        attrs: s.attrs(),
        ...(s.rowOrder === undefined ? {} : { rowOrder: s.rowOrder }),
      };
    case 'csc': {
      const [rowPtr, colIdx, perm] = csrTransposeParts(s.colPtr, s.rowIdx, s.transposedAttrs());
      const values = s.nnz === 0 ? s.values : gather(s.values, perm);
      return { rowPtr, colIdx, values, attrs: { rows: s.rows, cols: s.cols, nnz: s.nnz, indexWidth: 32 } };
    }
    case 'coo': {
      const c = s.canonical ? s : s.coalesce();
      const rowPtr = structureTensor(pointersOf(readInt32(c.row), c.rows));
      return {
        rowPtr,
        colIdx: c.col,
        values: c.values,
        attrs: { rows: c.rows, cols: c.cols, nnz: c.nnz, indexWidth: 32 },
      };
    }
    default: {
      const m = convert(s, { format: 'csr' });
      return csrOf(m);
    }
  }
}

/** A CSR matrix on the same arrays (handles shared): for results that live on a pattern. */
export function csrLike(parts: CsrParts, values: Tensor): CsrMatrix {
  const { rows, cols, nnz, indexWidth } = parts.attrs;
  return new CsrMatrix(
    TRUSTED,
    [rows, cols],
    nnz,
    share(parts.rowPtr),
    share(parts.colIdx),
    values,
    indexWidth,
  );
}

/**
 * A dense right-hand side: 2-D `[k, n]`, or 1-D `[k]` (then `vector` is true and the result drops the
 * trailing axis). Checks dtype and the inner dimension.
 */
export function rhsOperand(
  b: TensorLike,
  fn: string,
  arg: string,
  dtype: 'float32' | 'float64',
  k: number,
  what: string,
): { b: Tensor; vector: boolean } {
  const t = denseOperand(b, fn, arg, dtype, [1, 2]);
  if (t.shape[0] !== k) {
    fail(
      'SPARSELAND__KERNELS__SHAPE_MISMATCH',
      fn,
      arg,
      `have ${k} rows (${what})`,
      `shape [${t.shape.join(', ')}]`,
    );
  }
  return t.rank === 1 ? { b: reshape(t, [k, 1]), vector: true } : { b: t, vector: false };
}

/** Drop the trailing unit axis of a matrix-vector result. */
export function finish(y: Tensor, vector: boolean): Tensor {
  return vector ? reshape(y, [y.shape[0]!]) : y;
}

export { Tensor };
