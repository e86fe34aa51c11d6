/**
 * `pnpm bench` in packages/kernels: the sparse kernels on our `wasm` backend (every thread) against the
 * best dense path of the same shape (our `wasm` matmul and tfjs-wasm 4.22's), side by side in one process,
 * medians of interleaved rounds (see harness.ts). Sections:
 *
 * - SpMM `A [2048, 2048] · B [2048, 64]`, A unstructured at 50–99 % sparsity: CSR (32- and 16-bit indices),
 *   CSC and COO (the op converts them to CSR) against the dense matmul; the break-even sparsity.
 * - SpMV `A [4096, 4096] · x`: GB/s of the minimum bytes (values, indices, row pointers, x, y; spec §5.1)
 *   against a threaded copy moving as many bytes (cache-resident like the matrix) and a STREAM-sized copy
 *   (128 MiB arrays, DRAM; spec §5.3), and the dense GEMV.
 * - sparseLinear (pruned Linear layer, 2048 → 2048 at 90 %): batch 1 and 32, with bias and ReLU fused.
 * - SDDMM `Q [2048, 64] · Kᵀ` sampled at 1 % and 5 % density, against the dense `Q·Kᵀ`.
 * - The structured formats (structured.ts: N:M, BSR, Bitmap64, sparse 1×1 conv, FWHT).
 *
 * Run: `pnpm bench` (`BENCH_QUICK=1 pnpm bench` for a short smoke run; `BENCH_ONLY=spmm,spmv` to pick
 * sections, `BENCH_SPARSITIES=0.9` to pick sparsities, `BENCH_THREADS=1` for one thread). Prints the table and writes benchmarks/results/kernels-<date>.json (git-ignored).
 *
 * @module
 */
import { dispose, tensor } from '@sparseland/core';
import { fromDense, type SparseMatrix, sddmm, sparseLinear, spmm, spmv } from '../src/index.js';
import * as h from './harness.js';
import { structuredRows } from './structured.js';

/** `BENCH_SPARSITIES=0.9,0.99` picks sparsities (default: the six). */
const SPARSITIES = (process.env.BENCH_SPARSITIES ?? '0.5,0.7,0.8,0.9,0.95,0.99').split(',').map(Number);
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter((s) => s !== '');
const want = (section: string) => ONLY.length === 0 || ONLY.includes(section);
const pct = (s: number) => `${Math.round(s * 100)}%`;
const DENSE = ['wasm dense', 'tfjs-wasm dense'];
/** STREAM-sized copy (128 MiB read + 128 MiB written): the DRAM bandwidth reference of spec §5.3. */
const STREAM_BYTES = 256 * 2 ** 20;

/** Runner of `spmm(m, b)` (the matrix and `b` are freed with it). */
function spmmRunner(impl: string, m: SparseMatrix, b: ReturnType<typeof tensor>): h.Runner {
  return {
    impl,
    run: () => spmm(m, b).dispose(),
    free: () => {
      m.dispose();
    },
  };
}

