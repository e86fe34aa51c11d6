/**
 * Progressive gradient flow with decaying masks, MDGF (Bambhaniya et al. 2024; spec §6.3).
 *
 * @module
 */
import { add, cast, customGrad, mul, scalar, sub, type Tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { checkInt, checkNumber, checkOneOf, onlyFields } from '../internal/checks.js';
import type { MdgfMethod, MethodImpl } from './method.js';

/**
 * `β(τ)` of MDGF: `max(0, 1 − ατ)` (linear), `e^(−ατ)` (exp) or 0 (step); 1 for `τ < 0` (dense phase).
 *
 * @example
 * ```ts
 * mdgfBeta('exp', 1e-4, 10_000); // e^-1 = 0.36787944
 * ```
 */
export function mdgfBeta(decay: 'linear' | 'exp' | 'step', alpha: number, tau: number): number {
  if (tau < 0) return 1;
  switch (decay) {
    case 'linear':
      return Math.max(0, 1 - alpha * tau);
    case 'exp':
      return Math.exp(-alpha * tau);
    case 'step':
      return 0;
  }
}

/** The β of a method at step `t`. */
function betaAt(m: MdgfMethod, t: number): number {
  if (m.fineTuneStep !== undefined && t >= m.fineTuneStep) return 0;
  return mdgfBeta(m.decay ?? 'exp', m.alpha ?? 2e-4, t - (m.denseSteps ?? 0));
}

function decayed(w: Tensor, m: Tensor, beta: number): Tensor {
  // M + (1 − M)·β
  const one = scalar(1, w.dtype);
  return mul(w, add(m, mul(sub(one, m), scalar(beta, w.dtype))));
}

/**
 * `W ⊙ (M + (1 − M)·β)` with a straight-through gradient (`∂/∂W = dy`).
 *
 * @example
 * ```ts
 * decayMask(tensor([2, 4]), tensor([1, 0]), 0.5).dataSync(); // Float32Array [2, 2]
 * ```
 */
export function decayMask(w: Tensor, mask: Tensor, beta: number): Tensor {
  const b = checkNumber(beta, 'decayMask', 'beta', 0, 1);
  const m = mask.dtype === w.dtype ? mask : cast(mask, w.dtype);
  return customGrad((wi: Tensor, mi: Tensor) => ({
    value: decayed(wi, mi, b),
    gradFunc: (dy) => [dy, null],
  }))(w, m);
}

/** The `mdgf` method. */
export const mdgfMethod: MethodImpl<MdgfMethod> = {
  kind: 'mdgf',
  storage: 'dense',
  validate(m, fn, arg) {
    onlyFields(m, ['kind', 'decay', 'alpha', 'denseSteps', 'fineTuneStep'], fn, arg);
    const out: MdgfMethod = {
      kind: 'mdgf',
      decay: checkOneOf(m.decay ?? 'exp', ['linear', 'exp', 'step'] as const, fn, `${arg}.decay`),
      alpha: checkNumber(m.alpha ?? 2e-4, fn, `${arg}.alpha`, 0),
      denseSteps: checkInt(m.denseSteps ?? 0, fn, `${arg}.denseSteps`),
    };
    if (m.fineTuneStep !== undefined) {
      out.fineTuneStep = checkInt(m.fineTuneStep, fn, `${arg}.fineTuneStep`);
      if (out.fineTuneStep < out.denseSteps!) {
        fail(
          'SPARSELAND__MASKS__OUT_OF_RANGE',
          fn,
          `${arg}.fineTuneStep`,
          `be >= denseSteps (${out.denseSteps})`,
          out.fineTuneStep,
        );
      }
    }
    return out;
  },
  patternAt: (m, p, t) => (t < (m.denseSteps ?? 0) ? null : p),
  forward: (m, w, mask, t) => decayed(w, mask, betaAt(m, t)),
};
