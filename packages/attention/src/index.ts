/**
 * `@sparseland/attention`: sparse attention, KV-cache sparsity and activation sparsity.
 *
 * Planned: nothing but {@link VERSION} is exported yet (see the package README).
 *
 * @packageDocumentation
 */

/**
 * The version of `@sparseland/attention`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/attention';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';
