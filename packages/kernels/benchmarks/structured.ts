/**
 * The structured formats' section of `pnpm bench` (imported by kernels.bench.ts): our `wasm` kernels against
 * the dense paths of the same shape (our `wasm` matmul and tfjs-wasm 4.22), medians of interleaved rounds
 * (harness.ts). Cases:
 *
 * - N:M 2:4 and 1:4 (`nmMatmul`), W `[2048, 2048]` · X `[2048, 64]` (target 2:4 ≥ 1.3× over our dense).
 * - BSR 4×4 and 16×16, `[2048, 2048] · [2048, 64]`, whole blocks kept at random, 50–99 % block sparsity
 *   (target 16×16 at 90 % ≥ 5× over dense).
 * - Bitmap64: matvec `[4096, 4096] · x` at 50 and 70 % (axis `'row'` and `'col'`) against the dense GEMV,
 *   CSR SpMV and a threaded copy of the minimum bytes; matmul `[2048, 2048] · [2048, 64]` at 50/70/90 %.
 * - Sparse 1×1 conv, MobileNet-like 56×56×128 → 128, NCHW and NHWC, 70/80/90 % (target 80 % ≥ 2× over the
 *   dense 1×1 conv, i.e. our dense matmul of the same shapes: `W·X` for NCHW, `X·Wᵀ` for NHWC).
 * - FWHT: 64 rows × 4096 and 1 row × 2^20 against the `cpu` kernel and a copy of the same bytes.
 *
 * @module
 */
import { dispose, tensor } from '@sparseland/core';
import { fwhtRows } from '../src/backends/cpu/FWHT.js';
import {
  bitmapMatvec,
  fromDense,
  fwht,
  nmMatmul,
  type SparseMatrix,
  sparseConv1x1,
  spmm,
  spmv,
} from '../src/index.js';
import type * as H from './harness.js';

const pct = (s: number) => `${Math.round(s * 100)}%`;
const DENSE = ['wasm dense', 'tfjs-wasm dense'];

/** A dense `[rows, cols]` matrix whose `[br, bc]` blocks are kept (fully nonzero) with probability `1 − s`. */
function blockSparse(
  h: typeof H,
  rows: number,
  cols: number,
  br: number,
  bc: number,
  s: number,
  seed: number,
): Float32Array {
  const v = h.values(rows * cols, seed);
  const nbr = Math.ceil(rows / br);
  const nbc = Math.ceil(cols / bc);
  const keep = h.values(nbr * nbc, seed + 31);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      if ((keep[Math.floor(i / br) * nbc + Math.floor(j / bc)]! + 1) / 2 < s) v[k] = 0;
      else if (v[k] === 0) v[k] = 0.5;
    }
  return v;
}

/** Rows of one measured case: ratios against the faster dense path and our dense matmul. */
function pushRows(
  h: typeof H,
  rows: H.Row[],
  group: string,
  kase: string,
  t: Map<string, H.Timing>,
  work: Map<string, { flops?: number; bytes?: number }>,
  extra: (impl: string, timing: H.Timing) => Record<string, number> = () => ({}),
): void {
  const best = h.fastest(t, DENSE);
  const ours = t.get('wasm dense');
  for (const [impl, timing] of t) {
    const isDense = DENSE.includes(impl);
    rows.push(
      h.row(group, kase, impl, timing, work.get(impl) ?? {}, {
        'vs best dense': best.ms / timing.ms,
        ...(isDense || ours === undefined ? {} : { 'vs wasm dense': ours.ms / timing.ms }),
        ...extra(impl, timing),
      }),
    );
  }
  h.printRows(rows.filter((r) => r.group === group && r.case === kase));
}

/** `spmm(m, b)` as a runner that frees `m`. */
function matRunner(impl: string, m: SparseMatrix, run: () => void): H.Runner {
  return { impl, run, free: () => m.dispose() };
}

