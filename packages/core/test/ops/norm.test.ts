/** layerNorm and rmsNorm (fused kernels): float64 references on every backend, gradients, validation. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isSparselandError,
  layerNorm,
  matmul,
  memory,
  nn,
  random,
  rmsNorm,
  setBackend,
  sum,
  type Tensor,
  tensor,
  tidy,
} from '../../src/index.js';
import { assertGradients } from '../../src/testing/index.js';
import { describeBackends, expectClose, toleranceFor } from '../helpers/backends.js';
import { seeded, stored } from '../helpers/cases.js';

/** Float64 layer norm of each row of `[rows, n]` values (two-pass mean and biased variance). */
function layerNormRef(x: Float64Array, n: number, w: Float64Array, b: Float64Array, eps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / n; r++) {
    const row = Array.from(x.subarray(r * n, r * n + n));
    const mean = row.reduce((a, v) => a + v, 0) / n;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    for (let j = 0; j < n; j++) out.push(((row[j]! - mean) / Math.sqrt(variance + eps)) * w[j]! + b[j]!);
  }
  return out;
}

/** Float64 RMS norm of each row. */
function rmsNormRef(x: Float64Array, n: number, w: Float64Array, eps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / n; r++) {
    const row = Array.from(x.subarray(r * n, r * n + n));
    const ms = row.reduce((a, v) => a + v * v, 0) / n;
    for (let j = 0; j < n; j++) out.push((row[j]! / Math.sqrt(ms + eps)) * w[j]!);
  }
  return out;
}

const SHAPES: number[][] = [[1], [3], [2, 17], [5, 255], [3, 1023], [2, 3, 64], [0, 8], [4, 0]];

describeBackends('layerNorm and rmsNorm', (backend) => {
  const tol = toleranceFor('float32', 'reduction');
  for (const shape of SHAPES) {
    it(`layerNorm ${JSON.stringify(shape)} with weight and bias`, async () => {
      const n = shape[shape.length - 1]!;
      const size = shape.reduce((a, b) => a * b, 1);
      const xs = seeded(size, size + 1, -3, 5);
      const ws = seeded(n, 2, 0.5, 1.5);
      const bs = seeded(n, 3, -1, 1);
      const before = memory().numTensors;
      const y = tidy(() =>
        layerNorm(tensor(xs, { shape }), { weight: tensor(ws), bias: tensor(bs), eps: 1e-5 }),
      );
      expect([...y.shape]).toEqual(shape);
      expect(y.dtype).toBe('float32');
      const want = layerNormRef(stored(xs, 'float32'), n, stored(ws, 'float32'), stored(bs, 'float32'), 1e-5);
      expectClose(await y.data(), want, tol, shape);
      y.dispose();
      expect(memory().numTensors).toBe(before);
    });

    it(`rmsNorm ${JSON.stringify(shape)} with weight`, async () => {
      const n = shape[shape.length - 1]!;
      const size = shape.reduce((a, b) => a * b, 1);
      const xs = seeded(size, size + 5, -3, 3);
      const ws = seeded(n, 6, 0.5, 1.5);
      const y = tidy(() => rmsNorm(tensor(xs, { shape }), { weight: tensor(ws), eps: 1e-6 }));
      const want = rmsNormRef(stored(xs, 'float32'), n, stored(ws, 'float32'), 1e-6);
      expectClose(await y.data(), want, tol, shape);
      y.dispose();
    });
  }

  it('defaults: unit weight, zero bias; a constant row normalises to 0', async () => {
    const y = tidy(() =>
      layerNorm(
        tensor([
          [1, 2, 3],
          [4, 4, 4],
        ]),
      ),
    );
    expectClose(await y.data(), [-1.2247357, 0, 1.2247357, 0, 0, 0], tol);
    const z = tidy(() => rmsNorm(tensor([[3, 4]])));
    expectClose(await z.data(), [0.8485281, 1.1313708], tol);
    y.dispose();
    z.dispose();
  });

  it('float64 (kept on cpu) matches the reference closely', async () => {
    if (!backend.supports('float64')) return;
    const xs = seeded(3 * 7, 9, -2, 2);
    const y = tidy(() => layerNorm(tensor(xs, { shape: [3, 7], dtype: 'float64' })));
    expect(y.dtype).toBe('float64');
    const w = new Float64Array(7).fill(1);
    expectClose(
      await y.data(),
      layerNormRef(Float64Array.from(xs), 7, w, new Float64Array(7), 1e-5),
      toleranceFor('float64'),
    );
    y.dispose();
  });
});

describe('layerNorm and rmsNorm gradients (float64 central differences)', () => {
  it('layerNorm: x, weight and bias', async () => {
    await assertGradients(
      (x, w, b) => layerNorm(x, { weight: w!, bias: b!, eps: 1e-3 }),
      [
        { values: seeded(12, 1, -2, 2), shape: [3, 4] },
        { values: seeded(4, 2, 0.5, 1.5), shape: [4] },
        { values: seeded(4, 3, -1, 1), shape: [4] },
      ],
    );
  });

  it('rmsNorm: x and weight', async () => {
    await assertGradients(
      (x, w) => rmsNorm(x, { weight: w!, eps: 1e-3 }),
      [
        { values: seeded(15, 4, -2, 2), shape: [3, 5] },
        { values: seeded(5, 5, 0.5, 1.5), shape: [5] },
      ],
    );
  });

  it('through a batched input and a matmul', async () => {
    await assertGradients(
      (x, w) => matmul(layerNorm(x, { eps: 1e-3 }), w!),
      [
        { values: seeded(2 * 3 * 4, 6, -2, 2), shape: [2, 3, 4] },
        { values: seeded(4 * 2, 7, -1, 1), shape: [4, 2] },
      ],
    );
  });
});

describe('validation', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });
  function code(fn: () => unknown): string | undefined {
    try {
      fn();
    } catch (e) {
      return isSparselandError(e) ? e.code : String(e);
    }
    return undefined;
  }
  it('rejects non-float input, scalars, bad eps and mis-shaped parameters', () => {
    expect(code(() => layerNorm(tensor([1, 2], { dtype: 'int32' })))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
    expect(code(() => rmsNorm(tensor(1)))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(code(() => layerNorm(tensor([1, 2]), { eps: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(code(() => layerNorm(tensor([1, 2]), { eps: Number.NaN }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(code(() => layerNorm(tensor([1, 2]), { weight: tensor([1, 2, 3]) }))).toBe(
      'SPARSELAND__CORE__SHAPE_MISMATCH',
    );
    expect(code(() => rmsNorm(tensor([1, 2]), { weight: tensor([1, 2], { dtype: 'float64' }) }))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
  });

  it('nn.LayerNorm and nn.RMSNorm use the fused kernels and agree with the functions', () => {
    const x = random.normal([4, 6], { seed: 1 });
    const ln = new nn.LayerNorm(6);
    const rn = new nn.RMSNorm(6);
    const a = tidy(() => sum(ln.forward(x)).dataSync()[0]!);
    const b = tidy(() => sum(layerNorm(x)).dataSync()[0]!);
    const c = tidy(() => rn.forward(x).dataSync());
    const d = tidy(() => rmsNorm(x).dataSync());
    expect(a).toBeCloseTo(b, 5);
    expectClose(c, d);
    ln.dispose();
    rn.dispose();
    (x as Tensor).dispose();
  });
});
