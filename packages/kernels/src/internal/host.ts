/** Reading tensors on the host (cpu backends read synchronously). */
import type { Tensor } from '@sparseland/core';

/** The int32 contents of `t` (a fresh copy). */
export function readInt32(t: Tensor): Int32Array {
  return t.dataSync() as Int32Array;
}

/** The float contents of `t` (a fresh copy). */
export function readFloat(t: Tensor): Float32Array | Float64Array {
  return t.dataSync() as Float32Array | Float64Array;
}
