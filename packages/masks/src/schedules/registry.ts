/**
 * The schedule registry: every built-in kind is one line here; {@link registerSchedule} adds more.
 *
 * @module
 */
import { Registry } from '../internal/registry.js';
import { constantSchedule } from './constant.js';
import { gradualSchedule } from './gradual.js';
import { impSchedule } from './imp.js';
import { oneShotSchedule } from './one-shot.js';
import { periodicSchedule } from './periodic.js';
import type { Schedule } from './schedule.js';

/** Makes a schedule from its spec (validating it). */
export type ScheduleFactory = (spec: Record<string, unknown>) => Schedule<{
  /** Registry name of the spec. */
  kind: string;
}>;

const registry = new Registry<ScheduleFactory>('schedule', 'registerSchedule', [
  ['constant', (s) => constantSchedule(s as never)],
  ['oneShot', (s) => oneShotSchedule(s as never)],
  ['periodic', (s) => periodicSchedule(s as never)],
  ['gradual', (s) => gradualSchedule(s as never)],
  ['imp', (s) => impSchedule(s as never)],
]);

/**
 * Register a schedule kind (replacing one of the same kind).
 *
 * @example
 * ```ts
 * registerSchedule('linear', (spec) => myLinearSchedule(spec));
 * ```
 */
export function registerSchedule(kind: string, factory: ScheduleFactory): void {
  registry.set(kind, factory);
}

/** The registered schedule kinds. */
export function scheduleKinds(): string[] {
  return registry.names();
}

/**
 * A schedule from its spec (a kind name alone works for kinds without required fields).
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds; the kind's
 *   own validation errors.
 * @example
 * ```ts
 * makeSchedule({ kind: 'gradual', start: 0, end: 1000, frequency: 100 }).sparsityAt(1000, 0.9); // 0.9
 * ```
 */
export function makeSchedule(
  spec: unknown,
  fn = 'makeSchedule',
  arg = 'schedule',
): Schedule<{
  /** Registry name of the spec. */
  kind: string;
}> {
  const { entry, spec: obj } = registry.lookup(spec, fn, arg, {
    example: "a schedule spec such as { kind: 'oneShot' }",
    strings: true,
  });
  return entry(obj);
}
