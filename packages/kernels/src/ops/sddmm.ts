/**
 * Sampled dense-dense matrix product on a sparse pattern (spec §3.3).
 *
 * @module
 */
import { runKernel, Tensor, type TensorLike } from '@sparseland/core';
import { fail } from '../errors.js';
import { tidyMatrix } from '../formats/base.js';
import type { SparseMatrix } from '../formats/convert.js';
import type { CsrMatrix } from '../formats/csr.js';
import { denseOperand } from '../internal/checks.js';
import { SDDMM } from '../kernel-names.js';
import { type Cost, indexBytes, valueBytes } from './cost.js';
import { csrLike, csrOf, sparseArg } from './operands.js';

/** Options of {@link sddmm}. */
export interface SDDMMOptions {
  /** Multiply each dot product by the pattern's stored value. Default false. */
  scaleByPattern?: boolean;
}

/**
 * `out[p] = ⟨A[row p], B[col p]⟩` (times `P.values[p]` with `scaleByPattern`) for every stored entry `p` of
 * the pattern `P [M, N]`, with `A [M, K]` and `B [N, K]`: e.g. attention scores `Q·Kᵀ` only where a mask
 * allows. Differentiable with respect to `A`, `B` and (when scaling) the pattern's values.
 *
 * @param a - Dense `[M, K]`.
 * @param b - Dense `[N, K]`.
 * @param pattern - Sparse `[M, N]` (CSR used as is; other formats go through CSR).
 * @returns A CSR matrix on the pattern's structure (sharing its buffers) holding the products.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` when the shapes disagree.
 * @example
 * ```ts
 * const p = fromDense([[1, 0], [0, 1]], { format: 'csr' });
 * sddmm([[1, 2], [3, 4]], [[1, 0], [0, 1]], p).values.dataSync(); // Float32Array [1, 4]
 * ```
 * @group Ops
 */
export function sddmm(
  a: TensorLike,
  b: TensorLike,
  pattern: SparseMatrix,
  opts: SDDMMOptions = {},
): CsrMatrix {
  const fn = 'sddmm';
  const P = sparseArg(pattern, fn, 'pattern');
  return tidyMatrix(() => {
    const A = denseOperand(a, fn, 'a', P.dtype, 2);
    const B = denseOperand(b, fn, 'b', P.dtype, 2);
    if (A.shape[0] !== P.rows) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'a',
        `have ${P.rows} rows (pattern.rows)`,
        `shape [${A.shape.join(', ')}]`,
      );
    }
    if (B.shape[0] !== P.cols) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'b',
        `have ${P.cols} rows (pattern.cols)`,
        `shape [${B.shape.join(', ')}]`,
      );
    }
    if (B.shape[1] !== A.shape[1]) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'b',
        `have ${A.shape[1]} columns (a's K)`,
        `shape [${B.shape.join(', ')}]`,
      );
    }
    const p = csrOf(P);
    const inputs = {
      rowPtr: p.rowPtr,
      colIdx: p.colIdx,
      a: A,
      b: B,
      ...(opts.scaleByPattern === true ? { scale: p.values } : {}),
    };
    const values = runKernel(SDDMM, inputs, {
      ...p.attrs,
      k: A.shape[1]!,
      transposeA: false,
      transposeB: false,
    });
    return csrLike(p, values);
  });
}

/**
 * FLOPs `2·nnz·K` (+ `nnz` when scaling); bytes `(M+N)·K·bv + nnz·(2bv+bi)` (spec §5.1).
 *
 * @example
 * ```ts
 * sddmm.cost(p, 64);
 * ```
 */
sddmm.cost = (pattern: SparseMatrix, k: number | Tensor): Cost => {
  const K = k instanceof Tensor ? k.shape[1]! : k;
  const bv = valueBytes(pattern.dtype);
  const bi = pattern.kind === 'csr' ? indexBytes(pattern.indexWidth) : 4;
  return {
    flops: 2 * pattern.nnz * K,
    bytesMin: (pattern.rows + pattern.cols) * K * bv + pattern.nnz * (2 * bv + bi),
  };
};
