/**
 * Masked training with masks from the schedule (static sparse training, one-shot and gradual pruning, IMP).
 *
 * @module
 */
import { onlyFields } from '../internal/checks.js';
import type { MethodImpl, PruneMethod } from './method.js';

/**
 * The `prune` method (the default): pruned weights are zero and stay zero (their gradients are masked and
 * `w ⊙= M` runs after each optimizer step, as ASP does); masks change only at the schedule's update steps.
 */
export const pruneMethod: MethodImpl<PruneMethod> = {
  kind: 'prune',
  storage: 'masked',
  validate(m, fn, arg) {
    onlyFields(m, ['kind'], fn, arg);
    return { kind: 'prune' };
  },
};
