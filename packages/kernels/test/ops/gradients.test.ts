import { mul, square, sub, sum, type Tensor, tensor, tidy, valueAndGrad, variable } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  CooMatrix,
  dsmm,
  type FormatOptions,
  fromDense,
  fwht,
  sddmm,
  sparseConv1x1,
  sparseLinear,
  sparseSoftmax,
  spmm,
  spmv,
  toDense,
} from '../../src/index.js';
import { sparseValues } from '../cases/matmul.cases.js';
import { checkGradients } from '../helpers/gradcheck.js';

const f64 = (rows: number, cols: number, density: number, seed: number) =>
  Float64Array.from(sparseValues(rows * cols, density, seed), (v, i) => (v === 0 ? 0 : v + Math.sin(i) / 7));
const spec = (values: ArrayLike<number>, shape: number[]) => ({ values, shape });

/** A float64 matrix in a format, with the flat values its `withValues` takes. */
function pattern(rows: number, cols: number, o: FormatOptions, seed: number) {
  const m = fromDense(
    tensor(f64(rows, cols, 0.4, seed), { shape: [rows, cols], dtype: 'float64' }),
    o,
  ).retain();
  return { m, values: m.values.dataSync(), shape: [...m.values.shape] };
}

const FORMATS: FormatOptions[] = [
  { format: 'csr' },
  { format: 'csr', indexWidth: 16 },
  { format: 'csc' },
  { format: 'coo' },
];

