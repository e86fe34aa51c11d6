/**
 * The `wasm` CSR-family kernels beyond the per-backend suites: shapes large enough to take the threaded
 * path, results identical on one and two threads (`setWasmThreads`), 16-bit indices, empty rows, nnz = 0,
 * every fused activation, and no kernel falling back to `cpu`. References are the float64 dense loops of
 * test/helpers/reference.ts.
 */
import {
  isSparselandError,
  mul,
  setBackend,
  setWasmThreads,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '@sparseland/core';
import type { WasmBackend } from '@sparseland/core/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVATIONS,
  type CsrMatrix,
  dsmm,
  fromDense,
  type IndexWidth,
  sddmm,
  sparseLinear,
  sparseSoftmax,
  spmm,
  spmv,
  toDense,
  transpose,
} from '../../src/index.js';
import { sparseValues } from '../cases/matmul.cases.js';
import { expectClose, expectMatmulClose } from '../helpers/close.js';
import { ACT_REF, flat, matmulRef, sddmmRef, sparseSoftmaxRef, transposeRef } from '../helpers/reference.js';
import { activeWasmBackend, useWasmThreads } from '../helpers/wasm.js';

let wasm: WasmBackend | undefined;
let unavailable: string | undefined;
const warn = vi.spyOn(console, 'warn');

beforeAll(async () => {
  try {
    await setBackend('wasm');
  } catch (e) {
    if (!isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')) throw e;
    unavailable = e.message;
    return;
  }
  wasm = activeWasmBackend();
});
afterAll(async () => {
  setWasmThreads('auto');
  await setBackend('cpu');
});
beforeEach((ctx) => {
  if (unavailable !== undefined) ctx.skip(unavailable);
});

/**
 * Run `op` on one thread and on two; the results must be identical bit for bit, and with `threaded` the
 * second run must have split its work over the threads (when this runtime has workers).
 */
async function oneAndTwo(label: string, op: () => Float32Array, threaded: boolean): Promise<Float32Array> {
  await useWasmThreads(wasm!, 1);
  const one = op();
  await useWasmThreads(wasm!, 2);
  const jobs = wasm!.threadedJobs;
  const two = op();
  if (threaded && wasm!.threads() >= 2)
    expect(wasm!.threadedJobs, `${label}: threaded`).toBeGreaterThan(jobs);
  expect(two.length).toBe(one.length);
  let differ = 0;
  for (let i = 0; i < one.length; i++) if (!Object.is(one[i], two[i])) differ++;
  expect(differ, `${label}: entries that differ between 1 and 2 threads`).toBe(0);
  return one;
}

/** `[rows, cols]` values at `density`, with every `emptyEvery`-th row empty. */
function matrix(rows: number, cols: number, density: number, seed: number, emptyEvery = 7): Float32Array {
  const a = sparseValues(rows * cols, density, seed);
  for (let i = 0; i < rows; i += emptyEvery) a.fill(0, i * cols, (i + 1) * cols);
  return a;
}

const f32 = (t: Tensor) => t.dataSync() as Float32Array;
/** erf: Taylor series below 3, the erfc continued fraction above (ACT_REF's series is only for small |x|). */
function erfRef(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let t = ax;
  for (let k = 80; k >= 1; k--) t = ax + k / 2 / t;
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * t);
  return x > 0 ? 1 - erfc : erfc - 1;
}
const actRef = (a: string) =>
  a === 'gelu' ? (x: number) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)) : ACT_REF[a]!;
const nnzOf = (a: Float32Array) => a.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
/** Multiply-adds from which the kernels split their work over the threads (src/backends/wasm/module.ts). */
const PARALLEL_MIN_WORK = 1 << 16;
const WIDTHS: IndexWidth[] = [32, 16];