async function spmmSection(rows: h.Row[], summary: Record<string, unknown>): Promise<void> {
  const [M, K, N] = [2048, 2048, 64];
  const group = `SpMM ${M}x${K} · ${K}x${N}`;
  const bData = h.values(K * N, 2);
  const b = tensor(bData, { shape: [K, N] });
  const speedups: [number, number][] = [];
  for (const s of SPARSITIES) {
    const a = h.sparseDense(M, K, s, 1);
    const dense = tensor(a, { shape: [M, K] });
    const csr = fromDense(dense, { format: 'csr' });
    const nnz = csr.nnz;
    const runners: h.Runner[] = [
      ...h.denseMatmulRunners(a, [M, K], bData, [K, N]),
      spmmRunner('csr', csr, b),
      spmmRunner('csr 16-bit', fromDense(dense, { format: 'csr', indexWidth: 16 }), b),
    ];
    if (s === 0.9 || s === 0.99) {
      runners.push(spmmRunner('csc (→csr)', fromDense(dense, { format: 'csc' }), b));
      runners.push(spmmRunner('coo (→csr)', fromDense(dense, { format: 'coo' }), b));
    }
    dense.dispose();
    const t = h.measure(runners);
    const best = h.fastest(t, DENSE);
    const flops = 2 * nnz * N;
    for (const r of runners) {
      const timing = t.get(r.impl)!;
      const isDense = DENSE.includes(r.impl);
      rows.push(
        h.row(
          group,
          pct(s),
          r.impl,
          timing,
          {
            flops: isDense ? 2 * M * K * N : flops,
            // minimum bytes (spec §5.1): A's stored arrays (dense: all of A), then B and C once each
            bytes:
              (isDense ? M * K * 4 : nnz * (r.impl === 'csr 16-bit' ? 6 : 8) + 4 * (M + 1)) + (K + M) * N * 4,
          },
          {
            'vs best dense': best.ms / timing.ms,
            ...(isDense ? {} : { 'sparsity eff.': (best.ms / timing.ms) * (1 - s) }),
          },
        ),
      );
    }
    speedups.push([s, best.ms / t.get('csr')!.ms]);
    h.printRows(rows.filter((r) => r.group === group && r.case === pct(s)));
  }
  b.dispose();
  const breakEven = speedups.find(([, x]) => x > 1)?.[0];
  summary.spmm = {
    speedupVsBestDense: Object.fromEntries(speedups.map(([s, x]) => [pct(s), x])),
    breakEvenSparsity: breakEven === undefined ? null : `<= ${pct(breakEven)}`,
    targets: { '90%': '>= 3', '99%': '>= 15', breakEven: '<= 70%' },
  };
}

async function spmvSection(rows: h.Row[], summary: Record<string, unknown>): Promise<void> {
  const n = 4096;
  const group = `SpMV ${n}x${n} · x`;
  const xData = h.values(n, 3);
  const x = tensor(xData);
  const ofCopy: Record<string, number> = {};
  const ofStream: Record<string, number> = {};
  for (const s of SPARSITIES) {
    const a = h.sparseDense(n, n, s, 4);
    const dense = tensor(a, { shape: [n, n] });
    const csr = fromDense(dense, { format: 'csr' });
    const csr16 = fromDense(dense, { format: 'csr', indexWidth: 16 });
    dense.dispose();
    const nnz = csr.nnz;
    const bytes32 = nnz * 8 + 4 * (n + 1) + 2 * n * 4;
    const bytes16 = nnz * 6 + 4 * (n + 1) + 2 * n * 4;
    const runners: h.Runner[] = [
      ...h.denseMatmulRunners(a, [n, n], xData, [n, 1]),
      { impl: 'csr', run: () => spmv(csr, x).dispose(), free: () => csr.dispose() },
      { impl: 'csr 16-bit', run: () => spmv(csr16, x).dispose(), free: () => csr16.dispose() },
      h.copyRunner(bytes32),
      { ...h.copyRunner(STREAM_BYTES), impl: 'stream copy' },
    ];
    const t = h.measure(runners);
    const best = h.fastest(t, DENSE);
    const copyGbs = bytes32 / t.get('copy')!.ms / 1e6;
    const streamGbs = STREAM_BYTES / t.get('stream copy')!.ms / 1e6;
    for (const r of runners) {
      const timing = t.get(r.impl)!;
      const bytes =
        r.impl === 'csr' || r.impl === 'copy'
          ? bytes32
          : r.impl === 'csr 16-bit'
            ? bytes16
            : r.impl === 'stream copy'
              ? STREAM_BYTES
              : n * n * 4 + 2 * n * 4;
      const gbs = bytes / timing.ms / 1e6;
      rows.push(
        h.row(
          group,
          pct(s),
          r.impl,
          timing,
          { bytes, ...(r.impl.includes('copy') ? {} : { flops: 2 * nnz }) },
          {
            ...(r.impl.includes('copy') ? {} : { 'vs best dense': best.ms / timing.ms }),
            'of copy': gbs / copyGbs,
            'of stream copy': gbs / streamGbs,
          },
        ),
      );
    }
    ofCopy[pct(s)] = bytes32 / t.get('csr')!.ms / 1e6 / copyGbs;
    ofStream[pct(s)] = bytes32 / t.get('csr')!.ms / 1e6 / streamGbs;
    h.printRows(rows.filter((r) => r.group === group && r.case === pct(s)));
  }
  x.dispose();
  summary.spmv = {
    csrFractionOfCopySameBytes: ofCopy,
    csrFractionOfStreamCopy: ofStream,
    target: '>= 0.6 of the copy bandwidth at 90%',
  };
}

