/**
 * The pattern registry: every built-in kind is one line here; {@link registerPattern} adds more.
 *
 * @module
 */
import { Registry } from '../internal/registry.js';
import type { Pattern } from '../types.js';
import { blockPattern } from './block.js';
import { channelPattern } from './channel.js';
import { nmPattern } from './nm.js';
import { nmTransposablePattern } from './nm-transposable.js';
import type { PatternImpl } from './pattern.js';
import { rowGroupPattern } from './row-group.js';
import { unstructuredPattern } from './unstructured.js';

const builtin: PatternImpl[] = [
  unstructuredPattern as unknown as PatternImpl,
  nmPattern as unknown as PatternImpl,
  nmTransposablePattern as unknown as PatternImpl,
  blockPattern as unknown as PatternImpl,
  channelPattern as unknown as PatternImpl,
  rowGroupPattern as unknown as PatternImpl,
];
const registry = new Registry<PatternImpl>(
  'pattern kind',
  'registerPattern',
  builtin.map((p) => [p.kind, p] as const),
);

/**
 * Register a pattern kind (replacing one of the same kind). Its `validate` fills defaults; its `mask`
 * turns host scores into a 0/1 mask.
 *
 * @example
 * ```ts
 * registerPattern({ kind: 'diagonal', validate: (p) => p, mask: (_p, ctx) => myDiagonal(ctx) });
 * ```
 */
export function registerPattern<
  P extends {
    /** Registry name of the spec. */
    kind: string;
  },
>(impl: PatternImpl<P>): void {
  registry.set(impl.kind, impl as unknown as PatternImpl);
}

/** The registered pattern kinds, in registration order. */
export function patternKinds(): string[] {
  return registry.names();
}

/**
 * The implementation of a pattern kind.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds.
 */
export function getPattern(kind: string, fn = 'getPattern', arg = 'kind'): PatternImpl {
  return registry.get(kind, fn, arg);
}

/**
 * Validate a pattern value and fill in its defaults.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME` for an unknown kind,
 *   `SPARSELAND__MASKS__INVALID_ARGUMENT` / `OUT_OF_RANGE` for bad fields.
 * @example
 * ```ts
 * checkPattern({ kind: 'nm', keep: 2, of: 4 }); // { kind: 'nm', keep: 2, of: 4, axis: 'in', pad: 'zero' }
 * ```
 */
export function checkPattern(p: unknown, fn = 'checkPattern', arg = 'pattern'): Pattern {
  const { entry, spec } = registry.lookup(p, fn, arg, {
    example: "a pattern object such as { kind: 'unstructured' }",
    strings: false,
  });
  return entry.validate(spec, fn, arg);
}
