/**
 * The `wasm` kernels of the structured formats (NMMatMul, BSRMatMul, BitmapMatMul, SparseConv1x1, FWHT):
 * registered on wasm (no cpu fallback), equal to the dense reference on shapes that reach every code path
 * (column remainders of the 32/16/4/1-wide register tiles, 4-row and 1-row BSR paths, edge blocks, partial
 * bitmap tiles with pad 1 and 8, N:M padding groups, empty rows and blocks, all-zero matrices, matvecs), and
 * bit-identical on one and two threads on shapes large enough to take the threaded path.
 */
import { kernelsFor, setBackend, setWasmThreads, type Tensor, tensor, tidy } from '@sparseland/core';
import type { WasmBackend } from '@sparseland/core/extend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fwhtRows } from '../../src/backends/cpu/FWHT.js';
import {
  bitmapMatmul,
  bsrMatmul,
  type FormatOptions,
  fromDense,
  fwht,
  nmMatmul,
  type SparseMatrix,
  sparseConv1x1,
  spmm,
  toDense,
  WHT_NORMS,
} from '../../src/index.js';
import { sparseValues } from '../cases/matmul.cases.js';
import { expectMatmulClose } from '../helpers/close.js';
import { flat, matmulRef } from '../helpers/reference.js';
import { activeWasmBackend, useWasmThreads } from '../helpers/wasm.js';

let wasm: WasmBackend;

beforeAll(async () => {
  await setBackend('wasm');
  wasm = activeWasmBackend();
});
afterAll(async () => {
  setWasmThreads('auto');
  await setBackend('cpu');
});

/** `A·B` through `spmm` for `A` (dense `[rows, cols]`) stored as `o`, checked against the dense reference. */
function checkProduct(
  a: Float32Array,
  rows: number,
  cols: number,
  n: number,
  o: FormatOptions,
  seed: number,
) {
  tidy(() => {
    const m = fromDense(tensor(a, { shape: [rows, cols] }), o);
    const dense = o.format === 'nm' ? toDense(m).dataSync() : a;
    const b = sparseValues(cols * n, 1, seed);
    const got = spmm(m, tensor(b, { shape: [cols, n] }));
    expect(got.shape).toEqual([rows, n]);
    expectMatmulClose(
      got.dataSync(),
      matmulRef(flat(rows, cols, dense), flat(cols, n, b)).data,
      cols,
      dense,
      b,
    );
  });
}

