import { listBackends } from '../backend/backends.js';

/** Name of the environment variable that restricts which backends the shared op suites run on. */
export const TEST_BACKENDS_ENV = 'SPARSELAND_TEST_BACKENDS';

function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

/**
 * Backends a test suite should run on: the comma-separated list in `SPARSELAND_TEST_BACKENDS` when it
 * is set (names kept as given, so an unregistered one fails loudly when the suite activates it), otherwise
 * every registered backend, highest priority first.
 *
 * @example
 * ```ts
 * // SPARSELAND_TEST_BACKENDS=cpu,wasm vitest run
 * testBackendNames(); // ['cpu', 'wasm']
 * ```
 */
export function testBackendNames(): string[] {
  const raw = readEnv(TEST_BACKENDS_ENV);
  if (raw === undefined || raw.trim() === '') return listBackends();
  return [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}
