// The random-supports evaluation protocol (spec §12): prediction error vs N for baselines on worst-case
// designs with uniformly random supports. A report: nothing is asserted, and none of these methods is
// the algorithm of Chandrasekaran, Meka & Stavropoulos (arXiv 2511.06211).
// Run: pnpm bench (or: tsx --conditions=@sparseland/source benchmarks/random-supports.bench.ts)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomSupportsProtocol } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'results'), { recursive: true });
const opts = {
  d: 64,
  k: 5,
  Ns: [40, 80, 160, 320],
  sigma: 0.1,
  reps: 3,
  methods: ['lasso', 'columnNormalize', 'whiten', 'puffer', 'omp', 'mcp'] as const,
};
const rows = randomSupportsProtocol({ ...opts, methods: [...opts.methods] });
for (const design of ['scaled', 'nearDependent', 'blockCorrelated'] as const) {
  console.log(
    `random supports, ${design} design (d = ${opts.d}, k = ${opts.k}, σ = ${opts.sigma}): (1/N)‖X(w* − ŵ)‖²`,
  );
  console.log(`  ${'method'.padEnd(16)}${opts.Ns.map((N) => `N=${N}`.padStart(12)).join('')}`);
  for (const m of opts.methods) {
    const cells = opts.Ns.map(
      (N) => rows.find((r) => r.design === design && r.method === m && r.N === N)!.predictionError,
    );
    console.log(`  ${m.padEnd(16)}${cells.map((v) => v.toExponential(2).padStart(12)).join('')}`);
  }
}
writeFileSync(
  join(here, 'results', 'random-supports.json'),
  `${JSON.stringify({ date: new Date().toISOString(), opts, rows }, null, 2)}\n`,
);
