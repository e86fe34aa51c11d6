/**
 * Sparse matrix × dense vector (spec §3.1).
 *
 * @module
 */
import { add, mul, reshape, runKernel, type Tensor, type TensorLike, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import type { SparseMatrix } from '../formats/convert.js';
import { checkNumber, denseOperand } from '../internal/checks.js';
import { SpMV } from '../kernel-names.js';
import { type Cost, indexBytes, valueBytes } from './cost.js';
import { csrOf, sparseArg } from './operands.js';
import { matmulByFormat } from './spmm.js';

/** Options of {@link spmv}. */
export interface SpMVOptions {
  /** Scale of `A·x`. Default 1. */
  alpha?: number;
  /** Scale of `y`. Default 0. */
  beta?: number;
  /** `[rows]` added as `beta·y` (required when `beta ≠ 0`). */
  y?: TensorLike;
}

/**
 * `y = alpha·A·x + beta·y0` for a sparse `A [rows, cols]` of any format and a dense `x [cols]`. CSR runs the
 * SpMV kernel (4 accumulators per row); other formats run their matmul kernel with one column.
 * Differentiable with respect to `x`, `y0` and the values of `A` (every format).
 *
 * @param a - Sparse matrix.
 * @param x - Dense `[cols]` (same dtype as `a`).
 * @param opts - `alpha`, `beta`, `y`.
 * @returns Dense `[rows]`.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` when `x` is not `[cols]`.
 * @example
 * ```ts
 * const a = fromDense([[1, 0, 2], [0, 3, 0]], { format: 'csr' });
 * spmv(a, [1, 1, 1]).dataSync(); // Float32Array [3, 3]
 * ```
 * @group Ops
 */
export function spmv(a: SparseMatrix, x: TensorLike, opts: SpMVOptions = {}): Tensor {
  const fn = 'spmv';
  const A = sparseArg(a, fn, 'a');
  const alpha = checkNumber(opts.alpha ?? 1, fn, 'opts.alpha');
  const beta = checkNumber(opts.beta ?? 0, fn, 'opts.beta');
  if (beta !== 0 && opts.y === undefined) {
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts.y', 'be given when beta ≠ 0', 'undefined');
  }
  return tidy(() => {
    const xv = denseOperand(x, fn, 'x', A.dtype, 1);
    if (xv.shape[0] !== A.cols) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        `have shape [${A.cols}] (a.cols)`,
        `shape [${xv.shape.join(', ')}]`,
      );
    }
    let y0: Tensor | undefined;
    if (beta !== 0) {
      y0 = denseOperand(opts.y!, fn, 'opts.y', A.dtype, 1);
      if (y0.shape[0] !== A.rows) {
        fail(
          'SPARSELAND__KERNELS__SHAPE_MISMATCH',
          fn,
          'opts.y',
          `have shape [${A.rows}] (a.rows)`,
          `shape [${y0.shape.join(', ')}]`,
        );
      }
    }
    if (A.kind === 'csr' || A.kind === 'csc' || A.kind === 'coo') {
      const p = csrOf(A);
      const inputs = {
        rowPtr: p.rowPtr,
        colIdx: p.colIdx,
        values: p.values,
        x: xv,
        ...(y0 === undefined ? {} : { y: y0 }),
        ...(p.rowOrder === undefined ? {} : { rowOrder: p.rowOrder }),
      };
      return runKernel(SpMV, inputs, { ...p.attrs, alpha, beta });
    }
    let y = reshape(matmulByFormat(A, reshape(xv, [A.cols, 1])), [A.rows]);
    if (alpha !== 1) y = mul(y, alpha);
    return y0 === undefined ? y : add(y, mul(y0, beta));
  });
}

/**
 * FLOPs `2·nnz` and bytes `nnz·(bv+bi) + 4(M+1) + (K+M)·bv` for CSR (spec §5.1); other formats count
 * their own `bytes()` in place of the CSR arrays.
 *
 * @example
 * ```ts
 * spmv.cost(a); // { flops: 6, bytesMin: ... }
 * ```
 */
spmv.cost = (a: SparseMatrix): Cost => {
  const bv = valueBytes(a.dtype);
  const vectors = (a.cols + a.rows) * bv;
  if (a.kind === 'csr') {
    return {
      flops: 2 * a.nnz,
      bytesMin: a.nnz * (bv + indexBytes(a.indexWidth)) + 4 * (a.rows + 1) + vectors,
    };
  }
  return { flops: 2 * a.nnz, bytesMin: a.bytes() + vectors };
};
