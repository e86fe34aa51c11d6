// Sparse linear bandits benchmark (spec §13.5 suite): d = 100, s = 5, K = 10, T = 1000, σ = 0.5, 10 seeds.
// SA-Lasso cumulative regret vs LinUCB (target ≤ 0.4×) at the defaults and with each policy's constant
// tuned on separate seeds; select latency p50 (targets: LinUCB ≤ 0.2 ms, Lasso policies ≤ 2 ms).
// Run: pnpm bench (or: tsx --conditions=@sparseland/source benchmarks/bandits.bench.ts)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DRLassoBandit,
  LinTS,
  LinUCB,
  OFUL,
  type Policy,
  RandomPolicy,
  SALasso,
  SparseLinearEnv,
  simulate,
  ThresholdedLassoBandit,
} from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'results'), { recursive: true });

const D = 100;
const S = 5;
const K = 10;
const T = 1000;
const SIGMA = 0.5;
const EVAL_SEEDS = Array.from({ length: 10 }, (_, i) => i);
const TUNE_SEEDS = [100, 101, 102, 103, 104];

const envOf = (seed: number) =>
  new SparseLinearEnv({ dim: D, nArms: K, sparsity: S, sigma: SIGMA, seed: 1000 + seed });

interface Summary {
  mean: number;
  stdErr: number;
  selectP50Ms: number;
  updateP50Ms: number;
  growth: number;
}

function percentile(v: number[], q: number): number {
  const s = v.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function run(make: (seed: number) => Policy, seeds: number[]): Summary {
  const totals: number[] = [];
  const half: number[] = [];
  const sel: number[] = [];
  const upd: number[] = [];
  for (const s of seeds) {
    const r = simulate(make(s), envOf(s), { T, seed: s, timing: true });
    totals.push(r.totalRegret);
    half.push(r.cumulativeRegret[T / 2 - 1]!);
    for (let t = 10; t < T; t++) {
      sel.push(r.selectMs![t]!);
      upd.push(r.updateMs![t]!);
    }
  }
  const m = totals.reduce((a, b) => a + b, 0) / totals.length;
  const sd = Math.sqrt(totals.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(totals.length - 1, 1));
  const h = half.reduce((a, b) => a + b, 0) / half.length;
  return {
    mean: m,
    stdErr: sd / Math.sqrt(totals.length),
    selectP50Ms: percentile(sel, 0.5),
    updateP50Ms: percentile(upd, 0.5),
    growth: m / h,
  };
}

function tune<P>(
  label: string,
  grid: P[],
  make: (p: P, seed: number) => Policy,
): { best: P; table: { value: P; mean: number }[] } {
  const table = grid.map((value) => ({ value, mean: run((s) => make(value, s), TUNE_SEEDS).mean }));
  const best = table.reduce((a, b) => (b.mean < a.mean ? b : a));
  console.log(
    `  tuning ${label}: ${table.map((r) => `${String(r.value)} → ${r.mean.toFixed(1)}`).join(', ')}; best ${String(best.value)}`,
  );
  return { best: best.value, table };
}

console.log(`bandits: d=${D}, s=${S}, K=${K}, T=${T}, σ=${SIGMA}, seeds ${EVAL_SEEDS.length}`);
const policies: Record<string, (seed: number) => Policy> = {
  RandomPolicy: (seed) => new RandomPolicy({ seed }),
  LinUCB: (seed) => new LinUCB({ seed }),
  OFUL: (seed) => new OFUL({ sigma: SIGMA, seed }),
  LinTS: (seed) => new LinTS({ v: SIGMA, seed }),
  SALasso: (seed) => new SALasso({ sigma: SIGMA, seed }),
  ThresholdedLassoBandit: (seed) => new ThresholdedLassoBandit({ sigma: SIGMA, seed }),
  'DRLassoBandit (arms independent: b̄ carries 1/K of the signal)': (seed) => new DRLassoBandit({ seed }),
};
const defaults: Record<string, Summary> = {};
for (const [name, make] of Object.entries(policies)) {
  defaults[name] = run(make, EVAL_SEEDS);
  const r = defaults[name]!;
  console.log(
    `  ${name.padEnd(24)} regret ${r.mean.toFixed(1).padStart(7)} ± ${r.stdErr.toFixed(1).padEnd(5)} R_T/R_T/2 ${r.growth.toFixed(2)}  select p50 ${r.selectP50Ms.toFixed(3)} ms  update p50 ${r.updateP50Ms.toFixed(3)} ms`,
  );
}
const ratioDefault = defaults.SALasso!.mean / defaults.LinUCB!.mean;
console.log(`  SA-Lasso / LinUCB at the defaults: ${ratioDefault.toFixed(3)} (target <= 0.4)`);

console.log('tuning on seeds 100-104 (disjoint from the evaluation seeds):');
const ucbTuned = tune('LinUCB alpha', [0.05, 0.1, 0.3, 1, 2], (alpha, seed) => new LinUCB({ alpha, seed }));
const saTuned = tune(
  'SALasso lambda0',
  [0.05, 0.1, 0.2, 0.25, 0.5, 1],
  (lambda0, seed) => new SALasso({ lambda0, seed }),
);
const ucbT = run((seed) => new LinUCB({ alpha: ucbTuned.best, seed }), EVAL_SEEDS);
const saT = run((seed) => new SALasso({ lambda0: saTuned.best, seed }), EVAL_SEEDS);
const ratioTuned = saT.mean / ucbT.mean;
console.log(
  `  tuned: LinUCB(α=${ucbTuned.best}) ${ucbT.mean.toFixed(1)} ± ${ucbT.stdErr.toFixed(1)}, SALasso(λ₀=${saTuned.best}) ${saT.mean.toFixed(1)} ± ${saT.stdErr.toFixed(1)}: ratio ${ratioTuned.toFixed(3)} (target <= 0.4)`,
);
const paperLambda = run((seed) => new SALasso({ lambda0: 2 * SIGMA, seed }), EVAL_SEEDS);
console.log(
  `  SALasso with the paper's λ₀ = 2σ = ${2 * SIGMA}: ${paperLambda.mean.toFixed(1)} ± ${paperLambda.stdErr.toFixed(1)} (ratio to LinUCB ${(paperLambda.mean / defaults.LinUCB!.mean).toFixed(2)})`,
);

writeFileSync(
  join(here, 'results', 'bandits.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      loadAverage: loadavg(),
      setup: { d: D, s: S, K, T, sigma: SIGMA, evalSeeds: EVAL_SEEDS, tuneSeeds: TUNE_SEEDS },
      defaults,
      ratioDefault,
      tuned: {
        linucbAlpha: ucbTuned,
        saLassoLambda0: saTuned,
        linucb: ucbT,
        saLasso: saT,
        ratio: ratioTuned,
      },
      saLassoPaperLambda0: paperLambda,
      targets: { ratio: 0.4, linucbSelectP50Ms: 0.2, lassoSelectP50Ms: 2 },
    },
    null,
    2,
  )}\n`,
);
