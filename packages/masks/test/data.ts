/** A seeded synthetic classification task (digits-sized: 64 features, 10 classes) and a training loop. */
import {
  argmax,
  cast,
  equal,
  mean,
  nn,
  optim,
  random,
  slice,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '@sparseland/core';
import type { Sparsifier } from '../src/index.js';

export interface Task {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
}

/**
 * Gaussian classes whose means lie in a random 12-dimensional subspace of R^64 (so few input directions
 * matter and pruning has something to find), with unit noise.
 */
export function blobs(opts: {
  nTrain: number;
  nTest: number;
  seed: number;
  d?: number;
  classes?: number;
  sep?: number;
}): Task {
  const d = opts.d ?? 64;
  const c = opts.classes ?? 10;
  const sep = opts.sep ?? 0.3;
  const rng = new random.Rng(opts.seed);
  const k = 12;
  const basis = Array.from({ length: k }, () =>
    Array.from({ length: d }, () => rng.nextNormal() / Math.sqrt(d)),
  );
  const means = Array.from({ length: c }, () => {
    const z = Array.from({ length: k }, () => rng.nextNormal() * sep * 2);
    return Array.from(
      { length: d },
      (_, j) => z.reduce((a, zi, i) => a + zi * basis[i]![j]!, 0) * Math.sqrt(d / k),
    );
  });
  const make = (n: number) => {
    const x = new Float32Array(n * d);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const cls = i % c;
      y[i] = cls;
      for (let j = 0; j < d; j++) x[i * d + j] = means[cls]![j]! + rng.nextNormal();
    }
    return { x: tensor(x, { shape: [n, d] }), y: tensor(y, { shape: [n] }) };
  };
  const tr = make(opts.nTrain);
  const te = make(opts.nTest);
  return { xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y };
}

/** Accuracy of a model on (x, y). */
export function accuracy(model: { forward(x: Tensor): Tensor }, x: Tensor, y: Tensor): number {
  return tidy(() => mean(cast(equal(argmax(model.forward(x), -1), y), 'float32')).dataSync()[0]!);
}

/** Train with minibatches of `batch`, through the sparsifier when given. */
export function train(
  model: nn.Module & { forward(x: Tensor): Tensor },
  opt: optim.Optimizer<optim.OptimizerState>,
  task: Task,
  steps: number,
  opts: { batch?: number; sp?: Sparsifier; onStep?: (t: number) => void } = {},
): void {
  const batch = opts.batch ?? 64;
  const params = model.namedParameters();
  for (let t = 0; t < steps; t++) {
    tidy(() => {
      const loss = batchLoss(model, task, t, batch);
      const { grads } = opts.sp === undefined ? valueAndGrad(loss)(params) : opts.sp.valueAndGrad(loss);
      opt.step(grads);
    });
    opts.sp?.step();
    opts.onStep?.(t + 1);
  }
}

/** The loss of minibatch `t` (call inside a tidy). */
export function batchLoss(
  model: { forward(x: Tensor): Tensor },
  task: Task,
  t: number,
  batch = 64,
): () => Tensor {
  const n = task.xTrain.shape[0]!;
  const start = (t * batch) % (n - batch + 1);
  const xb = slice(task.xTrain, [start, 0], [batch, -1]);
  const yb = slice(task.yTrain, [start], [batch]);
  return () => nn.crossEntropyWithLogits(model.forward(xb), yb);
}

/** Hidden width of the test MLP (64-HIDDEN-10). */
export const HIDDEN = 128;
/** Training steps of the accuracy tests. */
export const STEPS = 200;

/** The test MLP. */
export function mlp(): nn.MLP {
  return new nn.MLP([64, HIDDEN, 10], { activation: 'relu', seed: 0 });
}

/** The task and the dense model's test accuracy after {@link STEPS} Adam steps. */
export function denseBaseline(): { task: Task; denseAcc: number } {
  const task = blobs({ nTrain: 2000, nTest: 1000, seed: 1 });
  const model = mlp();
  const opt = new optim.Adam(model.namedParameters(), { lr: 3e-3 });
  train(model, opt, task, STEPS);
  return { task, denseAcc: accuracy(model, task.xTest, task.yTest) };
}
