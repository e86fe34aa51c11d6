/**
 * Constant sparsity from step 0.
 *
 * @module
 */
import { onlyFields } from '../internal/checks.js';
import type { ConstantSpec, Schedule } from './schedule.js';

/**
 * Masks at the target from step 0, set once (`isUpdateStep(0)` only).
 *
 * @example
 * ```ts
 * constantSchedule().sparsityAt(100, 0.9); // 0.9
 * ```
 */
export function constantSchedule(spec: Partial<ConstantSpec> = {}): Schedule<ConstantSpec> {
  onlyFields(spec as Record<string, unknown>, ['kind'], 'constantSchedule', 'spec');
  const s: ConstantSpec = { kind: 'constant' };
  return {
    spec: s,
    sparsityAt: (_t, target) => target,
    isUpdateStep: (t) => t === 0,
    toJSON: () => ({ ...s }),
  };
}
