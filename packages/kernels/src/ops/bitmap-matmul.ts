/**
 * Bitmap64 × dense: the decode-attention products of a pruned KV cache (spec §3.5).
 *
 * @module
 */
import { reshape, type Tensor, type TensorLike, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import type { Bitmap64Matrix } from '../formats/bitmap.js';
import { denseOperand } from '../internal/checks.js';
import { type Cost, valueBytes } from './cost.js';
import { finish, rhsOperand, sparseArg } from './operands.js';
import { matmulByFormat } from './spmm.js';

/**
 * `C = A·B` for a Bitmap64 matrix `A [rows, cols]` and a dense `B [cols, n]` (or `[cols]`). The kernel
 * walks each tile's set lanes (`clz32`), reading values in lane order; tiles along `'row'` or `'col'`.
 *
 * @example
 * ```ts
 * const v = fromDense([[0, 1], [2, 0]], { format: 'bitmap64', axis: 'row', pad: 8 });
 * bitmapMatmul(v, [[1, 0], [0, 1]]).dataSync(); // Float32Array [0, 1, 2, 0]
 * ```
 * @group Ops
 */
export function bitmapMatmul(a: Bitmap64Matrix, b: TensorLike): Tensor {
  const fn = 'bitmapMatmul';
  const A = sparseArg(a, fn, 'a', ['bitmap64'] as const);
  return tidy(() => {
    const r = rhsOperand(b, fn, 'b', A.dtype, A.cols, 'a.cols');
    return finish(matmulByFormat(A, r.b), r.vector);
  });
}

/**
 * FLOPs `2·nnz·n`; bytes: tiles (`tiles·12 + slots·bv`) plus `(cols + rows)·n·bv`.
 *
 * @example
 * ```ts
 * bitmapMatmul.cost(k, [128, 8]);
 * ```
 */
bitmapMatmul.cost = (a: Bitmap64Matrix, b: Tensor | readonly number[]): Cost => {
  const shape = 'shape' in b ? b.shape : b;
  const n = shape.length === 1 ? 1 : shape[1]!;
  return { flops: 2 * a.nnz * n, bytesMin: a.bytes() + (a.cols + a.rows) * n * valueBytes(a.dtype) };
};

/**
 * `y = A·x` for a Bitmap64 matrix and a dense vector `x [cols]`.
 *
 * @example
 * ```ts
 * bitmapMatvec(v, [1, 1]).dataSync(); // Float32Array [1, 2]
 * ```
 * @group Ops
 */
export function bitmapMatvec(a: Bitmap64Matrix, x: TensorLike): Tensor {
  const fn = 'bitmapMatvec';
  const A = sparseArg(a, fn, 'a', ['bitmap64'] as const);
  return tidy(() => {
    const v = denseOperand(x, fn, 'x', A.dtype, 1);
    if (v.shape[0] !== A.cols) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        `have shape [${A.cols}] (a.cols)`,
        `shape [${v.shape.join(', ')}]`,
      );
    }
    return reshape(matmulByFormat(A, reshape(v, [A.cols, 1])), [A.rows]);
  });
}

/**
 * FLOPs `2·nnz`; bytes: tiles plus `(cols + rows)·bv`.
 *
 * @example
 * ```ts
 * bitmapMatvec.cost(v);
 * ```
 */
bitmapMatvec.cost = (a: Bitmap64Matrix): Cost => bitmapMatmul.cost(a, [a.cols]);
