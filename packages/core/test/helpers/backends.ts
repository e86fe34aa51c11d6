/**
 * Run a block of tests once per backend, and compare results with a tolerance.
 *
 * `describeBackends` reads `SPARSELAND_TEST_BACKENDS` (comma list; default: every registered backend, GPU
 * backends included, see `testBackendNames`) and activates each backend in `beforeAll`. A backend that is
 * registered but cannot start here (a GPU backend without an adapter) is skipped, unless it is listed in
 * `SPARSELAND_TEST_BACKENDS` or `REQUIRE_<NAME>=1` is set (CI sets `REQUIRE_WEBGPU=1`): then its tests fail.
 *
 * Tolerances (see `TOLERANCES` in `src/testing/tolerance.ts`): integer and bool results are exact;
 * float32 elementwise results allow 1e-5 relative (+1e-6 absolute); float32 reductions (sum, mean,
 * variance, norm, softmax, cumsum) 1e-4 relative (+1e-5); float32 matmul 1e-4 relative (+1e-4), since other
 * backends accumulate in float32 in another order. float64 (cpu only) is held to about 1e-12.
 */
import { beforeAll, beforeEach, describe, expect } from 'vitest';
import { isSparselandError, setBackend, tensor } from '../../src/index.js';
import type { DType } from '../../src/tensor/dtype.js';
import {
  compareClose,
  TEST_BACKENDS_ENV,
  type Tolerance,
  type ToleranceKind,
  testBackendNames,
  toleranceFor,
} from '../../src/testing/index.js';

export { type Tolerance, type ToleranceKind, toleranceFor };

/** The backend a `describeBackends` block runs on. */
export interface BackendUnderTest {
  /** Registry name, e.g. `'cpu'`. */
  readonly name: string;
  /**
   * Whether tensors of `dtype` can be made while the backend is active: on it, or on `cpu` for `float64`
   * (the engine keeps float64 tensors on cpu). Call it inside a test.
   */
  supports(dtype: DType): boolean;
  /** Whether tensors of `dtype` made while the backend is active live on it (float64 lives on cpu). */
  stores(dtype: DType): boolean;
  /**
   * Whether the backend reads synchronously (`dataSync`). A GPU backend cannot, so it cannot hand data to
   * cpu for kernels with a float64 operand, and cases mixing float64 with its own tensors are skipped.
   */
  readsSync(): boolean;
}

function required(name: string): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const listed = (env[TEST_BACKENDS_ENV] ?? '').split(',').map((s) => s.trim());
  const flag = env[`REQUIRE_${name.toUpperCase()}`];
  return listed.includes(name) || (flag !== undefined && flag !== '' && flag !== '0');
}

/**
 * `describe(name [backend], fn)` once per backend under test, with that backend active for the block.
 *
 * @example
 * ```ts
 * describeBackends('relu', (backend) => {
 *   it('clamps negatives', async () => expectClose(await relu(tensor([-1, 2])).data(), [0, 2]));
 * });
 * ```
 */
export function describeBackends(name: string, fn: (backend: BackendUnderTest) => void): void {
  // core's suites use core kernels only, which every backend implements: GPU backends included
  for (const backendName of testBackendNames({ gpu: true })) describeBackend(backendName, name, fn);
}

/**
 * `describe(name [backendName], fn)` with that backend active for the block (skipped when it cannot start,
 * unless required): one iteration of {@link describeBackends}, for suites that pick their backend (the
 * browser suite runs webgpu only).
 */
export function describeBackend(
  backendName: string,
  name: string,
  fn: (backend: BackendUnderTest) => void,
): void {
  describe(`${name} [${backendName}]`, () => {
    let unavailable: string | undefined;
    const dtypeSupport = new Map<DType, boolean>();
    const dtypeStored = new Map<DType, boolean>();
    let syncReads: boolean | undefined;
    beforeAll(async () => {
      try {
        await setBackend(backendName);
      } catch (e) {
        if (required(backendName) || !isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')) throw e;
        unavailable = e.message;
      }
    });
    beforeEach((ctx) => {
      if (unavailable !== undefined) ctx.skip(unavailable);
    });
    fn({
      name: backendName,
      supports(dtype) {
        let ok = dtypeSupport.get(dtype);
        if (ok === undefined) {
          try {
            tensor([0], { dtype }).dispose();
            ok = true;
          } catch (e) {
            if (!isSparselandError(e, 'SPARSELAND__CORE__DTYPE_MISMATCH')) throw e;
            ok = false;
          }
          dtypeSupport.set(dtype, ok);
        }
        return ok;
      },
      stores(dtype) {
        let ok = dtypeStored.get(dtype);
        if (ok === undefined) {
          ok = false;
          if (this.supports(dtype)) {
            const t = tensor([0], { dtype });
            ok = t.backendName === backendName;
            t.dispose();
          }
          dtypeStored.set(dtype, ok);
        }
        return ok;
      },
      readsSync() {
        if (syncReads === undefined) {
          const t = tensor([0]);
          try {
            t.dataSync();
            syncReads = true;
          } catch (e) {
            if (!isSparselandError(e, 'SPARSELAND__CORE__SYNC_UNSUPPORTED')) throw e;
            syncReads = false;
          } finally {
            t.dispose();
          }
        }
        return syncReads;
      },
    });
  });
}

/**
 * Assert that `actual` is within `tol` of `expected` elementwise (NaN equals NaN, infinities must match),
 * naming the first mismatching index (and its multi-index when `shape` is given).
 *
 * @example
 * ```ts
 * expectClose(await y.data(), [1, 2, 3], toleranceFor('float32'));
 * ```
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance = toleranceFor('float32'),
  shape?: readonly number[],
): void {
  const report = compareClose(actual, expected, tol, shape);
  if (!report.ok) expect.fail(`expectClose: ${report.message}`);
}
