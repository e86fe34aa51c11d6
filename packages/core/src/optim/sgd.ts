import { SparselandError } from '../errors/sparseland-error.js';
import { add, mul, sub } from '../ops/elementwise.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber, checkOptions } from './hyperparams.js';
import { type LearningRate, Optimizer, type ParamSlot } from './optimizer.js';

/** Options of {@link SGD} (PyTorch's `torch.optim.SGD` names and defaults). */
export interface SGDOptions {
  /** Learning rate or schedule. Default 1e-3. */
  lr?: LearningRate;
  /** Momentum factor `mu`, `>= 0`. Default 0 (plain SGD, no state). */
  momentum?: number;
  /** Dampening `tau` of the momentum, in `[0, 1]`. Default 0. */
  dampening?: number;
  /** Nesterov momentum (needs `momentum > 0` and `dampening = 0`). Default false. */
  nesterov?: boolean;
  /** L2 penalty `lambda`, added to the gradient as `lambda * p`. Default 0. */
  weightDecay?: number;
}

/** State of one parameter under {@link SGD}. */
export interface SGDState {
  /** Updates applied to the parameter since its state was created or reset. */
  step: number;
  /** Momentum buffer `b` (absent when `momentum` is 0). */
  momentum?: Tensor;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay,
 * exactly as `torch.optim.SGD`:
 *
 * ```text
 * g = grad + weightDecay * p
 * b = g                                      (first update)
 * b = momentum * b + (1 - dampening) * g     (later updates)
 * g = nesterov ? g + momentum * b : b        (when momentum > 0)
 * p = p - lr * g
 * ```
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.step(grads);
 * ```
 */
export class SGD extends Optimizer<SGDState> {
  /** Resolved hyperparameters (the learning rate is {@link Optimizer.lr}). */
  readonly options: Readonly<Required<Omit<SGDOptions, 'lr'>>>;

  /**
   * @param params - Named parameters, e.g. `module.namedParameters()`.
   * @param opts - Hyperparameters.
   * @throws {@link SparselandError} INVALID_ARGUMENT for out-of-range hyperparameters, or Nesterov without
   *   momentum or with dampening.
   */
  constructor(params: Record<string, Variable>, opts: SGDOptions = {}) {
    checkOptions(opts, 'SGD');
    const momentum = checkNumber(opts.momentum ?? 0, 'SGD', 'momentum', { min: 0 });
    const dampening = checkNumber(opts.dampening ?? 0, 'SGD', 'dampening', { min: 0, max: 1 });
    const weightDecay = checkNumber(opts.weightDecay ?? 0, 'SGD', 'weightDecay', { min: 0 });
    const nesterov = opts.nesterov ?? false;
    if (typeof nesterov !== 'boolean') {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'SGD',
        arg: 'nesterov',
        expected: 'be a boolean',
        actual: String(nesterov),
      });
    }
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'SGD',
        arg: 'nesterov',
        expected: 'be used only with momentum > 0 and dampening = 0',
        actual: `momentum ${momentum}, dampening ${dampening}`,
      });
    }
    super('SGD', params, opts.lr ?? 1e-3, momentum > 0 ? ['momentum'] : []);
    this.options = Object.freeze({ momentum, dampening, nesterov, weightDecay });
  }

  protected override update(p: Variable, grad: Tensor, slot: ParamSlot, lr: number): void {
    const { momentum, dampening, nesterov, weightDecay } = this.options;
    let g = weightDecay !== 0 ? add(grad, mul(p, weightDecay)) : grad;
    const buf = slot.tensors.momentum;
    if (buf !== undefined) {
      const b = slot.step === 1 ? g : add(mul(buf, momentum), dampening === 0 ? g : mul(g, 1 - dampening));
      buf.assign(b);
      g = nesterov ? add(g, mul(b, momentum)) : b;
    }
    p.assign(sub(p, mul(g, lr)));
  }
}
