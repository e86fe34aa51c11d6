/**
 * The method registry: every built-in method is one line here; {@link registerMethod} adds more.
 *
 * @module
 */
import { fail } from '../errors.js';
import { describe } from '../internal/checks.js';
import { bdwpMethod } from './bdwp.js';
import { riglMethod, setMethod } from './dst.js';
import { mdgfMethod } from './mdgf.js';
import type { MethodImpl, MethodSpec } from './method.js';
import { pruneMethod } from './prune.js';
import { sdgfMethod } from './sdgf.js';
import { srsteMethod } from './srste.js';
import { steMethod } from './ste.js';

const registry = new Map<string, MethodImpl>();
for (const m of [
  pruneMethod,
  steMethod,
  srsteMethod,
  mdgfMethod,
  sdgfMethod,
  bdwpMethod,
  setMethod,
  riglMethod,
] as unknown as MethodImpl[]) {
  registry.set(m.kind, m);
}

/**
 * Register a training method (replacing one of the same kind).
 *
 * @example
 * ```ts
 * registerMethod({ kind: 'myStatic', storage: 'masked', validate: (m) => m });
 * ```
 */
export function registerMethod<M extends { kind: string }>(impl: MethodImpl<M>): void {
  registry.set(impl.kind, impl as unknown as MethodImpl);
}

/** The registered method kinds. */
export function methodKinds(): string[] {
  return [...registry.keys()];
}

/**
 * The implementation of a method kind.
 *
 * @throws {@link SparselandError} `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds.
 */
export function getMethod(kind: string, fn = 'getMethod', arg = 'kind'): MethodImpl {
  const m = registry.get(kind);
  if (m === undefined) {
    fail(
      'SPARSELAND__MASKS__UNKNOWN_NAME',
      fn,
      arg,
      `be a known method (${methodKinds().join(', ')}); add one with registerMethod()`,
      describe(kind),
    );
  }
  return m;
}

/**
 * Validate a method value (a kind name alone works when it has no required fields) and fill in defaults.
 *
 * @example
 * ```ts
 * checkMethod('srste'); // { kind: 'srste', lambda: 0.0002 }
 * ```
 */
export function checkMethod(m: unknown, fn = 'checkMethod', arg = 'method'): MethodSpec {
  const obj = typeof m === 'string' ? { kind: m } : m;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, arg, "be a method such as { kind: 'rigl' }", describe(m));
  }
  const kind = (obj as { kind?: unknown }).kind;
  if (typeof kind !== 'string') {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      `${arg}.kind`,
      `be one of ${methodKinds().join(', ')}`,
      describe(kind),
    );
  }
  return getMethod(kind, fn, `${arg}.kind`).validate(obj as Record<string, unknown>, fn, arg) as MethodSpec;
}
