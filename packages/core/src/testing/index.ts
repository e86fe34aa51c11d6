/**
 * `@sparseland/core/testing`: helpers for testing ops, kernels and backends, shared by every
 * Sparseland package. Framework-free: each returns a report the test asserts on.
 *
 * - {@link checkGradients}: analytic gradients against float64 central differences.
 * - {@link compareClose} and {@link toleranceFor}: backend results against a reference, with the
 *   tolerance each dtype and kind of computation allows.
 * - {@link testBackendNames}: the backends a suite should run on (`SPARSELAND_TEST_BACKENDS`; GPU backends
 *   only for suites that ask).
 *
 * @example
 * ```ts
 * import { matmul } from '@sparseland/core';
 * import { assertGradients } from '@sparseland/core/testing';
 * await assertGradients((a, b) => matmul(a, b), [[[1, 2]], [[3], [4]]]);
 * ```
 *
 * @packageDocumentation
 */
import '../backends/cpu/register.js';

export { type CloseReport, closeTo, compareClose } from './compare.js';
export {
  assertGradients,
  checkGradients,
  type GradCheckEntry,
  type GradCheckInput,
  type GradCheckOptions,
  type GradCheckReport,
  type GradCheckValues,
} from './gradcheck.js';
export {
  GPU_TEST_BACKENDS,
  TEST_BACKENDS_ENV,
  type TestBackendOptions,
  testBackendNames,
} from './test-backends.js';
export { TOLERANCES, type Tolerance, type ToleranceKind, toleranceFor } from './tolerance.js';
