import { tensor, tidy } from '@sparseland/core';
import { expect, it } from 'vitest';
import {
  ACTIVATIONS,
  CooMatrix,
  type FormatOptions,
  fromDense,
  sddmm,
  sparseLinear,
  sparseSoftmax,
  spmm,
  toDense,
} from '../../src/index.js';
import { caseA, FORMATS, MATMUL_CASES, sparseValues } from '../cases/matmul.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { expectClose, expectMatmulClose } from '../helpers/close.js';
import { ACT_REF, flat, matmulRef, sddmmRef, sparseSoftmaxRef, transposeRef } from '../helpers/reference.js';

const fmt = (o: FormatOptions) => JSON.stringify(o);

describeBackends('sparseLinear', () => {
  for (const c of MATMUL_CASES.filter((c) => c.cols > 0)) {
    for (const o of FORMATS) {
      it(`${c.name}, ${fmt(o)}, every activation, with and without bias`, () => {
        tidy(() => {
          // W [out = rows, in = cols]; x [2, n, in] (leading batch dims)
          const w = fromDense(tensor(caseA(c), { shape: [c.rows, c.cols] }), o);
          const wd = toDense(w).dataSync();
          const m = 2 * Math.max(c.n, 1);
          const x = sparseValues(m * c.cols, 0.9, c.seed + 11);
          const bias = sparseValues(c.rows, 1, c.seed + 12);
          const z = matmulRef(flat(m, c.cols, x), transposeRef(flat(c.rows, c.cols, wd))).data;
          for (const activation of ACTIVATIONS) {
            for (const withBias of [false, true]) {
              const y = sparseLinear(tensor(x, { shape: [2, m / 2, c.cols] }), w, {
                activation,
                ...(withBias ? { bias: tensor(bias) } : {}),
              });
              expect(y.shape).toEqual([2, m / 2, c.rows]);
              const ref = z.map((v, k) => ACT_REF[activation]!(withBias ? v + bias[k % c.rows]! : v));
              expectMatmulClose(y.dataSync(), ref, c.cols + 1, [...x, 1], [...wd, ...bias, 1]);
            }
          }
        });
      });
    }
  }

  it('a non-canonical COO weight sums its duplicates', () => {
    tidy(() => {
      const w = CooMatrix.fromArrays({ shape: [2, 3], row: [1, 0, 1], col: [2, 0, 2], values: [1, 2, 3] });
      expect(sparseLinear([[1, 1, 1]], w).arraySync()).toEqual([[2, 4]]);
    });
  });
});

describeBackends('sddmm', () => {
  for (const c of MATMUL_CASES) {
    for (const o of FORMATS.filter(
      (f) => f.format !== 'nm' && f.format !== 'bsr' && f.format !== 'rowGroup',
    )) {
      it(`${c.name}, pattern ${fmt(o)}, K = ${c.n}`, () => {
        tidy(() => {
          const pattern = caseA(c); // [M = rows, N = cols]
          const P = fromDense(tensor(pattern, { shape: [c.rows, c.cols] }), o);
          const a = sparseValues(c.rows * c.n, 1, c.seed + 21);
          const b = sparseValues(c.cols * c.n, 1, c.seed + 22);
          const A = tensor(a, { shape: [c.rows, c.n] });
          const B = tensor(b, { shape: [c.cols, c.n] });
          for (const scaleByPattern of [false, true]) {
            const out = sddmm(A, B, P, { scaleByPattern });
            expect(out.kind).toBe('csr');
            expect(out.nnz).toBe(P.nnz);
            const ref = sddmmRef(
              flat(c.rows, c.n, a),
              flat(c.cols, c.n, b),
              flat(c.rows, c.cols, pattern),
              scaleByPattern,
            );
            expectMatmulClose(out.values.dataSync(), ref, c.n, a, b);
            // the result lives on the pattern's structure
            const d = toDense(out).dataSync();
            let q = 0;
            for (let k = 0; k < pattern.length; k++)
              if (pattern[k] !== 0) expect(d[k]).toBe(out.values.dataSync()[q++]);
          }
        });
      });
    }
  }

  it('keeps explicit zeros of the pattern as slots', () => {
    tidy(() => {
      const P = fromDense([[0, 5]], { format: 'csr', mask: [[1, 1]] });
      expect(sddmm([[2]], [[3], [4]], P).values.arraySync()).toEqual([6, 8]);
      expect(sddmm([[2]], [[3], [4]], P, { scaleByPattern: true }).values.arraySync()).toEqual([0, 40]);
    });
  });
});

describeBackends('sparseSoftmax', () => {
  for (const c of MATMUL_CASES) {
    it(`${c.name}, scale 0.7`, () => {
      tidy(() => {
        const x = caseA(c);
        const P = fromDense(tensor(x, { shape: [c.rows, c.cols] }), { format: 'csr' });
        const s = sparseSoftmax(P, { scale: 0.7 });
        expectClose(
          s.values.dataSync(),
          sparseSoftmaxRef(flat(c.rows, c.cols, x), flat(c.rows, c.cols, x), 0.7),
          1e-5,
          1e-7,
        );
        // each non-empty row sums to 1; empty rows stay empty
        const d = toDense(s).dataSync();
        for (let r = 0; r < c.rows; r++) {
          const row = Array.from(d.subarray(r * c.cols, (r + 1) * c.cols));
          const stored = x.subarray(r * c.cols, (r + 1) * c.cols).some((v) => v !== 0);
          expect(row.reduce((u, v) => u + v, 0)).toBeCloseTo(stored ? 1 : 0, 5);
        }
      });
    });
  }

  it('is a stable softmax (large logits) and works on other formats through CSR', () => {
    tidy(() => {
      const s = sparseSoftmax(fromDense([[1000, 0, 1001]], { format: 'coo' }));
      expectClose(s.values.dataSync(), [1 / (1 + Math.E), Math.E / (1 + Math.E)]);
    });
  });

  it('composes into sparse attention: softmax(sddmm(Q, K, P)/√d)·V', () => {
    tidy(() => {
      const T = 6;
      const d = 4;
      const q = sparseValues(T * d, 1, 31);
      const k = sparseValues(T * d, 1, 32);
      const v = sparseValues(T * d, 1, 33);
      const causal = Array.from({ length: T }, (_, i) =>
        Array.from({ length: T }, (_, j) => (j <= i ? 1 : 0)),
      );
      const P = fromDense(causal, { format: 'csr' });
      const att = sparseSoftmax(sddmm(tensor(q, { shape: [T, d] }), tensor(k, { shape: [T, d] }), P), {
        scale: 1 / Math.sqrt(d),
      });
      const out = spmm(att, tensor(v, { shape: [T, d] })).dataSync();
      // dense reference with a causal mask
      const scores = matmulRef(flat(T, d, q), transposeRef(flat(T, d, k)));
      const probs = new Float64Array(T * T);
      for (let i = 0; i < T; i++) {
        const row = Array.from({ length: i + 1 }, (_, j) => scores.data[i * T + j]! / Math.sqrt(d));
        const mx = Math.max(...row);
        const e = row.map((s) => Math.exp(s - mx));
        const sum = e.reduce((a, b) => a + b, 0);
        e.forEach((x, j) => {
          probs[i * T + j] = x / sum;
        });
      }
      expectClose(out, matmulRef(flat(T, T, probs), flat(T, d, v)).data, 1e-5, 1e-6);
    });
  });
});
