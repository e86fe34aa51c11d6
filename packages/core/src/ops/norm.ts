import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape } from '../internal/shape.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { ones, type TensorLike, toTensor, zeros } from './create.js';
import { add, mul, rsqrt, square, sub } from './elementwise.js';
import { mean } from './reduce.js';
import { registerGradient, runKernel, scoped } from './run.js';
import { sumToShape } from './shape.js';

/** Options of {@link layerNorm}. */
export interface LayerNormOpOptions {
  /** Scale `[dim]` (default: ones). */
  weight?: TensorLike;
  /** Shift `[dim]` (default: zeros). */
  bias?: TensorLike;
  /** Added to the variance. Default `1e-5`. */
  eps?: number;
}

/** Options of {@link rmsNorm}. */
export interface RMSNormOpOptions {
  /** Scale `[dim]` (default: ones). */
  weight?: TensorLike;
  /** Added to the mean square. Default `1e-6`. */
  eps?: number;
}

function checkX(x: TensorLike, fn: string): Tensor {
  const t = toTensor(x, 'x', fn);
  if (!isFloat(t.dtype)) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'x',
      expected: 'have a float dtype',
      actual: t.dtype,
    });
  }
  if (t.rank === 0) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg: 'x',
      expected: 'have rank >= 1 (it is normalised over its last axis)',
      actual: 'a scalar',
    });
  }
  return t;
}

function checkEps(eps: number, fn: string): number {
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'eps',
      expected: 'be a finite positive number',
      actual: typeof eps === 'number' ? eps : String(eps),
    });
  }
  return eps;
}

/** A `[dim]` parameter of `x`'s dtype, or `fill` when absent. */
function param(p: TensorLike | undefined, x: Tensor, arg: string, fn: string, fill: 0 | 1): Tensor {
  const dim = x.shape[x.rank - 1]!;
  if (p === undefined) return fill === 1 ? ones([dim], x.dtype) : zeros([dim], x.dtype);
  const t = toTensor(p, arg, fn, x.dtype);
  if (t.rank !== 1 || t.shape[0] !== dim) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg,
      expected: `have shape [${dim}] (x's last axis)`,
      actual: fmtShape(t.shape),
    });
  }
  if (t.dtype !== x.dtype) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg,
      expected: `have x's dtype ${x.dtype}`,
      actual: t.dtype,
    });
  }
  return t;
}

/**
 * Layer normalisation over the last axis, fused in one kernel: `(x - mean) / sqrt(var + eps) * weight + bias`
 * with the biased variance (as PyTorch's `layer_norm`). Differentiable in `x`, `weight` and `bias`.
 *
 * @param x - `[..., dim]`, float.
 * @param opts - `weight` and `bias` (`[dim]`, default ones and zeros), `eps` (default `1e-5`).
 * @returns The same shape and dtype as `x`.
 * @throws {@link SparselandError} DTYPE_MISMATCH for a non-float `x` or parameters of another dtype;
 *   SHAPE_MISMATCH for a scalar `x` or parameters that are not `[dim]`; INVALID_ARGUMENT for `eps <= 0`.
 * @example
 * ```ts
 * layerNorm(tensor([[1, 2, 3]])).dataSync(); // Float32Array [-1.2247, 0, 1.2247]
 * ```
 */
export function layerNorm(x: TensorLike, opts: LayerNormOpOptions = {}): Tensor {
  return scoped(() => {
    const fn = 'layerNorm';
    const t = checkX(x, fn);
    const eps = checkEps(opts.eps ?? 1e-5, fn);
    const weight = param(opts.weight, t, 'weight', fn, 1);
    const bias = param(opts.bias, t, 'bias', fn, 0);
    return runKernel('LayerNorm', { x: t, weight, bias }, { eps });
  });
}

/**
 * RMS normalisation over the last axis, fused in one kernel: `x / sqrt(mean(x^2) + eps) * weight`.
 * Differentiable in `x` and `weight`.
 *
 * @param x - `[..., dim]`, float.
 * @param opts - `weight` (`[dim]`, default ones), `eps` (default `1e-6`).
 * @returns The same shape and dtype as `x`.
 * @throws {@link SparselandError} as {@link layerNorm}.
 * @example
 * ```ts
 * rmsNorm(tensor([[3, 4]])).dataSync(); // Float32Array [0.8485, 1.1314]
 * ```
 */
export function rmsNorm(x: TensorLike, opts: RMSNormOpOptions = {}): Tensor {
  return scoped(() => {
    const fn = 'rmsNorm';
    const t = checkX(x, fn);
    const eps = checkEps(opts.eps ?? 1e-6, fn);
    const weight = param(opts.weight, t, 'weight', fn, 1);
    return runKernel('RMSNorm', { x: t, weight }, { eps });
  });
}

/** `xhat = (x - mean) * rstd` and `rstd` over the last axis. */
function standardize(x: Tensor, eps: number): { xhat: Tensor; rstd: Tensor } {
  const centered = sub(x, mean(x, -1, true));
  const rstd = rsqrt(add(mean(square(centered), -1, true), eps));
  return { xhat: mul(centered, rstd), rstd };
}

registerGradient('LayerNorm', ([dy], { inputs, attrs }) => {
  const x = inputs.x as Tensor;
  const weight = inputs.weight as Tensor;
  const bias = inputs.bias as Tensor;
  const { eps } = attrs as { eps: number };
  return {
    // dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * weight
    x: () => {
      const { xhat, rstd } = standardize(x, eps);
      const g = mul(dy!, weight);
      return mul(rstd, sub(sub(g, mean(g, -1, true)), mul(xhat, mean(mul(g, xhat), -1, true))));
    },
    weight: () => sumToShape(mul(dy!, standardize(x, eps).xhat), weight.shape),
    bias: () => sumToShape(dy!, bias.shape),
  };
});

registerGradient('RMSNorm', ([dy], { inputs, attrs }) => {
  const x = inputs.x as Tensor;
  const weight = inputs.weight as Tensor;
  const { eps } = attrs as { eps: number };
  const inv = () => rsqrt(add(mean(square(x), -1, true), eps));
  return {
    // dx = r * (g - x * r^2 * mean(g * x)), g = dy * weight, r = 1 / sqrt(mean(x^2) + eps)
    x: () => {
      const r = inv();
      const g = mul(dy!, weight);
      return mul(r, sub(g, mul(mul(x, square(r)), mean(mul(g, x), -1, true))));
    },
    weight: () => sumToShape(mul(dy!, mul(x, inv())), weight.shape),
  };
});
