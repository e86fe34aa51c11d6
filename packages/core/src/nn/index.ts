/**
 * Layers, models and losses: a {@link Module} base with named parameters and state dicts, {@link Linear},
 * {@link Embedding}, {@link LayerNorm}, {@link RMSNorm}, {@link MLP}, {@link MultiHeadAttention} (dense
 * reference), {@link TransformerBlock}, and the {@link crossEntropyWithLogits} and {@link mse} losses.
 *
 * Random initialisation is always explicit: every layer with random parameters takes `{ seed }` (a fresh
 * generator) or `{ rng }` (a shared {@link random.Rng}); composite modules make one generator from the seed
 * and pass it down, so a seed reproduces the whole model.
 *
 * @example
 * ```ts
 * import { nn, optim, tensor, tidy, valueAndGrad } from '@sparseland/core';
 * const model = new nn.MLP([2, 16, 3], { activation: 'relu', seed: 0 });
 * const params = model.namedParameters(); // { 'layers.0.weight': ..., 'layers.0.bias': ..., ... }
 * const opt = new optim.Adam(params, { lr: 1e-2 });
 * tidy(() => {
 *   const { value, grads } = valueAndGrad(() => nn.crossEntropyWithLogits(model.forward(x), labels))(params);
 *   opt.step(grads);
 * });
 * ```
 *
 * @module
 */
export type { InitOptions, ParamDType } from './checks.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { Linear, type LinearOptions } from './linear.js';
export {
  type CrossEntropyOptions,
  crossEntropyWithLogits,
  type MSEOptions,
  mse,
  type Reduction,
} from './losses.js';
export { type Activation, MLP, type MLPOptions } from './mlp.js';
export {
  type LoadStateDictOptions,
  type LoadStateDictResult,
  Module,
  type ParameterFilter,
} from './module.js';
export { MultiHeadAttention, type MultiHeadAttentionOptions } from './multi-head-attention.js';
export { RMSNorm, type RMSNormOptions } from './rms-norm.js';
export { TransformerBlock, type TransformerBlockOptions } from './transformer-block.js';
