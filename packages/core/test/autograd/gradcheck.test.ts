/** The gradient checker itself: it must pass correct gradients and catch wrong ones. */
import { describe, expect, it } from 'vitest';
import {
  cast,
  cos,
  customGrad,
  gather,
  getBackend,
  memory,
  mul,
  sin,
  square,
  sum,
  type Tensor,
  tensor,
} from '../../src/index.js';
import { assertGradients, checkGradients } from '../../src/testing/index.js';

/** sin with a deliberately wrong gradient in its first element: 1.01 cos(x). */
const wrongSin = customGrad((x: Tensor) => ({
  value: sin(x),
  gradFunc: (dy) => [mul(mul(dy, cos(x)), cast(tensor([1.01, 1, 1]), dy.dtype))],
}));

describe('checkGradients', () => {
  it('passes a correct gradient and reports both gradients', async () => {
    const report = await checkGradients((x) => square(x), [[1, -2, 0.5]], { seed: 3 });
    expect(report.ok).toBe(true);
    expect(report.maxError).toBeLessThan(1e-7);
    expect(report.analytic).toHaveLength(1);
    // analytic gradient of sum(w * x^2) is 2 w x, and numeric agrees with it
    for (let i = 0; i < 3; i++) expect(report.numeric[0]![i]).toBeCloseTo(report.analytic[0]![i]!, 6);
    expect(report.message).toMatch(/^gradients match: worst at inputs\[0\]\[\d\]/);
  });

  it('catches a wrong gradient and names the worst entry', async () => {
    const report = await checkGradients((x) => wrongSin(x), [{ values: [0.3, -1, 2], shape: [3] }]);
    expect(report.ok).toBe(false);
    expect(report.worst?.input).toBe(0);
    expect(report.worst?.index).toBe(0);
    expect(report.worst?.ratio).toBeGreaterThan(1);
    expect(report.message).toMatch(/^gradient mismatch: worst at inputs\[0\]\[0\]: analytic /);
    await expect(assertGradients((x) => wrongSin(x), [[0.3, -1, 2]])).rejects.toThrow(
      /^assertGradients: gradient mismatch/,
    );
  });

  it('weights every output element, so an error in one element of a non-scalar output is caught', async () => {
    // the identity with its upstream gradient reversed: right for dy = ones (an unweighted sum), wrong otherwise
    const swapped = customGrad((x: Tensor) => ({
      value: mul(x, 1),
      gradFunc: (dy) => [gather(dy, [1, 0])],
    }));
    const report = await checkGradients((x) => swapped(x), [[1, 1]]);
    expect(report.ok).toBe(false);
  });

  it('checks several inputs, each against its own perturbations', async () => {
    const report = await checkGradients(
      (a, b) => mul(a!, sum(b!)),
      [tensor([1, 2]), { values: [3, 4, 5], shape: [3] }],
    );
    expect(report.ok).toBe(true);
    expect(report.analytic.map((g) => g.length)).toEqual([2, 3]);
  });

  it('rejects an f that leaves float64', async () => {
    await expect(checkGradients((x) => cast(x, 'float32'), [[1, 2]])).rejects.toThrow(
      /f returned float32 for float64 inputs/,
    );
  });

  it('rejects values that do not fit the shape', async () => {
    await expect(checkGradients((x) => x, [{ values: [1, 2, 3], shape: [2, 2] }])).rejects.toThrow(
      /inputs\[0\] has 3 values but shape \[2, 2\]/,
    );
  });

  it('treats non-finite gradients as failures', async () => {
    const report = await checkGradients((x) => mul(x, Number.POSITIVE_INFINITY), [[1]]);
    expect(report.ok).toBe(false);
  });

  it('leaves no tensors behind and keeps the active backend', async () => {
    const backend = getBackend();
    const before = memory().numTensors;
    await checkGradients((x) => square(x), [[1, 2, 3]]);
    await checkGradients((x) => wrongSin(x), [[1, 2, 3]]);
    expect(memory().numTensors).toBe(before);
    expect(getBackend()).toBe(backend);
  });

  it('reports an empty input as passing', async () => {
    const report = await checkGradients((x) => square(x), [{ values: [], shape: [0] }]);
    expect(report.ok).toBe(true);
    expect(report.worst).toBeUndefined();
  });
});
