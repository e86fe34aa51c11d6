/**
 * The method registry: every built-in method is one line here; {@link registerMethod} adds more.
 *
 * @module
 */
import { Registry } from '../internal/registry.js';
import { bdwpMethod } from './bdwp.js';
import { riglMethod, setMethod } from './dst.js';
import { mdgfMethod } from './mdgf.js';
import type { MethodImpl, MethodSpec } from './method.js';
import { pruneMethod } from './prune.js';
import { sdgfMethod } from './sdgf.js';
import { srsteMethod } from './srste.js';
import { steMethod } from './ste.js';

const registry = new Registry<MethodImpl>(
  'method',
  'registerMethod',
  (
    [
      pruneMethod,
      steMethod,
      srsteMethod,
      mdgfMethod,
      sdgfMethod,
      bdwpMethod,
      setMethod,
      riglMethod,
    ] as unknown as MethodImpl[]
  ).map((m) => [m.kind, m] as const),
);

/**
 * Register a training method (replacing one of the same kind).
 *
 * @example
 * ```ts
 * registerMethod({ kind: 'myStatic', storage: 'masked', validate: (m) => m });
 * ```
 */
export function registerMethod<
  M extends {
    /** Registry name of the spec. */
    kind: string;
  },
>(impl: MethodImpl<M>): void {
  registry.set(impl.kind, impl as unknown as MethodImpl);
}

/** The registered method kinds. */
export function methodKinds(): string[] {
  return registry.names();
}

/**
 * The implementation of a method kind.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds.
 */
export function getMethod(kind: string, fn = 'getMethod', arg = 'kind'): MethodImpl {
  return registry.get(kind, fn, arg);
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
  const { entry, spec } = registry.lookup(m, fn, arg, {
    example: "a method such as { kind: 'rigl' }",
    strings: true,
  });
  return entry.validate(spec, fn, arg) as MethodSpec;
}
