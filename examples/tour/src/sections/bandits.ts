import {
  LinTS,
  LinUCB,
  type Policy,
  RandomPolicy,
  SALasso,
  SparseLinearEnv,
  simulate,
  ThresholdedLassoBandit,
} from '@sparseland/bandits';
import { ProgressBar } from '../progress.js';

/** One policy's regret curve. */
export interface RegretCurve {
  name: string;
  marker: string;
  /** Mean cumulative pseudo-regret per round over the seeds. */
  curve: Float64Array;
  /** Median `select` time in milliseconds. */
  selectP50Ms: number;
}

/** What the bandits section reports. */
export interface BanditsResult {
  d: number;
  s: number;
  K: number;
  T: number;
  sigma: number;
  seeds: number;
  curves: RegretCurve[];
  plot: string[];
  seconds: number;
}

const D = 100;
const S = 5;
const K = 10;
const T = 1000;
const SIGMA = 0.5;
const SEEDS = 3;

const POLICIES: Array<[string, string, (seed: number) => Policy]> = [
  ['random', '·', (seed) => new RandomPolicy({ seed })],
  ['LinUCB', 'u', (seed) => new LinUCB({ seed })],
  ['LinTS', 't', (seed) => new LinTS({ v: SIGMA, seed })],
  ['thresholded Lasso', 'h', (seed) => new ThresholdedLassoBandit({ sigma: SIGMA, seed })],
  ['SA-Lasso', 'S', (seed) => new SALasso({ sigma: SIGMA, seed })],
];

/**
 * Draws curves on a character grid: x = round, y = cumulative regret (linear axes), one marker per
 * policy, later policies drawn over earlier ones. The y axis stops at `yMax` (default: 1.3 × the largest
 * final regret of the curves after the first, the baseline); a clipped curve runs along the top row.
 */
export function plotCurves(curves: RegretCurve[], width = 64, height = 16, yMax?: number): string[] {
  const T = curves[0]!.curve.length;
  let top = yMax ?? 0;
  if (yMax === undefined) for (const c of curves.slice(1)) top = Math.max(top, 1.3 * c.curve[T - 1]!);
  if (!(top > 0)) top = 1;
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  for (const c of curves) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(T - 1, Math.round(((x + 1) / width) * (T - 1)));
      const y = Math.min(height - 1, Math.round((c.curve[t]! / top) * (height - 1)));
      grid[height - 1 - y]![x] = c.marker;
    }
  }
  const label = (v: number) => v.toFixed(0).padStart(6);
  const lines = grid.map((row, i) => {
    const v = ((height - 1 - i) / (height - 1)) * top;
    const tick = i === 0 || i === height - 1 || i === Math.floor(height / 2) ? label(v) : ' '.repeat(6);
    return `  ${tick} ┤${row.join('')}`;
  });
  lines.push(`  ${' '.repeat(6)} └${'─'.repeat(width)}`);
  lines.push(
    `  ${' '.repeat(8)}0${'round'.padStart(Math.floor(width / 2) + 2)}${String(T).padStart(Math.ceil(width / 2) - 3)}`,
  );
  lines.push(
    `  ${' '.repeat(8)}${curves.map((c) => `${c.marker} ${c.name}`).join('   ')}   (clipped at the top)`,
  );
  return lines;
}

/**
 * Bandits: policies on a sparse linear problem (d = 100, s = 5, K = 10 arms, T = 1000), mean regret
 * curves over a few seeds drawn in the terminal.
 */
export function runBandits(): BanditsResult {
  const start = performance.now();
  const bar = new ProgressBar('simulating', POLICIES.length * SEEDS);
  const curves: RegretCurve[] = [];
  let done = 0;
  for (const [name, marker, make] of POLICIES) {
    const curve = new Float64Array(T);
    const sel: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const env = new SparseLinearEnv({ dim: D, nArms: K, sparsity: S, sigma: SIGMA, seed: 1000 + seed });
      const run = simulate(make(seed), env, { T, seed, timing: true });
      for (let t = 0; t < T; t++) curve[t] = curve[t]! + run.cumulativeRegret[t]! / SEEDS;
      for (let t = 10; t < T; t++) sel.push(run.selectMs![t]!);
      bar.update(++done, name);
    }
    sel.sort((a, b) => a - b);
    curves.push({ name, marker, curve, selectP50Ms: sel[sel.length >> 1]! });
  }
  bar.done();
  return {
    d: D,
    s: S,
    K,
    T,
    sigma: SIGMA,
    seeds: SEEDS,
    curves,
    plot: plotCurves(curves),
    seconds: (performance.now() - start) / 1000,
  };
}
