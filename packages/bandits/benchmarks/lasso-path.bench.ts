// Lasso path with 100 alphas timed against scikit-learn's lasso_path on the same data, same machine.
// Run: pnpm bench (or: tsx --conditions=@sparseland/source benchmarks/lasso-path.bench.ts [--runs 7] [--sizes 1000x5000,10000x1000])
// Each of the `runs` rounds times one call of ours and one of scikit-learn's (interleaved); medians are reported.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from '@sparseland/core';
import { lassoPath } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');
const dataDir = join(resultsDir, 'data');
mkdirSync(dataDir, { recursive: true });

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const runs = Number(arg('runs', '7'));
const sizes = arg('sizes', '1000x5000,10000x1000')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const nAlphas = 100;
const eps = 1e-3;

/** Dense Gaussian design, 20-sparse truth with ±(1..2) entries, noise 0.5 (seeded). */
function problem(n: number, d: number): { X: Float64Array; y: Float64Array } {
  const rng = new random.Rng(n * 7919 + d);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextNormal();
  const w = new Float64Array(d);
  for (let k = 0; k < 20; k++) w[rng.nextInt(d)] = (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * w[j]!;
    y[i] = s + 0.5 * rng.nextNormal();
  }
  return { X, y };
}

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

const report: Record<string, unknown>[] = [];
for (const [n, d] of sizes) {
  const { X, y } = problem(n, d);
  const prefix = join(dataDir, `lasso-n${n}-d${d}`);
  writeFileSync(`${prefix}.X.f64`, new Uint8Array(X.buffer));
  writeFileSync(`${prefix}.y.f64`, new Uint8Array(y.buffer));
  const design = { data: X, rows: n, cols: d };
  const times: number[] = [];
  const cpu: number[] = [];
  const skTimes: number[] = [];
  const skCpu: number[] = [];
  let res = lassoPath(design, y, { nAlphas, eps }); // warm-up (JIT)
  type SkRun = {
    median_s: number;
    times_s: number[];
    median_cpu_s: number;
    cpu_s: number[];
    version: string;
    alphas: number[];
    objectives: number[];
  };
  let sk: SkRun | undefined;
  // interleaved single runs (ours, then scikit-learn's after its own untimed warm-up call), so that both
  // sides see the same machine load when it drifts
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    res = lassoPath(design, y, { nAlphas, eps });
    times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    const py = spawnSync(
      '/usr/bin/python3',
      [
        join(here, 'sklearn_lasso_path.py'),
        prefix,
        String(n),
        String(d),
        '1',
        String(nAlphas),
        String(eps),
        '1',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (py.status !== 0) throw new Error(`scikit-learn run failed: ${py.stderr}`);
    sk = JSON.parse(py.stdout) as SkRun;
    skTimes.push(sk.times_s[0]!);
    skCpu.push(sk.cpu_s[0]!);
  }
  if (!sk) throw new Error('no runs');
  sk.median_s = median(skTimes);
  sk.times_s = skTimes;
  sk.median_cpu_s = median(skCpu);
  sk.cpu_s = skCpu;
  const ours = median(times);
  // objectives of our path, for parity
  let worstObj = 0;
  let worstAlpha = 0;
  for (let k = 0; k < nAlphas; k++) {
    const a = res.alphas[k]!;
    const w = res.coefs[k]!;
    let rss = 0;
    for (let i = 0; i < n; i++) {
      let s = y[i]!;
      for (let j = 0; j < d; j++) if (w[j] !== 0) s -= X[i * d + j]! * w[j]!;
      rss += s * s;
    }
    let l1 = 0;
    for (const v of w) l1 += Math.abs(v);
    const obj = rss / (2 * n) + a * l1;
    worstObj = Math.max(worstObj, (obj - sk.objectives[k]!) / sk.objectives[k]!);
    worstAlpha = Math.max(worstAlpha, Math.abs(a - sk.alphas[k]!) / sk.alphas[k]!);
  }
  const row = {
    n,
    d,
    nAlphas,
    eps,
    runs,
    oursMedianS: ours,
    oursTimesS: times,
    oursMedianCpuS: median(cpu),
    oursCpuS: cpu,
    sklearnMedianS: sk.median_s,
    sklearnTimesS: sk.times_s,
    sklearnMedianCpuS: sk.median_cpu_s,
    sklearnCpuS: sk.cpu_s,
    ratio: ours / sk.median_s,
    cpuRatio: median(cpu) / sk.median_cpu_s,
    loadAverage: loadavg(),
    sklearnVersion: sk.version,
    maxRelAlphaDiff: worstAlpha,
    maxRelObjectiveExcess: worstObj,
    totalEpochs: Array.from(res.nIters).reduce((a, b) => a + b, 0),
    converged: res.converged.every(Boolean),
  };
  report.push(row);
  console.log(
    `lassoPath n=${n} d=${d}: ours ${ours.toFixed(3)} s (cpu ${row.oursMedianCpuS.toFixed(2)} s), scikit-learn ${sk.median_s.toFixed(3)} s ` +
      `(cpu ${sk.median_cpu_s.toFixed(2)} s), ratio ${row.ratio.toFixed(2)}x wall, ${row.cpuRatio.toFixed(2)}x cpu (target <= 1.0x); ` +
      `objective excess ≤ ${worstObj.toExponential(1)}, epochs ${row.totalEpochs}`,
  );
}
writeFileSync(
  join(resultsDir, 'lasso-path.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results: report }, null, 2)}\n`,
);
