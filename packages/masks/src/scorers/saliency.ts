/**
 * Connection saliency `|w ⊙ g|` (SNIP, Lee et al. 2019; jaxpruner `saliency`, INC `snip`).
 *
 * @module
 */
import { abs, mul } from '@sparseland/core';
import type { Scorer } from './scorer.js';

/** `|w ⊙ g|`; needs the gradient. */
export const saliencyScorer: Scorer = {
  name: 'saliency',
  needsGrad: true,
  score: (_p, { w, g }) => abs(mul(w, g!)),
};
