/**
 * Magnitude scores `|w|` (spec §2; torch.ao uses `w²`, which ranks the same).
 *
 * @module
 */
import { abs } from '@sparseland/core';
import type { Scorer } from './scorer.js';

/** `|w|`. */
export const magnitudeScorer: Scorer = {
  name: 'magnitude',
  needsGrad: false,
  score: (_p, { w }) => abs(w),
};