describe('gradients (float64 central differences)', () => {
  for (const o of FORMATS) {
    it(`spmm: d/dvalues and d/dB, ${JSON.stringify(o)}`, async () => {
      const { m, values, shape } = pattern(5, 7, o, 1);
      await checkGradients(
        (v, b) => spmm(m.withValues(v), b),
        [spec(values, shape), spec(f64(7, 3, 1, 2), [7, 3])],
      );
      m.dispose();
    });

    it(`dsmm: d/dX and d/dvalues, ${JSON.stringify(o)}`, async () => {
      const { m, values, shape } = pattern(6, 4, o, 3);
      await checkGradients(
        (x, v) => dsmm(x, m.withValues(v)),
        [spec(f64(3, 6, 1, 4), [3, 6]), spec(values, shape)],
      );
      m.dispose();
    });

    it(`spmv: d/dx, d/dvalues and d/dy, ${JSON.stringify(o)}`, async () => {
      const { m, values, shape } = pattern(5, 6, o, 5);
      await checkGradients(
        (v, x, y) => spmv(m.withValues(v), x, { alpha: 1.5, beta: -0.5, y }),
        [spec(values, shape), spec(f64(6, 1, 1, 6), [6]), spec(f64(5, 1, 1, 7), [5])],
      );
      m.dispose();
    });
  }

  for (const activation of ACTIVATIONS) {
    it(`sparseLinear (${activation}): d/dx, d/dvalues, d/dbias`, async () => {
      const { m, values, shape } = pattern(4, 6, { format: 'csr' }, 8);
      await checkGradients(
        (x, v, b) => sparseLinear(x, m.withValues(v), { bias: b, activation }),
        [spec(f64(2 * 3, 6, 1, 9), [2, 3, 6]), spec(values, shape), spec(f64(4, 1, 1, 10), [4])],
      );
      m.dispose();
    });
  }

  it('sparseLinear through a CSC weight (DSMM on its arrays, unfused activation): d/dx, d/dvalues, d/dbias', async () => {
    const { m, values, shape } = pattern(4, 6, { format: 'csc' }, 11);
    await checkGradients(
      (x, v, b) => sparseLinear(x, m.withValues(v), { bias: b, activation: 'tanh' }),
      [spec(f64(3, 6, 1, 12), [3, 6]), spec(values, shape), spec(f64(4, 1, 1, 13), [4])],
    );
    m.dispose();
  });

  // BSR edge blocks, N:M with a padding group, Bitmap64 along rows and along columns with padded slots
  for (const o of [
    { format: 'bsr', block: [2, 3] },
    { format: 'nm', keep: 2, of: 4, prune: true },
    { format: 'nm', keep: 1, of: 2, prune: true },
    { format: 'bitmap64', axis: 'row' },
    { format: 'bitmap64', axis: 'col', pad: 8 },
  ] as FormatOptions[]) {
    it(`spmm through its own kernel: d/dvalues and d/dB, ${JSON.stringify(o)}`, async () => {
      const { m, values, shape } = pattern(5, 7, o, 11);
      await checkGradients(
        (v, b) => spmm(m.withValues(v), b),
        [spec(values, shape), spec(f64(7, 3, 1, 12), [7, 3])],
      );
      m.dispose();
    });

    it(`spmv, dsmm and sparseLinear of the same formats: d/dvalues and the dense operands, ${JSON.stringify(o)}`, async () => {
      const { m, values, shape } = pattern(5, 7, o, 13);
      await checkGradients(
        (v, x) => spmv(m.withValues(v), x),
        [spec(values, shape), spec(f64(7, 1, 1, 14), [7])],
      );
      await checkGradients(
        (x, v) => dsmm(x, m.withValues(v)),
        [spec(f64(2, 5, 1, 15), [2, 5]), spec(values, shape)],
      );
      await checkGradients(
        (x, v) => sparseLinear(x, m.withValues(v), { activation: 'tanh' }),
        [spec(f64(3, 7, 1, 16), [3, 7]), spec(values, shape)],
      );
      m.dispose();
    });
  }

  it('spmm of a BSR or Bitmap64 matrix with no stored entry: zero gradients', () => {
    for (const o of [{ format: 'bsr', block: [2, 2] }, { format: 'bitmap64' }] as FormatOptions[]) {
      tidy(() => {
        const m = fromDense(tensor(new Float64Array(12), { shape: [3, 4], dtype: 'float64' }), o);
        expect(m.nnz).toBe(0);
        const b = tensor(f64(4, 2, 1, 3), { shape: [4, 2], dtype: 'float64' });
        const [dv, db] = valueAndGrad(([v, x]: Tensor[]) => sum(spmm(m.withValues(v!), x!)))([
          m.values,
          b,
        ]).grads;
        expect(Array.from(dv!.dataSync())).toEqual(new Array(m.values.size).fill(0));
        expect(Array.from(db!.dataSync())).toEqual(new Array(8).fill(0));
      });
    }
  });

  for (const layout of ['NCHW', 'NHWC'] as const) {
    it(`sparseConv1x1 (${layout}, bias, clamp): d/dx, d/dvalues, d/dbias`, async () => {
      // values and inputs small enough that no output sits at a clamp bound
      const { m, values, shape } = pattern(4, 3, { format: 'csr' }, 20);
      const xShape = layout === 'NCHW' ? [2, 3, 2, 3] : [2, 2, 3, 3];
      await checkGradients(
        (x, v, b) => sparseConv1x1(m.withValues(v), x, { bias: b, min: -1.5, max: 1.5, layout }),
        [spec(f64(2 * 3 * 6, 1, 1, 21), xShape), spec(values, shape), spec(f64(4, 1, 1, 22), [4])],
      );
      m.dispose();
    });
  }

  it('sparseConv1x1: no gradient where the clamp cuts the output', () => {
    tidy(() => {
      const w = fromDense(
        tensor(
          [
            [2, 0],
            [0, -3],
          ],
          { dtype: 'float64' },
        ),
        { format: 'csr' },
      );
      const x = tensor([[[[1, 0.1]], [[1, 0.1]]]], { dtype: 'float64' }); // [1, 2, 1, 2] NCHW
      // outputs [2, 0.2] and [-3, -0.3] clamped to [-1, 1]: only 0.2 and -0.3 pass a gradient
      const { grads } = valueAndGrad((t: Tensor) => sum(sparseConv1x1(w, t, { min: -1, max: 1 })))(x);
      expect(Array.from(grads.dataSync())).toEqual([0, 2, 0, -3]);
    });
  });

  it('sddmm: d/dA, d/dB and d/dpattern values (scaleByPattern)', async () => {
    for (const o of FORMATS) {
      const { m, values, shape } = pattern(5, 4, o, 14);
      await checkGradients(
        (a, b, v) => sddmm(a, b, m.withValues(v), { scaleByPattern: true }).values,
        [spec(f64(5, 3, 1, 15), [5, 3]), spec(f64(4, 3, 1, 16), [4, 3]), spec(values, shape)],
      );
      m.dispose();
    }
  });

  it('sparseSoftmax: d/dvalues (with a scale, empty rows included)', async () => {
    const x = f64(6, 5, 0.5, 17);
    x.fill(0, 5, 10); // an empty row
    const m = fromDense(tensor(x, { shape: [6, 5], dtype: 'float64' }), { format: 'csr' });
    await checkGradients(
      (v) => sparseSoftmax(m.withValues(v), { scale: 0.8 }).values,
      [spec(m.values.dataSync(), [m.nnz])],
    );
    m.dispose();
  });

  it('sparse attention end to end: d/dQ, d/dK, d/dV', async () => {
    const T = 5;
    const causal = Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (j <= i ? 1 : 0)));
    const P = fromDense(tensor(causal.flat(), { shape: [T, T], dtype: 'float64' }), { format: 'csr' });
    await checkGradients(
      (q, k, v) => spmm(sparseSoftmax(sddmm(q, k, P), { scale: 0.5 }), v),
      [spec(f64(T, 3, 1, 18), [T, 3]), spec(f64(T, 3, 1, 19), [T, 3]), spec(f64(T, 2, 1, 20), [T, 2])],
    );
    P.dispose();
  });

  it('fwht: d/dx for every normalisation (batched)', async () => {
    for (const norm of ['none', 'ortho', 'inverse'] as const) {
      await checkGradients((x) => fwht(x, { norm }), [spec(f64(3, 8, 1, 21), [3, 8])]);
    }
  });

  it('conversions are differentiable: fromDense with a mask, toDense, non-canonical COO', async () => {
    const mask = tensor(
      sparseValues(20, 0.5, 22).map((v) => (v !== 0 ? 1 : 0)),
      { shape: [4, 5] },
    );
    await checkGradients(
      (x, b) => spmm(fromDense(x, { format: 'csr', mask }), b),
      [spec(f64(4, 5, 1, 23), [4, 5]), spec(f64(5, 2, 1, 24), [5, 2])],
    );
    const coo = CooMatrix.fromArrays({
      shape: [3, 3],
      row: [2, 0, 2],
      col: [1, 0, 1],
      values: new Float64Array([1, 2, 3]),
    });
    await checkGradients((v) => mul(toDense(coo.withValues(v)), 2), [spec([1, 2, 3], [3])]);
    await checkGradients(
      (v) => spmm(coo.withValues(v), tensor([[1], [2], [3]], { dtype: 'float64' })),
      [spec([1, 2, 3], [3])],
    );
    mask.dispose();
    coo.dispose();
  });
});

describe('sparse training', () => {
  it('gradient descent on the values of a sparse weight lowers the loss and keeps the pattern', () => {
    const rows = 6;
    const cols = 8;
    const target = fromDense(tensor(sparseValues(rows * cols, 0.4, 30), { shape: [rows, cols] }), {
      format: 'csr',
    });
    const start = target.withValues(variable(tensor(new Float32Array(target.nnz))));
    const w = start.values as ReturnType<typeof variable>;
    const x = tensor(sparseValues(cols * 16, 1, 31), { shape: [cols, 16] });
    const y = tidy(() => spmm(target, x));
    const lossAndGrad = valueAndGrad(() => sum(square(sub(spmm(start, x), y))));
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      tidy(() => {
        const { value, grads } = lossAndGrad(w);
        losses.push(value.dataSync()[0]!);
        w.assign(sub(w, mul(grads, 0.01)));
      });
    }
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.01);
    expect(
      toDense(start)
        .dataSync()
        .every((v, i) => v === 0 || toDense(target).dataSync()[i] !== 0),
    ).toBe(true);
    for (const t of [target, start, x, y]) t.dispose();
  });
});