describe('structured wasm kernels', () => {
  it('are registered on wasm (no cpu fallback)', () => {
    const names = kernelsFor('wasm');
    for (const k of ['NMMatMul', 'BSRMatMul', 'BitmapMatMul', 'SparseConv1x1', 'FWHT'])
      expect(names).toContain(k);
  });

  // n = 53 = 32 + 16 + 4 + 1 reaches every column path of the 1-row tiles; 15 = 8 + 4 + 3 those of BSR's 4×8
  const NS = [1, 3, 15, 53];

  it('N:M: cols not a multiple of M (padding group), 1:4, 2:4, 2:8, 3:8, empty rows, all zero', () => {
    for (const [rows, cols] of [
      [9, 13],
      [5, 21],
      [17, 64],
    ] as const) {
      const a = sparseValues(rows * cols, 0.8, rows + cols);
      a.fill(0, 2 * cols, 3 * cols); // an empty row
      for (const [keep, of] of [
        [1, 4],
        [2, 4],
        [2, 8],
        [3, 8],
      ] as const) {
        for (const n of NS) checkProduct(a, rows, cols, n, { format: 'nm', keep, of, prune: true }, n);
      }
    }
    for (const n of NS) checkProduct(new Float32Array(6 * 11), 6, 11, n, { format: 'nm', keep: 2, of: 4 }, 3);
  });

  it('BSR: edge blocks, 4-row and 1-row paths, empty block rows, all zero', () => {
    for (const [rows, cols] of [
      [37, 45],
      [6, 7],
      [33, 70],
    ] as const) {
      const a = sparseValues(rows * cols, 0.3, rows * cols);
      a.fill(0, 0, Math.min(rows, 8) * cols); // empty leading block rows
      for (const block of [
        [16, 16],
        [4, 4],
        [6, 3],
        [1, 8],
        [5, 1],
        [3, 5],
      ] as [number, number][]) {
        for (const n of NS) checkProduct(a, rows, cols, n, { format: 'bsr', block }, n + 1);
      }
    }
    for (const n of NS) checkProduct(new Float32Array(9 * 10), 9, 10, n, { format: 'bsr', block: [4, 4] }, 5);
  });

  it('Bitmap64: partial tiles, axis row and col, pad 1 and 8, empty rows, all zero, lanes 0/31/32/63', () => {
    for (const [rows, cols] of [
      [5, 70],
      [130, 9],
      [65, 129],
    ] as const) {
      const a = sparseValues(rows * cols, 0.4, rows + 3 * cols);
      a.fill(0, cols, 2 * cols); // an empty row
      for (const lane of [0, 31, 32, 63]) if (lane < cols) a[lane] = 0.75; // row 0's edge lanes
      for (const axis of ['row', 'col'] as const) {
        for (const pad of [1, 8] as const) {
          for (const n of NS) checkProduct(a, rows, cols, n, { format: 'bitmap64', axis, pad }, n + 2);
        }
      }
    }
    for (const axis of ['row', 'col'] as const) {
      for (const n of NS) checkProduct(new Float32Array(70 * 66), 70, 66, n, { format: 'bitmap64', axis }, 7);
    }
  });

  it('bitmapMatmul, bsrMatmul and nmMatmul agree with spmm on a wide matrix (columns in several L1 blocks)', () => {
    // n = 1: N:M's matvec loop (eight values per step, then one by one); n = 37: its fused decode loop
    // (1:2, 1:4, 2:4, 2:8) over 32 columns, block after block, the odd last
    // value of a 1:M block, and the 5 remaining columns through the offsets path
    for (const n of [1, 9, 37]) wideProducts(n);
  });
});

function wideProducts(n: number) {
  tidy(() => {
    const [rows, cols] = [21, 1100];
    const a = sparseValues(rows * cols, 0.3, 99);
    const x = tensor(a, { shape: [rows, cols] });
    const b = tensor(sparseValues(cols * n, 1, 98), { shape: [cols, n] });
    for (const [m, f] of [
      [fromDense(x, { format: 'nm', keep: 1, of: 2, prune: true }), nmMatmul],
      [fromDense(x, { format: 'nm', keep: 1, of: 4, prune: true }), nmMatmul],
      [fromDense(x, { format: 'nm', keep: 2, of: 4, prune: true }), nmMatmul],
      [fromDense(x, { format: 'nm', keep: 2, of: 8, prune: true }), nmMatmul],
      [fromDense(x, { format: 'nm', keep: 3, of: 8, prune: true }), nmMatmul],
      [fromDense(x, { format: 'bsr', block: [4, 4] }), bsrMatmul],
      [fromDense(x, { format: 'bitmap64', axis: 'row' }), bitmapMatmul],
      [fromDense(x, { format: 'bitmap64', axis: 'col', pad: 8 }), bitmapMatmul],
    ] as [SparseMatrix, (m: never, b: Tensor) => Tensor][]) {
      const d = toDense(m).dataSync();
      const ref = matmulRef(flat(rows, cols, d), flat(cols, n, b.dataSync())).data;
      expectMatmulClose(f(m as never, b).dataSync(), ref, cols, d, b.dataSync());
    }
  });
}

/** Dense NCHW reference `y[n, o, p] = clamp(Σ_c W[o, c]·x[n, c, p] + b[o])`. */
function convRef(
  w: Float32Array,
  cout: number,
  cin: number,
  x: Float32Array,
  batch: number,
  hw: number,
  bias: Float32Array | undefined,
  min: number,
  max: number,
): Float32Array {
  const out = new Float32Array(batch * cout * hw);
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < cout; o++)
      for (let p = 0; p < hw; p++) {
        let s = bias === undefined ? 0 : bias[o]!;
        for (let c = 0; c < cin; c++) s += w[o * cin + c]! * x[(n * cin + c) * hw + p]!;
        out[(n * cout + o) * hw + p] = Math.min(Math.max(s, min), max);
      }
  return out;
}

