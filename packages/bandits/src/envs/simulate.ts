/**
 * The bandit loop: run a policy on an environment and record pseudo-regret (spec §1.3).
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import type { BanditContext, Policy } from '../policies/policy.js';
import type { Environment, EnvRound } from './environment.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Rounds (required). */
  T: number;
  /** The environment stream: contexts and noise (default 0). */
  seed?: number;
  /** Call `policy.update` after each round (default true). */
  learn?: boolean;
  /** Record the duration of every `select` and `update` in milliseconds (default false). */
  timing?: boolean;
}

/** What {@link simulate} returns. */
export interface SimulationResult {
  /** Rounds run. */
  T: number;
  /** Arms played. */
  arms: Int32Array;
  /** Observed (noisy) rewards. */
  rewards: Float64Array;
  /** Propensities reported by the policy. */
  propensities: Float64Array;
  /** Per-round pseudo-regret `max_a μ_a − μ_{a_t}`. */
  regret: Float64Array;
  /** Cumulative pseudo-regret (the regret curve). */
  cumulativeRegret: Float64Array;
  /** `cumulativeRegret[T − 1]`. */
  totalRegret: number;
  /** Per-round `select` time in ms (with `timing: true`). */
  selectMs?: Float64Array;
  /** Per-round `update` time in ms (with `timing: true`). */
  updateMs?: Float64Array;
}

/** @internal */
export function checkRun(fn: string, T: unknown, seed: unknown): void {
  if (!Number.isInteger(T) || (T as number) < 1)
    throw invalidInput(fn, 'T', 'be an integer >= 1', T as number);
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) {
    throw invalidInput(fn, 'seed', 'be a non-negative safe integer', seed as number);
  }
}

/**
 * Runs `policy` on `env` for `T` rounds on stream `seed`: context, `select`, reward, `update`. Records the
 * pseudo-regret `Σ_t max_a μ(x_t, a) − μ(x_t, a_t)` (means, not noisy rewards).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a bad `T` or `seed`; whatever the
 *   policy throws for the environment's contexts.
 * @example
 * ```ts
 * const env = new SparseLinearEnv({ dim: 100, nArms: 10, sparsity: 5, sigma: 0.5, seed: 1 });
 * const run = simulate(new LinUCB(), env, { T: 1000, seed: 0 });
 * run.cumulativeRegret; // the regret curve
 * ```
 */
export function simulate<C extends EnvRound & BanditContext>(
  policy: Policy<C> | Policy<BanditContext>,
  env: Environment<C>,
  opts: SimulateOptions,
): SimulationResult {
  const fn = 'simulate';
  if (opts === null || typeof opts !== 'object')
    throw invalidInput(fn, 'opts', 'be an object { T, seed? }', typeof opts);
  const { T } = opts;
  const seed = opts.seed ?? 0;
  checkRun(fn, T, seed);
  const learn = opts.learn ?? true;
  const timing = opts.timing ?? false;
  const p = policy as Policy<C>;
  const arms = new Int32Array(T);
  const rewards = new Float64Array(T);
  const propensities = new Float64Array(T);
  const regret = new Float64Array(T);
  const cumulativeRegret = new Float64Array(T);
  const selectMs = timing ? new Float64Array(T) : undefined;
  const updateMs = timing ? new Float64Array(T) : undefined;
  let cum = 0;
  for (let t = 0; t < T; t++) {
    const ctx = env.context(t, seed);
    const t0 = timing ? performance.now() : 0;
    const sel = p.select(ctx);
    if (selectMs) selectMs[t] = performance.now() - t0;
    const mu = env.means(ctx);
    let best = Number.NEGATIVE_INFINITY;
    for (const m of mu) if (m > best) best = m;
    const r = env.reward(ctx, sel.arm);
    arms[t] = sel.arm;
    rewards[t] = r;
    propensities[t] = sel.propensity;
    regret[t] = best - mu[sel.arm]!;
    cum += regret[t]!;
    cumulativeRegret[t] = cum;
    if (learn) {
      const t1 = timing ? performance.now() : 0;
      p.update(ctx, sel.arm, r);
      if (updateMs) updateMs[t] = performance.now() - t1;
    }
  }
  const out: SimulationResult = {
    T,
    arms,
    rewards,
    propensities,
    regret,
    cumulativeRegret,
    totalRegret: cum,
  };
  if (selectMs) out.selectMs = selectMs;
  if (updateMs) out.updateMs = updateMs;
  return out;
}

/** Options of {@link simulateMany}. */
export interface SimulateManyOptions {
  /** Rounds. */
  T: number;
  /** Streams to run (default `[0, …, 9]`). */
  seeds?: readonly number[];
}

/** Mean regret curve over several runs. */
export interface RegretCurves {
  /** Mean cumulative regret per round. */
  mean: Float64Array;
  /** Standard error of the mean per round. */
  stdErr: Float64Array;
  /** Total regret of each run. */
  totals: number[];
}

/**
 * Runs a fresh policy (`make(seed)`) on each stream and averages the regret curves.
 *
 * @example
 * ```ts
 * const curves = simulateMany((s) => new SALasso({ sigma: 0.5, seed: s }), env, { T: 1000 });
 * curves.mean[999]; // mean cumulative regret
 * ```
 */
export function simulateMany<C extends EnvRound & BanditContext>(
  make: (seed: number) => Policy<C> | Policy<BanditContext>,
  env: Environment<C>,
  opts: SimulateManyOptions,
): RegretCurves {
  const seeds = opts.seeds ?? Array.from({ length: 10 }, (_, i) => i);
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw invalidInput('simulateMany', 'seeds', 'be a non-empty array of seeds', typeof seeds);
  }
  const { T } = opts;
  checkRun('simulateMany', T, seeds[0]);
  const sum = new Float64Array(T);
  const sq = new Float64Array(T);
  const totals: number[] = [];
  for (const s of seeds) {
    const run = simulate(make(s), env, { T, seed: s });
    for (let t = 0; t < T; t++) {
      const v = run.cumulativeRegret[t]!;
      sum[t] = sum[t]! + v;
      sq[t] = sq[t]! + v * v;
    }
    totals.push(run.totalRegret);
  }
  const m = seeds.length;
  const mean = new Float64Array(T);
  const stdErr = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    mean[t] = sum[t]! / m;
    const v = m > 1 ? Math.max(sq[t]! / m - mean[t]! ** 2, 0) * (m / (m - 1)) : 0;
    stdErr[t] = Math.sqrt(v / m);
  }
  return { mean, stdErr, totals };
}
