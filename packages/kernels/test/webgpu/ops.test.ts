/**
 * Every `webgpu` kernel of this package against the float64 dense references of `test/helpers`, on the
 * shared matmul cases (odd sizes, empty rows, fully dense, nnz = 0, empty shapes) and 16-bit indices
 * (cols = 65 536 included). Matrices are built on the GPU with `fromDenseAsync` (nothing here can fall back
 * to `cpu` silently: a `cpu` kernel would need `dataSync()` of GPU tensors, which `webgpu` refuses) and
 * results are read with `await data()`.
 *
 * Without a WebGPU adapter the tests skip, unless `REQUIRE_WEBGPU=1` (CI) or `SPARSELAND_TEST_BACKENDS`
 * names webgpu.
 */
import {
  getBackend,
  isSparselandError,
  kernelsFor,
  memory,
  mul,
  runKernel,
  runKernelMulti,
  setBackend,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '@sparseland/core';
import { TEST_BACKENDS_ENV } from '@sparseland/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrTransposeHost } from '../../src/backends/cpu/CsrTranspose.js';
import { fwhtRows } from '../../src/backends/cpu/FWHT.js';
import { DSMM_TILE } from '../../src/backends/webgpu/DSMM.js';
import {
  type Activation,
  bitmapMatmul,
  CooMatrix,
  CsrMatrix,
  CsrTranspose,
  convert,
  dsmm,
  type FormatOptions,
  fromDense,
  fromDenseAsync,
  fwht,
  type SparseMatrix,
  SparseSoftmaxGrad,
  sddmm,
  sparseConv1x1,
  sparseLinear,
  sparseSoftmax,
  spmm,
  spmv,
  toDense,
  transpose,
  validate,
  WEBGPU_KERNELS,
} from '../../src/index.js';
import { pack16 } from '../../src/internal/index-width.js';
import { activationFn } from '../../src/internal/math.js';
import { caseA, caseB, MATMUL_CASES, sparseValues } from '../cases/matmul.cases.js';
import { expectClose, expectMatmulClose } from '../helpers/close.js';
import { flat, hadamard, matmulRef, sddmmRef, sparseSoftmaxRef } from '../helpers/reference.js';

const required = (() => {
  const flag = process.env.REQUIRE_WEBGPU;
  const listed = (process.env[TEST_BACKENDS_ENV] ?? '').split(',').map((s) => s.trim());
  return (flag !== undefined && flag !== '' && flag !== '0') || listed.includes('webgpu');
})();

let unavailable: string | undefined;
beforeAll(async () => {
  try {
    await setBackend('webgpu');
  } catch (e) {
    if (required || !isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')) throw e;
    unavailable = e.message;
  }
});
beforeEach(async (ctx) => {
  if (unavailable !== undefined) ctx.skip(unavailable);
  await setBackend('webgpu');
});
afterAll(async () => {
  await setBackend('cpu');
});

/** Read a GPU result (checking it is on the GPU) and free it. */
async function read(t: Tensor): Promise<Float32Array> {
  expect(t.backendName).toBe('webgpu');
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** The dense matrix a format stores for `a` (N:M prunes): built and read on `cpu`. */
async function storedDense(
  a: Float32Array,
  rows: number,
  cols: number,
  o: FormatOptions,
): Promise<Float32Array> {
  if (o.format !== 'nm') return a;
  await setBackend('cpu');
  const d = tidy(() => toDense(fromDense(tensor(a, { shape: [rows, cols] }), o)).dataSync() as Float32Array);
  await setBackend('webgpu');
  return d;
}

const FORMATS: FormatOptions[] = [
  { format: 'csr' },
  { format: 'csr', indexWidth: 16 },
  { format: 'csr', rowOrder: true },
  { format: 'csr', indexWidth: 16, rowOrder: true },
  { format: 'csc' },
  { format: 'csc', indexWidth: 16 },
  { format: 'bsr', block: [4, 4] },
  { format: 'bsr', block: [3, 5] },
  { format: 'rowGroup', g: 8 },
  { format: 'nm', keep: 2, of: 4, prune: true },
  { format: 'nm', keep: 1, of: 4, prune: true },
  { format: 'nm', keep: 2, of: 8, prune: true },
  { format: 'bitmap64', axis: 'row' },
  { format: 'bitmap64', axis: 'col', pad: 8 },
];

describe('webgpu kernels of @sparseland/kernels', () => {
  it('are registered for every kernel the package implements on cpu', () => {
    const gpu = kernelsFor('webgpu');
    for (const k of WEBGPU_KERNELS) expect(gpu).toContain(k.kernel);
    for (const k of kernelsFor('cpu').filter((k) => WEBGPU_KERNELS.some((c) => c.kernel === k)))
      expect(gpu).toContain(k);
    expect(WEBGPU_KERNELS.map((k) => k.kernel).sort()).toEqual(
      [
        'BSRMatMul',
        'BitmapMatMul',
        'CsrTranspose',
        'DSMM',
        'FWHT',
        'NMMatMul',
        'SDDMM',
        'SparseConv1x1',
        'SparseLinear',
        'SparseSoftmax',
        'SparseSoftmaxGrad',
        'SpMM',
        'SpMV',
      ].sort(),
    );
  });

  for (const c of MATMUL_CASES) {
    for (const o of FORMATS) {
      it(`spmm ${c.name}, ${JSON.stringify(o)}`, async () => {
        if (o.format === 'nm' && c.cols === 0) return; // N:M needs at least one group
        const a = caseA(c);
        const dense = await storedDense(a, c.rows, c.cols, o);
        const b = caseB(c);
        expect(getBackend()).toBe('webgpu');
        const m = await fromDenseAsync(tensor(a, { shape: [c.rows, c.cols] }), o);
        expect(m.values.backendName).toBe('webgpu');
        const got = await read(spmm(m, tensor(b, { shape: [c.cols, c.n] })));
        m.dispose();
        const want = matmulRef(flat(c.rows, c.cols, dense), flat(c.cols, c.n, b)).data;
        expectMatmulClose(got, want, c.cols, dense, b);
      });
    }
  }

  it('a matrix built on cpu moves to the GPU on first use (CSR arrays) and stays there', async () => {
    const c = MATMUL_CASES[1]!;
    const a = caseA(c);
    const b = caseB(c);
    await setBackend('cpu');
    const m = fromDense(tensor(a, { shape: [c.rows, c.cols] }), { format: 'csr', indexWidth: 16 });
    expect(m.rowPtr.backendName).toBe('cpu');
    await setBackend('webgpu');
    const got = await read(spmm(m, tensor(b, { shape: [c.cols, c.n] })));
    expect(m.tensors().map((t) => t.backendName)).toEqual(['webgpu', 'webgpu', 'webgpu']);
    m.dispose();
    expectMatmulClose(got, matmulRef(flat(c.rows, c.cols, a), flat(c.cols, c.n, b)).data, c.cols, a, b);
  });

  it('fromArrays validates on the host and uploads to the GPU; fromDense there asks for fromDenseAsync', async () => {
    const m = CsrMatrix.fromArrays({
      shape: [2, 3],
      rowPtr: [0, 1, 3],
      colIdx: [2, 0, 1],
      values: [5, 6, 7],
    });
    expect(m.values.backendName).toBe('webgpu');
    expect(Array.from(await read(spmv(m, tensor([1, 2, 3]))))).toEqual([15, 20]);
    m.dispose();
    let err: unknown;
    try {
      CsrMatrix.fromArrays({ shape: [2, 3], rowPtr: [0, 2, 1], colIdx: [2, 0, 1], values: [5, 6, 7] });
    } catch (e) {
      err = e;
    }
    expect(isSparselandError(err)).toBe(true);
    const x = tensor([
      [1, 0],
      [0, 2],
    ]);
    expect(() => fromDense(x, { format: 'csr' })).toThrow(/SYNC_UNSUPPORTED|await/);
    const masked = await fromDenseAsync(x, {
      format: 'csr',
      mask: [
        [1, 1],
        [0, 1],
      ],
    });
    expect(masked.nnz).toBe(3); // the explicit zero at (0, 1) is kept
    expect(Array.from(await read(spmv(masked, tensor([1, 1]))))).toEqual([1, 2]);
    masked.dispose();
    x.dispose();
    // float64 stays on cpu: refused with a clear error rather than a failed sync read later
    await expect(fromDenseAsync(tensor([[1, 0]], { dtype: 'float64' }), { format: 'csr' })).rejects.toThrow(
      /DTYPE_MISMATCH|float64 matrices with cpu active/,
    );
  });

  it('structure built from host arrays keeps a host copy: toDense, convert, transpose, validate and COO work on the GPU', async () => {
    const c = MATMUL_CASES[2]!; // 9×10 with empty rows
    const a = caseA(c);
    const b = caseB(c);
    const want = matmulRef(flat(c.rows, c.cols, a), flat(c.cols, c.n, b)).data;
    const B = tensor(b, { shape: [c.cols, c.n] });
    const csr = await fromDenseAsync(tensor(a, { shape: [c.rows, c.cols] }), {
      format: 'csr',
      indexWidth: 16,
    });
    validate(csr);
    expect(Array.from(await read(toDense(csr)))).toEqual(Array.from(a));
    for (const o of [
      { format: 'bsr', block: [2, 3] },
      { format: 'csc' },
      { format: 'coo' },
      { format: 'bitmap64', axis: 'col' },
    ] as FormatOptions[]) {
      const m = convert(csr, o);
      expect(m.values.backendName).toBe('webgpu');
      if (m.kind === 'csc' || m.kind === 'coo') validate(m); // BSR and Bitmap64 also check stored values
      expectMatmulClose(await read(spmm(m, B)), want, c.cols, a, b);
      expect(Array.from(await read(toDense(m)))).toEqual(Array.from(a));
      m.dispose();
    }
    const t = transpose(csr);
    expect(Array.from(await read(toDense(t)))).toEqual(
      Array.from(transposed(a, c.rows, c.cols), Math.fround),
    );
    t.dispose();
    // a COO given by arrays (the CSR view builds row pointers from its host copy)
    const coo = CooMatrix.fromArrays({ shape: [2, 3], row: [0, 1, 1], col: [2, 0, 1], values: [5, 6, 7] });
    expect(Array.from(await read(spmv(coo, tensor([1, 2, 3]))))).toEqual([15, 20]);
    coo.dispose();
    // dsmm and sparseConv1x1 with a BSR operand convert it to CSR on the way
    const bsr = convert(csr, { format: 'bsr', block: [3, 2] });
    const x = sparseValues(4 * c.rows, 1, 9);
    expectMatmulClose(
      await read(dsmm(tensor(x, { shape: [4, c.rows] }), bsr)),
      matmulRef(flat(4, c.rows, x), flat(c.rows, c.cols, a)).data,
      c.rows,
      x,
      a,
    );
    const img = sparseValues(c.cols * 5, 1, 10);
    expectMatmulClose(
      await read(sparseConv1x1(bsr, tensor(img, { shape: [c.cols, 1, 5] }))),
      matmulRef(flat(c.rows, c.cols, a), flat(c.cols, 5, img)).data,
      c.cols,
      a,
      img,
    );
    bsr.dispose();
    csr.dispose();
    B.dispose();
  });

  for (const c of MATMUL_CASES) {
    it(`CsrTranspose kernel on device-only structure, ${c.name}`, async () => {
      const a = caseA(c);
      const rowPtr = [0];
      const colIdx: number[] = [];
      for (let r = 0; r < c.rows; r++) {
        for (let j = 0; j < c.cols; j++) if (a[r * c.cols + j] !== 0) colIdx.push(j);
        rowPtr.push(colIdx.length);
      }
      const want = csrTransposeHost(
        c.rows,
        c.cols,
        Int32Array.from(rowPtr),
        Int32Array.from(colIdx),
        colIdx.length,
      );
      for (const width of [32, 16] as const) {
        // plain tensors (no host copy), so the WGSL kernel runs
        const ptr = tensor(rowPtr, { dtype: 'int32' });
        const idx = tensor(width === 16 ? pack16(colIdx) : colIdx, { dtype: 'int32' });
        const outs = runKernelMulti(
          CsrTranspose,
          { rowPtr: ptr, colIdx: idx },
          { rows: c.rows, cols: c.cols, nnz: colIdx.length, indexWidth: width },
        );
        for (let i = 0; i < 3; i++) {
          expect(outs[i]!.backendName).toBe('webgpu');
          expect(Array.from((await outs[i]!.data()) as Int32Array)).toEqual(Array.from(want[i]!));
        }
        for (const t of [ptr, idx, ...outs]) t.dispose();
      }
    });
  }

  it('bitmap lanes 0, 31, 32 and 63 (the shift-by-32 select) on both axes', async () => {
    const rows = 70;
    const cols = 130;
    const a = new Float32Array(rows * cols);
    for (const r of [0, 31, 32, 63, 64, 69])
      for (const c of [0, 31, 32, 63, 64, 127, 129]) a[r * cols + c] = r + c / 256 + 1;
    const b = sparseValues(cols * 3, 1, 77);
    const want = matmulRef(flat(rows, cols, a), flat(cols, 3, b)).data;
    for (const axis of ['row', 'col'] as const) {
      for (const pad of [1, 8] as const) {
        const m = await fromDenseAsync(tensor(a, { shape: [rows, cols] }), { format: 'bitmap64', axis, pad });
        const got = await read(bitmapMatmul(m, tensor(b, { shape: [cols, 3] })));
        m.dispose();
        expectMatmulClose(got, want, cols, a, b);
      }
    }
  });

  for (const c of MATMUL_CASES.filter((c) => c.rows > 0 && c.cols > 0)) {
    it(`spmv with alpha and beta, ${c.name}`, async () => {
      const a = caseA(c);
      const x = sparseValues(c.cols, 1, c.seed + 7);
      const y0 = sparseValues(c.rows, 1, c.seed + 8);
      const Ax = matmulRef(flat(c.rows, c.cols, a), flat(c.cols, 1, x)).data;
      for (const [width, rowOrder] of [
        [32, false],
        [16, false],
        [16, true],
      ] as const) {
        const m = await fromDenseAsync(tensor(a, { shape: [c.rows, c.cols] }), {
          format: 'csr',
          indexWidth: width,
          rowOrder,
        });
        const plain = await read(spmv(m, tensor(x)));
        expectMatmulClose(plain, Ax, c.cols, a, x);
        const scaled = await read(spmv(m, tensor(x), { alpha: 0.5, beta: -2, y: tensor(y0) }));
        expectMatmulClose(
          scaled,
          Ax.map((v, i) => 0.5 * v - 2 * y0[i]!),
          c.cols,
          a,
          x,
        );
        m.dispose();
      }
    });
  }

  it('spmv takes a workgroup per row when rows are long (vector CSR), with empty rows', async () => {
    const rows = 9;
    const cols = 300;
    const a = sparseValues(rows * cols, 0.8, 41);
    a.fill(0, 3 * cols, 4 * cols);
    const x = sparseValues(cols, 1, 42);
    const want = matmulRef(flat(rows, cols, a), flat(cols, 1, x)).data.map((v) => 2 * v);
    for (const rowOrder of [false, true]) {
      const m = await fromDenseAsync(tensor(a, { shape: [rows, cols] }), { format: 'csr', rowOrder });
      expect(m.nnz).toBeGreaterThanOrEqual(32 * rows);
      const got = await read(spmv(m, tensor(x), { alpha: 2 }));
      m.dispose();
      expectMatmulClose(got, want, cols, a, x);
    }
  });

  it('16-bit indices at cols = 65 536 (spmv, spmm, sparseLinear, sddmm)', async () => {
    const rows = 3;
    const cols = 65536;
    const rowPtr = [0, 3, 3, 6];
    const colIdx = [0, 40000, 65535, 1, 32768, 65534];
    const values = [1.5, -2, 0.25, 3, 0.5, -1];
    const a = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) a[r * cols + colIdx[p]!] = values[p]!;
    const m = CsrMatrix.fromArrays({ shape: [rows, cols], rowPtr, colIdx, values, indexWidth: 16 });
    expect(m.colIdx.backendName).toBe('webgpu');
    const x = sparseValues(cols, 1, 5);
    const want = matmulRef(flat(rows, cols, a), flat(cols, 1, x)).data;
    expectMatmulClose(await read(spmv(m, tensor(x))), want, cols, a, x);
    expectMatmulClose(await read(spmm(m, tensor(x, { shape: [cols, 1] }))), want, cols, a, x);
    expectMatmulClose(await read(sparseLinear(tensor(x, { shape: [1, cols] }), m)), want, cols, a, x);
    const k = 3;
    const A = sparseValues(rows * k, 1, 6);
    const B = sparseValues(cols * k, 1, 7);
    const s = sddmm(tensor(A, { shape: [rows, k] }), tensor(B, { shape: [cols, k] }), m);
    const got = (await s.values.data()) as Float32Array;
    s.dispose();
    m.dispose();
    const wantS = colIdx.map((c, p) => {
      const r = p < 3 ? 0 : 2;
      let t = 0;
      for (let i = 0; i < k; i++) t += A[r * k + i]! * B[c * k + i]!;
      return t;
    });
    expectClose(got, wantS, 1e-5, 1e-6);
  });

  for (const c of MATMUL_CASES) {
    for (const o of [
      { format: 'csr' },
      { format: 'csr', indexWidth: 16 },
      { format: 'csc' },
      { format: 'csc', indexWidth: 16 },
      { format: 'bsr', block: [2, 3] },
    ] as FormatOptions[]) {
      it(`dsmm ${c.name}, ${JSON.stringify(o)}`, async () => {
        // X [n, rows] · B [rows, cols] with B = the case's A
        const bm = caseA(c);
        const x = sparseValues(c.n * c.rows, 1, c.seed + 11);
        const m = await fromDenseAsync(tensor(bm, { shape: [c.rows, c.cols] }), o);
        const got = await read(dsmm(tensor(x, { shape: [c.n, c.rows] }), m));
        m.dispose();
        const want = matmulRef(flat(c.n, c.rows, x), flat(c.rows, c.cols, bm)).data;
        expectMatmulClose(got, want, c.rows, x, bm);
      });
    }
  }

  it('dsmm X·B wider than one workgroup tile (several column tiles, rows with entries across them)', async () => {
    const rows = 6;
    const cols = 2 * DSMM_TILE + 77;
    const bm = sparseValues(rows * cols, 0.05, 71);
    bm.fill(0, 2 * cols, 3 * cols); // an empty row
    bm[cols - 1] = 0.5; // last column of row 0
    bm[DSMM_TILE] = -0.25; // first column of the second tile
    bm[DSMM_TILE - 1] = 0.75; // last column of the first tile
    const x = sparseValues(3 * rows, 1, 72);
    for (const indexWidth of [32, 16] as const) {
      const m = await fromDenseAsync(tensor(bm, { shape: [rows, cols] }), { format: 'csr', indexWidth });
      const got = await read(dsmm(tensor(x, { shape: [3, rows] }), m));
      m.dispose();
      expectMatmulClose(got, matmulRef(flat(3, rows, x), flat(rows, cols, bm)).data, rows, x, bm);
    }
  });

  for (const o of [
    { format: 'csc', indexWidth: 16 },
    { format: 'bsr', block: [2, 3] },
    { format: 'bitmap64', axis: 'row' },
  ] as FormatOptions[]) {
    it(`sparseLinear tanh with bias, ${JSON.stringify(o)} weight (unfused path)`, async () => {
      const c = MATMUL_CASES[2]!;
      const w = caseA(c);
      const m = 4;
      const x = sparseValues(m * c.cols, 1, 81).map((v) => 3 * v);
      const bias = sparseValues(c.rows, 1, 82);
      const W = await fromDenseAsync(tensor(w, { shape: [c.rows, c.cols] }), o);
      const got = await read(
        sparseLinear(tensor(x, { shape: [m, c.cols] }), W, { bias: tensor(bias), activation: 'tanh' }),
      );
      W.dispose();
      const xw = matmulRef(flat(m, c.cols, x), {
        rows: c.cols,
        cols: c.rows,
        data: transposed(w, c.rows, c.cols),
      }).data;
      expectClose(
        got,
        xw.map((v, k) => Math.tanh(v + bias[k % c.rows]!)),
        2e-5,
        2e-5,
      );
    });
  }

  it('dsmm X·B with few rows of X and many rows of B (row chunks summed by a second dispatch)', async () => {
    const rows = 333;
    const cols = 45;
    const bm = sparseValues(rows * cols, 0.2, 91);
    bm.fill(0, 64 * cols, 130 * cols); // a chunk's worth of empty rows
    const x = sparseValues(2 * rows, 1, 92);
    const m = await fromDenseAsync(tensor(bm, { shape: [rows, cols] }), { format: 'csr' });
    const got = await read(dsmm(tensor(x, { shape: [2, rows] }), m));
    m.dispose();
    expectMatmulClose(got, matmulRef(flat(2, rows, x), flat(rows, cols, bm)).data, rows, x, bm);
  });

  const ACTS: Activation[] = ['none', 'relu', 'gelu', 'silu', 'sigmoid', 'tanh'];
  for (const act of ACTS) {
    for (const c of MATMUL_CASES.filter(
      (c) => c.name.startsWith('odd') || c.name.startsWith('empty') || c.name.startsWith('all'),
    )) {
      it(`sparseLinear ${act} with bias, ${c.name}`, async () => {
        const w = caseA(c); // [out = rows, in = cols]
        const m = 5;
        const x = sparseValues(m * c.cols, 1, c.seed + 21).map((v) => 4 * v);
        const bias = sparseValues(c.rows, 1, c.seed + 22);
        const W = await fromDenseAsync(tensor(w, { shape: [c.rows, c.cols] }), {
          format: 'csr',
          indexWidth: 16,
        });
        const got = await read(
          sparseLinear(tensor(x, { shape: [m, c.cols] }), W, { bias: tensor(bias), activation: act }),
        );
        const noBias = await read(sparseLinear(tensor(x, { shape: [m, c.cols] }), W, { activation: act }));
        W.dispose();
        const xw = matmulRef(flat(m, c.cols, x), {
          rows: c.cols,
          cols: c.rows,
          data: transposed(w, c.rows, c.cols),
        }).data;
        const f = activationFn(act); // the cpu kernels' float64 definitions
        expectClose(
          got,
          xw.map((v, k) => f(v + bias[k % c.rows]!)),
          2e-5,
          2e-5,
        );
        expectClose(noBias, xw.map(f), 2e-5, 2e-5);
      });
    }
  }

  for (const c of MATMUL_CASES.filter((c) => c.rows > 0 && c.cols > 0)) {
    it(`sddmm (scaled and plain) and sparseSoftmax, ${c.name}`, async () => {
      const k = 7;
      const pat = caseA(c);
      const A = sparseValues(c.rows * k, 1, c.seed + 31);
      const B = sparseValues(c.cols * k, 1, c.seed + 32);
      for (const width of [32, 16] as const) {
        const P = await fromDenseAsync(tensor(pat, { shape: [c.rows, c.cols] }), {
          format: 'csr',
          indexWidth: width,
        });
        for (const scaled of [false, true]) {
          const s = sddmm(tensor(A, { shape: [c.rows, k] }), tensor(B, { shape: [c.cols, k] }), P, {
            scaleByPattern: scaled,
          });
          expect(s.values.backendName).toBe('webgpu');
          const got = (await s.values.data()) as Float32Array;
          s.dispose();
          const want = sddmmRef(flat(c.rows, k, A), flat(c.cols, k, B), flat(c.rows, c.cols, pat), scaled);
          expectClose(got, want, 1e-5, 1e-5);
        }
        const sm = sparseSoftmax(P, { scale: 1.7 });
        const gotSm = (await sm.values.data()) as Float32Array;
        sm.dispose();
        P.dispose();
        expectClose(
          gotSm,
          sparseSoftmaxRef(flat(c.rows, c.cols, pat), flat(c.rows, c.cols, pat), 1.7),
          1e-5,
          1e-6,
        );
      }
    });
  }

  it('sparseSoftmax and its gradient on rows longer than a workgroup, with empty rows', async () => {
    const rows = 6;
    const cols = 200;
    const pat = sparseValues(rows * cols, 0.9, 51).map((v) => 8 * v);
    pat.fill(0, 2 * cols, 3 * cols);
    const P = await fromDenseAsync(tensor(pat, { shape: [rows, cols] }), { format: 'csr' });
    const sm = sparseSoftmax(P, { scale: 0.5 });
    const y = (await sm.values.data()) as Float32Array;
    const want = sparseSoftmaxRef(flat(rows, cols, pat), flat(rows, cols, pat), 0.5);
    expectClose(y, want, 1e-5, 1e-7);
    // gradient kernel: dx = scale·y·(dy − Σ_row y·dy)
    const dy = sparseValues(P.nnz, 1, 52);
    const dx = await read(
      runKernel(
        SparseSoftmaxGrad,
        { rowPtr: P.rowPtr, y: sm.values, dy: tensor(dy) },
        { rows, nnz: P.nnz, scale: 0.5 },
      ),
    );
    const ptr = (await P.rowPtr.data()) as Int32Array;
    const wantDx = new Float64Array(P.nnz);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let p = ptr[r]!; p < ptr[r + 1]!; p++) dot += want[p]! * dy[p]!;
      for (let p = ptr[r]!; p < ptr[r + 1]!; p++) wantDx[p] = 0.5 * want[p]! * (dy[p]! - dot);
    }
    expectClose(dx, wantDx, 1e-4, 1e-6);
    sm.dispose();
    P.dispose();
  });

  it('sparseSoftmax of a row of −∞ logits is NaN, as on cpu', async () => {
    const P = CsrMatrix.fromArrays({
      shape: [2, 3],
      rowPtr: [0, 2, 3],
      colIdx: [0, 2, 1],
      values: [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 1],
    });
    const sm = sparseSoftmax(P);
    const got = Array.from((await sm.values.data()) as Float32Array);
    sm.dispose();
    P.dispose();
    expect(got[0]).toBeNaN();
    expect(got[1]).toBeNaN();
    expect(got[2]).toBe(1);
    // the same on rows long enough for a workgroup each (the vector variant)
    const long = CsrMatrix.fromArrays({
      shape: [2, 40],
      rowPtr: [0, 40, 80],
      colIdx: [...Array.from({ length: 40 }, (_, j) => j), ...Array.from({ length: 40 }, (_, j) => j)],
      values: [...new Array<number>(40).fill(Number.NEGATIVE_INFINITY), ...new Array<number>(40).fill(2)],
    });
    const sl = sparseSoftmax(long);
    const gl = Array.from((await sl.values.data()) as Float32Array);
    sl.dispose();
    long.dispose();
    expect(gl.slice(0, 40).every(Number.isNaN)).toBe(true);
    expectClose(gl.slice(40), new Array<number>(40).fill(1 / 40), 1e-6, 1e-7);
  });

  for (const layout of ['NCHW', 'NHWC'] as const) {
    for (const [h, w] of [
      [3, 5],
      [1, 1],
      [4, 4],
    ] as const) {
      it(`sparseConv1x1 ${layout} ${h}×${w}, bias and clamp`, async () => {
        const batch = 2;
        const cout = 9;
        const cin = 7;
        const wd = sparseValues(cout * cin, 0.3, h * 10 + w);
        wd.fill(0, 2 * cin, 3 * cin); // an output channel with no weights
        const hw = h * w;
        const xs = sparseValues(batch * cin * hw, 1, 61 + hw);
        const bias = sparseValues(cout, 1, 62);
        const W = await fromDenseAsync(tensor(wd, { shape: [cout, cin] }), { format: 'csr', indexWidth: 16 });
        const shape = layout === 'NCHW' ? [batch, cin, h, w] : [batch, h, w, cin];
        const got = await read(
          sparseConv1x1(W, tensor(xs, { shape }), { bias: tensor(bias), min: -0.25, max: 0.5, layout }),
        );
        W.dispose();
        const want = new Float64Array(batch * cout * hw);
        for (let n = 0; n < batch; n++)
          for (let co = 0; co < cout; co++)
            for (let px = 0; px < hw; px++) {
              let s = bias[co]!;
              for (let ci = 0; ci < cin; ci++) {
                const xv = layout === 'NCHW' ? xs[(n * cin + ci) * hw + px]! : xs[(n * hw + px) * cin + ci]!;
                s += wd[co * cin + ci]! * xv;
              }
              const k = layout === 'NCHW' ? (n * cout + co) * hw + px : (n * hw + px) * cout + co;
              want[k] = Math.min(Math.max(s, -0.25), 0.5);
            }
        expectClose(got, want, 1e-5, 1e-6);
      });
    }
  }

  // N ≤ 2048: one workgroup-memory dispatch; above: plus strided stages. Explicit H_N up to 1024, the
  // float64 cpu transform above (H_N itself would not fit the test's memory budget).
  for (const len of [1, 2, 8, 64, 1024, 2048, 4096, 16384]) {
    for (const norm of ['none', 'ortho', 'inverse'] as const) {
      it(`fwht N = ${len}, ${norm}, 3 rows`, async () => {
        const rows = 3;
        const x = sparseValues(rows * len, 1, len + 3);
        const got = await read(fwht(tensor(x, { shape: [rows, len] }), { norm }));
        const s = norm === 'ortho' ? 1 / Math.sqrt(len) : norm === 'inverse' ? 1 / len : 1;
        let want: Float64Array;
        if (len <= 1024) {
          const H = hadamard(len);
          want = new Float64Array(rows * len);
          for (let r = 0; r < rows; r++)
            for (let i = 0; i < len; i++) {
              let t = 0;
              for (let j = 0; j < len; j++) t += H.data[i * len + j]! * x[r * len + j]!;
              want[r * len + i] = t * s;
            }
        } else {
          want = fwhtRows(
            Float64Array.from(x),
            rows,
            len,
            norm,
            new Float64Array(rows * len),
          ) as Float64Array;
        }
        for (let r = 0; r < rows; r++) {
          let l1 = 0;
          for (let j = 0; j < len; j++) l1 += Math.abs(x[r * len + j]!);
          // spec §7: |err_i| ≤ 2n·2^-24·Σ|x_j| (scaled)
          const bound = 2 * len * 2 ** -24 * l1 * s + 1e-30;
          for (let i = 0; i < len; i++) {
            const err = Math.abs(got[r * len + i]! - want[r * len + i]!);
            if (!(err <= bound)) expect.fail(`row ${r}, entry ${i}: |err| ${err} > ${bound}`);
          }
        }
      });
    }
  }

  /** Gradients of `Σ G ⊙ f(...)` on `backend`, with the matrix built there from the dense `w`. */
  async function gradsOn(
    backend: 'cpu' | 'webgpu',
    w: Float32Array,
    shape: [number, number],
    o: FormatOptions,
    f: (m: SparseMatrix, v: Tensor, ...rest: Tensor[]) => Tensor,
    rest: { data: Float32Array; shape: number[] }[],
  ): Promise<Float32Array[]> {
    await setBackend(backend);
    const m = await fromDenseAsync(tensor(w, { shape }), o);
    const others = rest.map((r) => tensor(r.data, { shape: r.shape }));
    const { value, grads } = valueAndGrad((p: Tensor[]) => {
      const y = f(m, p[0]!, ...p.slice(1));
      return sum(mul(y, tensor(sparseValues(y.size, 1, 99), { shape: y.shape })));
    })([m.values, ...others]);
    const out = [(await value.data()) as Float32Array];
    for (const g of grads) out.push((await g.data()) as Float32Array);
    for (const t of [value, ...grads, ...others]) t.dispose();
    m.dispose();
    await setBackend('webgpu');
    return out;
  }

  const rows = 9;
  const cols = 10;
  const w = caseA(MATMUL_CASES[2]!); // 9×10 with empty rows
  const R = (n: number, shape: number[]) => ({ data: sparseValues(n, 1, n + shape.length), shape });
  const GRAD_CASES: {
    name: string;
    o: FormatOptions;
    f: (m: SparseMatrix, v: Tensor, ...rest: Tensor[]) => Tensor;
    rest: { data: Float32Array; shape: number[] }[];
  }[] = [
    {
      name: 'spmm (values, B)',
      o: { format: 'csr', indexWidth: 16 },
      f: (m, v, b) => spmm((m as CsrMatrix).withValues(v), b!),
      rest: [R(cols * 3, [cols, 3])],
    },
    {
      name: 'spmv (values, x, y)',
      o: { format: 'csr' },
      f: (m, v, x, y) => spmv((m as CsrMatrix).withValues(v), x!, { alpha: 0.5, beta: 2, y: y! }),
      rest: [R(cols, [cols]), R(rows, [rows])],
    },
    {
      name: 'dsmm (values, X)',
      o: { format: 'csr' },
      f: (m, v, x) => dsmm(x!, (m as CsrMatrix).withValues(v)),
      rest: [R(4 * rows, [4, rows])],
    },
    {
      name: 'sparseLinear gelu (values, x, bias)',
      o: { format: 'csr', indexWidth: 16 },
      f: (m, v, x, b) => sparseLinear(x!, (m as CsrMatrix).withValues(v), { bias: b!, activation: 'gelu' }),
      rest: [R(3 * cols, [3, cols]), R(rows, [rows])],
    },
    {
      name: 'sddmm scaled (values, A, B)',
      o: { format: 'csr' },
      f: (m, v, a, b) => sddmm(a!, b!, (m as CsrMatrix).withValues(v), { scaleByPattern: true }).values,
      rest: [R(rows * 5, [rows, 5]), R(cols * 5, [cols, 5])],
    },
    {
      name: 'sparseSoftmax (values)',
      o: { format: 'csr' },
      f: (m, v) => sparseSoftmax((m as CsrMatrix).withValues(v), { scale: 1.3 }).values,
      rest: [],
    },
  ];
  for (const g of GRAD_CASES) {
    it(`gradients of ${g.name} equal cpu's`, async () => {
      const want = await gradsOn('cpu', w, [rows, cols], g.o, g.f, g.rest);
      const got = await gradsOn('webgpu', w, [rows, cols], g.o, g.f, g.rest);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < got.length; i++) expectClose(got[i]!, want[i]!, 1e-4, 1e-5);
    });
  }

  it('frees every temporary and pools every buffer (dsmm, spmm)', async () => {
    const a = caseA(MATMUL_CASES[2]!);
    const m = await fromDenseAsync(tensor(a, { shape: [9, 10] }), { format: 'csr' });
    const x = tensor(sparseValues(4 * 9, 1, 3), { shape: [4, 9] });
    await read(dsmm(x, m)); // warm-up: pipelines
    const before = memory();
    await read(dsmm(x, m));
    const b = tensor(sparseValues(10 * 3, 1, 4), { shape: [10, 3] });
    await read(spmm(m, b));
    b.dispose();
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.backends.webgpu?.numDataBuffers).toBe(before.backends.webgpu?.numDataBuffers);
    x.dispose();
    m.dispose();
  });
});

/** `wᵀ` of a row-major `[rows, cols]`. */
function transposed(w: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = w[i * cols + j]!;
  return out;
}

export type { SparseMatrix };
