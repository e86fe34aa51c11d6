/** Reading tensors on the host and making mask tensors. */
import { abs, type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, describe, sameShape } from './checks.js';

/** The values of a tensor on the host (synchronously; CPU and wasm backends). */
export function readHost(t: Tensor): ArrayLike<number> {
  const d = t.dataSync();
  return d as ArrayLike<number>;
}

/** A `bool` tensor of `shape` from a 0/1 host mask. */
export function boolTensor(mask: Uint8Array, shape: readonly number[]): Tensor {
  return tensor(mask, { shape, dtype: 'bool' });
}

/** `|t|` on the host (the temporary tensor is freed). */
export function hostAbs(t: Tensor): ArrayLike<number> {
  const a = abs(t);
  const out = readHost(a);
  a.dispose();
  return out;
}

/**
 * Host scores for `w`: the given `scores` (which must have `w`'s shape; a converted copy is freed) or `|w|`.
 *
 * @throws SparselandError `SPARSELAND__MASKS__SHAPE_MISMATCH` when `scores` has another shape.
 */
export function scoresOrAbs(
  w: Tensor,
  scores: TensorLike | undefined,
  fn: string,
  arg: string,
): ArrayLike<number> {
  if (scores === undefined) return hostAbs(w);
  const s = asTensor(scores, fn, arg);
  if (!sameShape(s.shape, w.shape)) {
    fail('SPARSELAND__MASKS__SHAPE_MISMATCH', fn, arg, `have w's shape [${w.shape.join(', ')}]`, describe(s));
  }
  const out = readHost(s);
  if (s !== scores) s.dispose();
  return out;
}
