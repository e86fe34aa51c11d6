/**
 * Gradual (polynomial, cubic by default) pruning of Zhu & Gupta (2017), spec §5.
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkInt, checkNumber, checkSparsity, onlyFields } from '../internal/checks.js';
import type { GradualSpec, Schedule } from './schedule.js';

/**
 * `s_t = s_f + (s_i − s_f)·(1 − (t − start)/(end − start))^power` at the pruning steps `start + k·frequency`
 * (and at `end`), held constant between them and after `end`; `s_i` before `start`. With `offset: 1`,
 * jaxpruner's `p = clip((t + 1 − start)/(end − start), 0, 1)`.
 *
 * @example
 * ```ts
 * gradualSchedule({ start: 0, end: 1000, frequency: 100 }).sparsityAt(500, 0.9); // 0.7875
 * ```
 */
export function gradualSchedule(
  spec: Omit<GradualSpec, 'kind'> & { kind?: 'gradual' },
): Schedule<GradualSpec> {
  const fn = 'gradualSchedule';
  onlyFields(
    spec as unknown as Record<string, unknown>,
    ['kind', 'start', 'end', 'frequency', 'initialSparsity', 'power', 'offset'],
    fn,
    'spec',
  );
  const start = checkInt(spec.start, fn, 'spec.start');
  const end = checkInt(spec.end, fn, 'spec.end');
  if (end <= start) fail('SPARSELAND__MASKS__OUT_OF_RANGE', fn, 'spec.end', `be > start (${start})`, end);
  const frequency = checkInt(spec.frequency, fn, 'spec.frequency', 1);
  const si = checkSparsity(spec.initialSparsity ?? 0, fn, 'spec.initialSparsity');
  const power = checkNumber(spec.power ?? 3, fn, 'spec.power', 0);
  const offset = spec.offset ?? 0;
  if (offset !== 0 && offset !== 1)
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'spec.offset', 'be 0 or 1', String(offset));
  const s: GradualSpec = { kind: 'gradual', start, end, frequency, initialSparsity: si, power, offset };
  const isUpdate = (t: number) => t >= start && t <= end && ((t - start) % frequency === 0 || t === end);
  const value = (t: number, target: number) => {
    const p = Math.min(1, Math.max(0, (t + offset - start) / (end - start)));
    if (p === 0) return si;
    if (p === 1) return target;
    return target + (si - target) * (1 - p) ** power;
  };
  return {
    spec: s,
    sparsityAt(t, target) {
      if (t < start) return si;
      if (t >= end) return value(end, target);
      // the value of the last pruning step at or before t
      const last = start + Math.floor((t - start) / frequency) * frequency;
      return value(last, target);
    },
    isUpdateStep: isUpdate,
    toJSON: () => ({ ...s }),
  };
}
