/**
 * The benchmark harness of @sparseland/kernels: interleaved timing with warm-up and medians, the copy-kernel
 * bandwidth reference, the dense baselines (our `wasm` matmul and tfjs-wasm 4.22), seeded operands, and the
 * table and JSON output. `kernels.bench.ts` is the entry; sections (the CSR family there, the structured
 * formats in `structured.ts`) build {@link Row}s with these helpers.
 *
 * Method (spec §6): the implementations of one case run in interleaved rounds (every round times every
 * implementation for {@link ROUND_MS} after a shared warm-up), and a row reports the median of all runs and
 * the tenth percentile. The machines are shared and noisy: medians, not minima, are the figures.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dispose,
  getWasmThreads,
  matmul,
  runKernel,
  setBackend,
  setWasmThreads,
  type Tensor,
  tensor,
  tidy,
} from '@sparseland/core';
import { defineWasmKernel, type WasmBackend } from '@sparseland/core/extend';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '../src/index.js';
import { runTiles, TILE } from '../src/backends/wasm/module.js';

/** `BENCH_QUICK=1`: 3 short rounds instead of 9 (for smoke runs; figures are rougher). */
export const QUICK = process.env.BENCH_QUICK === '1';
/** `BENCH_THREADS=n`: threads of our `wasm` backend (default: one per core). */
export const THREADS = Number(process.env.BENCH_THREADS ?? 0);
/** Rounds per case. */
export const ROUNDS = QUICK ? 3 : 9;
/** Time spent per implementation per round (at least one run). */
export const ROUND_MS = QUICK ? 40 : 120;

/** The machine and runtime a result was measured on (spec §6: reported with every figure). */
export interface Env {
  cpu: string;
  cores: number;
  node: string;
  /** Threads of our `wasm` backend. */
  threads: number;
  tfjs: string;
  tfjsSimd: boolean;
  tfjsThreads: boolean;
  loadavgStart: number[];
  date: string;
  quick: boolean;
}

/** One timed implementation: `run` does one run (kernels run synchronously; nothing is read back). */
export interface Runner {
  /** Implementation label, e.g. `csr`, `wasm dense`, `tfjs-wasm dense`, `copy`. */
  impl: string;
  run: () => void;
  free: () => void;
}

/** Median, tenth percentile and count of one runner's runs, in milliseconds. */
export interface Timing {
  ms: number;
  p10: number;
  runs: number;
}

/** One line of the result table and JSON. */
export interface Row {
  /** Section, e.g. `SpMM CSR 2048x2048 x 2048x64`. */
  group: string;
  /** Case inside the section, e.g. `90%`. */
  case: string;
  impl: string;
  /** Median milliseconds per run. */
  ms: number;
  /** Tenth percentile (the speed when the machine is least busy). */
  p10: number;
  runs: number;
  /** Useful GFLOP/s (`2·nnz·N / t` for sparse products), when the row counts FLOPs. */
  gflops?: number;
  /** GB/s of the minimum bytes (spec §5.1), when the row counts bytes. */
  gbs?: number;
  /** Named ratios, e.g. `vs best dense` (speed-up, > 1 is faster) or `of copy` (fraction of copy GB/s). */
  ratios: Record<string, number>;
}

let started: Env | undefined;

/** Switch to our `wasm` backend with every thread, workers started, and tfjs-wasm ready. Idempotent. */
export async function init(): Promise<Env> {
  if (started !== undefined) return started;
  await tf.setBackend('wasm');
  await tf.ready();
  await setBackend('wasm');
  setWasmThreads(THREADS > 0 ? THREADS : 'auto');
  const wasm = wasmBackend();
  wasm.startWorkers();
  const t0 = performance.now();
  while (wasm.readyWorkers() < getWasmThreads() - 1 && performance.now() - t0 < 10000) {
    await new Promise((r) => setTimeout(r, 10));
  }
  started = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    threads: wasm.threads(),
    tfjs: tf.version_core,
    tfjsSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    tfjsThreads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    loadavgStart: loadavg(),
    date: new Date().toISOString(),
    quick: QUICK,
  };
  return started;
}

