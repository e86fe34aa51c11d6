/**
 * The target sparsity, recomputed periodically (e.g. STE-style re-selection or global magnitude refresh).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkInt, onlyFields } from '../internal/checks.js';
import type { PeriodicSpec, Schedule } from './schedule.js';

/**
 * The target from `start` (dense before), masks recomputed at `start + k·frequency` up to `end`.
 *
 * @example
 * ```ts
 * const s = periodicSchedule({ frequency: 10, start: 5 });
 * [s.isUpdateStep(5), s.isUpdateStep(10), s.isUpdateStep(15)]; // [true, false, true]
 * ```
 */
export function periodicSchedule(
  spec: Omit<PeriodicSpec, 'kind'> & { kind?: 'periodic' },
): Schedule<PeriodicSpec> {
  const fn = 'periodicSchedule';
  onlyFields(spec as unknown as Record<string, unknown>, ['kind', 'frequency', 'start', 'end'], fn, 'spec');
  const frequency = checkInt(spec.frequency, fn, 'spec.frequency', 1);
  const start = checkInt(spec.start ?? 0, fn, 'spec.start');
  const s: PeriodicSpec = { kind: 'periodic', frequency, start };
  if (spec.end !== undefined) {
    s.end = checkInt(spec.end, fn, 'spec.end');
    if (s.end < start)
      fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, 'spec.end', `be >= start (${start})`, s.end);
  }
  const end = s.end ?? Number.POSITIVE_INFINITY;
  return {
    spec: s,
    sparsityAt: (t, target) => (t >= start ? target : 0),
    isUpdateStep: (t) => t >= start && t <= end && (t - start) % frequency === 0,
    toJSON: () => ({ ...s }),
  };
}
