/**
 * The wasm backend's threaded memory-bound kernels at sizes that take the threaded paths (at least 2^18
 * elements): softmax and log-softmax rows (the cheap exponential for narrow rows, the masked one for rows
 * with infinities, NaN or a wide span), layer norm and RMS norm, and float32 Sum / Max / Min / mean split by
 * rows, by column blocks or into fixed chunks. Each is compared with the cpu reference, and the results on 1
 * and 3 threads must be bit-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.js';
import {
  dispose,
  layerNorm,
  logSoftmax,
  max,
  mean,
  min,
  rmsNorm,
  setBackend,
  setWasmThreads,
  softmax,
  sum,
  type Tensor,
  tensor,
  tidy,
  type WasmBackend,
} from '../../src/index.js';
import { compareClose, toleranceFor } from '../../src/testing/index.js';

/** Elements above which the memory-bound kernels split their work over the threads. */
const THREADED = 1 << 18;

let wasm: WasmBackend;

async function useThreads(n: number): Promise<void> {
  setWasmThreads(n);
  wasm.startWorkers();
  const start = performance.now();
  while (wasm.readyWorkers() < n - 1) {
    if (performance.now() - start > 20000)
      throw new Error(`only ${wasm.readyWorkers()} of ${n - 1} workers started`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  await setBackend('wasm');
  wasm = engine.backendInstance('wasm') as WasmBackend;
});
afterAll(async () => {
  setWasmThreads('auto');
  await setBackend('wasm');
});

/** Deterministic values in [lo, hi) (mulberry32). */
function seeded(n: number, seed: number, lo = -4, hi = 4): Float32Array {
  let a = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  });
}

/**
 * `rows` rows of length `n`, of eight kinds in turn: plain values in [-4, 4); a wide span [-200, 10); large
 * values with a narrow span (1000 + [-4, 4)); one -Infinity; all -Infinity; one NaN; one +Infinity; values
 * in [-64, 16) (the widest rows the cheap exponential takes: |x| <= 64, span <= 80).
 */
function logits(rows: number, n: number, seed: number): Float32Array {
  const v = seeded(rows * n, seed);
  const u = seeded(rows * n, seed + 1, 0, 1);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const at = o + ((r * 7) % n);
    switch (r % 8) {
      case 1:
        for (let j = 0; j < n; j++) v[o + j] = -200 + 210 * u[o + j]!;
        break;
      case 2:
        for (let j = 0; j < n; j++) v[o + j] = 1000 + v[o + j]!;
        break;
      case 3:
        v[at] = Number.NEGATIVE_INFINITY;
        break;
      case 4:
        v.fill(Number.NEGATIVE_INFINITY, o, o + n);
        break;
      case 5:
        v[at] = Number.NaN;
        break;
      case 6:
        v[at] = Number.POSITIVE_INFINITY;
        break;
      case 7:
        for (let j = 0; j < n; j++) v[o + j] = -64 + 80 * u[o + j]!;
        break;
    }
  }
  return v;
}

/** One op on given inputs (values with shapes), on `backend`, read back. */
async function runOn(
  backend: string,
  op: (...xs: Tensor[]) => Tensor,
  inputs: readonly [Float32Array, number[]][],
): Promise<Float32Array> {
  await setBackend(backend);
  const xs = inputs.map(([v, shape]) => tensor(v, { shape }));
  const out = tidy(() => op(...xs).dataSync() as Float32Array);
  dispose(xs);
  return out;
}

/**
 * `op` on cpu, on wasm with 1 thread and with 3: wasm within the reduction tolerance of cpu, 1 and 3 threads
 * bit-identical, and the 3-thread run really threaded.
 */
async function check(
  label: string,
  op: (...xs: Tensor[]) => Tensor,
  inputs: readonly [Float32Array, number[]][],
): Promise<void> {
  const ref = await runOn('cpu', op, inputs);
  await useThreads(1);
  const one = await runOn('wasm', op, inputs);
  await useThreads(3);
  const jobs = wasm.threadedJobs;
  const three = await runOn('wasm', op, inputs);
  expect(wasm.threadedJobs, `${label}: threaded`).toBeGreaterThan(jobs);
  const report = compareClose(one, ref, toleranceFor('float32', 'reduction'));
  if (!report.ok) expect.fail(`${label}: ${report.message}`);
  expect(three.length).toBe(one.length);
  let differ = 0;
  for (let i = 0; i < one.length; i++) if (!Object.is(one[i], three[i])) differ++;
  expect(differ, `${label}: elements that differ between 1 and 3 threads`).toBe(0);
}

