/**
 * Straight-through masking (spec §6.1): the forward sees `W ⊙ M`, the gradient w.r.t. `W ⊙ M` updates the
 * dense `W`.
 *
 * @module
 */
import { cast, customGrad, mul, type Tensor } from '@sparseland/core';
import { onlyFields } from '../internal/checks.js';
import type { MethodImpl, SteMethod } from './method.js';

const steOp = customGrad((w: Tensor, m: Tensor) => ({ value: mul(w, m), gradFunc: (dy) => [dy, null] }));

/**
 * `W ⊙ M` with a straight-through gradient: `∂/∂W = dy` (not `dy ⊙ M`).
 *
 * @param w - Dense weights.
 * @param mask - Mask (bool or 0/1 numbers) of `w`'s shape.
 * @example
 * ```ts
 * const { grads } = valueAndGrad((w: Tensor) => sum(ste(w, mask)))(w); // grads: all ones
 * ```
 */
export function ste(w: Tensor, mask: Tensor): Tensor {
  return steOp(w, mask.dtype === w.dtype ? mask : cast(mask, w.dtype));
}

/** The `ste` method: masks re-selected from `|W|` every step, straight-through gradient. */
export const steMethod: MethodImpl<SteMethod> = {
  kind: 'ste',
  storage: 'dense',
  validate(m, fn, arg) {
    onlyFields(m, ['kind'], fn, arg);
    return { kind: 'ste' };
  },
};
