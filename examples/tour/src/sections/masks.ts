import {
  argmax,
  equal,
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
import {
  attachSparseLinears,
  flopReport,
  type RecipeInput,
  recipeToJSON,
  Sparsifier,
} from '@sparseland/masks';
import { batchOf, DIGITS_MLP, type Digits, loadDigits, split } from '../digits.js';
import { ProgressBar } from '../progress.js';

/** What the masks section reports. */
export interface MasksResult {
  layers: number[];
  epochs: number;
  recipe: string;
  denseAccuracy: number;
  sparseAccuracy: number;
  sparsity: number;
  perLayer: { name: string; sparsity: number }[];
  params: { dense: number; sparse: number };
  flops: { dense: number; sparse: number };
  csrAccuracy: number;
  csrAgreement: number;
  csrMaxAbsDiff: number;
  seconds: number;
  leakedTensors: number;
}

const { layers: LAYERS, epochs: EPOCHS, batch: BATCH, testSize: TEST_SIZE, seed: SEED } = DIGITS_MLP;
const SPARSITY = 0.9;

function predict(model: nn.MLP, d: Digits): { logits: Float32Array; pred: Int32Array; accuracy: number } {
  return tidy(() => {
    const logits = model.forward(tensor(d.x, { shape: [d.n, 64] }));
    const pred = argmax(logits, 1);
    const hits = sum(equal(pred, tensor(d.y))).dataSync()[0]!;
    return {
      logits: logits.dataSync() as Float32Array,
      pred: Int32Array.from(pred.dataSync() as ArrayLike<number>),
      accuracy: hits / d.n,
    };
  });
}

/** Train the tour MLP for `EPOCHS` (under a Sparsifier when a recipe is given); the bar counts both runs. */
function train(
  model: nn.MLP,
  data: Digits,
  rng: random.Rng,
  bar: ProgressBar,
  offset: number,
  label: string,
  recipe?: RecipeInput,
): Sparsifier | undefined {
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: 3e-3 });
  const sp = recipe === undefined ? undefined : new Sparsifier(model, recipe, { optimizer: opt });
  sp?.prepare();
  let xb: Tensor | undefined;
  let yb: Tensor | undefined;
  const lossFn = () => nn.crossEntropyWithLogits(model.forward(xb!), yb!);
  const dense = valueAndGrad(lossFn);
  let step = offset;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const perm = random.permutation(data.n, { rng });
    const idx = perm.dataSync() as Int32Array;
    perm.dispose();
    for (let b = 0; b < data.n; b += BATCH) {
      const loss = tidy(() => {
        ({ x: xb, y: yb } = batchOf(data, idx.subarray(b, Math.min(b + BATCH, data.n))));
        const { value, grads } = sp === undefined ? dense(params) : sp.valueAndGrad(lossFn);
        opt.step(grads);
        return mean(value).dataSync()[0]!;
      });
      sp?.step();
      bar.update(++step, `${label} epoch ${epoch + 1}/${EPOCHS} loss ${loss.toFixed(4)}`);
    }
  }
  opt.dispose?.();
  return sp;
}

/**
 * Masks: prune the tour MLP with gradual magnitude pruning to 90% (Zhu & Gupta) during training, compare
 * it with the dense model, account parameters and FLOPs, then export the pruned Linear layers to CSR and
 * check that the sparse model (kernels' `sparseLinear`) predicts the same classes.
 */
export function runMasks(): MasksResult {
  const started = performance.now();
  const baseline = memory().numTensors;
  const data = loadDigits();
  const order = random.permutation(data.n, { seed: SEED });
  const { train: trainSet, test } = split(data, order.dataSync() as Int32Array, TEST_SIZE);
  order.dispose();

  const perEpoch = Math.ceil(trainSet.n / BATCH);
  const steps = EPOCHS * perEpoch;
  const bar = new ProgressBar('training', 2 * steps);

  const denseModel = new nn.MLP(LAYERS, { activation: 'relu', seed: SEED });
  train(denseModel, trainSet, new random.Rng(SEED), bar, 0, 'dense', undefined);
  const dense = predict(denseModel, test);
  denseModel.dispose();

  const model = new nn.MLP(LAYERS, { activation: 'relu', seed: SEED });
  const recipe: RecipeInput = {
    sparsity: SPARSITY,
    scorer: 'magnitude',
    distribution: 'uniform',
    schedule: { kind: 'gradual', start: 0, end: Math.round(0.6 * steps), frequency: perEpoch },
    method: 'prune',
  };
  const sp = train(model, trainSet, new random.Rng(SEED), bar, steps, 'gradual 90%', recipe)!;
  const report = sp.finalize();
  const masks = sp.masks();
  const sparse = predict(model, test);
  bar.done(`dense ${(dense.accuracy * 100).toFixed(2)}% sparse ${(sparse.accuracy * 100).toFixed(2)}%`);

  const flops = flopReport(model, masks, { batch: 1 });
  const attached = attachSparseLinears(model, masks, { format: 'csr' });
  const csr = predict(model, test);
  attached.detach();
  let agree = 0;
  let maxDiff = 0;
  for (let i = 0; i < test.n; i++) if (csr.pred[i] === sparse.pred[i]) agree++;
  for (let i = 0; i < csr.logits.length; i++)
    maxDiff = Math.max(maxDiff, Math.abs(csr.logits[i]! - sparse.logits[i]!));

  const result: MasksResult = {
    layers: LAYERS,
    epochs: EPOCHS,
    recipe: recipeToJSON(sp.recipe, 0),
    denseAccuracy: dense.accuracy,
    sparseAccuracy: sparse.accuracy,
    sparsity: report.sparsity,
    perLayer: report.layers.map((l) => ({ name: l.name, sparsity: l.sparsity })),
    params: { dense: flops.params.dense, sparse: flops.params.sparse },
    flops: { dense: flops.inference.dense, sparse: flops.inference.sparse },
    csrAccuracy: csr.accuracy,
    csrAgreement: agree / test.n,
    csrMaxAbsDiff: maxDiff,
    seconds: 0,
    leakedTensors: 0,
  };
  for (const m of Object.values(masks)) m.dispose();
  sp.dispose();
  model.dispose();
  result.seconds = (performance.now() - started) / 1000;
  result.leakedTensors = memory().numTensors - baseline;
  return result;
}
