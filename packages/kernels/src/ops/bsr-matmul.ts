/**
 * Block sparse (BSR) × dense (spec §3.1).
 *
 * @module
 */
import { type Tensor, type TensorLike, tidy } from '@sparseland/core';
import type { BsrMatrix } from '../formats/bsr.js';
import { type Cost, valueBytes } from './cost.js';
import { finish, rhsOperand, sparseArg } from './operands.js';
import { matmulByFormat } from './spmm.js';

/**
 * `C = A·B` for a BSR matrix `A [rows, cols]` (any block shape; row-group sparsity is BSR `[1, g]`) and a
 * dense `B [cols, n]` (or `[cols]`). The kernel keeps `br` rows of accumulators per block row and skips
 * edge slots outside the shape.
 *
 * @example
 * ```ts
 * const a = fromDense([[1, 2, 0, 0], [3, 4, 0, 0]], { format: 'bsr', block: [2, 2] });
 * bsrMatmul(a, [1, 1, 1, 1]).dataSync(); // Float32Array [3, 7]
 * ```
 * @group Ops
 */
export function bsrMatmul(a: BsrMatrix, b: TensorLike): Tensor {
  const fn = 'bsrMatmul';
  const W = sparseArg(a, fn, 'a', ['bsr'] as const);
  return tidy(() => {
    const r = rhsOperand(b, fn, 'b', W.dtype, W.cols, 'a.cols');
    return finish(matmulByFormat(W, r.b), r.vector);
  });
}

/**
 * FLOPs `2·nnz·n` (every slot of the stored blocks inside the shape); bytes: blocks and block indices,
 * plus `(cols + rows)·n·bv`.
 *
 * @example
 * ```ts
 * bsrMatmul.cost(w, [4096, 1]);
 * ```
 */
bsrMatmul.cost = (w: BsrMatrix, x: Tensor | readonly number[]): Cost => {
  const shape = 'shape' in x ? x.shape : x;
  const n = shape.length === 1 ? 1 : shape[1]!;
  return { flops: 2 * w.nnz * n, bytesMin: w.bytes() + (w.cols + w.rows) * n * valueBytes(w.dtype) };
};
