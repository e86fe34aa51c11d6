import { SparselandError, tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  bitmapMatmul,
  bitmapMatvec,
  bsrMatmul,
  denseMatmulCost,
  dsmm,
  fromDense,
  fwht,
  type KernelsErrorCode,
  nmMatmul,
  sddmm,
  sparseConv1x1,
  sparseInputWht,
  sparseLinear,
  sparseSoftmax,
  sparseWht,
  spmm,
  spmv,
} from '../../src/index.js';

type Case = [string, () => unknown, KernelsErrorCode, string];

const a = () =>
  fromDense(
    [
      [1, 0, 2],
      [0, 3, 0],
    ],
    { format: 'csr' },
  );
const disposed = () => {
  const m = a();
  m.dispose();
  return m;
};

const cases: Case[] = [
  [
    'spmm: not a matrix',
    () => spmm(tensor([[1]]) as never, [[1]]),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'a',
  ],
  ['spmm: disposed matrix', () => spmm(disposed(), [[1], [1], [1]]), 'SPARSELAND__KERNELS__DISPOSED', 'a'],
  ['spmm: b rows ≠ a.cols', () => spmm(a(), [[1], [1]]), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'b'],
  ['spmm: 3-D b', () => spmm(a(), [[[1]], [[1]], [[1]]]), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'b'],
  [
    'spmm: float64 b for a float32 matrix',
    () => spmm(a(), tensor([1, 1, 1], { dtype: 'float64' })),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'b',
  ],
  ['spmm: a string', () => spmm(a(), 'b' as never), 'SPARSELAND__KERNELS__INVALID_ARGUMENT', 'b'],
  ['dsmm: x columns ≠ b.rows', () => dsmm([[1, 1, 1]], a()), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'x'],
  ['dsmm: 1-D x', () => dsmm([1, 1], a()), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'x'],
  ['dsmm: not a matrix', () => dsmm([[1]], null as never), 'SPARSELAND__KERNELS__INVALID_ARGUMENT', 'b'],
  ['spmv: x length', () => spmv(a(), [1, 1]), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'x'],
  [
    'spmv: beta without y',
    () => spmv(a(), [1, 1, 1], { beta: 1 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.y',
  ],
  [
    'spmv: y length',
    () => spmv(a(), [1, 1, 1], { beta: 1, y: [1] }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'opts.y',
  ],
  [
    'spmv: NaN alpha',
    () => spmv(a(), [1, 1, 1], { alpha: Number.NaN }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.alpha',
  ],
  [
    'sparseLinear: in ≠ w.cols',
    () => sparseLinear([[1, 1]], a()),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'sparseLinear: bias length',
    () => sparseLinear([[1, 1, 1]], a(), { bias: [1, 2, 3] }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'opts.bias',
  ],
  [
    'sparseLinear: unknown activation',
    () => sparseLinear([[1, 1, 1]], a(), { activation: 'swish' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.activation',
  ],
  ['sddmm: a rows', () => sddmm([[1]], [[1], [1], [1]], a()), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'a'],
  ['sddmm: b rows', () => sddmm([[1], [1]], [[1]], a()), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'b'],
  [
    'sddmm: K differs',
    () =>
      sddmm(
        [[1], [1]],
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        a(),
      ),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'b',
  ],
  [
    'sddmm: pattern not a matrix',
    () => sddmm([[1]], [[1]], {} as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'pattern',
  ],
  [
    'sparseSoftmax: infinite scale',
    () => sparseSoftmax(a(), { scale: Number.POSITIVE_INFINITY }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.scale',
  ],
  [
    'nmMatmul: a CSR matrix',
    () => nmMatmul(a() as never, [1, 1, 1]),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'w',
  ],
  [
    'bsrMatmul: a CSR matrix',
    () => bsrMatmul(a() as never, [1, 1, 1]),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'a',
  ],
  [
    'bitmapMatmul: a CSR matrix',
    () => bitmapMatmul(a() as never, [1, 1, 1]),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'a',
  ],
  [
    'nmMatmul: x rows',
    () => nmMatmul(fromDense([[1, 0]], { format: 'nm', keep: 1, of: 2 }), [1]),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'bitmapMatvec: x length',
    () => bitmapMatvec(fromDense([[1, 0]], { format: 'bitmap64' }), [1, 1, 1]),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'sparseConv1x1: channels',
    () => sparseConv1x1(a(), tensor(new Float32Array(8), { shape: [1, 2, 2, 2] })),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'sparseConv1x1: NHWC channels',
    () => sparseConv1x1(a(), tensor(new Float32Array(12), { shape: [1, 3, 2, 2] }), { layout: 'NHWC' }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'sparseConv1x1: rank 2',
    () => sparseConv1x1(a(), [[1, 2, 3]]),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'sparseConv1x1: layout',
    () => sparseConv1x1(a(), [[[1]], [[1]], [[1]]], { layout: 'NCWH' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.layout',
  ],
  [
    'sparseConv1x1: min > max',
    () => sparseConv1x1(a(), [[[1]], [[1]], [[1]]], { min: 1, max: 0 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.max',
  ],
  [
    'sparseConv1x1: bias length',
    () => sparseConv1x1(a(), [[[1]], [[1]], [[1]]], { bias: [1] }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'opts.bias',
  ],
  ['fwht: length 6', () => fwht([1, 2, 3, 4, 5, 6]), 'SPARSELAND__KERNELS__SHAPE_MISMATCH', 'x'],
  ['fwht: int32', () => fwht(tensor([1, 2], { dtype: 'int32' })), 'SPARSELAND__KERNELS__DTYPE_MISMATCH', 'x'],
  [
    'fwht: norm',
    () => fwht([1, 2], { norm: 'unit' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.norm',
  ],
  ['fwht: a string', () => fwht('x' as never), 'SPARSELAND__KERNELS__INVALID_ARGUMENT', 'x'],
  ['sparseInputWht: n 31', () => sparseInputWht([], [], 31), 'SPARSELAND__KERNELS__INVALID_ARGUMENT', 'n'],
  [
    'sparseInputWht: lengths',
    () => sparseInputWht([1], [], 3),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'sparseInputWht: index ≥ 2^n',
    () => sparseInputWht([8], [1], 3),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'indices[0]',
  ],
  [
    'sparseWht: sample not a function',
    () => sparseWht(3 as never, { n: 4, K: 1 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'sample',
  ],
  [
    'sparseWht: n 0',
    () => sparseWht(() => 0, { n: 0, K: 1 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.n',
  ],
  [
    'sparseWht: K 0',
    () => sparseWht(() => 0, { n: 4, K: 0 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.K',
  ],
  [
    'sparseWht: bins > n',
    () => sparseWht(() => 0, { n: 4, K: 2, bins: 5 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.bins',
  ],
  [
    'sparseWht: negative noise',
    () => sparseWht(() => 0, { n: 4, K: 2, noise: -1 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.noise',
  ],
];

describe('every op validates its arguments', () => {
  for (const [what, thunk, code, arg] of cases) {
    it(what, () => {
      tidy(() => {
        let error: unknown;
        try {
          thunk();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SparselandError);
        expect((error as SparselandError).code).toBe(code);
        expect(((error as SparselandError).context as { arg: string }).arg).toBe(arg);
      });
    });
  }
});

describe('cost() follows spec §5.1', () => {
  it('CSR SpMV, SpMM, SDDMM and the dense baselines', () => {
    tidy(() => {
      const m = fromDense(
        [
          [1, 0, 2, 0],
          [0, 0, 0, 3],
          [4, 5, 0, 0],
        ],
        { format: 'csr' },
      ); // M 3, K 4, nnz 5
      expect(spmv.cost(m)).toEqual({ flops: 10, bytesMin: 5 * 8 + 4 * 4 + 7 * 4 });
      expect(spmm.cost(m, [4, 64])).toEqual({ flops: 2 * 5 * 64, bytesMin: 5 * 8 + 7 * 64 * 4 });
      expect(spmm.cost(m, tensor(new Float32Array(4 * 8), { shape: [4, 8] })).flops).toBe(80);
      expect(sddmm.cost(m, 16)).toEqual({ flops: 2 * 5 * 16, bytesMin: (3 + 4) * 16 * 4 + 5 * (8 + 4) });
      const m16 = fromDense(
        [
          [1, 0, 2, 0],
          [0, 0, 0, 3],
          [4, 5, 0, 0],
        ],
        { format: 'csr', indexWidth: 16 },
      );
      expect(spmv.cost(m16).bytesMin).toBe(5 * 6 + 4 * 4 + 7 * 4);
      expect(denseMatmulCost(4096, 4096, 1)).toEqual({ flops: 33554432, bytesMin: 67141632 });
      expect(denseMatmulCost(2, 3, 4, 'float64')).toEqual({ flops: 48, bytesMin: (6 + 12 + 8) * 8 });
    });
  });

  it('other formats count their own bytes(); conv, linear, softmax and FWHT', () => {
    tidy(() => {
      const x = tensor([
        [1, 2, 0, 0],
        [3, 4, 0, 5],
      ]);
      const bsr = fromDense(x, { format: 'bsr', block: [2, 2] });
      expect(bsrMatmul.cost(bsr, [4, 3])).toEqual({
        flops: 2 * 8 * 3,
        bytesMin: bsr.bytes() + (4 + 2) * 3 * 4,
      });
      expect(spmm.cost(bsr, [4])).toEqual(bsrMatmul.cost(bsr, [4]));
      const nm = fromDense(x, { format: 'nm', keep: 2, of: 4, prune: true });
      expect(nmMatmul.cost(nm, [4, 1])).toEqual({ flops: 2 * 4, bytesMin: nm.bytes() + 6 * 4 });
      const bm = fromDense(x, { format: 'bitmap64', pad: 8 });
      expect(bitmapMatvec.cost(bm)).toEqual({ flops: 10, bytesMin: 2 * 12 + 16 * 4 + 6 * 4 });
      expect(bitmapMatmul.cost(bm, [4, 2]).flops).toBe(20);
      const csr = fromDense(x, { format: 'csr' });
      expect(dsmm.cost([7, 2], csr)).toEqual({
        flops: 2 * 5 * 7,
        bytesMin: csr.bytes() + (7 * 2 + 7 * 4) * 4,
      });
      expect(sparseLinear.cost([3, 5, 4], csr, { bias: true })).toEqual({
        flops: 2 * 5 * 15 + 15 * 2,
        bytesMin: csr.bytes() + (15 * 4 + 15 * 2 + 2) * 4,
      });
      expect(sparseSoftmax.cost(csr)).toEqual({ flops: 20, bytesMin: 2 * 5 * 4 + 4 * 3 });
      expect(sparseConv1x1.cost(csr, [2, 4, 3, 3])).toEqual({
        flops: 2 * 5 * 18,
        bytesMin: csr.bytes() + 18 * 6 * 4,
      });
      expect(sparseConv1x1.cost(csr, [3, 3, 4], { layout: 'NHWC', bias: true }).flops).toBe(
        2 * 5 * 9 + 9 * 2,
      );
      expect(fwht.cost([8, 1024])).toEqual({ flops: 81920, bytesMin: 65536 });
    });
  });
});
