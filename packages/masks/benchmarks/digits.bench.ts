// Evaluation on real data (spec §10, issue 6): the digits MLP under every pruning family at equal training
// budgets, over 3 seeds. Not a test: `pnpm --filter @sparseland/masks bench` (or `npx tsx
// benchmarks/digits.bench.ts` here). Options by environment: BENCH_EPOCHS (default 30), BENCH_SEEDS (3),
// BENCH_HIDDEN (256), BENCH_ONLY (a regular expression on method names), BENCH_TABLE=0 (only the inference
// timing). Prints a table; writes JSON to benchmarks/results/ (git-ignored) and the plot to
// benchmarks/digits-accuracy.svg (committed; `pnpm bench:plot` redraws it from a results file).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  argmax,
  equal,
  getBackend,
  mean,
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
  channelPermutation,
  isoFlopWidePlan,
  nmMask,
  permuteLinearInputs,
  type RecipeInput,
  Sparsifier,
  slim,
} from '../src/index.js';
import { type BenchResults, writePlot } from './plot.js';

interface Digits {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 30);
const SEEDS = Number(process.env.BENCH_SEEDS ?? 3);
const HIDDEN = Number(process.env.BENCH_HIDDEN ?? 256);
const LAYERS = [64, HIDDEN, HIDDEN, 10];
const BATCH = 64;
const TEST_SIZE = 360;
const SPLIT_SEED = 0;
const LR = 3e-3;
const SPARSITIES = [0.5, 0.8, 0.9, 0.95];

/** The tour's vendored digits (examples/tour/data/digits.csv.gz; the loader logic is copied, not imported). */
function loadDigits(): Digits {
  const url = new URL('../../../examples/tour/data/digits.csv.gz', import.meta.url);
  const rows = gunzipSync(readFileSync(url)).toString('utf8').trim().split('\n');
  const x = new Float32Array(rows.length * 64);
  const y = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== 65) throw new Error(`digits.csv.gz: bad row ${i + 1}`);
    for (let j = 0; j < 64; j++) x[i * 64 + j] = cells[j]! / 16;
    y[i] = cells[64]!;
  });
  return { x, y, n: rows.length };
}

function take(d: Digits, idx: ArrayLike<number>): Digits {
  const x = new Float32Array(idx.length * 64);
  const y = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i]!;
    x.set(d.x.subarray(src * 64, src * 64 + 64), i * 64);
    y[i] = d.y[src]!;
  }
  return { x, y, n: idx.length };
}

function accuracy(model: nn.MLP, d: Digits): number {
  return tidy(() => {
    const logits = model.forward(tensor(d.x, { shape: [d.n, 64] }));
    return sum(equal(argmax(logits, 1), tensor(d.y))).dataSync()[0]! / d.n;
  });
}

/** One run: `layers`, seed, optional recipe (a function of the total step count); returns test accuracy. */
function run(
  train: Digits,
  test: Digits,
  layers: number[],
  seed: number,
  recipe?: (steps: number, perEpoch: number) => RecipeInput,
  after?: (model: nn.MLP, sp: Sparsifier | undefined) => void,
  opts: { epochs?: number; build?: (rng: random.Rng) => nn.MLP } = {},
): { accuracy: number; sparsity: number } {
  const rng = new random.Rng(seed);
  const model = opts.build?.(rng) ?? new nn.MLP(layers, { activation: 'relu', rng });
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: LR });
  const perEpoch = Math.ceil(train.n / BATCH);
  const steps = EPOCHS * perEpoch;
  const epochs = opts.epochs ?? EPOCHS;
  const sp =
    recipe === undefined ? undefined : new Sparsifier(model, recipe(steps, perEpoch), { optimizer: opt });
  sp?.prepare();
  let xb: Tensor | undefined;
  let yb: Tensor | undefined;
  const lossFn = () => nn.crossEntropyWithLogits(model.forward(xb!), yb!);
  const dense = valueAndGrad(lossFn);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const perm = random.permutation(train.n, { rng });
    const idx = perm.dataSync() as Int32Array;
    perm.dispose();
    for (let b = 0; b < train.n; b += BATCH) {
      tidy(() => {
        const batch = take(train, idx.subarray(b, Math.min(b + BATCH, train.n)));
        xb = tensor(batch.x, { shape: [batch.n, 64] });
        yb = tensor(batch.y);
        const { value, grads } = sp === undefined ? dense(params) : sp.valueAndGrad(lossFn);
        opt.step(grads);
        mean(value).dataSync();
      });
      sp?.step();
    }
  }
  const sparsity = sp === undefined ? 0 : sp.finalize().sparsity;
  const acc = accuracy(model, test);
  after?.(model, sp);
  sp?.dispose();
  opt.dispose();
  model.dispose();
  return { accuracy: acc, sparsity };
}

