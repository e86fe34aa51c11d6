import { listBackends } from '../backend/backends.js';

/** Name of the environment variable that restricts which backends the shared op suites run on. */
export const TEST_BACKENDS_ENV = 'SPARSELAND_TEST_BACKENDS';

function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

/**
 * Registered backends that cannot read synchronously (`webgpu`): a kernel they lack cannot fall back to `cpu`
 * (the engine's fallback reads its inputs synchronously), so a suite runs on them only when it says it can
 * (`testBackendNames({ gpu: true })`, for suites whose every kernel they implement) or when
 * `SPARSELAND_TEST_BACKENDS` names them.
 */
export const GPU_TEST_BACKENDS: readonly string[] = ['webgpu'];

/** Options of {@link testBackendNames}. */
export interface TestBackendOptions {
  /**
   * Include the GPU backends of {@link GPU_TEST_BACKENDS} by default. Set it for suites that only use kernels
   * those backends implement (core's op suites); other packages' kernels would fall back to `cpu` and fail.
   */
  gpu?: boolean;
}

/**
 * Backends a test suite should run on: the comma-separated list in `SPARSELAND_TEST_BACKENDS` when it
 * is set (names kept as given, so an unregistered one fails loudly when the suite activates it), otherwise
 * every registered backend, highest priority first, except GPU backends ({@link GPU_TEST_BACKENDS}) unless
 * `options.gpu` is set.
 *
 * @example
 * ```ts
 * // SPARSELAND_TEST_BACKENDS=cpu,wasm vitest run
 * testBackendNames(); // ['cpu', 'wasm']
 * // unset: ['wasm', 'cpu'], or with { gpu: true } ['wasm', 'cpu', 'webgpu']
 * ```
 */
export function testBackendNames(options: TestBackendOptions = {}): string[] {
  const raw = readEnv(TEST_BACKENDS_ENV);
  if (raw === undefined || raw.trim() === '') {
    const all = listBackends();
    return options.gpu === true ? all : all.filter((b) => !GPU_TEST_BACKENDS.includes(b));
  }
  return [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}
