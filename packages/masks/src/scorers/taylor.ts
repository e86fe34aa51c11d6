/**
 * First-order Taylor importance `(w ⊙ g)²` (Molchanov et al. 2019): the squared first-order change of the
 * loss when an entry is removed. Unstructured it ranks like saliency; pooled over channels or blocks (sum of
 * squares) it differs.
 *
 * @module
 */
import { mul, square } from '@sparseland/core';
import type { Scorer } from './scorer.js';

/** `(w ⊙ g)²`; needs the gradient. */
export const taylorScorer: Scorer = {
  name: 'taylor',
  needsGrad: true,
  score: (_p, { w, g }) => square(mul(w, g!)),
};
