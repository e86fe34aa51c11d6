import { tidy } from '../backend/backends.js';
import { full, variable } from '../ops/create.js';
import { layerNorm } from '../ops/norm.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkBool, checkInput, checkPositive, checkSize, type ParamDType, resolveDType } from './checks.js';
import { Module } from './module.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Learn a per-feature scale `weight` (ones) and shift `bias` (zeros). Default true. */
  elementwiseAffine?: boolean;
  /** Parameter dtype. Default `'float32'`. */
  dtype?: ParamDType;
}

/**
 * Layer normalisation over the last axis, as PyTorch's: `(x - mean) / sqrt(var + eps) * weight + bias`
 * with the biased variance. Parameters (with `elementwiseAffine`): `weight`, `bias`, both `[dim]`.
 *
 * @example
 * ```ts
 * const ln = new nn.LayerNorm(64);
 * const y = ln.forward(x); // x: [..., 64]
 * ```
 */
export class LayerNorm extends Module {
  /** Size of the normalised (last) axis. */
  readonly dim: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Scale `[dim]` (ones at init), or undefined without `elementwiseAffine`. */
  readonly weight: Variable | undefined;
  /** Shift `[dim]` (zeros at init), or undefined without `elementwiseAffine`. */
  readonly bias: Variable | undefined;
  readonly #dtype: ParamDType;

  /**
   * @param dim - Size of the last axis.
   * @param opts - `eps`, `elementwiseAffine`, `dtype`.
   */
  constructor(dim: number, opts: LayerNormOptions = {}) {
    super();
    const fn = 'LayerNorm';
    this.dim = checkSize(dim, fn, 'dim');
    this.eps = checkPositive(opts.eps ?? 1e-5, fn, 'eps');
    this.#dtype = resolveDType(opts.dtype, fn);
    const affine = checkBool(opts.elementwiseAffine ?? true, fn, 'elementwiseAffine');
    const init = (value: number, name: string) =>
      tidy(() => variable(full([dim], value, this.#dtype), { name }));
    this.weight = affine ? this.registerParameter('weight', init(1, 'weight')) : undefined;
    this.bias = affine ? this.registerParameter('bias', init(0, 'bias')) : undefined;
  }

  /**
   * Normalise `x` over its last axis.
   *
   * @param x - `[..., dim]`, of the layer's dtype.
   * @returns The same shape.
   */
  forward(x: Tensor): Tensor {
    checkInput(x, 'LayerNorm.forward', 'x', { dtype: this.#dtype, lastDim: this.dim, what: 'dim' });
    // one fused kernel (see ops/norm.ts); absent affine parameters default to ones and zeros
    return layerNorm(x, {
      ...(this.weight === undefined ? {} : { weight: this.weight }),
      ...(this.bias === undefined ? {} : { bias: this.bias }),
      eps: this.eps,
    });
  }
}