async function linearSection(rows: h.Row[]): Promise<void> {
  const [out, inF, s] = [2048, 2048, 0.9];
  const group = `sparseLinear ${inF}→${out} at ${pct(s)}, bias + relu`;
  const w = h.sparseDense(out, inF, s, 5);
  const bias = tensor(h.values(out, 6));
  for (const batch of [1, 32]) {
    const xData = h.values(batch * inF, 7);
    const x = tensor(xData, { shape: [batch, inF] });
    const csr = fromDense(tensor(w, { shape: [out, inF] }), { format: 'csr' });
    const runners: h.Runner[] = [
      ...h.denseMatmulRunners(xData, [batch, inF], w, [out, inF], true),
      {
        impl: 'csr fused',
        run: () => sparseLinear(x, csr, { bias, activation: 'relu' }).dispose(),
        free: () => dispose([x, csr]),
      },
    ];
    const t = h.measure(runners);
    const best = h.fastest(t, DENSE);
    for (const r of runners) {
      const timing = t.get(r.impl)!;
      const flops = DENSE.includes(r.impl) ? 2 * batch * out * inF : 2 * batch * csr.nnz;
      rows.push(
        h.row(group, `batch ${batch}`, r.impl, timing, { flops }, { 'vs best dense': best.ms / timing.ms }),
      );
    }
    h.printRows(rows.filter((r) => r.group === group && r.case === `batch ${batch}`));
  }
  bias.dispose();
}

async function sddmmSection(rows: h.Row[]): Promise<void> {
  const [M, N, K] = [2048, 2048, 64];
  const group = `SDDMM Q ${M}x${K} · Kᵀ ${N}x${K} at a pattern`;
  const qData = h.values(M * K, 8);
  const kData = h.values(N * K, 9);
  const q = tensor(qData, { shape: [M, K] });
  const k = tensor(kData, { shape: [N, K] });
  for (const density of [0.01, 0.05]) {
    const p = fromDense(tensor(h.sparseDense(M, N, 1 - density, 10), { shape: [M, N] }), { format: 'csr' });
    const runners: h.Runner[] = [
      ...h.denseMatmulRunners(qData, [M, K], kData, [N, K], true),
      { impl: 'csr', run: () => sddmm(q, k, p).dispose(), free: () => p.dispose() },
    ];
    const t = h.measure(runners);
    const best = h.fastest(t, DENSE);
    const kase = `${density * 100}% dense`;
    for (const r of runners) {
      const timing = t.get(r.impl)!;
      const flops = DENSE.includes(r.impl) ? 2 * M * N * K : 2 * p.nnz * K;
      rows.push(h.row(group, kase, r.impl, timing, { flops }, { 'vs best dense': best.ms / timing.ms }));
    }
    h.printRows(rows.filter((r) => r.group === group && r.case === kase));
  }
  dispose([q, k]);
}

/** The structured formats (benchmarks/structured.ts). */
async function structuredSection(rows: h.Row[]): Promise<void> {
  rows.push(...(await structuredRows(h)));
}

const env = await h.init();
process.stdout.write(
  `@sparseland/kernels bench: ${env.cpu}, ${env.cores} cores, Node ${env.node}, wasm threads ${env.threads}; ` +
    `tfjs ${env.tfjs} wasm (SIMD ${env.tfjsSimd}, threads ${env.tfjsThreads}); ${h.ROUNDS} rounds × ${h.ROUND_MS} ms, ` +
    `medians; load average ${env.loadavgStart.map((x) => x.toFixed(2)).join(' ')}\n`,
);
const rows: h.Row[] = [];
const summary: Record<string, unknown> = {};
if (want('spmm')) await spmmSection(rows, summary);
if (want('spmv')) await spmvSection(rows, summary);
if (want('linear')) await linearSection(rows);
if (want('sddmm')) await sddmmSection(rows);
if (want('structured')) await structuredSection(rows);
process.stdout.write('\nAll rows:\n');
h.printRows(rows);
process.stdout.write(`\nsummary ${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`wrote ${h.writeResults('kernels', env, rows, summary)}\n`);
