/**
 * Sparse 1×1 convolution, as XNNPACK's sparse inference runs it (spec §3.6).
 *
 * @module
 */
import { reshape, runKernel, Tensor, type TensorLike, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import { convert, type SparseMatrix } from '../formats/convert.js';
import { checkNumber, checkOneOf, denseOperand } from '../internal/checks.js';
import { readInt32 } from '../internal/host.js';
import { unpackIndices } from '../internal/index-width.js';
import { chooseBlockSize } from '../internal/xnnpack.js';
import { SparseConv1x1 } from '../kernel-names.js';
import { type Cost, valueBytes } from './cost.js';
import { sparseArg } from './operands.js';

/** Options of {@link sparseConv1x1}. */
export interface SparseConv1x1Options {
  /** `[cout]` added before the clamp. */
  bias?: TensorLike;
  /** Lower clamp. Default `-Infinity`. */
  min?: number;
  /** Upper clamp (e.g. 6 for ReLU6 with `min: 0`). Default `Infinity`. */
  max?: number;
  /** `'NCHW'` (XNNPACK's sparse layout: HW contiguous per channel) or `'NHWC'`. Default `'NCHW'`. */
  layout?: 'NCHW' | 'NHWC';
}

/**
 * A 1×1 convolution with a sparse weight `W [cout, cin]`: `Y = clamp(W·X + b, min, max)` per pixel.
 * NCHW input `[batch, cin, h, w]` (or `[cin, h, w]`) runs XNNPACK's packed `MR×nr` micro-kernel (MR = 8 on
 * cpu; `nr` ∈ {4, 2, 1} chosen by block fullness); NHWC `[batch, h, w, cin]` (or `[h, w, cin]`) runs as a
 * sparse Linear over pixels. The weight is used as CSR (other formats convert). Differentiable with respect
 * to `x`, the bias and the weight's values (the clamp passes the gradient where the output lies strictly
 * inside `(min, max)`).
 *
 * @returns `[batch, cout, h, w]` (NCHW) or `[batch, h, w, cout]` (NHWC), without the batch axis when the
 * input had none.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` when the channels differ.
 * @example
 * ```ts
 * const w = fromDense([[1, 0], [0, -1]], { format: 'csr' });
 * sparseConv1x1(w, [[[1, 2]], [[3, 4]]], { min: 0 }).dataSync(); // Float32Array [1, 2, 0, 0]
 * ```
 * @group Ops
 */
export function sparseConv1x1(w: SparseMatrix, x: TensorLike, opts: SparseConv1x1Options = {}): Tensor {
  const fn = 'sparseConv1x1';
  const W = sparseArg(w, fn, 'w');
  const layout = checkOneOf(opts.layout ?? 'NCHW', ['NCHW', 'NHWC'] as const, fn, 'opts.layout');
  const min = checkNumber(opts.min ?? Number.NEGATIVE_INFINITY, fn, 'opts.min', true);
  const max = checkNumber(opts.max ?? Number.POSITIVE_INFINITY, fn, 'opts.max', true);
  if (min > max) fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts.max', `be ≥ opts.min (${min})`, max);
  return tidy(() => {
    let X = denseOperand(x, fn, 'x', W.dtype, [3, 4]);
    const batched = X.rank === 4;
    if (!batched) X = reshape(X, [1, ...X.shape]);
    const c = layout === 'NCHW' ? X.shape[1] : X.shape[3];
    if (c !== W.cols) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        `have ${W.cols} channels (w.cols) on the ${layout} channel axis`,
        `shape [${X.shape.join(', ')}]`,
      );
    }
    let bias: Tensor | undefined;
    if (opts.bias !== undefined) {
      bias = denseOperand(opts.bias, fn, 'opts.bias', W.dtype, 1);
      if (bias.shape[0] !== W.rows) {
        fail(
          'SPARSELAND__KERNELS__SHAPE_MISMATCH',
          fn,
          'opts.bias',
          `have shape [${W.rows}] (w.rows)`,
          `shape [${bias.shape.join(', ')}]`,
        );
      }
    }
    const csr = W.kind === 'csr' ? W : convert(W, { format: 'csr' });
    const inputs = {
      x: X,
      rowPtr: csr.rowPtr,
      colIdx: csr.colIdx,
      values: csr.values,
      ...(bias === undefined ? {} : { bias }),
    };
    const y = runKernel(SparseConv1x1, inputs, { ...csr.attrs(), layout, min, max });
    return batched ? y : reshape(y, y.shape.slice(1));
  });
}

/**
 * FLOPs `2·nnz·batch·h·w` (+ one add per output with a bias); bytes: the weight's arrays, input and
 * output activations and the bias.
 *
 * @example
 * ```ts
 * sparseConv1x1.cost(w, [1, 128, 56, 56]);
 * ```
 */
sparseConv1x1.cost = (
  w: SparseMatrix,
  x: Tensor | readonly number[],
  opts: { bias?: boolean; layout?: 'NCHW' | 'NHWC' } = {},
): Cost => {
  const shape = x instanceof Tensor ? x.shape : x;
  const s4 = shape.length === 3 ? [1, ...shape] : shape;
  const pixels = (opts.layout ?? 'NCHW') === 'NCHW' ? s4[0]! * s4[2]! * s4[3]! : s4[0]! * s4[1]! * s4[2]!;
  const bias = opts.bias === true;
  return {
    flops: 2 * w.nnz * pixels + (bias ? pixels * w.rows : 0),
    bytesMin: w.bytes() + (pixels * (w.cols + w.rows) + (bias ? w.rows : 0)) * valueBytes(w.dtype),
  };
};

/**
 * XNNPACK's rule for going sparse on a 1×1 convolution: more than 2/3 of the weights are zero
 * (`zeros·3 > params·2`, src/subgraph.c). Counts stored entries of a sparse weight, nonzeros of a dense one.
 *
 * @example
 * ```ts
 * useSparseConv1x1(w); // true at 70 % sparsity
 * ```
 * @group Ops
 */
export function useSparseConv1x1(w: SparseMatrix | Tensor): boolean {
  if (w instanceof Tensor) {
    const v = w.dataSync();
    let zeros = 0;
    for (let i = 0; i < v.length; i++) if (v[i] === 0) zeros++;
    return zeros * 3 > v.length * 2;
  }
  const params = w.rows * w.cols;
  return (params - w.nnz) * 3 > params * 2;
}

/**
 * The output-channel block size `nr` XNNPACK's packing picks for a weight: 4 if 4-channel blocks are
 * ≥ 90 % full, else 2 if 2-channel blocks are, else 1 (stored entries count as nonzeros).
 *
 * @example
 * ```ts
 * xnnpackBlockSize(fromDense([[1, 2], [3, 4], [5, 6], [7, 8]], { format: 'csr' })); // 4
 * ```
 * @group Ops
 */
export function xnnpackBlockSize(w: SparseMatrix): 1 | 2 | 4 {
  const W = sparseArg(w, 'xnnpackBlockSize', 'w');
  const csr = W.kind === 'csr' ? W : convert(W, { format: 'csr' });
  try {
    return chooseBlockSize(
      csr.rows,
      csr.cols,
      readInt32(csr.rowPtr),
      unpackIndices(readInt32(csr.colIdx), csr.indexWidth, csr.nnz),
    );
  } finally {
    if (csr !== W) csr.dispose();
  }
}