async function nmSection(h: typeof H, rows: H.Row[]): Promise<void> {
  const [M, K, N] = [2048, 2048, 64];
  const group = `N:M ${M}x${K} · ${K}x${N}`;
  const bData = h.values(K * N, 12);
  const b = tensor(bData, { shape: [K, N] });
  for (const [keep, of] of [
    [2, 4],
    [1, 4],
  ] as const) {
    const a = h.values(M * K, 11);
    const w = fromDense(tensor(a, { shape: [M, K] }), { format: 'nm', keep, of, prune: true });
    const t = h.measure([
      ...h.denseMatmulRunners(a, [M, K], bData, [K, N]),
      matRunner(`nm ${keep}:${of}`, w, () => nmMatmul(w, b).dispose()),
    ]);
    const work = new Map(DENSE.map((d) => [d, { flops: 2 * M * K * N }]));
    work.set(`nm ${keep}:${of}`, { flops: 2 * M * (K / of) * keep * N });
    pushRows(h, rows, group, `${keep}:${of}`, t, work);
  }
  b.dispose();

  // batch-1 inference: the matvec W [4096, 4096] · x (2:4 takes the swizzle loop, 1:4 the pair loop)
  const n = 4096;
  const vgroup = `N:M matvec ${n}x${n} · x`;
  const xData = h.values(n, 14);
  const x = tensor(xData, { shape: [n, 1] });
  for (const [keep, of] of [
    [2, 4],
    [1, 4],
  ] as const) {
    const a = h.values(n * n, 13);
    const w = fromDense(tensor(a, { shape: [n, n] }), { format: 'nm', keep, of, prune: true });
    const t = h.measure([
      ...h.denseMatmulRunners(a, [n, n], xData, [n, 1]),
      matRunner(`nm ${keep}:${of}`, w, () => nmMatmul(w, x).dispose()),
    ]);
    const work = new Map<string, { flops?: number; bytes?: number }>(
      DENSE.map((d) => [d, { flops: 2 * n * n, bytes: (n * n + 2 * n) * 4 }]),
    );
    work.set(`nm ${keep}:${of}`, { flops: 2 * n * (n / of) * keep, bytes: w.bytes() + 2 * n * 4 });
    pushRows(h, rows, vgroup, `${keep}:${of}`, t, work);
  }
  x.dispose();
}

async function bsrSection(h: typeof H, rows: H.Row[]): Promise<void> {
  const [M, K, N] = [2048, 2048, 64];
  const bData = h.values(K * N, 22);
  const b = tensor(bData, { shape: [K, N] });
  for (const [br, bc] of [
    [4, 4],
    [16, 16],
  ] as const) {
    const group = `BSR ${br}x${bc} ${M}x${K} · ${K}x${N}`;
    for (const s of [0.5, 0.7, 0.9, 0.95, 0.99]) {
      const a = blockSparse(h, M, K, br, bc, s, 21);
      const m = fromDense(tensor(a, { shape: [M, K] }), { format: 'bsr', block: [br, bc] });
      const nnz = m.nnz;
      const t = h.measure([
        ...h.denseMatmulRunners(a, [M, K], bData, [K, N]),
        matRunner('bsr', m, () => spmm(m, b).dispose()),
      ]);
      const work = new Map(DENSE.map((d) => [d, { flops: 2 * M * K * N }]));
      work.set('bsr', { flops: 2 * nnz * N });
      pushRows(h, rows, group, pct(s), t, work, (impl, x) =>
        impl === 'bsr' ? { 'sparsity eff.': (h.fastest(t, DENSE).ms / x.ms) * (1 - s) } : {},
      );
    }
  }
  b.dispose();
}

async function bitmapSection(h: typeof H, rows: H.Row[]): Promise<void> {
  const n = 4096;
  const group = `Bitmap64 matvec ${n}x${n} · x`;
  const xData = h.values(n, 32);
  const x = tensor(xData);
  for (const s of [0.5, 0.7]) {
    const a = h.sparseDense(n, n, s, 31);
    const dense = tensor(a, { shape: [n, n] });
    const row = fromDense(dense, { format: 'bitmap64', axis: 'row' });
    const col = fromDense(dense, { format: 'bitmap64', axis: 'col' });
    const csr = fromDense(dense, { format: 'csr' });
    dense.dispose();
    const bytes = row.bytes() + 2 * n * 4;
    const t = h.measure([
      ...h.denseMatmulRunners(a, [n, n], xData, [n, 1]),
      matRunner('bitmap row', row, () => bitmapMatvec(row, x).dispose()),
      matRunner('bitmap col', col, () => bitmapMatvec(col, x).dispose()),
      matRunner('csr spmv', csr, () => spmv(csr, x).dispose()),
      h.copyRunner(bytes),
    ]);
    const copy = t.get('copy')!;
    const work = new Map<string, { flops?: number; bytes?: number }>(
      DENSE.map((d) => [d, { flops: 2 * n * n, bytes: (n * n + 2 * n) * 4 }]),
    );
    for (const impl of ['bitmap row', 'bitmap col']) work.set(impl, { flops: 2 * row.nnz, bytes });
    work.set('csr spmv', { flops: 2 * csr.nnz, bytes: csr.nnz * 8 + 4 * (n + 1) + 2 * n * 4 });
    work.set('copy', { bytes });
    pushRows(h, rows, group, pct(s), t, work, (impl, x) =>
      impl.startsWith('bitmap') ? { 'of copy': copy.ms / x.ms } : {},
    );
  }
  x.dispose();

  const [M, K, N] = [2048, 2048, 64];
  const mgroup = `Bitmap64 ${M}x${K} · ${K}x${N}`;
  const bData = h.values(K * N, 34);
  const b = tensor(bData, { shape: [K, N] });
  for (const s of [0.5, 0.7, 0.9]) {
    const a = h.sparseDense(M, K, s, 33);
    const dense = tensor(a, { shape: [M, K] });
    const row = fromDense(dense, { format: 'bitmap64', axis: 'row' });
    const col = fromDense(dense, { format: 'bitmap64', axis: 'col' });
    dense.dispose();
    const t = h.measure([
      ...h.denseMatmulRunners(a, [M, K], bData, [K, N]),
      matRunner('bitmap row', row, () => spmm(row, b).dispose()),
      matRunner('bitmap col', col, () => spmm(col, b).dispose()),
    ]);
    const work = new Map(DENSE.map((d) => [d, { flops: 2 * M * K * N }]));
    for (const impl of ['bitmap row', 'bitmap col']) work.set(impl, { flops: 2 * row.nnz * N });
    pushRows(h, rows, mgroup, pct(s), t, work);
  }
  b.dispose();
}