describe('wasm CSR kernels: threaded = single-thread, against dense references', () => {
  for (const indexWidth of WIDTHS) {
    it(`spmm ${indexWidth}-bit: 300×400 at 10 % × n = 1, 3, 37, 64 (blocks of 32/16/4 and scalar columns)`, async () => {
      const [m, k] = [300, 400];
      const a = matrix(m, k, 0.1, 1);
      for (const n of [1, 3, 37, 64]) {
        const b = sparseValues(k * n, 1, 2 + n);
        const got = await oneAndTwo(
          `spmm n=${n}`,
          () =>
            tidy(() =>
              f32(
                spmm(
                  fromDense(tensor(a, { shape: [m, k] }), { format: 'csr', indexWidth }),
                  tensor(b, { shape: [k, n] }),
                ),
              ),
            ),
          n * nnzOf(a) >= PARALLEL_MIN_WORK,
        );
        expectMatmulClose(got, matmulRef(flat(m, k, a), flat(k, n, b)).data, k, a, b);
      }
    });

    it(`spmm ${indexWidth}-bit, long rows: 130×1000 at 50 % × n = 5, 37, 64, 100`, async () => {
      const [m, k] = [130, 1000];
      const a = matrix(m, k, 0.5, 21, 9);
      a.fill(0, 5 * k + 300, 6 * k); // row 5 ends early
      for (const n of [5, 37, 64, 100]) {
        const b = sparseValues(k * n, 1, 22 + n);
        const got = await oneAndTwo(
          `spmm long rows n=${n}`,
          () =>
            tidy(() =>
              f32(
                spmm(
                  fromDense(tensor(a, { shape: [m, k] }), { format: 'csr', indexWidth }),
                  tensor(b, { shape: [k, n] }),
                ),
              ),
            ),
          true,
        );
        expectMatmulClose(got, matmulRef(flat(m, k, a), flat(k, n, b)).data, k, a, b);
      }
    });

    it(`spmv ${indexWidth}-bit: 1000×900 at 10 %, y = 1.5·A·x − 0.5·y0`, async () => {
      const [m, k] = [1000, 900];
      const a = matrix(m, k, 0.1, 3);
      const x = sparseValues(k, 1, 4);
      const y0 = sparseValues(m, 1, 5);
      const got = await oneAndTwo(
        'spmv',
        () =>
          tidy(() =>
            f32(
              spmv(fromDense(tensor(a, { shape: [m, k] }), { format: 'csr', indexWidth }), tensor(x), {
                alpha: 1.5,
                beta: -0.5,
                y: tensor(y0),
              }),
            ),
          ),
        true,
      );
      const ax = matmulRef(flat(m, k, a), flat(k, 1, x)).data;
      const ref = Array.from(ax, (v, i) => 1.5 * v - 0.5 * y0[i]!);
      expectMatmulClose(got, ref, k, a, x);
    });

    it(`sparseLinear ${indexWidth}-bit: batch 1, 5 and 33, every activation, with and without bias`, async () => {
      const [out, inF] = [700, 600];
      const w = matrix(out, inF, 0.15, 6);
      const bias = sparseValues(out, 1, 7);
      for (const batch of [1, 5, 33]) {
        const x = sparseValues(batch * inF, 1, 8 + batch);
        const z = matmulRef(flat(batch, inF, x), transposeRef(flat(out, inF, w))).data;
        for (const activation of ACTIVATIONS) {
          for (const withBias of [false, true]) {
            const got = await oneAndTwo(
              `sparseLinear batch ${batch} ${activation}`,
              () =>
                tidy(() =>
                  f32(
                    sparseLinear(
                      tensor(x, { shape: [batch, inF] }),
                      fromDense(tensor(w, { shape: [out, inF] }), { format: 'csr', indexWidth }),
                      { activation, ...(withBias ? { bias: tensor(bias) } : {}) },
                    ),
                  ),
                ),
              batch * nnzOf(w) >= PARALLEL_MIN_WORK,
            );
            const ref = z.map((v, i) => actRef(activation)(withBias ? v + bias[i % out]! : v));
            // the activations are 1-Lipschitz-ish around the data: the matmul tolerance, with the bias range
            expectMatmulClose(got, ref, inF, w, x);
          }
        }
      }
    });

    it(`dsmm ${indexWidth}-bit: X [37, 300] · B [300, 250] (strips of 16, 16, 5) and X · Bᵀ (CSC)`, async () => {
      const [m, k, n] = [37, 300, 250];
      const b = matrix(k, n, 0.2, 9);
      const x = sparseValues(m * k, 1, 10);
      const ref = matmulRef(flat(m, k, x), flat(k, n, b)).data;
      for (const format of ['csr', 'csc'] as const) {
        const got = await oneAndTwo(
          `dsmm ${format}`,
          () =>
            tidy(() =>
              f32(
                dsmm(
                  tensor(x, { shape: [m, k] }),
                  fromDense(tensor(b, { shape: [k, n] }), { format, indexWidth }),
                ),
              ),
            ),
          true,
        );
        expectMatmulClose(got, ref, k, x, b);
      }
    });

    it(`sddmm ${indexWidth}-bit: Q [400, 67] · Kᵀ [350, 67] at a 10 % pattern, scaled by the pattern`, async () => {
      const [m, n, k] = [400, 350, 67];
      const p = matrix(m, n, 0.1, 11);
      const q = sparseValues(m * k, 1, 12);
      const kk = sparseValues(n * k, 1, 13);
      for (const scaleByPattern of [false, true]) {
        const got = await oneAndTwo(
          'sddmm',
          () =>
            tidy(() => {
              const r = sddmm(
                tensor(q, { shape: [m, k] }),
                tensor(kk, { shape: [n, k] }),
                fromDense(tensor(p, { shape: [m, n] }), { format: 'csr', indexWidth }),
                { scaleByPattern },
              );
              return f32(r.values);
            }),
          true,
        );
        const ref = sddmmRef(flat(m, k, q), flat(n, k, kk), flat(m, n, p), scaleByPattern);
        expectMatmulClose(got, ref, k, q, kk);
      }
    });
  }

  it('spmm and spmv in rowOrder (sorted-row scheduling): skewed rows, same results as natural order', async () => {
    const [m, k, n] = [400, 500, 40];
    // row i keeps about (i mod 50)·2 % of its entries: a few long rows among many short ones
    const a = new Float32Array(m * k);
    for (let i = 0; i < m; i++) a.set(sparseValues(k, ((i * 37) % 50) / 50, 30 + i), i * k);
    const b = sparseValues(k * n, 1, 31);
    const x = sparseValues(k, 1, 32);
    const build = (rowOrder: boolean) => fromDense(tensor(a, { shape: [m, k] }), { format: 'csr', rowOrder });
    for (const rowOrder of [false, true]) {
      const got = await oneAndTwo(
        `spmm rowOrder ${rowOrder}`,
        () => tidy(() => f32(spmm(build(rowOrder), tensor(b, { shape: [k, n] })))),
        true,
      );
      expectMatmulClose(got, matmulRef(flat(m, k, a), flat(k, n, b)).data, k, a, b);
      const y = await oneAndTwo(
        `spmv rowOrder ${rowOrder}`,
        () => tidy(() => f32(spmv(build(rowOrder), tensor(x)))),
        true,
      );
      expectMatmulClose(y, matmulRef(flat(m, k, a), flat(k, 1, x)).data, k, a, x);
    }
    tidy(() => expect(build(true).rowOrder).toBeDefined());
  });

  it('sparseSoftmax and its gradient: rows of 0 … 40 entries, large logits, a row of −∞', async () => {
    const [m, n] = [600, 41];
    const x = new Float32Array(m * n);
    const pattern = new Float32Array(m * n);
    for (let i = 0; i < m; i++) {
      const len = i % 41;
      for (let j = 0; j < len; j++) {
        pattern[i * n + j] = 1;
        x[i * n + j] = ((i * 31 + j * 17) % 97) - 48 + (i % 5 === 0 ? 300 : 0);
      }
    }
    x.fill(Number.NEGATIVE_INFINITY, 3 * n, 3 * n + 3); // row 3: three −∞ logits → 0/0
    const build = () =>
      fromDense(tensor(x, { shape: [m, n] }), { format: 'csr', mask: tensor(pattern, { shape: [m, n] }) });
    const got = await oneAndTwo(
      'sparseSoftmax',
      () => tidy(() => f32(sparseSoftmax(build(), { scale: 0.5 }).values)),
      true,
    );
    const ref = sparseSoftmaxRef(flat(m, n, x), flat(m, n, pattern), 0.5);
    expectClose(got, ref, 2e-6, 1e-7);
    // gradient: d/dv Σ w·softmax(v) against the closed form scale·y·(w − Σ y·w)
    const wts = sparseValues(got.length, 1, 14);
    const grad = await oneAndTwo(
      'sparseSoftmaxGrad',
      () =>
        tidy(() => {
          const p = build();
          const { grads } = valueAndGrad((v: Tensor) => {
            const y = sparseSoftmax(p.withValues(v), { scale: 0.5 }).values;
            return sum(mul(y, tensor(wts)));
          })(p.values);
          return f32(grads);
        }),
      true,
    );
    const expected: number[] = [];
    let q = 0;
    for (let i = 0; i < m; i++) {
      const len = i % 41;
      let dot = 0;
      for (let j = 0; j < len; j++) dot += ref[q + j]! * wts[q + j]!;
      for (let j = 0; j < len; j++) expected.push(0.5 * ref[q + j]! * (wts[q + j]! - dot));
      q += len;
    }
    expectClose(grad, expected, 1e-5, 1e-6);
  });
});

