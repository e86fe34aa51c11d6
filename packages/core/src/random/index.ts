/**
 * Seeded random tensors: the same seed gives the same values on every backend.
 *
 * @example
 * ```ts
 * import { random } from '@sparseland/core';
 * const rng = new random.Rng(7);
 * const w = random.normal([64, 10], { rng, std: 0.1 });
 * const order = random.permutation(100, { rng });
 * ```
 *
 * @module
 */
export { Rng } from './rng.js';
export {
  categorical,
  type FromRng,
  type FromSeed,
  normal,
  permutation,
  type RandomSource,
  uniform,
} from './sample.js';
