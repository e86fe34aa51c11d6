/**
 * Dense-op benchmark of @sparseland/core's `wasm` backend (one thread and all threads) against its `cpu`
 * reference and tfjs 4.22's `wasm` (XNNPACK, SIMD) and `cpu` backends, side by side in one process.
 *
 * These machines are shared and noisy, so implementations are interleaved: each op runs in several rounds,
 * every round times every implementation after a warm-up, and the reported time is the median over all
 * rounds. Kernels of both libraries run synchronously inside the op call, so a run is `op(); dispose()`;
 * nothing is read back. Throughput is GFLOP/s for matmul (2mnk / t) and GB/s for memory-bound ops (bytes that
 * must move at least once: inputs read plus output written). For each memory-bound op a plain copy kernel in
 * the wasm heap, moving the same number of bytes, runs in the same rounds: its GB/s is the bandwidth ceiling.
 *
 * Run: `pnpm bench` in packages/core (env BENCH_QUICK=1 for a short run; BENCH_ONLY=matmul,memory,training
 * for some of the groups). Writes benchmarks/results/core-<date>.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { engine } from '../src/engine.js';
import * as sl from '../src/index.js';
import { values } from './values.js';

const QUICK = process.env.BENCH_QUICK === '1';
/** Groups to run (all by default): matmul, memory (softmax, layer norm, add), training. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((g) => g.trim());
const runs = (group: 'matmul' | 'memory' | 'training') => ONLY === undefined || ONLY.includes(group);
const CORES = availableParallelism();
const ROUNDS = QUICK ? 3 : 9;
/** Time spent per implementation per round (at least one run). */
const ROUND_MS = QUICK ? 60 : 120;

type Impl = 'wasm-1t' | 'wasm-all' | 'cpu' | 'tfjs-wasm' | 'tfjs-cpu' | 'copy';
const IMPLS: Impl[] = ['wasm-1t', 'wasm-all', 'cpu', 'tfjs-wasm', 'tfjs-cpu'];
type Unit = 'GFLOP/s' | 'GB/s' | 'steps/s';

interface Row {
  op: string;
  impl: Impl;
  /** Median milliseconds per run. */
  ms: number;
  /** Tenth percentile of the runs (the speed when the machine is least busy). */
  p10: number;
  /** GFLOP/s, GB/s or steps/s. */
  rate: number;
  unit: Unit;
  runs: number;
}

const rows: Row[] = [];
const wasmBackend = () => engine.backendInstance('wasm') as sl.WasmBackend;

async function waitForWorkers(): Promise<void> {
  const wasm = wasmBackend();
  wasm.startWorkers();
  const start = performance.now();
  while (wasm.readyWorkers() < sl.getWasmThreads() - 1 && performance.now() - start < 10000) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function activate(impl: Impl): Promise<void> {
  if (impl === 'wasm-1t' || impl === 'wasm-all' || impl === 'copy') {
    await sl.setBackend('wasm');
    sl.setWasmThreads(impl === 'wasm-all' ? 'auto' : 1);
    if (impl === 'wasm-all') await waitForWorkers();
  } else if (impl === 'cpu') {
    await sl.setBackend('cpu');
  } else {
    await tf.setBackend(impl === 'tfjs-wasm' ? 'wasm' : 'cpu');
    await tf.ready();
  }
}

/** One runnable implementation of an op: `run` does one timed run; `free` releases its inputs. */
interface Runner {
  impl: Impl;
  run: () => void;
  free: () => void;
}

/**
 * Time every runner in interleaved rounds (warm-up first: wasm code tiers up from Liftoff to TurboFan per
 * function and per thread) and record the medians.
 */
async function measure(op: string, unit: Unit, work: number, runners: Runner[], warmups = 20): Promise<void> {
  const samples = new Map<Impl, number[]>(runners.map((r) => [r.impl, []]));
  for (const r of runners) {
    await activate(r.impl);
    const slow = r.impl === 'cpu' || r.impl === 'tfjs-cpu';
    for (let i = 0; i < (slow ? 1 : warmups); i++) r.run();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of runners) {
      await activate(r.impl);
      const list = samples.get(r.impl)!;
      const start = performance.now();
      do {
        const t0 = performance.now();
        r.run();
        list.push(performance.now() - t0);
      } while (performance.now() - start < ROUND_MS);
    }
  }
  for (const r of runners) {
    await activate(r.impl);
    r.free();
    const list = samples.get(r.impl)!.sort((a, b) => a - b);
    const ms = list[list.length >> 1]!;
    const row: Row = {
      op,
      impl: r.impl,
      ms,
      p10: list[Math.floor(list.length / 10)]!,
      rate: unit === 'steps/s' ? 1000 / ms : work / ms / 1e6,
      unit,
      runs: list.length,
    };
    rows.push(row);
    process.stdout.write(
      `  ${op.padEnd(30)} ${r.impl.padEnd(10)} ${ms.toFixed(3).padStart(10)} ms ${row.rate.toFixed(2).padStart(9)} ${unit}  (${list.length} runs)\n`,
    );
  }
}

