/**
 * Sparse × dense (`spmm`) and dense × sparse (`dsmm`) products (spec §3.2).
 *
 * @module
 */
import { runKernel, Tensor, type TensorLike, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import { convert, type SparseMatrix } from '../formats/convert.js';
import { denseOperand } from '../internal/checks.js';
import { BitmapMatMul, BSRMatMul, DSMM, NMMatMul, SpMM } from '../kernel-names.js';
import { type Cost, indexBytes, valueBytes } from './cost.js';
import { csrOf, finish, rhsOperand, sparseArg } from './operands.js';
import { structuredMatmul } from './structured-grad.js';

/** @internal `A·B` with the kernel of `A`'s format (`B` checked, 2-D). */
export function matmulByFormat(a: SparseMatrix, b: Tensor): Tensor {
  switch (a.kind) {
    case 'bsr':
      return structuredMatmul(a, b, (values, rhs, [rowPtr, colIdx]) =>
        runKernel(BSRMatMul, { rowPtr: rowPtr!, colIdx: colIdx!, values, b: rhs }, a.attrs()),
      );
    case 'nm':
      return structuredMatmul(a, b, (values, rhs, [meta]) =>
        runKernel(NMMatMul, { values, meta: meta!, b: rhs }, a.attrs()),
      );
    case 'bitmap64':
      return structuredMatmul(a, b, (values, rhs, [bits, tileOffset]) =>
        runKernel(BitmapMatMul, { bits: bits!, tileOffset: tileOffset!, values, b: rhs }, a.attrs()),
      );
    default: {
      const p = csrOf(a);
      const inputs = { rowPtr: p.rowPtr, colIdx: p.colIdx, values: p.values, b };
      return runKernel(
        SpMM,
        p.rowOrder === undefined ? inputs : { ...inputs, rowOrder: p.rowOrder },
        p.attrs,
      );
    }
  }
}

/**
 * `C = A·B` for a sparse `A [M, K]` of any format and a dense `B [K, N]` (or `[K]`, giving `[M]`). Each
 * format runs its own kernel (CSR: SpMM with register tiles across B's columns; BSR, N:M and Bitmap64: their
 * matmul kernels; CSC and COO go through CSR). Differentiable with respect to `A`'s values (every format) and `B`.
 *
 * @param a - Sparse `[M, K]`.
 * @param b - Dense `[K, N]` or `[K]`, same dtype as `a`.
 * @returns Dense `[M, N]` (or `[M]`) on `a`'s backend; nothing is read back.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` when `b` does not have `K` rows.
 * @example
 * ```ts
 * const c = spmm(fromDense([[1, 0], [0, 2]], { format: 'csr' }), [[1, 1], [1, 1]]);
 * c.dataSync(); // Float32Array [1, 1, 2, 2]
 * ```
 * @group Ops
 */
export function spmm(a: SparseMatrix, b: TensorLike): Tensor {
  const fn = 'spmm';
  const A = sparseArg(a, fn, 'a');
  return tidy(() => {
    const r = rhsOperand(b, fn, 'b', A.dtype, A.cols, 'a.cols');
    return finish(matmulByFormat(A, r.b), r.vector);
  });
}

/**
 * FLOPs `2·nnz·N`; bytes `nnz·(bv+bi) + (K+M)·N·bv` for CSR (spec §5.1, `B` cached), other formats
 * count their own `bytes()` for `A`.
 *
 * @example
 * ```ts
 * spmm.cost(a, [2048, 64]).flops; // 2·nnz·64
 * ```
 */
spmm.cost = (a: SparseMatrix, b: Tensor | readonly number[]): Cost => {
  const shape = b instanceof Tensor ? b.shape : b;
  const n = shape.length === 1 ? 1 : shape[1]!;
  const bv = valueBytes(a.dtype);
  const dense = (a.cols + a.rows) * n * bv;
  const sparse = a.kind === 'csr' ? a.nnz * (bv + indexBytes(a.indexWidth)) : a.bytes();
  return { flops: 2 * a.nnz * n, bytesMin: sparse + dense };
};

/**
 * `C = X·B` for a dense `X [M, K]` and a sparse `B [K, N]`. CSR runs the DSMM kernel (a scatter over B's
 * rows); CSC runs it on its arrays as the transpose (`X·(Bᵀ)ᵀ`, spec §3.2); other formats convert to CSR.
 * Differentiable with respect to `X` and the values of `B` (every format).
 *
 * @param x - Dense `[M, K]`, same dtype as `b`.
 * @param b - Sparse `[K, N]`.
 * @returns Dense `[M, N]`.
 * @example
 * ```ts
 * dsmm([[1, 2]], fromDense([[0, 1], [3, 0]], { format: 'csc' })).dataSync(); // Float32Array [6, 1]
 * ```
 * @group Ops
 */
export function dsmm(x: TensorLike, b: SparseMatrix): Tensor {
  const fn = 'dsmm';
  const B = sparseArg(b, fn, 'b');
  return tidy(() => {
    const X = denseOperand(x, fn, 'x', B.dtype, 2);
    if (X.shape[1] !== B.rows) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        `have ${B.rows} columns (b.rows)`,
        `shape [${X.shape.join(', ')}]`,
      );
    }
    if (B.kind === 'csc') {
      return runKernel(
        DSMM,
        { a: X, rowPtr: B.colPtr, colIdx: B.rowIdx, values: B.values },
        { ...B.transposedAttrs(), transposeB: true },
      );
    }
    const p = csrOf(B.kind === 'csr' || B.kind === 'coo' ? B : convert(B, { format: 'csr' }));
    return runKernel(
      DSMM,
      { a: X, rowPtr: p.rowPtr, colIdx: p.colIdx, values: p.values },
      { ...p.attrs, transposeB: false },
    );
  });
}

/**
 * FLOPs `2·nnz·M`; bytes of `B`'s stored arrays plus `(M·K + M·N)·bv`.
 *
 * @example
 * ```ts
 * dsmm.cost([64, 2048], b);
 * ```
 */
dsmm.cost = (x: Tensor | readonly number[], b: SparseMatrix): Cost => {
  const shape = x instanceof Tensor ? x.shape : x;
  const m = shape[0]!;
  const bv = valueBytes(b.dtype);
  return { flops: 2 * b.nnz * m, bytesMin: b.bytes() + (m * b.rows + m * b.cols) * bv };
};
