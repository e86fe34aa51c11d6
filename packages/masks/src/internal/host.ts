/** Reading tensors on the host and making mask tensors. */
import { abs, type Tensor, tensor } from '@sparseland/core';

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
