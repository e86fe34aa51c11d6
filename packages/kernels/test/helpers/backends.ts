/**
 * Run a block once per backend under test (core's `testBackendNames()`: `SPARSELAND_TEST_BACKENDS`, else every
 * registered backend) with it active, as core's suites do; a backend that cannot start here (no GPU
 * adapter) is skipped unless it is listed or `REQUIRE_<NAME>=1`. Kernels a backend lacks fall back
 * to `cpu` (core's engine), so every op runs everywhere. After the block, `cpu` is active again.
 */
import { isSparselandError, setBackend, tensor } from '@sparseland/core';
import { TEST_BACKENDS_ENV, testBackendNames } from '@sparseland/core/testing';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';

/** The backend a block runs on. */
export interface BackendUnderTest {
  /** Registry name. */
  name: string;
  /** Whether the backend stores `float64` (cpu only); call inside a test. */
  supportsFloat64(): boolean;
}

/** `describe(name [backend], fn)` for every backend. */
export function describeBackends(name: string, fn: (backend: BackendUnderTest) => void): void {
  const listed = (process.env[TEST_BACKENDS_ENV] ?? '').split(',').map((b) => b.trim());
  for (const backend of testBackendNames()) {
    describe(`${name} [${backend}]`, () => {
      let unavailable: string | undefined;
      beforeAll(async () => {
        try {
          await setBackend(backend);
        } catch (e) {
          const flag = process.env[`REQUIRE_${backend.toUpperCase()}`];
          if (
            listed.includes(backend) ||
            (flag !== undefined && flag !== '' && flag !== '0') ||
            !isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')
          )
            throw e;
          unavailable = e.message;
        }
      });
      afterAll(async () => {
        await setBackend('cpu');
      });
      beforeEach((ctx) => {
        if (unavailable !== undefined) ctx.skip(unavailable);
      });
      fn({
        name: backend,
        supportsFloat64() {
          try {
            tensor([0], { dtype: 'float64' }).dispose();
            return true;
          } catch {
            return false;
          }
        },
      });
    });
  }
}
