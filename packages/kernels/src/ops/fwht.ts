/**
 * The fast Walsh–Hadamard transform and its input-sparse variant (spec §3.7).
 *
 * @module
 */
import { runKernel, Tensor, type TensorLike, tensor, tidy } from '@sparseland/core';
import { whtScale } from '../backends/cpu/FWHT.js';
import { fail } from '../errors.js';
import { popcount32 } from '../internal/bits.js';
import { checkInt, checkOneOf, describe, isValueDType } from '../internal/checks.js';
import { FWHT, type WhtNorm } from '../kernel-names.js';
import { type Cost, valueBytes } from './cost.js';

/** Options of {@link fwht}. */
export interface FWHTOptions {
  /** Scale by 1 (`'none'`), `1/√N` (`'ortho'`, an involution) or `1/N` (`'inverse'`). Default `'none'`. */
  norm?: WhtNorm;
}

/** Every normalisation. */
export const WHT_NORMS: readonly WhtNorm[] = ['none', 'ortho', 'inverse'];

/**
 * The Walsh–Hadamard transform along the last axis (length `N = 2^n`, natural order, batched over the
 * leading axes): `y_j = Σ_i x_i·(−1)^popcount(i & j)`, times the normalisation. `H_N·H_N = N·I`, so
 * `fwht(fwht(x), { norm: 'inverse' })` is `x`. Differentiable (the transform is symmetric).
 *
 * @param x - Float tensor `[..., N]`, N a power of two.
 * @throws `SparselandError` `SPARSELAND__KERNELS__SHAPE_MISMATCH` when N is not a power of two.
 * @example
 * ```ts
 * fwht([1, 0, 0, 0]).dataSync(); // Float32Array [1, 1, 1, 1]
 * fwht([1, 2, 3, 4]).dataSync(); // Float32Array [10, -2, -4, 0]
 * ```
 * @group Ops
 */
export function fwht(x: TensorLike, opts: FWHTOptions = {}): Tensor {
  const fn = 'fwht';
  const norm = checkOneOf(opts.norm ?? 'none', WHT_NORMS, fn, 'opts.norm');
  return tidy(() => {
    let t: Tensor;
    if (x instanceof Tensor) {
      x.assertLive(fn);
      if (!isValueDType(x.dtype))
        fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, 'x', 'have dtype float32 or float64', x.dtype);
      t = x;
    } else {
      if (!(typeof x === 'number' || Array.isArray(x) || ArrayBuffer.isView(x))) {
        fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'x', 'be a tensor or nested arrays', describe(x));
      }
      t = tensor(x as Exclude<TensorLike, Tensor>, {
        dtype: x instanceof Float64Array ? 'float64' : 'float32',
      });
    }
    const len = t.shape[t.rank - 1];
    if (len === undefined || len < 1 || (len & (len - 1)) !== 0) {
      fail(
        'SPARSELAND__KERNELS__SHAPE_MISMATCH',
        fn,
        'x',
        'have a last dimension that is a power of two',
        `shape [${t.shape.join(', ')}]`,
      );
    }
    return runKernel(FWHT, { x: t }, { norm });
  });
}

/**
 * FLOPs `rows·N·log2 N` (additions); bytes `2·rows·N·bv`.
 *
 * @example
 * ```ts
 * fwht.cost([8, 1024]); // { flops: 81920, bytesMin: 65536 }
 * ```
 */
fwht.cost = (x: Tensor | readonly number[], dtype = 'float32'): Cost => {
  const shape = x instanceof Tensor ? x.shape : x;
  const size = shape.reduce((a, b) => a * b, 1);
  const len = shape[shape.length - 1] ?? 1;
  const bv = valueBytes(x instanceof Tensor ? x.dtype : dtype);
  return { flops: size * Math.log2(Math.max(len, 1)), bytesMin: 2 * size * bv };
};

/**
 * The Walsh–Hadamard transform of a k-sparse input without the FWHT: `y_j = Σ_{i∈P} x_i·(−1)^popcount(i&j)`
 * for the outputs `j` asked for (all `2^n` by default), in O(k·|J|); it beats the FWHT when `k < n`.
 *
 * @param indices - Positions of the nonzeros (each `< 2^n`).
 * @param values - Their values.
 * @param n - log2 of the length (≤ 30).
 * @param outputs - Output positions to compute; all by default.
 * @param norm - Normalisation. Default `'none'`.
 * @returns The outputs, in the order asked for (float64).
 * @example
 * ```ts
 * sparseInputWht([1], [2], 2); // Float64Array [2, -2, 2, -2]
 * ```
 * @group Ops
 */
export function sparseInputWht(
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  n: number,
  outputs?: ArrayLike<number>,
  norm: WhtNorm = 'none',
): Float64Array {
  const fn = 'sparseInputWht';
  checkInt(n, fn, 'n', 0, 30);
  checkOneOf(norm, WHT_NORMS, fn, 'norm');
  const N = 2 ** n;
  if (indices.length !== values.length) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      'values',
      `have the length of indices (${indices.length})`,
      `length ${values.length}`,
    );
  }
  for (let q = 0; q < indices.length; q++) checkInt(indices[q], fn, `indices[${q}]`, 0, N - 1);
  const J = outputs ?? { length: N };
  if (outputs !== undefined)
    for (let q = 0; q < outputs.length; q++) checkInt(outputs[q], fn, `outputs[${q}]`, 0, N - 1);
  const scale = whtScale(norm, N);
  const out = new Float64Array(J.length);
  for (let q = 0; q < J.length; q++) {
    const j = outputs === undefined ? q : outputs[q]!;
    let s = 0;
    for (let p = 0; p < indices.length; p++) s += (popcount32(indices[p]! & j) & 1 ? -1 : 1) * values[p]!;
    out[q] = s * scale;
  }
  return out;
}
