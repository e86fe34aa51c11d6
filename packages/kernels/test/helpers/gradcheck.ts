/**
 * Gradient checks through core's float64 central-difference checker (`@sparseland/core/testing`),
 * failing the test with its report's message.
 */
import type { Tensor } from '@sparseland/core';
import {
  checkGradients as check,
  type GradCheckInput,
  type GradCheckOptions,
} from '@sparseland/core/testing';
import { expect } from 'vitest';

/** Check the gradients of `f` at `inputs` (float64, on `cpu`). */
export async function checkGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly GradCheckInput[],
  opts: GradCheckOptions = {},
): Promise<void> {
  const report = await check(f, inputs, { atol: 1e-7, ...opts });
  if (!report.ok) expect.fail(report.message);
}
