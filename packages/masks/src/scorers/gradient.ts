/**
 * Gradient magnitude `|∂L/∂(w ⊙ m)|`, dense (RigL's grow criterion, spec §2).
 *
 * @module
 */
import { abs } from '@sparseland/core';
import type { Scorer } from './scorer.js';

/** `|g|`; needs the gradient. */
export const gradientScorer: Scorer = {
  name: 'gradient',
  needsGrad: true,
  score: (_p, { g }) => abs(g!),
};