/** Hidden width `h` of a 64-h-h-10 MLP whose weight count matches `(1 − s)` of the big one's. */
function smallHidden(s: number): number {
  const target = (1 - s) * (64 * HIDDEN + HIDDEN * HIDDEN + HIDDEN * 10);
  // h² + 74h − target = 0
  return Math.max(1, Math.round((-74 + Math.sqrt(74 * 74 + 4 * target)) / 2));
}

interface Method {
  name: string;
  /** The line of the plot it belongs to (default: its name). */
  plot?: string;
  /** Sparsities it runs at (`[0]` for dense). */
  at: number[];
  layers?: (s: number) => number[];
  recipe?: (s: number) => ((steps: number, perEpoch: number) => RecipeInput) | undefined;
  /** Training epochs in all (default EPOCHS; IMP trains rounds + 1 times). */
  epochs?: (s: number) => number;
  /** Builds the model instead of `layers` (Sparse-IFT). */
  build?: (s: number) => (rng: random.Rng) => nn.MLP;
}

/** Columns of the table: the unstructured sparsities and the N:M ones (2:4, 1:4, 1:8). */
const COLUMNS = [0.5, 0.75, 0.8, 0.875, 0.9, 0.95];

/**
 * IMP (Frankle & Carbin; open_lth, spec §5): rounds of full training, each pruning a fraction p of the
 * remaining weights by global magnitude and rewinding to epoch 1 (late rewinding). open_lth prunes p = 0.2
 * per round; here the number of rounds is the fewest with p <= 0.2 that reach s, and p is set so that
 * 1 − (1 − p)^rounds = s exactly (50%: 4 rounds, 80%: 8, 90%: 11, 95%: 14).
 */
function impRounds(s: number): { rounds: number; p: number } {
  const rounds = Math.ceil(Math.log(1 - s) / Math.log(0.8) - 1e-9);
  return { rounds, p: 1 - (1 - s) ** (1 / rounds) };
}

