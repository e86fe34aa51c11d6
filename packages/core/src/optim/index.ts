/**
 * Optimizers and learning-rate schedules: {@link SGD}, {@link Adam} and {@link AdamW} with PyTorch's
 * update rules, over named parameters, with per-parameter state that can be read and reset.
 *
 * @example
 * ```ts
 * import { nn, optim, tidy, valueAndGrad } from '@sparseland/core';
 * const model = new nn.Linear(4, 2, { seed: 0 });
 * const params = model.namedParameters();
 * const opt = new optim.AdamW(params, { lr: optim.warmupCosine({ lr: 1e-3, warmupSteps: 10, totalSteps: 100 }) });
 * for (let i = 0; i < 100; i++) {
 *   tidy(() => {
 *     const { grads } = valueAndGrad(() => nn.mse(model.forward(x), y))(params);
 *     opt.step(grads);
 *   });
 * }
 * opt.resetState('weight', regrownMask); // zero Adam's moments of regrown weights
 * ```
 *
 * @module
 */
export { Adam, type AdamOptions, type AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { type LearningRate, Optimizer, type OptimizerState, type ParamSlot } from './optimizer.js';
export {
  type CosineDecayOptions,
  cosineDecay,
  type LinearWarmupOptions,
  linearWarmup,
  type Schedule,
  type WarmupCosineOptions,
  warmupCosine,
} from './schedules.js';
export { SGD, type SGDOptions, type SGDState } from './sgd.js';
