/**
 * N:M sparse × dense (spec §3.4).
 *
 * @module
 */
import { type Tensor, type TensorLike, tidy } from '@sparseland/core';
import type { NmMatrix } from '../formats/nm.js';
import { type Cost, valueBytes } from './cost.js';
import { finish, rhsOperand, sparseArg } from './operands.js';
import { matmulByFormat } from './spmm.js';

/**
 * `Y = W·X` for an N:M weight `W [rows, cols]` and a dense `X [cols, n]` (or `[cols]`):
 * `y[r, n] = Σ_g Σ_{i<N} v[r, g·N+i] · X[g·M + pos(r, g·N+i), n]`. The kernel decodes each row's positions
 * once, then runs the CSR loop; padding slots of the last group are never read.
 *
 * @example
 * ```ts
 * const w = fromDense([[1, 0, 0, 2]], { format: 'nm', keep: 2, of: 4 });
 * nmMatmul(w, [1, 1, 1, 1]).dataSync(); // Float32Array [3]
 * ```
 * @group Ops
 */
export function nmMatmul(w: NmMatrix, x: TensorLike): Tensor {
  const fn = 'nmMatmul';
  const W = sparseArg(w, fn, 'w', ['nm'] as const);
  return tidy(() => {
    const r = rhsOperand(x, fn, 'x', W.dtype, W.cols, 'w.cols');
    return finish(matmulByFormat(W, r.b), r.vector);
  });
}

/**
 * FLOPs `2·nnz·n` (every kept slot inside the shape, filler zeros included); bytes: values and metadata,
 * plus `(cols + rows)·n·bv`.
 *
 * @example
 * ```ts
 * nmMatmul.cost(w, [4096, 1]);
 * ```
 */
nmMatmul.cost = (w: NmMatrix, x: Tensor | readonly number[]): Cost => {
  const shape = 'shape' in x ? x.shape : x;
  const n = shape.length === 1 ? 1 : shape[1]!;
  return { flops: 2 * w.nnz * n, bytesMin: w.bytes() + (w.cols + w.rows) * n * valueBytes(w.dtype) };
};
