// Sparsity vs test accuracy of the digits benchmark, one line per method, as an SVG (benchmarks/digits-accuracy.svg).
// `pnpm --filter @sparseland/masks bench:plot [results.json]` redraws it from a results file (default: the
// newest in benchmarks/results/); digits.bench.ts calls writePlot after a full run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lineChart, type PlotSeries } from './svg-plot.js';

/** One row of the results JSON (a method at one sparsity). */
export interface BenchRow {
  method: string;
  /** Plot line; older results files lack it (the method name is used). */
  plot?: string;
  target: number;
  mean: number;
  std: number;
}

/** The results JSON that digits.bench.ts writes. */
export interface BenchResults {
  date: string;
  layers: number[];
  epochs: number;
  seeds: number;
  backend: string;
  seconds: number;
  rows: BenchRow[];
  timing: Record<string, number | string>;
  /** N:M channel permutation: accuracy after one-shot 2:4 without / with permutation (newer files). */
  permutation?: { seed: number; default: number; permuted: number; efficacy: number[]; seconds: number }[];
}

/** The chart of a results object: x = sparsity (%), y = mean test accuracy (%) ± sample std; dense as a reference line. */
export function plotResults(r: BenchResults): string {
  const series = new Map<string, PlotSeries>();
  for (const row of r.rows) {
    const name = row.plot ?? row.method;
    let s = series.get(name);
    if (s === undefined) {
      s = { name, points: [] };
      series.set(name, s);
    }
    if (row.method === 'dense') s.reference = row.mean * 100;
    else s.points.push({ x: row.target * 100, y: row.mean * 100, err: row.std * 100 });
  }
  const ys = r.rows.map((row) => row.mean * 100);
  const low = Math.floor(Math.min(...ys) - 0.5);
  return lineChart({
    title: `digits MLP ${r.layers.join('-')}: test accuracy vs sparsity (${r.seeds} seeds, ${r.epochs} epochs; ${r.date.slice(0, 10)})`,
    xLabel: 'sparsity of the pruned weights (%)',
    yLabel: 'test accuracy (%), mean ± std',
    series: [...series.values()],
    xTicks: [50, 60, 70, 75, 80, 87.5, 90, 95],
    xRange: [45, 97],
    yRange: [low, 100],
    yStep: 1,
    xFormat: (x) => `${x}`,
  });
}

/** Write the chart next to this file; returns its URL. */
export function writePlot(r: BenchResults): URL {
  const url = new URL('./digits-accuracy.svg', import.meta.url);
  writeFileSync(url, plotResults(r));
  return url;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let file = process.argv[2];
  if (file === undefined) {
    const dir = new URL('./results/', import.meta.url);
    const newest = readdirSync(dir)
      .filter((f) => f.startsWith('digits-') && f.endsWith('.json'))
      .sort()
      .reverse()
      .find((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as BenchResults).rows.length > 0);
    if (newest === undefined)
      throw new Error('no results with rows in benchmarks/results/: run pnpm bench first');
    file = fileURLToPath(new URL(newest, dir));
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  console.log(`${file} -> ${writePlot(r).pathname}`);
}
