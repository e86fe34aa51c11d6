import { tidy } from '../backend/backends.js';
import { ones, variable } from '../ops/create.js';
import { rmsNorm } from '../ops/norm.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkInput, checkPositive, checkSize, type ParamDType, resolveDType } from './checks.js';
import { Module } from './module.js';

/** Options of {@link RMSNorm}. */
export interface RMSNormOptions {
  /** Added to the mean square. Default 1e-6. */
  eps?: number;
  /** Parameter dtype. Default `'float32'`. */
  dtype?: ParamDType;
}

/**
 * Root-mean-square normalisation over the last axis: `x / sqrt(mean(x^2) + eps) * weight`.
 * Parameter: `weight` `[dim]` (ones at init).
 *
 * @example
 * ```ts
 * const norm = new nn.RMSNorm(64);
 * const y = norm.forward(x); // x: [..., 64]
 * ```
 */
export class RMSNorm extends Module {
  /** Size of the normalised (last) axis. */
  readonly dim: number;
  /** Added to the mean square. */
  readonly eps: number;
  /** Scale `[dim]`. */
  readonly weight: Variable;

  /**
   * @param dim - Size of the last axis.
   * @param opts - `eps`, `dtype`.
   */
  constructor(dim: number, opts: RMSNormOptions = {}) {
    super();
    const fn = 'RMSNorm';
    this.dim = checkSize(dim, fn, 'dim');
    this.eps = checkPositive(opts.eps ?? 1e-6, fn, 'eps');
    const dtype = resolveDType(opts.dtype, fn);
    this.weight = this.registerParameter(
      'weight',
      tidy(() => variable(ones([dim], dtype), { name: 'weight' })),
    );
  }

  /**
   * Normalise `x` over its last axis.
   *
   * @param x - `[..., dim]`, of the layer's dtype.
   * @returns The same shape.
   */
  forward(x: Tensor): Tensor {
    checkInput(x, 'RMSNorm.forward', 'x', { dtype: this.weight.dtype, lastDim: this.dim, what: 'dim' });
    return rmsNorm(x, { weight: this.weight, eps: this.eps }); // one fused kernel (see ops/norm.ts)
  }
}
