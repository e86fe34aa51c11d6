import { memory, random, type Tensor, tensor, tidy } from '@sparseland/core';
import { expect, it } from 'vitest';
import {
  bitmapMatmul,
  bitmapMatvec,
  bsrMatmul,
  CooMatrix,
  dsmm,
  type FormatOptions,
  fromDense,
  nmMatmul,
  type SparseMatrix,
  spmm,
  spmv,
  toDense,
} from '../../src/index.js';
import { caseA, caseB, FORMATS, MATMUL_CASES, sparseValues } from '../cases/matmul.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { expectMatmulClose } from '../helpers/close.js';
import { flat, matmulRef } from '../helpers/reference.js';

const fmt = (o: FormatOptions) => JSON.stringify(o);

/** A non-canonical COO of `a`: every nonzero split into two halves, in a shuffled order. */
function messyCoo(a: Float32Array, rows: number, cols: number, seed: number): CooMatrix {
  const entries: [number, number, number][] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = a[i * cols + j]!;
      if (v !== 0) entries.push([i, j, v / 2], [i, j, v / 2]);
    }
  const order = random.permutation(entries.length, { seed }).dataSync();
  const e = Array.from(order, (k) => entries[k]!);
  return CooMatrix.fromArrays({
    shape: [rows, cols],
    row: e.map((t) => t[0]),
    col: e.map((t) => t[1]),
    values: e.map((t) => t[2]),
  });
}

/** `A` in a format and the dense matrix it holds (pruned for N:M). */
function build(
  a: Float32Array,
  rows: number,
  cols: number,
  o: FormatOptions,
): { m: SparseMatrix; dense: Float32Array } {
  const m = fromDense(tensor(a, { shape: [rows, cols] }), o);
  return { m, dense: o.format === 'nm' ? (toDense(m).dataSync() as Float32Array) : a };
}

