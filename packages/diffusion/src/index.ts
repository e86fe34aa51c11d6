/**
 * `@sparseland/diffusion`: noise schedules, samplers and accelerators for diffusion models.
 *
 * Planned: nothing but {@link VERSION} is exported yet (see the package README).
 *
 * @packageDocumentation
 */

/**
 * The version of `@sparseland/diffusion`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/diffusion';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';
