import {
  argmax,
  equal,
  getBackend,
  mean,
  memory,
  nn,
  optim,
  random,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '@sparseland/core';
import { batchOf, DIGITS_MLP, type Digits, loadDigits, split } from '../digits.js';
import { ProgressBar } from '../progress.js';

/** What the core section reports. */
export interface CoreMlpResult {
  backend: string;
  layers: number[];
  parameters: number;
  epochs: number;
  trainSize: number;
  testSize: number;
  testAccuracy: number;
  finalLoss: number;
  seconds: number;
  leakedTensors: number;
}

const { layers: LAYERS, epochs: EPOCHS, batch: BATCH, testSize: TEST_SIZE, seed: SEED } = DIGITS_MLP;

function accuracy(model: nn.MLP, d: Digits): number {
  return tidy(() => {
    const logits = model.forward(tensor(d.x, { shape: [d.n, 64] }));
    const hits = sum(equal(argmax(logits, 1), tensor(d.y))).dataSync()[0]!;
    return hits / d.n;
  });
}

/**
 * Core: train an MLP classifier on the digits with autograd and Adam, on a fixed seeded split.
 */
export function runCoreMlp(): CoreMlpResult {
  const started = performance.now();
  const baseline = memory().numTensors;
  const data = loadDigits();
  const order = random.permutation(data.n, { seed: SEED });
  const { train, test } = split(data, order.dataSync() as Int32Array, TEST_SIZE);
  order.dispose();

  const rng = new random.Rng(SEED);
  const model = new nn.MLP(LAYERS, { activation: 'relu', rng });
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: 3e-3 });
  const lossOf = valueAndGrad(() => nn.crossEntropyWithLogits(model.forward(xb!), yb!));
  let xb: Tensor | undefined;
  let yb: Tensor | undefined;

  const steps = EPOCHS * Math.ceil(train.n / BATCH);
  const bar = new ProgressBar('training', steps);
  let step = 0;
  let finalLoss = Number.NaN;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const perm = random.permutation(train.n, { rng });
    const idx = perm.dataSync() as Int32Array;
    perm.dispose();
    let epochLoss = 0;
    let batches = 0;
    for (let b = 0; b < train.n; b += BATCH) {
      epochLoss += tidy(() => {
        ({ x: xb, y: yb } = batchOf(train, idx.subarray(b, Math.min(b + BATCH, train.n))));
        const { value, grads } = lossOf(params);
        opt.step(grads);
        return mean(value).dataSync()[0]!;
      });
      batches++;
      bar.update(++step, `epoch ${epoch + 1}/${EPOCHS} loss ${(epochLoss / batches).toFixed(4)}`);
    }
    finalLoss = epochLoss / batches;
  }
  const testAccuracy = accuracy(model, test);
  bar.done(`loss ${finalLoss.toFixed(4)} test accuracy ${(testAccuracy * 100).toFixed(2)}%`);

  const result: CoreMlpResult = {
    backend: getBackend(),
    layers: LAYERS,
    parameters: model.numParameters(),
    epochs: EPOCHS,
    trainSize: train.n,
    testSize: test.n,
    testAccuracy,
    finalLoss,
    seconds: (performance.now() - started) / 1000,
    leakedTensors: 0,
  };
  model.dispose();
  opt.dispose?.();
  result.leakedTensors = memory().numTensors - baseline;
  return result;
}
