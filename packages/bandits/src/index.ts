/**
 * `@sparseland/bandits`: sparse regression, sparse linear bandits and off-policy evaluation.
 *
 * Planned: nothing but {@link VERSION} is exported yet (see the package README).
 *
 * @packageDocumentation
 */

/**
 * The version of `@sparseland/bandits`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/bandits';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';