const METHODS: Method[] = [
  { name: 'dense', at: [0] },
  {
    name: 'small dense (same #weights)',
    at: SPARSITIES,
    layers: (s) => [64, smallHidden(s), smallHidden(s), 10],
  },
  {
    name: 'one-shot magnitude + fine-tune',
    at: SPARSITIES,
    recipe: (s) => (steps) => ({ sparsity: s, schedule: { kind: 'oneShot', step: Math.round(steps / 2) } }),
  },
  {
    name: 'gradual magnitude',
    at: SPARSITIES,
    recipe: (s) => (steps, perEpoch) => ({
      sparsity: s,
      schedule: { kind: 'gradual', start: 0, end: Math.round(0.6 * steps), frequency: perEpoch },
    }),
  },
  {
    name: 'IMP (global, rewind to epoch 1; rounds × budget)',
    plot: 'IMP (rounds × budget)',
    at: SPARSITIES,
    epochs: (s) => (impRounds(s).rounds + 1) * EPOCHS,
    recipe: (s) => (steps, perEpoch) => ({
      sparsity: s,
      distribution: 'global',
      schedule: {
        kind: 'imp',
        rounds: impRounds(s).rounds,
        roundSteps: steps,
        pruneFraction: impRounds(s).p,
        rewindStep: perEpoch,
      },
    }),
  },
  {
    name: 'random (uniform)',
    at: COLUMNS,
    recipe: (s) => () => ({ sparsity: s, scorer: 'random', schedule: { kind: 'oneShot', step: 0 } }),
  },
  {
    name: 'random (ERK)',
    at: COLUMNS,
    recipe: (s) => () => ({
      sparsity: s,
      scorer: 'random',
      distribution: 'erk',
      schedule: { kind: 'oneShot', step: 0 },
    }),
  },
  {
    name: 'channel (L1, gradual, hidden units)',
    at: SPARSITIES,
    recipe: (s) => (steps, perEpoch) => ({
      sparsity: s,
      pattern: { kind: 'channel', axis: 'out' },
      exclude: ['layers.2.weight'],
      schedule: { kind: 'gradual', start: 0, end: Math.round(0.6 * steps), frequency: perEpoch },
    }),
  },
  ...(
    [
      [2, 4],
      [1, 4],
      [1, 8],
    ] as const
  ).map(
    ([n, m]): Method => ({
      name: `random ${n}:${m} (fixed)`,
      plot: 'random N:M (fixed)',
      at: [1 - n / m],
      recipe: () => () => ({
        sparsity: 1 - n / m,
        scorer: 'random',
        pattern: { kind: 'nm', keep: n, of: m },
        schedule: { kind: 'oneShot', step: 0 },
      }),
    }),
  ),
  {
    name: 'SR-STE 2:4',
    plot: 'SR-STE N:M',
    at: [0.5],
    recipe: () => () => ({ sparsity: 0.5, pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'srste' }),
  },
  {
    name: 'SR-STE 1:4',
    plot: 'SR-STE N:M',
    at: [0.75],
    recipe: () => () => ({ sparsity: 0.75, pattern: { kind: 'nm', keep: 1, of: 4 }, method: 'srste' }),
  },
  {
    name: 'SDGF 1:8',
    at: [0.875],
    recipe: () => (steps) => ({
      sparsity: 0.875,
      pattern: { kind: 'nm', keep: 1, of: 8 },
      method: { kind: 'sdgf', sparseSteps: Math.round(0.6 * steps) },
    }),
  },
  {
    name: 'SET (ERK)',
    at: [0.9],
    recipe: () => (steps, perEpoch) => ({
      sparsity: 0.9,
      scorer: 'random',
      distribution: 'erk',
      method: { kind: 'set', dropFraction: 0.3, interval: perEpoch, end: Math.round(0.75 * steps) },
    }),
  },
  {
    name: 'RigL (ERK)',
    at: [0.9],
    recipe: () => (steps, perEpoch) => ({
      sparsity: 0.9,
      scorer: 'random',
      distribution: 'erk',
      method: { kind: 'rigl', dropFraction: 0.3, interval: perEpoch, end: Math.round(0.75 * steps) },
    }),
  },
  {
    // Sparse-IFT Sparse Wide at s = 0.9: hidden layers sqrt(10)× wider (809), each layer at its dense FLOPs,
    // trained with RigL as in the paper. Iso-FLOP with dense (not iso-parameter): its column is s = 0.9.
    name: 'Sparse-IFT wide (RigL, iso-FLOP with dense)',
    at: [0.9],
    build: (s) => (rng) => new nn.MLP(isoFlopWidePlan(LAYERS, s).sizes, { activation: 'relu', rng }),
    recipe: (s) => (steps, perEpoch) => {
      const plan = isoFlopWidePlan(LAYERS, s);
      return {
        sparsity: plan.sparsity,
        scorer: 'random',
        distribution: { kind: 'uniform', overrides: plan.overrides, customMode: 'verbatim' },
        method: { kind: 'rigl', dropFraction: 0.3, interval: perEpoch, end: Math.round(0.75 * steps) },
      };
    },
  },
];

function stats(v: number[]): { mean: number; std: number; min: number; max: number } {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean: m, std: sd, min: Math.min(...v), max: Math.max(...v) };
}

const started = performance.now();
const data = loadDigits();
const order = random.permutation(data.n, { seed: SPLIT_SEED });
const idx = order.dataSync() as Int32Array;
const train = take(data, idx.subarray(0, data.n - TEST_SIZE));
const test = take(data, idx.subarray(data.n - TEST_SIZE));
order.dispose();
console.log(
  `digits ${train.n} train / ${test.n} test, MLP ${LAYERS.join('-')}, ${EPOCHS} epochs (batch ${BATCH}, Adam ${LR}), ` +
    `${SEEDS} seeds, backend ${getBackend()}`,
);