describe('wasm CSR kernels: nnz = 0, empty rows, 16-bit indices at cols = 65 536', () => {
  it('every op on an all-zero matrix', () => {
    tidy(() => {
      const z = fromDense(tensor(new Float32Array(5 * 6), { shape: [5, 6] }), { format: 'csr' });
      expect(z.nnz).toBe(0);
      expect(Array.from(f32(spmm(z, tensor(sparseValues(6 * 9, 1, 1), { shape: [6, 9] }))))).toEqual(
        new Array(45).fill(0),
      );
      expect(Array.from(f32(spmv(z, tensor(sparseValues(6, 1, 2)))))).toEqual(new Array(5).fill(0));
      const bias = sparseValues(5, 1, 3);
      const y = f32(
        sparseLinear(tensor(sparseValues(2 * 6, 1, 4), { shape: [2, 6] }), z, {
          bias: tensor(bias),
          activation: 'relu',
        }),
      );
      expect(Array.from(y)).toEqual([...bias, ...bias].map((b) => Math.max(b, 0)));
      expect(Array.from(f32(dsmm(tensor(sparseValues(3 * 5, 1, 5), { shape: [3, 5] }), z)))).toEqual(
        new Array(18).fill(0),
      );
      const s = sddmm(
        tensor(sparseValues(5 * 4, 1, 6), { shape: [5, 4] }),
        tensor(sparseValues(6 * 4, 1, 7), { shape: [6, 4] }),
        z,
      );
      expect(s.nnz).toBe(0);
      expect(sparseSoftmax(z).values.shape).toEqual([0]);
    });
  });

  it('CsrTranspose of large structures, 32- and 16-bit indices: the transpose, stable', () => {
    // 94 K and 105 K entries, empty rows and a heavy column
    for (const [rows, cols, indexWidth] of [
      [700, 900, 32],
      [1000, 700, 16],
    ] as const) {
      tidy(() => {
        const a = matrix(rows, cols, 0.15, rows + cols);
        for (let i = 1; i < rows; i += 3) a[i * cols + 5] = 1.5; // a heavy column
        const m = fromDense(tensor(a, { shape: [rows, cols] }), { format: 'csr', indexWidth });
        expect(m.nnz).toBeGreaterThan(1 << 16);
        const t = transpose(m) as CsrMatrix;
        const dense = toDense(t).dataSync();
        const ref = transposeRef(flat(rows, cols, a)).data;
        let differ = 0;
        for (let i = 0; i < ref.length; i++) if (dense[i] !== ref[i]) differ++;
        expect(differ).toBe(0);
        // stable: row indices increase within each column, as the cpu kernel's
        const ptr = t.rowPtr.dataSync();
        const idx = t.colIdx.dataSync();
        for (let c = 0; c < cols; c++)
          for (let q = ptr[c]! + 1; q < ptr[c + 1]!; q++) expect(idx[q]!).toBeGreaterThan(idx[q - 1]!);
      });
    }
  });

  it('16-bit indices reach column 65 535 (spmm, spmv, sparseLinear)', () => {
    tidy(() => {
      const cols = 65536;
      const a = new Float32Array(3 * cols);
      a[0] = 2;
      a[cols - 1] = 3; // row 0, last column
      a[2 * cols + 40000] = -1; // row 2; row 1 empty
      const m = fromDense(tensor(a, { shape: [3, cols] }), { format: 'csr', indexWidth: 16 });
      expect(m.indexWidth).toBe(16);
      const x = new Float32Array(cols).map((_, i) => (i % 13) - 6);
      expect(Array.from(f32(spmv(m, tensor(x))))).toEqual([2 * x[0]! + 3 * x[cols - 1]!, 0, -x[40000]!]);
      const b = tensor(
        new Float32Array(cols * 2).map((_, i) => (i % 7) - 3),
        { shape: [cols, 2] },
      );
      const bd = b.dataSync();
      const expected = [
        2 * bd[0]! + 3 * bd[2 * (cols - 1)]!,
        2 * bd[1]! + 3 * bd[2 * (cols - 1) + 1]!,
        0,
        0,
        -bd[2 * 40000]!,
        -bd[2 * 40000 + 1]!,
      ];
      expect(Array.from(f32(spmm(m, b)))).toEqual(expected);
      expect(Array.from(f32(sparseLinear(tensor(x, { shape: [1, cols] }), m)))).toEqual([
        2 * x[0]! + 3 * x[cols - 1]!,
        0,
        -x[40000]!,
      ]);
    });
  });

  it('ran every CSR-family op on wasm without falling back to cpu', () => {
    const fallbacks = warn.mock.calls
      .map((c) => String(c[0]))
      .filter((s) => s.includes("not implemented on backend 'wasm'"));
    expect(fallbacks).toEqual([]);
  });
});