/** `[batch, c, hw] → [batch, hw, c]`. */
function chwToHwc(x: Float32Array, batch: number, c: number, hw: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let n = 0; n < batch; n++)
    for (let k = 0; k < c; k++)
      for (let p = 0; p < hw; p++) out[(n * hw + p) * c + k] = x[(n * c + k) * hw + p]!;
  return out;
}

function checkConv(
  s: { cout: number; cin: number; batch: number; h: number; w: number; density: number },
  o: FormatOptions,
): { nchw: Float32Array; nhwc: Float32Array } {
  return tidy(() => {
    const hw = s.h * s.w;
    const wv = sparseValues(s.cout * s.cin, s.density, s.cout + 5 * s.cin);
    if (s.cout > 2) wv.fill(0, s.cin, 2 * s.cin); // an empty output channel
    const W = fromDense(tensor(wv, { shape: [s.cout, s.cin] }), o);
    const x = sparseValues(s.batch * s.cin * hw, 1, 11);
    const bias = sparseValues(s.cout, 1, 12);
    const ref = convRef(wv, s.cout, s.cin, x, s.batch, hw, bias, -0.25, 0.5);
    const opts = { bias: tensor(bias), min: -0.25, max: 0.5 };
    const y = sparseConv1x1(W, tensor(x, { shape: [s.batch, s.cin, s.h, s.w] }), opts).dataSync();
    expectMatmulClose(y, ref, s.cin + 1, [...x, 1], [...wv, ...bias]);
    const xh = chwToHwc(x, s.batch, s.cin, hw);
    const yh = sparseConv1x1(W, tensor(xh, { shape: [s.batch, s.h, s.w, s.cin] }), {
      ...opts,
      layout: 'NHWC',
    }).dataSync();
    expectMatmulClose(yh, chwToHwc(ref, s.batch, s.cout, hw), s.cin + 1, [...x, 1], [...wv, ...bias]);
    const plain = sparseConv1x1(W, tensor(x, { shape: [s.batch, s.cin, s.h, s.w] })).dataSync();
    const refPlain = convRef(wv, s.cout, s.cin, x, s.batch, hw, undefined, -Infinity, Infinity);
    expectMatmulClose(plain, refPlain, s.cin, x, wv);
    return { nchw: Float32Array.from(y), nhwc: Float32Array.from(yh) };
  });
}

describe('sparseConv1x1 on wasm', () => {
  it('odd pixel counts (strip remainders 16/4/1), 16-bit indices, empty channels, all-zero weights', () => {
    for (const s of [
      { cout: 7, cin: 5, batch: 2, h: 7, w: 9, density: 0.4 }, // hw = 63 = 32 + 16 + 4·3 + 3
      { cout: 3, cin: 9, batch: 1, h: 1, w: 1, density: 1 },
      { cout: 5, cin: 6, batch: 3, h: 5, w: 5, density: 0 },
      { cout: 10, cin: 13, batch: 1, h: 6, w: 6, density: 0.2 },
    ]) {
      checkConv(s, { format: 'csr' });
      checkConv(s, { format: 'csr', indexWidth: 16 });
      checkConv(s, { format: 'bsr', block: [2, 2] });
    }
  });
});

