/**
 * GPU benchmark of the `webgpu` kernels of @sparseland/kernels against core's dense `webgpu` matmul on the
 * same adapter, in one process (spec §6 targets, the shapes): CSR SpMM 2048×2048 · 2048×64 and
 * CSR SpMV 4096×4096 at 50–99 % sparsity, sparseLinear with bias and relu, N:M 2:4 and 1:4, BSR 16×16,
 * Bitmap64 at 50 and 70 % with N = 8, SDDMM at 1 and 5 % density, float32.
 *
 * Timing excludes readback and matrix construction. Each case runs a warm-up (pipelines compiled, buffers
 * pooled), then rounds of a batch of runs:
 * - `wall`: the batch is encoded, submitted and awaited (`onSubmittedWorkDone`); ms per run, median;
 * - `gpu`: with `timestamp-query`, the summed durations of the batch's compute passes per run, median.
 * A row prints the sparse and dense times, the speedup over dense, and the GB/s of `op.cost().bytesMin`.
 *
 * Never a benchmark on a software adapter (lavapipe, SwiftShader): there it runs tiny sizes once, as a smoke
 * test of the script, and says so. `BENCH_QUICK=1` runs fewer sparsities and rounds.
 *
 * Run: `pnpm bench:gpu` in packages/kernels (on a machine with a GPU). Writes
 * benchmarks/results/gpu-<date>.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { add, matmul, relu, runKernel, setBackend, type Tensor, tensor, tidy } from '@sparseland/core';
import { defineGpuKernel, type WebGPUBackend } from '@sparseland/core/extend';
import {
  type Bitmap64Matrix,
  type BsrMatrix,
  bitmapMatmul,
  bsrMatmul,
  type Cost,
  type FormatOptions,
  fromDenseAsync,
  type NmMatrix,
  nmMatmul,
  type SparseMatrix,
  sddmm,
  sparseLinear,
  spmm,
  spmv,
} from '../src/index.js';

const QUICK = process.env.BENCH_QUICK === '1';

/** A probe kernel that hands over the active webgpu backend (to sync and read pass timestamps). */
const PROBE = 'SparselandKernelsBenchProbe';
let probed: WebGPUBackend | undefined;
defineGpuKernel(PROBE as never, ({ backend }) => {
  probed = backend;
  return backend.output([1], 'float32', PROBE);
});

function values(n: number, seed: number, density = 1): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = density >= 1 || (u * 7919) % 1 < density ? u * 2 - 1 : 0;
  }
  return out;
}

/** `rows×cols` with whole `br×bc` blocks kept with probability `density`. */
function blockValues(rows: number, cols: number, br: number, bc: number, density: number, seed: number) {
  const keep = values(Math.ceil(rows / br) * Math.ceil(cols / bc), seed + 1);
  const v = values(rows * cols, seed);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const k = keep[Math.floor(i / br) * Math.ceil(cols / bc) + Math.floor(j / bc)]!;
      if ((k + 1) / 2 >= density) v[i * cols + j] = 0;
    }
  return v;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  case: string;
  sparsity: number;
  sparseWallMs: number;
  sparseGpuMs: number | null;
  denseWallMs: number;
  denseGpuMs: number | null;
  speedup: number;
  gbps: number;
}

async function time(
  backend: WebGPUBackend,
  run: () => Tensor,
  batch: number,
  rounds: number,
): Promise<{ wall: number; gpu: number | null }> {
  const once = async () => {
    tidy(() => {
      for (let i = 0; i < batch; i++) run();
    });
    await backend.sync();
  };
  await once(); // warm-up
  const walls: number[] = [];
  const gpus: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (backend.hasTimestamps) backend.startPassTimestamps();
    const t0 = performance.now();
    await once();
    walls.push((performance.now() - t0) / batch);
    if (backend.hasTimestamps) gpus.push((await backend.stopPassTimestamps()).ms / batch);
  }
  return { wall: median(walls), gpu: gpus.length > 0 ? median(gpus) : null };
}

