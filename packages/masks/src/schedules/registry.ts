/**
 * The schedule registry: every built-in kind is one line here; {@link registerSchedule} adds more.
 *
 * @module
 */
import { fail } from '../errors.js';
import { describe } from '../internal/checks.js';
import { constantSchedule } from './constant.js';
import { gradualSchedule } from './gradual.js';
import { impSchedule } from './imp.js';
import { oneShotSchedule } from './one-shot.js';
import { periodicSchedule } from './periodic.js';
import type { Schedule } from './schedule.js';

/** Makes a schedule from its spec (validating it). */
export type ScheduleFactory = (spec: Record<string, unknown>) => Schedule<{ kind: string }>;

const registry = new Map<string, ScheduleFactory>([
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
  return [...registry.keys()];
}

/**
 * A schedule from its spec (a kind name alone works for kinds without required fields).
 *
 * @throws {@link SparselandError} `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds; the kind's
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
): Schedule<{ kind: string }> {
  const obj = typeof spec === 'string' ? { kind: spec } : spec;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      arg,
      "be a schedule spec such as { kind: 'oneShot' }",
      describe(spec),
    );
  }
  const kind = (obj as { kind?: unknown }).kind;
  const factory = typeof kind === 'string' ? registry.get(kind) : undefined;
  if (factory === undefined) {
    fail(
      'SPARSELAND__MASKS__UNKNOWN_NAME',
      fn,
      `${arg}.kind`,
      `be a known schedule (${scheduleKinds().join(', ')}); add one with registerSchedule()`,
      describe(kind),
    );
  }
  return factory(obj as Record<string, unknown>);
}