describe('FWHT on wasm', () => {
  it('equals the cpu kernel for N = 1 … 2^16 (in-register stages, radix-2 remainder, cache blocks, split rows), every norm', () => {
    for (const [rows, len] of [
      [3, 1],
      [2, 2],
      [3, 4],
      [2, 8],
      [5, 16],
      [1, 32],
      [2, 1024],
      [1, 2048],
      [1, 8192],
      [2, 16384],
      [1, 65536], // fewer rows than threads: blocks and whole-row passes split over the threads
    ] as const) {
      const x = sparseValues(rows * len, 0.9, len + rows);
      for (const norm of WHT_NORMS) {
        const got = tidy(() => fwht(tensor(x, { shape: [rows, len] }), { norm }).dataSync());
        const ref = fwhtRows(x, rows, len, norm, new Float64Array(rows * len));
        const n = Math.log2(len);
        for (let r = 0; r < rows; r++) {
          let l1 = 0;
          for (let i = 0; i < len; i++) l1 += Math.abs(x[r * len + i]!);
          const scale = norm === 'ortho' ? 1 / Math.sqrt(len) : norm === 'inverse' ? 1 / len : 1;
          const tol = (2 * Math.max(n, 1) * 2 ** -24 * l1 + 1e-30) * scale * 2;
          for (let i = 0; i < len; i++) {
            const err = Math.abs(got[r * len + i]! - ref[r * len + i]!);
            if (!(err <= tol))
              expect.fail(`[${rows}, ${len}] ${norm} row ${r} output ${i}: |err| ${err} > ${tol}`);
          }
        }
      }
    }
  });
});

describe('one thread and two threads give identical results (threaded path taken)', () => {
  /** Run `f` on 1 and on 2 threads; the results match bit for bit and the second run used the workers. */
  async function same(f: () => Float32Array): Promise<void> {
    await useWasmThreads(wasm, 1);
    const one = f();
    await useWasmThreads(wasm, 2);
    const jobs = wasm.threadedJobs;
    const two = f();
    expect(wasm.threadedJobs).toBeGreaterThan(jobs);
    expect(two).toEqual(one);
  }
  const [rows, cols, n] = [301, 517, 37];
  const a = sparseValues(rows * cols, 0.3, 1);
  const b = sparseValues(cols * n, 1, 2);
  const product = (o: FormatOptions) => () =>
    tidy(() => {
      const m = fromDense(tensor(a, { shape: [rows, cols] }), o);
      const y = spmm(m, tensor(b, { shape: [cols, n] })).dataSync() as Float32Array;
      const d = o.format === 'nm' ? toDense(m).dataSync() : a;
      expectMatmulClose(y, matmulRef(flat(rows, cols, d), flat(cols, n, b)).data, cols, d, b);
      return Float32Array.from(y);
    });

  it('NMMatMul 2:4', () => same(product({ format: 'nm', keep: 2, of: 4, prune: true })));
  it('BSRMatMul 4×4 and 16×16', async () => {
    await same(product({ format: 'bsr', block: [4, 4] }));
    await same(product({ format: 'bsr', block: [16, 16] }));
  });
  it('BitmapMatMul row and col (pad 8)', async () => {
    await same(product({ format: 'bitmap64', axis: 'row' }));
    await same(product({ format: 'bitmap64', axis: 'col', pad: 8 }));
  });
  it('Bitmap matvec (n = 1) row and col', async () => {
    const big = sparseValues(700 * 900, 0.5, 3);
    const x = sparseValues(900, 1, 4);
    for (const axis of ['row', 'col'] as const) {
      await same(() =>
        tidy(() => {
          const m = fromDense(tensor(big, { shape: [700, 900] }), { format: 'bitmap64', axis });
          return Float32Array.from(spmm(m, tensor(x)).dataSync() as Float32Array);
        }),
      );
    }
  });
  it('SparseConv1x1 NCHW and NHWC', async () => {
    const s = { cout: 24, cin: 40, batch: 2, h: 13, w: 11, density: 0.3 };
    await useWasmThreads(wasm, 1);
    const one = checkConv(s, { format: 'csr' });
    await useWasmThreads(wasm, 2);
    const jobs = wasm.threadedJobs;
    const two = checkConv(s, { format: 'csr' });
    expect(wasm.threadedJobs).toBeGreaterThan(jobs);
    expect(two.nchw).toEqual(one.nchw);
    expect(two.nhwc).toEqual(one.nhwc);
  });
  it('FWHT: rows over the threads, and one long row split over the threads', async () => {
    for (const [rows, len] of [
      [64, 2048],
      [1, 1 << 16],
      [1, 1 << 15],
    ] as const) {
      await same(() =>
        tidy(() => {
          const x = sparseValues(rows * len, 1, 5);
          return Float32Array.from(fwht(tensor(x, { shape: [rows, len] }), { norm: 'ortho' }).dataSync());
        }),
      );
    }
  });
});
