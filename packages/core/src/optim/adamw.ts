import type { Tensor, Variable } from '../tensor/tensor.js';
import { type AdamOptions, type AdamState, adamUpdate, resolveAdamOptions } from './adam.js';
import { Optimizer, type ParamSlot } from './optimizer.js';

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, exactly as `torch.optim.AdamW`:
 * first `p = p * (1 - lr * weightDecay)`, then Adam's update with the raw gradient.
 *
 * @example
 * ```ts
 * const opt = new optim.AdamW(model.namedParameters(), { lr: 3e-4, weightDecay: 0.1 });
 * ```
 */
export class AdamW extends Optimizer<AdamState> {
  /** Resolved hyperparameters (the learning rate is {@link Optimizer.lr}). */
  readonly options: Readonly<Required<Omit<AdamOptions, 'lr'>>>;

  /**
   * @param params - Named parameters, e.g. `module.namedParameters()`.
   * @param opts - Hyperparameters; `weightDecay` defaults to 1e-2 as in PyTorch.
   * @throws {@link SparselandError} INVALID_ARGUMENT for out-of-range hyperparameters.
   */
  constructor(params: Record<string, Variable>, opts: AdamOptions = {}) {
    const options = resolveAdamOptions(opts, 'AdamW', 1e-2);
    super('AdamW', params, opts.lr ?? 1e-3, ['m', 'v']);
    this.options = options;
  }

  protected override update(p: Variable, grad: Tensor, slot: ParamSlot, lr: number): void {
    adamUpdate(p, grad, slot, lr, this.options, true);
  }
}