describeBackends('spmm', (backend) => {
  for (const c of MATMUL_CASES) {
    for (const o of FORMATS) {
      it(`${c.name}, ${fmt(o)}`, () => {
        tidy(() => {
          const { m, dense } = build(caseA(c), c.rows, c.cols, o);
          const b = caseB(c);
          const got = spmm(m, tensor(b, { shape: [c.cols, c.n] }));
          expect(got.shape).toEqual([c.rows, c.n]);
          const ref = matmulRef(flat(c.rows, c.cols, dense), flat(c.cols, c.n, b));
          expectMatmulClose(got.dataSync(), ref.data, c.cols, dense, b);
        });
      });
    }
    it(`${c.name}, non-canonical COO (duplicates sum)`, () => {
      tidy(() => {
        const a = caseA(c);
        const b = caseB(c);
        const got = spmm(messyCoo(a, c.rows, c.cols, c.seed), tensor(b, { shape: [c.cols, c.n] }));
        expectMatmulClose(
          got.dataSync(),
          matmulRef(flat(c.rows, c.cols, a), flat(c.cols, c.n, b)).data,
          c.cols,
          a,
          b,
        );
      });
    });
  }

  it('a vector right-hand side gives a vector, and float64 is held to 1e-12', (ctx) => {
    if (!backend.supportsFloat64()) ctx.skip('no float64 on this backend');
    tidy(() => {
      const a = caseA(MATMUL_CASES[1]!);
      const m = fromDense(tensor(Float64Array.from(a), { shape: [7, 13] }), { format: 'csr' });
      const x = Float64Array.from({ length: 13 }, (_, i) => Math.sin(i) / 3);
      const y = spmm(m, tensor(x, { dtype: 'float64' }));
      expect(y.shape).toEqual([7]);
      expect(y.dtype).toBe('float64');
      expectMatmulClose(y.dataSync(), matmulRef(flat(7, 13, a), flat(13, 1, x)).data, 13, a, x, 'float64');
    });
  });

  it('format-specific entry points agree with spmm (nmMatmul, bsrMatmul 16×16 and 8×8, bitmapMatmul)', () => {
    tidy(() => {
      const rows = 37;
      const cols = 45;
      const a = sparseValues(rows * cols, 0.3, 77);
      const b = tensor(sparseValues(cols * 6, 1, 78), { shape: [cols, 6] });
      const ref = (m: SparseMatrix) =>
        matmulRef(flat(rows, cols, toDense(m).dataSync()), flat(cols, 6, b.dataSync())).data;
      const x = tensor(a, { shape: [rows, cols] });
      for (const [m, f] of [
        [fromDense(x, { format: 'nm', keep: 2, of: 4, prune: true }), nmMatmul],
        [fromDense(x, { format: 'bsr', block: [16, 16] }), bsrMatmul],
        [fromDense(x, { format: 'bsr', block: [8, 8] }), bsrMatmul],
        [fromDense(x, { format: 'bitmap64', axis: 'col', pad: 8 }), bitmapMatmul],
      ] as [SparseMatrix, (m: never, b: Tensor) => Tensor][]) {
        expectMatmulClose(f(m as never, b).dataSync(), ref(m), cols, a, b.dataSync());
      }
      const v = fromDense(x, { format: 'bitmap64', axis: 'row', pad: 8 });
      const xv = sparseValues(cols, 1, 79);
      expectMatmulClose(
        bitmapMatvec(v, tensor(xv)).dataSync(),
        matmulRef(flat(rows, cols, a), flat(cols, 1, xv)).data,
        cols,
        a,
        xv,
      );
    });
  });

  it('never leaks: only the result survives', () => {
    const a = fromDense(tensor(caseA(MATMUL_CASES[2]!), { shape: [9, 10] }), { format: 'csc' });
    const before = memory().numTensors;
    const y = spmm(a, tensor(caseB(MATMUL_CASES[2]!), { shape: [10, 9] }));
    expect(memory().numTensors).toBe(before + 2); // the B made by tensor() and the result
    y.dispose();
    a.dispose();
  });
});

describeBackends('dsmm', () => {
  for (const c of MATMUL_CASES) {
    for (const o of FORMATS) {
      it(`X·B with B ${c.name}, ${fmt(o)}`, () => {
        tidy(() => {
          // B sparse [rows, cols]; X dense [n, rows]
          const { m, dense } = build(caseA(c), c.rows, c.cols, o);
          const x = sparseValues(c.n * c.rows, 0.8, c.seed + 7);
          const got = dsmm(tensor(x, { shape: [c.n, c.rows] }), m);
          expect(got.shape).toEqual([c.n, c.cols]);
          const ref = matmulRef(flat(c.n, c.rows, x), flat(c.rows, c.cols, dense));
          expectMatmulClose(got.dataSync(), ref.data, c.rows, x, dense);
        });
      });
    }
  }
});

describeBackends('spmv', () => {
  for (const c of MATMUL_CASES) {
    for (const o of FORMATS) {
      it(`${c.name}, ${fmt(o)}: y = 1.5·A·x − 0.5·y0`, () => {
        tidy(() => {
          const { m, dense } = build(caseA(c), c.rows, c.cols, o);
          const x = sparseValues(c.cols, 1, c.seed + 3);
          const y0 = sparseValues(c.rows, 1, c.seed + 4);
          const got = spmv(m, tensor(x), { alpha: 1.5, beta: -0.5, y: tensor(y0) });
          const ax = matmulRef(flat(c.rows, c.cols, dense), flat(c.cols, 1, x)).data;
          const ref = ax.map((v, i) => 1.5 * v - 0.5 * y0[i]!);
          expectMatmulClose(got.dataSync(), ref, c.cols, dense, [...x, ...y0]);
          expectMatmulClose(spmv(m, tensor(x)).dataSync(), ax, c.cols, dense, x);
        });
      });
    }
  }
});
