/**
 * Random scores `U(0, 1)`, seeded per run, parameter and step (jaxpruner; Random_Pruning).
 *
 * @module
 */
import { random } from '@sparseland/core';
import { deriveSeed } from '../internal/seed.js';
import type { Scorer } from './scorer.js';

/** `U(0, 1)` from a stream derived from `(seed, name, step)`: the same on every backend and every run. */
export const randomScorer: Scorer = {
  name: 'random',
  needsGrad: false,
  score: (p, { step, seed, w }) =>
    random.uniform(p.shape, {
      seed: deriveSeed(seed, p.name, step),
      dtype: w.dtype === 'float64' ? 'float64' : 'float32',
    }),
};