interface Row {
  method: string;
  plot: string;
  target: number;
  layers: number[];
  epochs: number;
  accuracies: number[];
  realised: number;
  mean: number;
  std: number;
}
const rows: Row[] = [];
const TABLE = process.env.BENCH_TABLE !== '0';
const ONLY = process.env.BENCH_ONLY === undefined ? undefined : new RegExp(process.env.BENCH_ONLY);
const pct = (v: number): string => (v * 100).toFixed(2);
for (const m of TABLE ? METHODS : []) {
  if (ONLY !== undefined && !ONLY.test(m.name)) continue;
  for (const s of m.at) {
    const layers = m.layers?.(s) ?? LAYERS;
    const recipe = m.recipe?.(s);
    const build = m.build?.(s);
    const epochs = m.epochs?.(s) ?? EPOCHS;
    const accs: number[] = [];
    let realised = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const r = run(train, test, layers, seed, recipe, undefined, {
        epochs,
        ...(build === undefined ? {} : { build }),
      });
      accs.push(r.accuracy);
      realised = r.sparsity;
    }
    if (m.layers !== undefined) {
      const w = (l: number[]) => l.slice(1).reduce((a, o, i) => a + o * l[i]!, 0);
      realised = 1 - w(layers) / w(LAYERS);
    }
    const st = stats(accs);
    rows.push({
      method: m.name,
      plot: m.plot ?? m.name,
      target: s,
      layers: build === undefined ? layers : isoFlopWidePlan(LAYERS, s).sizes,
      epochs,
      accuracies: accs,
      realised,
      mean: st.mean,
      std: st.std,
    });
    console.log(
      `  ${m.name.padEnd(44)} s=${pct(s).padStart(5)}%  acc ${pct(st.mean)} ± ${pct(st.std)}  ` +
        `(realised ${pct(realised)}%, ${epochs} epochs, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
}

// table: methods × sparsity; every cell also shows its gap to random (uniform) pruning at the same sparsity
const RANDOM = 'random (uniform)';
const header = `| method | ${COLUMNS.map((c) => `${pct(c)}%`).join(' | ')} |`;
const lines = [header, `|---|${COLUMNS.map(() => '---').join('|')}|`];
for (const m of METHODS) {
  const cells = COLUMNS.map((c) => {
    const r = rows.find((x) => x.method === m.name && (x.target === c || m.name === 'dense'));
    if (r === undefined) return '';
    const rnd = rows.find((x) => x.method === RANDOM && x.target === c);
    const delta =
      rnd === undefined || m.name === RANDOM
        ? ''
        : ` (${r.mean >= rnd.mean ? '+' : '−'}${pct(Math.abs(r.mean - rnd.mean))})`;
    return `${pct(r.mean)} ± ${pct(r.std)}${delta}`;
  });
  if (cells.some((c) => c !== '')) lines.push(`| ${m.name} | ${cells.join(' | ')} |`);
}
// inference time of the exported model (gradual magnitude 90%, seed 0): dense vs CSR through kernels
function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const timing: Record<string, number | string> = {};
const xTest = tensor(test.x, { shape: [test.n, 64] });
/** Median forward time (ms) of 50 runs after 10 warm-up runs, on the test set as one batch. */
function time(forward: () => Tensor): number {
  const t: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    tidy(() => forward().dataSync());
    t.push(performance.now() - t0);
  }
  return median(t.slice(10));
}
function predictions(forward: () => Tensor): Int32Array {
  return tidy(() => argmax(forward(), 1).dataSync() as Int32Array);
}
const same = (a: Int32Array, b: Int32Array) => a.every((v, i) => v === b[i]);
/** One inference comparison: train `recipe` (seed 0), then time the masked dense model against an export of it. */
interface ExportCase {
  key: string;
  label: string;
  recipe: (steps: number, perEpoch: number) => RecipeInput;
  exported: (model: nn.MLP, sp: Sparsifier) => { name: string; forward: () => Tensor; dispose: () => void };
}
const gradual90 = (steps: number, perEpoch: number) => ({
  kind: 'gradual' as const,
  start: 0,
  end: Math.round(0.6 * steps),
  frequency: perEpoch,
});
const EXPORTS: ExportCase[] = [
  {
    key: 'csr',
    label: 'gradual magnitude 90%',
    recipe: (steps, perEpoch) => ({ sparsity: 0.9, schedule: gradual90(steps, perEpoch) }),
    exported: (model, sp) => {
      const masks = sp.masks();
      const attached = attachSparseLinears(model, masks, { format: 'csr' });
      for (const m of Object.values(masks)) m.dispose();
      return {
        name: 'CSR sparseLinear',
        forward: () => model.forward(xTest),
        dispose: () => attached.detach(),
      };
    },
  },
  {
    key: 'nm',
    label: 'SR-STE 2:4',
    recipe: () => ({ sparsity: 0.5, pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'srste' }),
    exported: (model, sp) => {
      const masks = sp.masks();
      const attached = attachSparseLinears(model, masks, { format: 'nm', keep: 2, of: 4 });
      for (const m of Object.values(masks)) m.dispose();
      return {
        name: 'N:M sparseLinear',
        forward: () => model.forward(xTest),
        dispose: () => attached.detach(),
      };
    },
  },
  {
    key: 'slim',
    label: 'channel 90% (hidden units)',
    recipe: (steps, perEpoch) => ({
      sparsity: 0.9,
      pattern: { kind: 'channel', axis: 'out' },
      exclude: ['layers.2.weight'],
      schedule: gradual90(steps, perEpoch),
    }),
    exported: (model, sp) => {
      const masks = sp.masks();
      const slimmed = slim(model, masks);
      for (const m of Object.values(masks)) m.dispose();
      return {
        name: `slim() ${slimmed.sizes.after.join('-')}`,
        forward: () => slimmed.model.forward(xTest),
        dispose: () => slimmed.model.dispose(),
      };
    },
  },
];
console.log(`\ninference, batch ${test.n}, median of 50 after 10 warm-ups (${getBackend()}):`);
for (const c of EXPORTS) {
  run(train, test, LAYERS, 0, c.recipe, (model, sp) => {
    const dense = time(() => model.forward(xTest));
    const before = predictions(() => model.forward(xTest));
    const e = c.exported(model, sp!);
    const ms = time(e.forward);
    const agree = same(before, predictions(e.forward));
    e.dispose();
    Object.assign(timing, {
      [`${c.key}DenseMs`]: dense,
      [`${c.key}Ms`]: ms,
      [`${c.key}Name`]: e.name,
      [`${c.key}SamePredictions`]: String(agree),
    });
    console.log(
      `  ${c.label}: masked dense ${dense.toFixed(2)} ms, ${e.name} ${ms.toFixed(2)} ms ` +
        `(${(dense / ms).toFixed(2)}x; same predictions: ${agree})`,
    );
  });
}
xTest.dispose();

// N:M channel permutation (Pool & Yu): a dense model (per seed), one-shot 2:4 magnitude pruning of every layer
// without fine-tuning, with and without permuting the inputs of layers 1 and 2 first (layer 0's inputs are
// the data's features). Reports test accuracy and each layer's efficacy.
const PERMUTE = process.env.BENCH_PERMUTE !== '0';
const permutation: {
  seed: number;
  default: number;
  permuted: number;
  efficacy: number[];
  seconds: number;
}[] = [];
/** Test accuracy after 2:4 magnitude pruning of every weight (the model's weights are restored afterwards). */
function prunedAccuracy(model: nn.MLP): number {
  const saved = model.layers.map((l) => Float32Array.from(l.weight.dataSync() as Float32Array));
  for (const l of model.layers) {
    const m = nmMask(l.weight, { keep: 2, of: 4 });
    const w = l.weight.dataSync() as Float32Array;
    const mv = m.dataSync();
    m.dispose();
    tidy(() =>
      l.weight.assign(
        tensor(
          w.map((v, i) => (mv[i] ? v : 0)),
          { shape: l.weight.shape },
        ),
      ),
    );
  }
  const acc = accuracy(model, test);
  model.layers.forEach((l, i) => {
    tidy(() => l.weight.assign(tensor(saved[i]!, { shape: l.weight.shape })));
  });
  return acc;
}
if (PERMUTE) console.log('\nN:M channel permutation, one-shot 2:4 of every layer, no fine-tuning:');
for (let seed = 0; PERMUTE && seed < SEEDS; seed++) {
  run(train, test, LAYERS, seed, undefined, (model) => {
    const before = prunedAccuracy(model);
    const t0 = performance.now();
    const efficacy: number[] = [];
    for (const i of [1, 2]) {
      const p = channelPermutation(model.layers[i]!.weight, { keep: 2, of: 4 });
      permuteLinearInputs(model.layers[i]!, model.layers[i - 1]!, p.permutation);
      efficacy.push(p.efficacy);
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = prunedAccuracy(model);
    permutation.push({ seed, default: before, permuted: after, efficacy, seconds });
    console.log(
      `  seed ${seed}: accuracy ${pct(before)} → ${pct(after)} with permutation ` +
        `(efficacy ${efficacy.map((e) => pct(e)).join('%, ')}%; search ${seconds.toFixed(1)} s)`,
    );
  });
}
Object.assign(timing, { batch: test.n, backend: getBackend() });
const seconds = (performance.now() - started) / 1000;
console.log(
  `\n${lines.join('\n')}\n\n(in parentheses: mean minus random (uniform) at the same sparsity)\n${seconds.toFixed(0)} s in all`,
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const out = new URL(
  `./results/digits-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  import.meta.url,
);
const results: BenchResults = {
  date: new Date().toISOString(),
  layers: LAYERS,
  epochs: EPOCHS,
  seeds: SEEDS,
  backend: getBackend(),
  seconds,
  rows,
  timing,
  permutation,
};
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`wrote ${out.pathname}`);
if (TABLE && ONLY === undefined) console.log(`wrote ${writePlot(results).pathname}`);