/** Seeded values in [-1, 1) (a SplitMix-like generator; the same seed gives the same data everywhere). */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let a = (seed * 0x9e3779b1) >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/**
 * A dense `[rows, cols]` matrix with unstructured sparsity: each entry is kept with probability
 * `1 − sparsity` (seeded), kept values are nonzero.
 */
export function sparseDense(rows: number, cols: number, sparsity: number, seed: number): Float32Array {
  const v = values(rows * cols, seed);
  const keep = values(rows * cols, seed + 7919);
  for (let i = 0; i < v.length; i++) {
    if ((keep[i]! + 1) / 2 < sparsity) v[i] = 0;
    else if (v[i] === 0) v[i] = 0.5;
  }
  return v;
}

/** Our `wasm` backend instance (the active backend must be `wasm`). */
export function wasmBackend(): WasmBackend {
  let found: WasmBackend | undefined;
  tidy(() => runKernel(BenchProbe, { x: tensor([0]) }, { capture: (b) => (found = b) }));
  if (found === undefined) throw new Error('bench: the wasm backend is not active');
  return found;
}

const BenchProbe = 'KernelsBenchProbe' as const;
const BenchCopy = 'KernelsBenchCopy' as const;
declare module '@sparseland/core' {
  interface KernelTable {
    /** Benchmark only: hands the backend instance to `capture`. */
    [BenchProbe]: { inputs: { x: Tensor }; attrs: { capture: (b: WasmBackend) => void } };
    /** Benchmark only: a threaded copy of `x` (the bandwidth reference). */
    [BenchCopy]: { inputs: { x: Tensor }; attrs: Record<string, never> };
  }
}
defineWasmKernel(BenchProbe, ({ inputs, attrs, backend }) => {
  attrs.capture(backend);
  const out = backend.output(inputs.x.shape, 'float32');
  return out;
});
defineWasmKernel(BenchCopy, ({ inputs, backend }) => {
  const out = backend.output(inputs.x.shape, 'float32');
  const bytes = inputs.x.shape.reduce((a, b) => a * b, 1) * 4;
  // 64 KiB-aligned chunks, about 8 per thread, so that threads split the copy evenly
  const per = Math.max(65536, Math.ceil(bytes / (backend.threads() * 8) / 65536) * 65536);
  const tiles = Math.ceil(bytes / per);
  const args = backend.args([backend.ptr(out), backend.ptr(inputs.x), bytes, per]);
  runTiles(backend, TILE.COPY, args, tiles, bytes);
  return out;
});

/**
 * A threaded copy (our `wasm` backend, same threads as the kernels) moving `bytes` bytes in all: it reads
 * `bytes / 2` and writes `bytes / 2`, so its GB/s (`bytes / t`) is the bandwidth ceiling of a kernel whose
 * minimum traffic is `bytes`.
 */
export function copyRunner(bytes: number): Runner {
  const n = Math.max(1, Math.round(bytes / 8));
  const x = tensor(values(n, 99));
  return { impl: 'copy', run: () => runKernel(BenchCopy, { x }, {}).dispose(), free: () => x.dispose() };
}

/**
 * The dense baselines of `a [m, k] · b [k, n]` (or `a · bᵀ` for `b [n, k]` with `transposeB`): our `wasm`
 * matmul (threaded, packed SIMD micro-kernel) and tfjs-wasm's matMul (XNNPACK, SIMD).
 */
export function denseMatmulRunners(
  a: Float32Array,
  aShape: [number, number],
  b: Float32Array,
  bShape: [number, number],
  transposeB = false,
): Runner[] {
  const sa = tensor(a, { shape: aShape });
  const sb = tensor(b, { shape: bShape });
  const ta = tf.tensor(a, aShape);
  const tb = tf.tensor(b, bShape);
  return [
    {
      impl: 'wasm dense',
      run: () => matmul(sa, sb, { transposeB }).dispose(),
      free: () => dispose([sa, sb]),
    },
    {
      impl: 'tfjs-wasm dense',
      run: () => tf.matMul(ta, tb, false, transposeB).dispose(),
      free: () => tf.dispose([ta, tb]),
    },
  ];
}