async function convSection(h: typeof H, rows: H.Row[]): Promise<void> {
  const [H_, W_, cin, cout] = [56, 56, 128, 128];
  const hw = H_ * W_;
  const xChw = h.values(cin * hw, 42);
  const xHwc = new Float32Array(hw * cin);
  for (let c = 0; c < cin; c++) for (let p = 0; p < hw; p++) xHwc[p * cin + c] = xChw[c * hw + p]!;
  const bias = tensor(h.values(cout, 43));
  const xc = tensor(xChw, { shape: [1, cin, H_, W_] });
  const xh = tensor(xHwc, { shape: [1, H_, W_, cin] });
  for (const layout of ['NCHW', 'NHWC'] as const) {
    const group = `sparseConv1x1 ${H_}x${W_}x${cin} -> ${cout} ${layout} (bias, ReLU6)`;
    for (const s of [0.7, 0.8, 0.9]) {
      const wData = h.sparseDense(cout, cin, s, 41);
      const w = fromDense(tensor(wData, { shape: [cout, cin] }), { format: 'csr' });
      const nnz = w.nnz;
      const dense =
        layout === 'NCHW'
          ? h.denseMatmulRunners(wData, [cout, cin], xChw, [cin, hw])
          : h.denseMatmulRunners(xHwc, [hw, cin], wData, [cout, cin], true);
      const x = layout === 'NCHW' ? xc : xh;
      const t = h.measure([
        ...dense,
        matRunner('sparse', w, () => sparseConv1x1(w, x, { bias, min: 0, max: 6, layout }).dispose()),
      ]);
      const work = new Map(DENSE.map((d) => [d, { flops: 2 * cout * cin * hw }]));
      work.set('sparse', { flops: 2 * nnz * hw });
      pushRows(h, rows, group, pct(s), t, work);
    }
  }
  dispose([bias, xc, xh]);
}

async function fwhtSection(h: typeof H, rows: H.Row[]): Promise<void> {
  for (const [r, n] of [
    [64, 4096],
    [1, 1 << 20],
  ] as const) {
    const group = `FWHT ${r} x ${n}`;
    const data = h.values(r * n, 51);
    const x = tensor(data, { shape: [r, n] });
    const bytes = 2 * r * n * 4;
    const flops = r * n * Math.log2(n);
    const wasm = { impl: 'wasm', run: () => fwht(x).dispose(), free: () => {} };
    // the cpu kernel itself on the same data (f64 butterflies, as the cpu backend runs it)
    const dst = new Float32Array(r * n);
    const cpu = { impl: 'cpu', run: () => fwhtRows(data, r, n, 'none', dst), free: () => {} };
    const t = h.measure([wasm, cpu, h.copyRunner(bytes)], 3);
    x.dispose();
    const copy = t.get('copy')!;
    const cpuT = t.get('cpu')!;
    for (const [impl, timing] of t) {
      rows.push(
        h.row(group, `${r}x${n}`, impl, timing, impl === 'copy' ? { bytes } : { flops, bytes }, {
          ...(impl === 'copy' ? {} : { 'of copy': copy.ms / timing.ms }),
          ...(impl === 'wasm' ? { 'vs cpu': cpuT.ms / timing.ms } : {}),
        }),
      );
    }
    h.printRows(rows.filter((x) => x.group === group));
  }
}

/** Every row of the structured formats' section (`STRUCTURED_ONLY` picks sub-sections: nm, bsr, bitmap, conv, fwht). */
export async function structuredRows(h: typeof H): Promise<H.Row[]> {
  await h.init();
  const only = (process.env.STRUCTURED_ONLY ?? '').split(',').filter((s) => s !== '');
  const want = (s: string) => only.length === 0 || only.includes(s);
  const rows: H.Row[] = [];
  if (want('nm')) await nmSection(h, rows);
  if (want('bsr')) await bsrSection(h, rows);
  if (want('bitmap')) await bitmapSection(h, rows);
  if (want('conv')) await convSection(h, rows);
  if (want('fwht')) await fwhtSection(h, rows);
  return rows;
}
