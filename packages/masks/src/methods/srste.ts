/**
 * SR-STE (Zhou et al., ICLR 2021; spec §6.2): `dL/dW = dL/dW̃ + λ_w·(1 − M) ⊙ W`.
 *
 * @module
 */
import { add, cast, customGrad, mul, scalar, sub, type Tensor } from '@sparseland/core';
import { checkNumber, onlyFields } from '../internal/checks.js';
import type { MethodImpl, SrsteMethod } from './method.js';

/** SR-STE's default `λ_w`. */
export const SRSTE_LAMBDA = 2e-4;

/** `g + λ·(1 − m) ⊙ w`. */
function refine(g: Tensor, w: Tensor, m: Tensor, lambda: number): Tensor {
  return add(g, mul(mul(sub(scalar(1, w.dtype), m), w), scalar(lambda, w.dtype)));
}

/**
 * `W ⊙ M` with SR-STE's gradient `dy + λ·(1 − M) ⊙ W`: a decay on the pruned weights only, added to the
 * gradient so it passes through momentum and Adam.
 *
 * @param w - Dense weights.
 * @param mask - Mask (bool or 0/1 numbers) of `w`'s shape.
 * @param lambda - `λ_w`. Default 2e-4.
 * @example
 * ```ts
 * const { grads } = valueAndGrad((w: Tensor) => sum(srste(w, mask)))(w); // 1 + 2e-4·w where mask is 0
 * ```
 */
export function srste(w: Tensor, mask: Tensor, lambda = SRSTE_LAMBDA): Tensor {
  const l = checkNumber(lambda, 'srste', 'lambda', 0);
  const m = mask.dtype === w.dtype ? mask : cast(mask, w.dtype);
  return customGrad((wi: Tensor, mi: Tensor) => ({
    value: mul(wi, mi),
    gradFunc: (dy) => [refine(dy, wi, mi, l), null],
  }))(w, m);
}

/** The `srste` method. */
export const srsteMethod: MethodImpl<SrsteMethod> = {
  kind: 'srste',
  storage: 'dense',
  validate(m, fn, arg) {
    onlyFields(m, ['kind', 'lambda'], fn, arg);
    return { kind: 'srste', lambda: checkNumber(m.lambda ?? SRSTE_LAMBDA, fn, `${arg}.lambda`, 0) };
  },
  backward: (m, g, w, mask) => refine(g, w, mask, m.lambda ?? SRSTE_LAMBDA),
};