/**
 * Time every runner in interleaved rounds after `warmups` runs each (wasm code tiers up from Liftoff to
 * TurboFan per function and per thread), then free them. Returns each runner's timing by `impl`.
 */
export function measure(runners: readonly Runner[], warmups = 10): Map<string, Timing> {
  const samples = new Map<string, number[]>(runners.map((r) => [r.impl, []]));
  for (const r of runners) for (let i = 0; i < warmups; i++) r.run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of runners) {
      const list = samples.get(r.impl)!;
      const start = performance.now();
      do {
        const t0 = performance.now();
        r.run();
        list.push(performance.now() - t0);
      } while (performance.now() - start < ROUND_MS);
    }
  }
  const out = new Map<string, Timing>();
  for (const r of runners) {
    r.free();
    const list = samples.get(r.impl)!.sort((x, y) => x - y);
    out.set(r.impl, {
      ms: list[list.length >> 1]!,
      p10: list[Math.floor(list.length / 10)]!,
      runs: list.length,
    });
  }
  return out;
}

/** A row from a timing, with useful FLOPs and/or minimum bytes per run. */
export function row(
  group: string,
  kase: string,
  impl: string,
  t: Timing,
  work: { flops?: number; bytes?: number } = {},
  ratios: Record<string, number> = {},
): Row {
  return {
    group,
    case: kase,
    impl,
    ms: t.ms,
    p10: t.p10,
    runs: t.runs,
    ...(work.flops === undefined ? {} : { gflops: work.flops / t.ms / 1e6 }),
    ...(work.bytes === undefined ? {} : { gbs: work.bytes / t.ms / 1e6 }),
    ratios,
  };
}

/** The faster of several timings (smallest median) and its label. */
export function fastest(
  timings: Map<string, Timing>,
  impls: readonly string[],
): { impl: string; ms: number } {
  let best = { impl: '', ms: Number.POSITIVE_INFINITY };
  for (const impl of impls) {
    const t = timings.get(impl);
    if (t !== undefined && t.ms < best.ms) best = { impl, ms: t.ms };
  }
  return best;
}

const fmt = (x: number | undefined, digits = 2) => (x === undefined ? '' : x.toFixed(digits));

/** Print rows as a table grouped by section. */
export function printRows(rows: readonly Row[]): void {
  const ratioNames = [...new Set(rows.flatMap((r) => Object.keys(r.ratios)))];
  let group = '';
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      const names = ratioNames.filter((n) => rows.some((x) => x.group === group && n in x.ratios));
      process.stdout.write(
        `\n${group}\n  ${'case'.padEnd(10)} ${'impl'.padEnd(18)} ${'ms'.padStart(9)} ${'p10'.padStart(9)} ${'GFLOP/s'.padStart(8)} ${'GB/s'.padStart(7)}  ${names.join('  ')}\n`,
      );
    }
    const ratios = Object.entries(r.ratios)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join('  ');
    process.stdout.write(
      `  ${r.case.padEnd(10)} ${r.impl.padEnd(18)} ${fmt(r.ms, 3).padStart(9)} ${fmt(r.p10, 3).padStart(9)} ${fmt(r.gflops).padStart(8)} ${fmt(r.gbs).padStart(7)}  ${ratios}\n`,
    );
  }
}

/** Write `{ env, rows, summary }` to benchmarks/results/<name>-<date>.json (git-ignored); returns the path. */
export function writeResults(name: string, env: Env, rows: readonly Row[], summary: object = {}): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${env.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ env: { ...env, loadavgEnd: loadavg() }, summary, rows }, null, 2)}\n`,
  );
  return file;
}
