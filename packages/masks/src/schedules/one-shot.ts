/**
 * One-shot pruning at a given step.
 *
 * @module
 */
import { checkInt, onlyFields } from '../internal/checks.js';
import type { OneShotSpec, Schedule } from './schedule.js';

/**
 * Dense before `step`, the target from `step` on; masks computed once, at `step`.
 *
 * @example
 * ```ts
 * const s = oneShotSchedule({ step: 100 });
 * [s.sparsityAt(99, 0.8), s.sparsityAt(100, 0.8), s.isUpdateStep(100)]; // [0, 0.8, true]
 * ```
 */
export function oneShotSchedule(
  spec: Partial<Omit<OneShotSpec, 'kind'>> & { kind?: 'oneShot' } = {},
): Schedule<OneShotSpec> {
  const fn = 'oneShotSchedule';
  onlyFields(spec as Record<string, unknown>, ['kind', 'step'], fn, 'spec');
  const step = checkInt(spec.step ?? 0, fn, 'spec.step');
  const s: OneShotSpec = { kind: 'oneShot', step };
  return {
    spec: s,
    sparsityAt: (t, target) => (t >= step ? target : 0),
    isUpdateStep: (t) => t === step,
    toJSON: () => ({ ...s }),
  };
}