describe('softmax and log-softmax rows on the threads', () => {
  for (const n of [1, 3, 17, 255, 1023, 1024]) {
    const rows = Math.ceil(THREADED / n) + 5;
    const x = logits(rows, n, n);
    it(`[${rows}, ${n}]: narrow, wide, large, -inf, all -inf, NaN and +inf rows`, async () => {
      await check(`softmax n=${n}`, (t) => softmax(t), [[x, [rows, n]]]);
      await check(`logSoftmax n=${n}`, (t) => logSoftmax(t), [[x, [rows, n]]]);
    });
  }

  it('rows of -Infinity give NaN, a -Infinity entry gives exactly 0 (softmax) and -Infinity (log)', async () => {
    const n = 1023;
    const rows = Math.ceil(THREADED / n);
    const x = logits(rows, n, 3);
    await useThreads(3);
    const sm = await runOn('wasm', (t) => softmax(t), [[x, [rows, n]]]);
    const ls = await runOn('wasm', (t) => logSoftmax(t), [[x, [rows, n]]]);
    for (const r of [3, 4, 5, 6]) {
      const o = r * n;
      const at = o + ((r * 7) % n);
      if (r === 3) {
        expect(sm[at]).toBe(0);
        expect(ls[at]).toBe(Number.NEGATIVE_INFINITY);
        let total = 0;
        for (let j = 0; j < n; j++) total += sm[o + j]!;
        expect(total).toBeCloseTo(1, 5);
      } else {
        // all -inf, NaN and +inf rows: NaN everywhere, as the reference
        for (let j = 0; j < n; j++) {
          expect(sm[o + j]).toBeNaN();
          expect(ls[o + j]).toBeNaN();
        }
      }
    }
  });
});

describe('layer norm and RMS norm rows on the threads', () => {
  for (const n of [3, 17, 255, 1023, 1024]) {
    const rows = Math.ceil(THREADED / n) + 3;
    it(`[${rows}, ${n}]`, async () => {
      const x = seeded(rows * n, n, -3, 5);
      const w = seeded(n, n + 1, 0.5, 1.5);
      const b = seeded(n, n + 2);
      await check(`layerNorm n=${n}`, (t, wt, bt) => layerNorm(t, { weight: wt!, bias: bt!, eps: 1e-5 }), [
        [x, [rows, n]],
        [w, [n]],
        [b, [n]],
      ]);
      await check(`rmsNorm n=${n}`, (t, wt) => rmsNorm(t, { weight: wt!, eps: 1e-5 }), [
        [x, [rows, n]],
        [w, [n]],
      ]);
    });
  }
});

describe('float32 Sum / Max / Min / mean on the threads', () => {
  // [shape, axes]: fixed chunks (few long rows), row blocks, column blocks (one or a few outer blocks),
  // whole [r, inner] blocks, and every axis
  const cases: [number[], number[] | undefined][] = [
    [[(1 << 20) + 3], undefined],
    [[3, 200003], [1]],
    [[40, 70001], [1]],
    [[700, 1023], [0]],
    [[3, 1000, 257], [1]],
    [[64, 100, 50], [1]],
    [[1000, 301], undefined],
    [[2, 131075], [0]],
  ];
  for (const [shape, axes] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    it(`[${shape.join(', ')}] over ${axes === undefined ? 'every axis' : `axes ${axes.join(', ')}`}`, async () => {
      const x = seeded(size, size % 1000, -2, 6);
      for (const [name, op] of [
        ['sum', sum],
        ['max', max],
        ['min', min],
        ['mean', mean],
      ] as const) {
        await check(`${name} [${shape}]`, (t) => op(t, axes), [[x, shape]]);
      }
      // NaN wins in max / min (and poisons a sum), wherever it sits
      const withNaN = Float32Array.from(x);
      withNaN[Math.floor(size / 2) + 1] = Number.NaN;
      withNaN[size - 1] = Number.NEGATIVE_INFINITY;
      for (const [name, op] of [
        ['sum', sum],
        ['max', max],
        ['min', min],
      ] as const) {
        await check(`${name} with NaN [${shape}]`, (t) => op(t, axes), [[withNaN, shape]]);
      }
    });
  }
});
