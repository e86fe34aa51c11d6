/**
 * Softmax over the stored entries of each row (spec §3.3).
 *
 * @module
 */
import { runKernel } from '@sparseland/core';
import { tidyMatrix } from '../formats/base.js';
import type { SparseMatrix } from '../formats/convert.js';
import type { CsrMatrix } from '../formats/csr.js';
import { checkNumber } from '../internal/checks.js';
import { SparseSoftmax } from '../kernel-names.js';
import { type Cost, valueBytes } from './cost.js';
import { csrLike, csrOf, sparseArg } from './operands.js';

/** Options of {@link sparseSoftmax}. */
export interface SparseSoftmaxOptions {
  /** Logits are `scale·values` (e.g. `1/√d` for attention). Default 1. */
  scale?: number;
}

/**
 * Row-wise softmax of `scale·values` over each row's stored entries: missing entries count as −∞, so
 * they stay out, and an empty row stays empty. Differentiable with respect to the values.
 *
 * @param p - Sparse `[M, N]` (CSR used as is; other formats go through CSR).
 * @returns A CSR matrix on the same structure (sharing its buffers).
 * @example
 * ```ts
 * const s = sparseSoftmax(fromDense([[1, 0, 1], [0, 0, 0]], { format: 'csr' }));
 * s.values.dataSync(); // Float32Array [0.5, 0.5]
 * ```
 * @group Ops
 */
export function sparseSoftmax(p: SparseMatrix, opts: SparseSoftmaxOptions = {}): CsrMatrix {
  const fn = 'sparseSoftmax';
  const P = sparseArg(p, fn, 'p');
  const scale = checkNumber(opts.scale ?? 1, fn, 'opts.scale');
  return tidyMatrix(() => {
    const parts = csrOf(P);
    const values = runKernel(
      SparseSoftmax,
      { rowPtr: parts.rowPtr, values: parts.values },
      { rows: P.rows, nnz: P.nnz, scale },
    );
    return csrLike(parts, values);
  });
}

/**
 * FLOPs `4·nnz` (scale, exponential, sum, divide); bytes `2·nnz·bv + 4(M+1)` (values in and out, row
 * pointers; column indices are not read).
 *
 * @example
 * ```ts
 * sparseSoftmax.cost(p);
 * ```
 */
sparseSoftmax.cost = (p: SparseMatrix): Cost => {
  return { flops: 4 * p.nnz, bytesMin: 2 * p.nnz * valueBytes(p.dtype) + 4 * (p.rows + 1) };
};
