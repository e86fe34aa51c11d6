/**
 * Run a block once per registered backend (with it active), as core's suites do; a backend that cannot
 * start here (no GPU adapter) is skipped unless `REQUIRE_<NAME>=1`.
 */
import { isSparselandError, listBackends, setBackend } from '@sparseland/core';
import { beforeAll, beforeEach, describe } from 'vitest';

/** `describe(name [backend], fn)` for every backend. */
export function describeBackends(name: string, fn: (backend: string) => void): void {
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
      beforeEach((ctx) => {
        if (unavailable !== undefined) ctx.skip(unavailable);
      });
      fn(backend);
    });
  }
}
