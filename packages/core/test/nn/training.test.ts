import { describe, expect, it } from 'vitest';
import {
  argmax,
  equal,
  mean,
  memory,
  mul,
  nn,
  optim,
  random,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '../../src/index.js';
import { maxAbsDiff } from './reference.js';

/** XOR in 2-D: four noisy clusters at (+-1.5, +-1.5), label 1 where the coordinates share a sign. */
function xor(seed: number): { x: Tensor; y: Tensor } {
  const rng = new random.Rng(seed);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 96; i++) {
    const sx = i % 2 === 1 ? 1 : -1;
    const sy = (i >> 1) % 2 === 1 ? 1 : -1;
    xs.push([1.5 * sx + 0.5 * rng.nextNormal(), 1.5 * sy + 0.5 * rng.nextNormal()]);
    ys.push(sx * sy > 0 ? 1 : 0);
  }
  return { x: tensor(xs), y: tensor(ys, { dtype: 'int32' }) };
}

function fit(sizes: number[], x: Tensor, y: Tensor, steps: number) {
  const model = new nn.MLP(sizes, { activation: 'relu', seed: 1 });
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: 0.05 });
  const lossOf = () => nn.crossEntropyWithLogits(model.forward(x), y);
  const initial = tidy(() => lossOf().dataSync()[0]!);
  let loss = initial;
  let live = -1;
  const liveAfter: number[] = [];
  for (let step = 0; step < steps; step++) {
    loss = tidy(() => {
      const { value, grads } = valueAndGrad(lossOf)(params);
      opt.step(grads);
      return value.dataSync()[0]!;
    });
    if (step === 0) live = memory().numTensors;
    else liveAfter.push(memory().numTensors - live);
  }
  const accuracy = tidy(() => mean(equal(argmax(model.forward(x), -1), y)).dataSync()[0]!);
  opt.dispose();
  model.dispose();
  return { initial, loss, accuracy, leaked: Math.max(...liveAfter.map(Math.abs)) };
}

describe('training', () => {
  it('an MLP fits XOR with Adam (a linear model cannot); a step under tidy leaks nothing', () => {
    const { x, y } = xor(0);
    const mlp = fit([2, 16, 2], x, y, 80);
    expect(mlp.leaked).toBe(0);
    expect(mlp.loss).toBeLessThan(mlp.initial / 20);
    expect(mlp.accuracy).toBeGreaterThanOrEqual(0.97);
    const linear = fit([2, 2], x, y, 80);
    expect(linear.accuracy).toBeLessThan(0.75);
  });

  it('a transformer block with AdamW and a warm-up cosine schedule drives a regression loss down', () => {
    const block = new nn.TransformerBlock(8, 2, { seed: 2, causal: true, mlpRatio: 2 });
    const x = random.normal([2, 4, 8], { seed: 3 });
    const target = random.normal([2, 4, 8], { seed: 4, std: 0.5 });
    const params = block.namedParameters();
    const opt = new optim.AdamW(params, {
      lr: optim.warmupCosine({ lr: 0.02, warmupSteps: 5, totalSteps: 40 }),
      weightDecay: 0.01,
    });
    const lossOf = () => nn.mse(block.forward(x), target);
    const initial = tidy(() => lossOf().dataSync()[0]!);
    let loss = initial;
    const before = memory().numTensors;
    for (let step = 0; step < 40; step++) {
      loss = tidy(() => {
        const { value, grads } = valueAndGrad(lossOf)(params);
        opt.step(grads);
        return value.dataSync()[0]!;
      });
    }
    expect(memory().numTensors).toBe(before);
    expect(loss).toBeLessThan(initial / 5);
    expect(opt.iterations).toBe(40);
    opt.dispose();
    block.dispose();
  });

  it('gradients of a transformer block match central differences (float64)', () => {
    const block = new nn.TransformerBlock(4, 2, { seed: 5, causal: true, mlpRatio: 2, dtype: 'float64' });
    const x = random.normal([1, 3, 4], { seed: 6, dtype: 'float64' });
    const weights = random.normal([1, 3, 4], { seed: 7, dtype: 'float64' });
    const params = block.namedParameters();
    // a weighted sum makes every output element matter differently
    const f = () => sum(mul(block.forward(x), weights));
    const { grads } = valueAndGrad(f)(params);
    const h = 1e-6;
    for (const [name, p] of Object.entries(params)) {
      const base = Float64Array.from(p.dataSync());
      const num: number[] = [];
      for (let i = 0; i < base.length; i++) {
        const at = (delta: number) =>
          tidy(() => {
            const v = Float64Array.from(base);
            v[i] = v[i]! + delta;
            p.assign(tensor(v, { shape: p.shape, dtype: 'float64' }));
            return f().dataSync()[0]!;
          });
        num.push((at(h) - at(-h)) / (2 * h));
      }
      p.assign(tensor(base, { shape: p.shape, dtype: 'float64' }));
      expect(maxAbsDiff(grads[name]!.dataSync(), num), name).toBeLessThan(1e-7);
    }
    block.dispose();
  });
});
