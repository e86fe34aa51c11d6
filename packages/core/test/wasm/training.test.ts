/**
 * The tour's MLP (examples/tour/src/sections/core-mlp.ts: 64-128-10, ReLU, Adam 3e-3, batch 64) trained with
 * autograd on the vendored digits reaches the same test accuracy on wasm as on cpu, within noise.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  argmax,
  equal,
  mean,
  memory,
  nn,
  optim,
  random,
  setBackend,
  setWasmThreads,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '../../src/index.js';

interface Digits {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

function loadDigits(): Digits {
  const url = new URL('../../../../examples/tour/data/digits.csv.gz', import.meta.url);
  const rows = gunzipSync(readFileSync(url)).toString('utf8').trim().split('\n');
  const x = new Float32Array(rows.length * 64);
  const y = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    for (let j = 0; j < 64; j++) x[i * 64 + j] = cells[j]! / 16;
    y[i] = cells[64]!;
  });
  return { x, y, n: rows.length };
}

/** A fixed shuffle (mulberry32 Fisher-Yates), independent of the library. */
function shuffle(n: number, seed: number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  let a = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

function take(d: Digits, idx: Int32Array): Digits {
  const x = new Float32Array(idx.length * 64);
  const y = new Int32Array(idx.length);
  idx.forEach((src, i) => {
    x.set(d.x.subarray(src * 64, src * 64 + 64), i * 64);
    y[i] = d.y[src]!;
  });
  return { x, y, n: idx.length };
}

/** Train for `epochs` on `backend` and return the test accuracy and final training loss. */
async function train(
  backend: string,
  train: Digits,
  test: Digits,
  epochs: number,
): Promise<{ acc: number; loss: number }> {
  await setBackend(backend);
  const before = memory().numTensors;
  const model = new nn.MLP([64, 128, 10], { activation: 'relu', rng: new random.Rng(0) });
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: 3e-3 });
  let xb: Tensor | undefined;
  let yb: Tensor | undefined;
  const lossOf = valueAndGrad(() => nn.crossEntropyWithLogits(model.forward(xb!), yb!));
  let loss = Number.NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffle(train.n, 100 + epoch);
    let total = 0;
    let batches = 0;
    for (let b = 0; b < train.n; b += 64) {
      const batch = take(train, order.subarray(b, Math.min(b + 64, train.n)));
      total += tidy(() => {
        xb = tensor(batch.x, { shape: [batch.n, 64] });
        yb = tensor(batch.y);
        const { value, grads } = lossOf(params);
        opt.step(grads);
        return mean(value).dataSync()[0]!;
      });
      batches++;
    }
    loss = total / batches;
  }
  const acc = tidy(() => {
    const logits = model.forward(tensor(test.x, { shape: [test.n, 64] }));
    return sum(equal(argmax(logits, 1), tensor(test.y))).dataSync()[0]! / test.n;
  });
  model.dispose();
  opt.dispose?.();
  expect(memory().numTensors).toBe(before);
  return { acc, loss };
}

describe('training the tour MLP', () => {
  it('reaches the same test accuracy on wasm (1 and all threads) as on cpu', async () => {
    const data = loadDigits();
    const order = shuffle(data.n, 0);
    const trainSet = take(data, order.subarray(0, data.n - 360));
    const testSet = take(data, order.subarray(data.n - 360));
    const epochs = 4;
    const cpu = await train('cpu', trainSet, testSet, epochs);
    setWasmThreads(1);
    const wasm1 = await train('wasm', trainSet, testSet, epochs);
    setWasmThreads('auto');
    const wasmN = await train('wasm', trainSet, testSet, epochs);
    await setBackend('wasm');
    for (const r of [cpu, wasm1, wasmN]) expect(r.acc).toBeGreaterThan(0.9);
    // float32 sums in another order: the trajectories drift apart a little, the accuracy does not
    expect(Math.abs(wasm1.acc - cpu.acc)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(wasmN.acc - cpu.acc)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(wasm1.loss - cpu.loss)).toBeLessThan(0.02);
    // the thread count never changes a result
    expect(wasmN.acc).toBe(wasm1.acc);
    expect(wasmN.loss).toBe(wasm1.loss);
  }, 60000);
});
