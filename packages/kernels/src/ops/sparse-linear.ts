/**
 * The Linear layer with a sparse weight: `y = act(x·Wᵀ + bias)` (cuSPARSELt's epilogue form, spec §2.4).
 *
 * @module
 */
import {
  add,
  gelu,
  relu,
  reshape,
  runKernel,
  sigmoid,
  silu,
  type Tensor,
  type TensorLike,
  tanh,
  tidy,
  transpose,
} from '@sparseland/core';
import { fail } from '../errors.js';
import type { SparseMatrix } from '../formats/convert.js';
import { checkOneOf, denseOperand } from '../internal/checks.js';
import { type Activation, DSMM, SparseLinear } from '../kernel-names.js';
import { type Cost, valueBytes } from './cost.js';
import { csrOf, sparseArg } from './operands.js';
import { matmulByFormat } from './spmm.js';

/** Every fused activation. */
export const ACTIVATIONS: readonly Activation[] = ['none', 'relu', 'gelu', 'silu', 'sigmoid', 'tanh'];

/** Options of {@link sparseLinear}. */
export interface SparseLinearOptions {
  /** `[out]` added to every row. */
  bias?: TensorLike;
  /** Activation applied last (`gelu` is the exact erf form, as core's). Default `'none'`. */
  activation?: Activation;
}

/** @internal Apply an activation with core ops (the unfused path). */
export function applyActivation(y: Tensor, act: Activation): Tensor {
  switch (act) {
    case 'relu':
      return relu(y);
    case 'gelu':
      return gelu(y);
    case 'silu':
      return silu(y);
    case 'sigmoid':
      return sigmoid(y);
    case 'tanh':
      return tanh(y);
    default:
      return y;
  }
}

/**
 * The Linear layer with a sparse weight `W [out, in]`: `y = act(x·Wᵀ + bias)` for `x [..., in]`. A CSR
 * weight runs one fused kernel (row dot products, bias and activation before the single store); a CSC
 * weight runs DSMM on its arrays; other formats compute `(W·xᵀ)ᵀ` with their matmul kernel. Differentiable
 * with respect to `x`, `bias` and the weight's values, in every format (sparse training).
 *
 * @param x - Dense `[..., in]`.
 * @param w - Sparse `[out, in]`.
 * @param opts - `bias [out]`, `activation`.
 * @returns Dense `[..., out]`.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` for a wrong `in` or bias length.
 * @example
 * ```ts
 * const w = fromDense([[1, 0, -1], [0, 2, 0]], { format: 'csr' });
 * sparseLinear([[1, 2, 3]], w, { bias: [0.5, 0], activation: 'relu' }).dataSync(); // Float32Array [0, 4]
 * ```
 * @group Ops
 */
export function sparseLinear(x: TensorLike, w: SparseMatrix, opts: SparseLinearOptions = {}): Tensor {
  const fn = 'sparseLinear';
  const W = sparseArg(w, fn, 'w');
  const activation = checkOneOf(opts.activation ?? 'none', ACTIVATIONS, fn, 'opts.activation');
  return tidy(() => {
    const X = denseOperand(x, fn, 'x', W.dtype);
    if (X.rank < 1 || X.shape[X.rank - 1] !== W.cols) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        `have a last dimension of ${W.cols} (w.cols)`,
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
    const lead = X.shape.slice(0, -1);
    const m = lead.reduce((a, b) => a * b, 1);
    const x2 = reshape(X, [m, W.cols]);
    let y: Tensor;
    if (W.kind === 'csr' || W.kind === 'coo') {
      const p = csrOf(W);
      const inputs = {
        x: x2,
        rowPtr: p.rowPtr,
        colIdx: p.colIdx,
        values: p.values,
        ...(bias === undefined ? {} : { bias }),
      };
      y = runKernel(SparseLinear, inputs, { ...p.attrs, activation });
    } else {
      y =
        W.kind === 'csc'
          ? runKernel(
              DSMM,
              { a: x2, rowPtr: W.colPtr, colIdx: W.rowIdx, values: W.values },
              { ...W.transposedAttrs(), transposeB: false },
            )
          : transpose(matmulByFormat(W, transpose(x2)));
      if (bias !== undefined) y = add(y, bias);
      y = applyActivation(y, activation);
    }
    return reshape(y, [...lead, W.rows]);
  });
}

/**
 * FLOPs `2·nnz·M` (+ `M·out` with a bias); bytes: the weight's stored arrays, `x`, `y` and the bias.
 *
 * @example
 * ```ts
 * sparseLinear.cost([32, 512], w);
 * ```
 */
sparseLinear.cost = (x: Tensor | readonly number[], w: SparseMatrix, opts: { bias?: boolean } = {}): Cost => {
  const shape = 'shape' in x ? x.shape : x;
  const m = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const bv = valueBytes(w.dtype);
  const bias = opts.bias === true ? w.rows : 0;
  return {
    flops: 2 * w.nnz * m + (bias > 0 ? m * w.rows : 0),
    bytesMin: w.bytes() + (m * w.cols + m * w.rows + bias) * bv,
  };
};