/** Runners for an op on every implementation (minus `skip`), inputs made once per implementation. */
async function runners(
  shapes: number[][],
  sparse: (xs: sl.Tensor[]) => sl.Tensor,
  tfjs: (xs: tf.Tensor[]) => tf.Tensor,
  skip: Impl[] = [],
): Promise<Runner[]> {
  const data = shapes.map((s, i) =>
    values(
      s.reduce((a, b) => a * b, 1),
      i + 1,
    ),
  );
  const out: Runner[] = [];
  for (const impl of IMPLS) {
    if (skip.includes(impl)) continue;
    await activate(impl);
    if (impl.startsWith('tfjs')) {
      const xs = data.map((d, i) => tf.tensor(d, shapes[i]!));
      out.push({ impl, run: () => tfjs(xs).dispose(), free: () => tf.dispose(xs) });
    } else {
      const xs = data.map((d, i) => sl.tensor(d, { shape: shapes[i]! }));
      out.push({ impl, run: () => sl.tidy(() => sparse(xs)).dispose(), free: () => sl.dispose(xs) });
    }
  }
  return out;
}

/** A plain copy of `bytes` bytes inside the wasm heap (the kernels' bulk `memory.copy`). */
async function copyRunner(bytes: number): Promise<Runner> {
  await activate('copy');
  const wasm = wasmBackend();
  const src = wasm.alloc(bytes / 4, 'float32');
  const dst = wasm.alloc(bytes / 4, 'float32');
  wasm.k.fill32(src.ptr, bytes / 4, 0x3f800000);
  return {
    impl: 'copy',
    run: () => wasm.k.copy_bytes(dst.ptr, src.ptr, bytes),
    free: () => {
      wasm.disposeData(src);
      wasm.disposeData(dst);
    },
  };
}

function layerNormTf(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
  });
}

/** One training step of the tour's MLP (64-128-10, ReLU, batch 64, Adam, cross-entropy). */
async function trainingRunners(): Promise<Runner[]> {
  const x = values(64 * 64, 7).map((v) => (v + 1) / 2);
  const y = Int32Array.from({ length: 64 }, (_, i) => (i * 7) % 10);
  const out: Runner[] = [];
  for (const impl of ['wasm-1t', 'wasm-all', 'cpu'] as Impl[]) {
    await activate(impl);
    const model = new sl.nn.MLP([64, 128, 10], { activation: 'relu', rng: new sl.random.Rng(0) });
    const params = model.namedParameters();
    const opt = new sl.optim.Adam(params, { lr: 3e-3 });
    const xb = sl.tensor(x, { shape: [64, 64] });
    const yb = sl.tensor(y);
    const lossOf = sl.valueAndGrad(() => sl.nn.crossEntropyWithLogits(model.forward(xb), yb));
    out.push({
      impl,
      run: () =>
        sl.tidy(() => {
          const { value, grads } = lossOf(params);
          opt.step(grads);
          return sl.mean(value).dataSync()[0];
        }),
      free: () => {
        sl.dispose([xb, yb]);
        model.dispose();
        opt.dispose?.();
      },
    });
  }
  return out;
}

