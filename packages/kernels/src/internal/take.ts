/** Moving stored values between layouts with core ops, so every conversion is backend-neutral and differentiable. */
import { concat, gather, reshape, type Tensor, tensor, tidy, zeros } from '@sparseland/core';

/**
 * `out[i] = flat(source)[idx[i]]`, or 0 where `idx[i] < 0`. An identity map returns a handle sharing
 * `source`'s buffer. Gradients flow back to `source` (through core's `gather`).
 */
export function takeValues(source: Tensor, idx: Int32Array): Tensor {
  return tidy(() => {
    const flat = source.rank === 1 ? source : reshape(source, [source.size]);
    if (idx.length === 0) return zeros([0], source.dtype);
    let identity = idx.length === source.size;
    let fill = false;
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i]!;
      if (v !== i) identity = false;
      if (v < 0) fill = true;
    }
    if (identity) return source.rank === 1 ? reshape(source, [source.size]) : flat;
    if (!fill) return gather(flat, tensor(idx, { dtype: 'int32' }));
    const padded = concat([flat, zeros([1], source.dtype)]);
    const mapped = idx.map((v) => (v < 0 ? source.size : v));
    return gather(padded, tensor(mapped, { dtype: 'int32' }));
  });
}
