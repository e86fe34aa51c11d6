/**
 * GPU benchmark of @sparseland/core's `webgpu` backend against tfjs 4.22's `webgpu` backend, on the same
 * adapter in the same process: matmul 1024 to 8192, batched attention-shaped matmuls (QK^T and PV),
 * softmax and layer norm, float32.
 *
 * Timing excludes readback. Each op runs in batches after a warm-up (pipelines compiled, buffers pooled):
 * - `wall`: a batch is encoded, submitted and awaited (`onSubmittedWorkDone`); milliseconds per op, median
 *   over rounds.
 * - `gpu`: when the adapter has `timestamp-query`, the summed durations of the compute passes of one batch,
 *   per op (ours: timestamps on every pass of the backend; tfjs: `tf.time()`'s kernelMs, also pass
 *   timestamps). Implementations may quantise timestamps (Dawn's default is 100 us), so long batches only.
 * Throughput is GFLOP/s for matmuls (2mnk per product) and GB/s for softmax and layer norm (input read
 * plus output written); the fraction of the device's float32 peak is printed when the peak is known
 * (`GPU_PEAK_GFLOPS`, or a table of known adapters).
 *
 * Never a benchmark on software adapters (lavapipe, SwiftShader): there it runs tiny sizes as a smoke test
 * and says so. `BENCH_QUICK=1` runs fewer sizes and rounds.
 *
 * Run: `pnpm bench:gpu` (root) or `pnpm bench:gpu` in packages/core. Writes
 * benchmarks/results/gpu-<date>.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs-core';
import { getGpu } from '../src/backends/webgpu/device.js';
import { engine } from '../src/engine.js';
import * as sl from '../src/index.js';
import { values } from './values.js';

const QUICK = process.env.BENCH_QUICK === '1';

/** A benchmark case: the op in both libraries, its work, and how the rate is counted. */
interface Case {
  name: string;
  /** Floating-point operations per run (matmuls), or bytes moved per run (memory-bound ops). */
  work: number;
  unit: 'GFLOP/s' | 'GB/s';
  /** Build the inputs; returns the op for each library and a cleanup. */
  setup: () => { ours: () => void; tfjs: () => void; dispose: () => void };
}

interface Row {
  case: string;
  impl: 'sparseland' | 'tfjs-webgpu';
  wallMs: number;
  gpuMs: number | null;
  rate: number;
  gpuRate: number | null;
  unit: string;
  peakFraction: number | null;
}