function summary(): string {
  const by = (op: string, impl: Impl) => rows.find((r) => r.op === op && r.impl === impl);
  const ops = [...new Set(rows.map((r) => r.op))];
  const header = [
    'op',
    'unit',
    ...IMPLS,
    'copy',
    'all / tfjs-wasm',
    '1t / tfjs-wasm',
    'all / cpu',
    'all / copy',
  ];
  const lines = [header.join(' | '), header.map(() => '---').join(' | ')];
  for (const op of ops) {
    const cell = (impl: Impl) => {
      const r = by(op, impl);
      return r === undefined ? '–' : r.rate.toFixed(r.rate >= 100 ? 0 : 2);
    };
    const ratio = (x: Impl, y: Impl, pct = false) => {
      const a = by(op, x);
      const b = by(op, y);
      if (a === undefined || b === undefined) return '–';
      return pct ? `${((a.rate / b.rate) * 100).toFixed(0)}%` : `${(a.rate / b.rate).toFixed(2)}x`;
    };
    lines.push(
      [
        op,
        rows.find((r) => r.op === op)!.unit,
        ...IMPLS.map(cell),
        cell('copy'),
        ratio('wasm-all', 'tfjs-wasm'),
        ratio('wasm-1t', 'tfjs-wasm'),
        ratio('wasm-all', 'cpu'),
        ratio('wasm-all', 'copy', true),
      ].join(' | '),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  process.stdout.write(
    `sparseland core benchmark: ${cpus()[0]?.model ?? 'cpu'}, ${CORES} cores, Node ${process.version}, ` +
      `${ROUNDS} interleaved rounds${QUICK ? ' (quick)' : ''}, load average ${loadavg()[0]!.toFixed(2)}\n`,
  );
  await activate('tfjs-wasm');
  process.stdout.write(
    `tfjs ${tf.version_core}: wasm SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, ` +
      `threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}; sparseland wasm threads: ${CORES}\n`,
  );

  if (runs('matmul')) {
    for (const n of QUICK ? [256, 512] : [256, 512, 1024, 2048]) {
      // cpu baselines take seconds per 2048 product
      const skip: Impl[] = n >= 2048 ? ['cpu', 'tfjs-cpu'] : [];
      const mm = await runners(
        [
          [n, n],
          [n, n],
        ],
        ([a, b]) => sl.matmul(a!, b!),
        ([a, b]) => tf.matMul(a!, b!),
        skip,
      );
      await measure(`matmul ${n}x${n}x${n}`, 'GFLOP/s', 2 * n ** 3, mm, n >= 1024 ? 3 : 20);
    }
    const batched = await runners(
      [
        [8, 128, 64],
        [8, 64, 128],
      ],
      ([a, b]) => sl.matmul(a!, b!),
      ([a, b]) => tf.matMul(a!, b!),
    );
    await measure('matmul [8,128,64]x[8,64,128]', 'GFLOP/s', 2 * 8 * 128 * 64 * 128, batched);
  }

  if (runs('memory')) {
    const rowsN = QUICK ? 1024 : 4096;
    const big = rowsN * 1024;
    const sm = await runners(
      [[rowsN, 1024]],
      ([x]) => sl.softmax(x!),
      ([x]) => tf.softmax(x!),
    );
    await measure(`softmax [${rowsN},1024]`, 'GB/s', 2 * big * 4, [...sm, await copyRunner(big * 4)]);
    const ln = await runners(
      [[rowsN, 1024], [1024], [1024]],
      ([x, w, b]) => sl.layerNorm(x!, { weight: w!, bias: b!, eps: 1e-5 }),
      ([x, w, b]) => layerNormTf(x!, w!, b!),
    );
    await measure(`layer norm [${rowsN},1024]`, 'GB/s', 2 * big * 4, [...ln, await copyRunner(big * 4)]);
    const addN = QUICK ? 4 * 1024 * 1024 : 16 * 1024 * 1024;
    const add = await runners(
      [[addN], [addN]],
      ([a, b]) => sl.add(a!, b!),
      ([a, b]) => tf.add(a!, b!),
    );
    // add moves 3 arrays: the copy that moves as many bytes copies 1.5 arrays
    await measure(`add ${addN / 1024 / 1024}M`, 'GB/s', 3 * addN * 4, [
      ...add,
      await copyRunner(1.5 * addN * 4),
    ]);
  }

  if (runs('training')) await measure('tour MLP training step', 'steps/s', 0, await trainingRunners(), 20);

  const loadAtEnd = loadavg()[0]!;
  process.stdout.write(
    `\n${summary()}\n\nload average at the end: ${loadAtEnd.toFixed(2)} (other processes share these cores)\n`,
  );
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`core-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpu: cpus()[0]?.model, cores: CORES, node: process.version },
        tfjs: tf.version_core,
        quick: QUICK,
        groups: ONLY ?? 'all',
        rounds: ROUNDS,
        loadAverageAtEnd: loadAtEnd,
        rows,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote ${file.pathname}\n`);
  sl.setWasmThreads('auto');
}

await main();
