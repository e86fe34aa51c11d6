import { add, div, mul, sqrt, square, sub } from '../ops/elementwise.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber, checkOptions } from './hyperparams.js';
import { type LearningRate, Optimizer, type ParamSlot } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW} (PyTorch's defaults; `weightDecay` defaults differ). */
export interface AdamOptions {
  /** Learning rate or schedule. Default 1e-3. */
  lr?: LearningRate;
  /** Decay of the first moment, in `[0, 1)`. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in `[0, 1)`. Default 0.999. */
  beta2?: number;
  /** Added to the denominator, `>= 0`. Default 1e-8. */
  eps?: number;
  /** Weight decay `>= 0`: L2 added to the gradient (Adam, default 0) or decoupled (AdamW, default 1e-2). */
  weightDecay?: number;
}

/** State of one parameter under {@link Adam} / {@link AdamW}. */
export interface AdamState {
  /** Updates applied to the parameter since its state was created or fully reset (`t`, for bias correction). */
  step: number;
  /** First moment (moving average of gradients). */
  m: Tensor;
  /** Second moment (moving average of squared gradients). */
  v: Tensor;
}

/** @internal Adam's update, shared by {@link Adam} and {@link AdamW}. */
export function adamUpdate(
  p: Variable,
  grad: Tensor,
  slot: ParamSlot,
  lr: number,
  o: Readonly<Required<Omit<AdamOptions, 'lr'>>>,
  decoupled: boolean,
): void {
  const { beta1, beta2, eps, weightDecay } = o;
  const m = slot.tensors.m!;
  const v = slot.tensors.v!;
  const t = slot.step;
  let param: Tensor = p;
  let g = grad;
  if (weightDecay !== 0) {
    if (decoupled) param = mul(p, 1 - lr * weightDecay);
    else g = add(g, mul(p, weightDecay));
  }
  const m1 = add(mul(m, beta1), mul(g, 1 - beta1));
  const v1 = add(mul(v, beta2), mul(square(g), 1 - beta2));
  const bc1 = 1 - beta1 ** t;
  const bc2 = 1 - beta2 ** t;
  // as PyTorch: p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
  const denom = add(div(sqrt(v1), Math.sqrt(bc2)), eps);
  m.assign(m1);
  v.assign(v1);
  p.assign(sub(param, mul(div(m1, denom), lr / bc1)));
}

/** @internal Validate Adam's hyperparameters and fill in defaults. */
export function resolveAdamOptions(
  opts: AdamOptions,
  fn: string,
  weightDecay: number,
): Readonly<Required<Omit<AdamOptions, 'lr'>>> {
  checkOptions(opts, fn);
  return Object.freeze({
    beta1: checkNumber(opts.beta1 ?? 0.9, fn, 'beta1', { min: 0, max: 1, maxExclusive: true }),
    beta2: checkNumber(opts.beta2 ?? 0.999, fn, 'beta2', { min: 0, max: 1, maxExclusive: true }),
    eps: checkNumber(opts.eps ?? 1e-8, fn, 'eps', { min: 0 }),
    weightDecay: checkNumber(opts.weightDecay ?? weightDecay, fn, 'weightDecay', { min: 0 }),
  });
}

/**
 * Adam (Kingma & Ba), exactly as `torch.optim.Adam` (L2 weight decay added to the gradient):
 *
 * ```text
 * g = grad + weightDecay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * ```
 *
 * @example
 * ```ts
 * const opt = new optim.Adam(model.namedParameters(), { lr: 1e-3 });
 * opt.step(grads);
 * opt.state('fc.weight').m; // first moment
 * ```
 */
export class Adam extends Optimizer<AdamState> {
  /** Resolved hyperparameters (the learning rate is {@link Optimizer.lr}). */
  readonly options: Readonly<Required<Omit<AdamOptions, 'lr'>>>;

  /**
   * @param params - Named parameters, e.g. `module.namedParameters()`.
   * @param opts - Hyperparameters.
   * @throws {@link SparselandError} INVALID_ARGUMENT for out-of-range hyperparameters.
   */
  constructor(params: Record<string, Variable>, opts: AdamOptions = {}) {
    const options = resolveAdamOptions(opts, 'Adam', 0);
    super('Adam', params, opts.lr ?? 1e-3, ['m', 'v']);
    this.options = options;
  }

  protected override update(p: Variable, grad: Tensor, slot: ParamSlot, lr: number): void {
    adamUpdate(p, grad, slot, lr, this.options, false);
  }
}
