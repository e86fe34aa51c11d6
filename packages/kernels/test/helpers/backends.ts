/**
 * Run a block once per registered backend (with it active), as core's suites do; a backend that cannot
 * start here (no GPU adapter) is skipped unless `REQUIRE_<NAME>=1`. Kernels a backend lacks fall back
 * to `cpu` (core's engine), so every op runs everywhere. After the block, `cpu` is active again.
 */
import { isSparselandError, listBackends, setBackend, tensor } from '@sparseland/core';
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
  for (const backend of listBackends()) {
    describe(`${name} [${backend}]`, () => {
      let unavailable: string | undefined;
      beforeAll(async () => {
        try {
          await setBackend(backend);
        } catch (e) {
          const flag = process.env[`REQUIRE_${backend.toUpperCase()}`];
          if (
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