async function main(): Promise<void> {
  await setBackend('webgpu');
  runKernel(PROBE as never, {} as never, {} as never).dispose();
  const backend = probed!;
  const smoke = backend.isFallbackAdapter;
  const info = JSON.stringify(backend.adapterInfo);
  console.log(`adapter ${info}${smoke ? ' (software: smoke test of the script, NOT a benchmark)' : ''}`);
  const S = smoke ? 64 : 2048; // SpMM / N:M / BSR / bitmap / SDDMM size
  const V = smoke ? 128 : 4096; // SpMV size
  const N = smoke ? 8 : 64;
  const rounds = smoke ? 1 : QUICK ? 3 : 9;
  const batch = smoke ? 1 : 10;
  const sparsities = smoke || QUICK ? [0.5, 0.9, 0.99] : [0.5, 0.7, 0.8, 0.9, 0.95, 0.99];
  const rows: Row[] = [];

  const bench = async (
    name: string,
    sparsity: number,
    a: Float32Array,
    shape: [number, number],
    o: FormatOptions,
    sparse: (m: SparseMatrix) => Tensor,
    dense: (d: Tensor) => Tensor,
    cost: (m: SparseMatrix) => Cost,
  ) => {
    const d = tensor(a, { shape });
    const m = await fromDenseAsync(d, o);
    const s = await time(backend, () => sparse(m), batch, rounds);
    const t = await time(backend, () => dense(d), batch, rounds);
    const bytes = cost(m).bytesMin;
    const ms = s.gpu ?? s.wall;
    const row: Row = {
      case: name,
      sparsity,
      sparseWallMs: s.wall,
      sparseGpuMs: s.gpu,
      denseWallMs: t.wall,
      denseGpuMs: t.gpu,
      speedup: (t.gpu ?? t.wall) / ms,
      gbps: bytes / (ms * 1e6),
    };
    rows.push(row);
    console.log(
      `${name.padEnd(34)} s=${String(sparsity).padEnd(5)} sparse ${ms.toFixed(3)} ms  dense ${(t.gpu ?? t.wall).toFixed(3)} ms  ×${row.speedup.toFixed(2)}  ${row.gbps.toFixed(1)} GB/s`,
    );
    m.dispose();
    d.dispose();
  };

  const bS = tensor(values(S * N, 3), { shape: [S, N] });
  const xV = tensor(values(V, 4), { shape: [V] });
  const xV2 = tensor(values(V, 4), { shape: [V, 1] });
  const xL = tensor(values(N * S, 5), { shape: [N, S] });
  const bias = tensor(values(S, 6));
  for (const s of sparsities) {
    const a = values(S * S, 10, 1 - s);
    await bench(
      `csr spmm ${S}²·${N}`,
      s,
      a,
      [S, S],
      { format: 'csr' },
      (m) => spmm(m, bS),
      (d) => matmul(d, bS),
      (m) => spmm.cost(m, bS),
    );
    await bench(
      `csr16 spmm ${S}²·${N}`,
      s,
      a,
      [S, S],
      { format: 'csr', indexWidth: 16 },
      (m) => spmm(m, bS),
      (d) => matmul(d, bS),
      (m) => spmm.cost(m, bS),
    );
    await bench(
      `sparseLinear relu ${N}·${S}²`,
      s,
      a,
      [S, S],
      { format: 'csr' },
      (m) => sparseLinear(xL, m, { bias, activation: 'relu' }),
      (d) => relu(add(matmul(xL, d, { transposeB: true }), bias)),
      (m) => sparseLinear.cost(xL, m, { bias: true }),
    );
    const av = values(V * V, 11, 1 - s);
    await bench(
      `csr spmv ${V}²`,
      s,
      av,
      [V, V],
      { format: 'csr' },
      (m) => spmv(m, xV),
      (d) => matmul(d, xV2),
      (m) => spmv.cost(m),
    );
    const ab = blockValues(S, S, 16, 16, 1 - s, 12);
    await bench(
      `bsr 16×16 ${S}²·${N}`,
      s,
      ab,
      [S, S],
      { format: 'bsr', block: [16, 16] },
      (m) => bsrMatmul(m as BsrMatrix, bS),
      (d) => matmul(d, bS),
      (m) => spmm.cost(m, bS),
    );
  }
  const dn = values(S * S, 13);
  for (const [keep, of] of [
    [2, 4],
    [1, 4],
  ] as const) {
    await bench(
      `nm ${keep}:${of} ${S}²·${N}`,
      1 - keep / of,
      dn,
      [S, S],
      { format: 'nm', keep, of, prune: true },
      (m) => nmMatmul(m as NmMatrix, bS),
      (d) => matmul(d, bS),
      (m) => spmm.cost(m, bS),
    );
  }
  const b8 = tensor(values(S * 8, 14), { shape: [S, 8] });
  for (const s of [0.5, 0.7]) {
    const a = values(S * S, 15, 1 - s);
    for (const axis of ['row', 'col'] as const)
      await bench(
        `bitmap64 ${axis} ${S}²·8`,
        s,
        a,
        [S, S],
        { format: 'bitmap64', axis },
        (m) => bitmapMatmul(m as Bitmap64Matrix, b8),
        (d) => matmul(d, b8),
        (m) => spmm.cost(m, b8),
      );
  }
  const qa = tensor(values(S * N, 16), { shape: [S, N] });
  const kb = tensor(values(S * N, 17), { shape: [S, N] });
  for (const density of [0.01, 0.05]) {
    const p = values(S * S, 18, density);
    await bench(
      `sddmm ${S}²·K${N}`,
      1 - density,
      p,
      [S, S],
      { format: 'csr' },
      (m) => sddmm(qa, kb, m).values,
      () => matmul(qa, kb, { transposeB: true }),
      (m) => sddmm.cost(m, N),
    );
  }
  for (const t of [bS, xV, xV2, xL, bias, b8, qa, kb]) t.dispose();

  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `gpu-${new Date().toISOString().slice(0, 10)}${smoke ? '-smoke' : ''}.json`);
  writeFileSync(file, JSON.stringify({ adapter: backend.adapterInfo, smoke, quick: QUICK, rows }, null, 2));
  console.log(`wrote ${file}`);
}

await main();