/** Float32 peak (GFLOP/s, non-tensor-core FMA) of adapters seen in this project, by description. */
const KNOWN_PEAKS: [RegExp, number][] = [
  [/H200|H100/i, 67000],
  [/A100/i, 19500],
  [/L4\b/i, 30300],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  // one GPU object for both libraries: tfjs-backend-webgpu reads navigator.gpu when it is imported
  const gpu = await getGpu();
  if (gpu === undefined) throw new Error('no WebGPU implementation (install the webgpu package)');
  if ((globalThis as { navigator?: unknown }).navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  }
  const tf = (await import('@tensorflow/tfjs-core')) as typeof TF;
  await import('@tensorflow/tfjs-backend-webgpu');
  await tf.setBackend('webgpu');
  await tf.ready();
  // biome-ignore lint/suspicious/noExplicitAny: tfjs-backend-webgpu internals (device, submitQueue)
  const tfb = tf.backend() as any;

  await sl.setBackend('webgpu');
  const ours = engine.backendInstance('webgpu') as sl.WebGPUBackend;
  const smoke = ours.isFallbackAdapter || process.env.BENCH_SMOKE === '1';
  const description = Object.values(ours.adapterInfo).join(' ') || 'unknown adapter';
  const peak =
    Number(process.env.GPU_PEAK_GFLOPS) || KNOWN_PEAKS.find(([re]) => re.test(description))?.[1] || null;
  const timestamps = ours.hasTimestamps && tfb.supportTimestampQuery === true;
  console.log(`adapter: ${description}${ours.isFallbackAdapter ? ' (software fallback adapter)' : ''}`);
  console.log(`timestamps: ${timestamps ? 'yes' : 'no'}; float32 peak: ${peak ?? 'unknown'} GFLOP/s`);
  if (smoke) console.log('SMOKE TEST on a software adapter: tiny sizes, the numbers mean nothing.');

  const rounds = QUICK || smoke ? 3 : 7;
  const batchMs = smoke ? 20 : 200;

  const flushOurs = () => ours.sync();
  const flushTf = async () => {
    if (tfb.commandEncoder != null) {
      tfb.endComputePassEncoder();
      tfb.submitQueue();
    }
    await tfb.device.queue.onSubmittedWorkDone();
  };

  const matmulCase = (n: number): Case => ({
    name: `matmul ${n}`,
    work: 2 * n * n * n,
    unit: 'GFLOP/s',
    setup: () => {
      const a = values(n * n, 1);
      const b = values(n * n, 2);
      const sa = sl.tensor(a, { shape: [n, n] });
      const sb = sl.tensor(b, { shape: [n, n] });
      const ta = tf.tensor(a, [n, n]);
      const tb = tf.tensor(b, [n, n]);
      return {
        ours: () => sl.matmul(sa, sb).dispose(),
        tfjs: () => tf.matMul(ta, tb).dispose(),
        dispose: () => {
          sl.dispose([sa, sb]);
          tf.dispose([ta, tb]);
        },
      };
    },
  });
  const attentionCase = (bh: number, t: number, d: number, which: 'QK^T' | 'PV'): Case => ({
    name: `attention ${which} [${bh}, ${t}, ${d}]`,
    work: 2 * bh * t * t * d,
    unit: 'GFLOP/s',
    setup: () => {
      // QK^T: [bh, t, d] x [bh, t, d]^T -> [bh, t, t]; PV: [bh, t, t] x [bh, t, d] -> [bh, t, d]
      const aShape = which === 'QK^T' ? [bh, t, d] : [bh, t, t];
      const bShape = [bh, t, d];
      const a = values(
        aShape.reduce((x, y) => x * y),
        3,
      );
      const b = values(
        bShape.reduce((x, y) => x * y),
        4,
      );
      const sa = sl.tensor(a, { shape: aShape });
      const sb = sl.tensor(b, { shape: bShape });
      const ta = tf.tensor(a, aShape);
      const tb = tf.tensor(b, bShape);
      const transposeB = which === 'QK^T';
      return {
        ours: () => sl.matmul(sa, sb, { transposeB }).dispose(),
        tfjs: () => tf.matMul(ta, tb, false, transposeB).dispose(),
        dispose: () => {
          sl.dispose([sa, sb]);
          tf.dispose([ta, tb]);
        },
      };
    },
  });
  const softmaxCase = (rows: number, n: number): Case => ({
    name: `softmax [${rows}, ${n}]`,
    work: 2 * rows * n * 4,
    unit: 'GB/s',
    setup: () => {
      const x = values(rows * n, 7);
      const sx = sl.tensor(x, { shape: [rows, n] });
      const tx = tf.tensor(x, [rows, n]);
      return {
        ours: () => sl.softmax(sx).dispose(),
        tfjs: () => tf.softmax(tx).dispose(),
        dispose: () => {
          sx.dispose();
          tx.dispose();
        },
      };
    },
  });
  const layerNormCase = (rows: number, n: number): Case => ({
    name: `layer norm [${rows}, ${n}] (tfjs: composite)`,
    work: 2 * rows * n * 4,
    unit: 'GB/s',
    setup: () => {
      const x = values(rows * n, 8);
      const w = values(n, 9);
      const b = values(n, 10);
      const sx = sl.tensor(x, { shape: [rows, n] });
      const sw = sl.tensor(w);
      const sb = sl.tensor(b);
      const tx = tf.tensor(x, [rows, n]);
      const tw = tf.tensor(w);
      const tb = tf.tensor(b);
      return {
        ours: () => sl.layerNorm(sx, { weight: sw, bias: sb, eps: 1e-5 }).dispose(),
        tfjs: () =>
          tf
            .tidy(() => {
              const { mean, variance } = tf.moments(tx, -1, true);
              return tf.add(tf.mul(tf.mul(tf.sub(tx, mean), tf.rsqrt(tf.add(variance, 1e-5))), tw), tb);
            })
            .dispose(),
        dispose: () => {
          sl.dispose([sx, sw, sb]);
          tf.dispose([tx, tw, tb]);
        },
      };
    },
  });

  const sizes = smoke ? [128] : QUICK ? [1024, 2048, 4096] : [1024, 2048, 4096, 8192];
  const cases: Case[] = [
    ...sizes.map(matmulCase),
    ...(smoke
      ? [
          attentionCase(2, 64, 16, 'QK^T'),
          attentionCase(2, 64, 16, 'PV'),
          softmaxCase(64, 128),
          layerNormCase(64, 128),
        ]
      : [
          attentionCase(32, 1024, 64, 'QK^T'),
          attentionCase(32, 1024, 64, 'PV'),
          softmaxCase(32 * 1024, 1024),
          layerNormCase(8192, 1024),
        ]),
  ];

  const rows: Row[] = [];
  for (const c of cases) {
    const s = c.setup();
    for (const impl of ['sparseland', 'tfjs-webgpu'] as const) {
      const run = impl === 'sparseland' ? s.ours : s.tfjs;
      const flush = impl === 'sparseland' ? flushOurs : flushTf;
      // warm-up: pipelines, pools
      run();
      await flush();
      const t0 = performance.now();
      run();
      await flush();
      const one = Math.max(performance.now() - t0, 0.01);
      const iters = Math.max(1, Math.min(200, Math.ceil(batchMs / one)));
      const wall: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const start = performance.now();
        for (let i = 0; i < iters; i++) run();
        await flush();
        wall.push((performance.now() - start) / iters);
      }
      let gpuMs: number | null = null;
      if (timestamps) {
        if (impl === 'sparseland') {
          ours.startPassTimestamps();
          for (let i = 0; i < iters; i++) run();
          gpuMs = (await ours.stopPassTimestamps()).ms / iters;
        } else {
          const info = await tf.time(() => {
            for (let i = 0; i < iters; i++) run();
          });
          gpuMs = typeof info.kernelMs === 'number' ? info.kernelMs / iters : null;
        }
      }
      const wallMs = median(wall);
      const rate = c.work / (wallMs * 1e6);
      const gpuRate = gpuMs !== null && gpuMs > 0 ? c.work / (gpuMs * 1e6) : null;
      const best = Math.max(rate, gpuRate ?? 0);
      rows.push({
        case: c.name,
        impl,
        wallMs,
        gpuMs,
        rate,
        gpuRate,
        unit: c.unit,
        peakFraction: c.unit === 'GFLOP/s' && peak !== null ? best / peak : null,
      });
      const fmt = (v: number | null, d = 2) => (v === null ? '-' : v.toFixed(d));
      console.log(
        `${c.name.padEnd(40)} ${impl.padEnd(12)} wall ${fmt(wallMs, 3).padStart(9)} ms ${fmt(rate, 1).padStart(9)} ${c.unit}` +
          `  gpu ${fmt(gpuMs, 3).padStart(9)} ms ${fmt(gpuRate, 1).padStart(9)}` +
          (c.unit === 'GFLOP/s' && peak !== null ? `  ${((100 * best) / peak).toFixed(1)}% of peak` : ''),
      );
    }
    s.dispose();
  }

  console.log('\nratio sparseland / tfjs-webgpu (wall time; > 1 is faster):');
  for (const c of cases) {
    const a = rows.find((r) => r.case === c.name && r.impl === 'sparseland')!;
    const b = rows.find((r) => r.case === c.name && r.impl === 'tfjs-webgpu')!;
    console.log(`  ${c.name.padEnd(40)} ${(b.wallMs / a.wallMs).toFixed(2)}x`);
  }

  const date = new Date().toISOString();
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/gpu-${date.replace(/[:.]/g, '-')}.json`, import.meta.url);
  writeFileSync(
    file,
    `${JSON.stringify({ date, adapter: ours.adapterInfo, fallback: ours.isFallbackAdapter, smoke, peak, timestamps, rows }, null, 2)}\n`,
  );
  console.log(`\nwrote ${file.pathname}`);
  ours.dispose();
  tfb.device?.destroy?.();
}

await main();
