/**
 * Logging helpers: record a policy's propensities, and synthetic logged data sets with known values.
 *
 * @module
 */

import type { Environment, EnvRound } from '../envs/environment.js';
import { checkRun } from '../envs/simulate.js';
import { invalidInput } from '../errors.js';
import { streamRng } from '../internal/rng-stream.js';
import type { BanditContext, Policy } from '../policies/policy.js';
import type { LoggedRound, TargetPolicy } from './logged-round.js';

/** Options of {@link collectLogs}. */
export interface CollectLogsOptions {
  /** Rounds. */
  T: number;
  /** Environment stream (default 0). */
  seed?: number;
  /** Let the policy learn while logging (default true). */
  learn?: boolean;
}

/**
 * Runs `policy` on `env` and records `(context, arm, reward, propensity)` with the propensities the
 * policy reports (a policy reporting NaN, e.g. `LinTS` without `propensitySamples`, cannot be logged).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a bad `T`/`seed` or a propensity
 *   that is not in `(0, 1]`.
 * @example
 * ```ts
 * const logs = collectLogs(new EpsilonGreedy({ epsilon: 0.2 }), env, { T: 1000 });
 * ips(logs, target);
 * ```
 */
export function collectLogs<C extends EnvRound & BanditContext>(
  policy: Policy<C> | Policy<BanditContext>,
  env: Environment<C>,
  opts: CollectLogsOptions,
): LoggedRound<C>[] {
  const seed = opts?.seed ?? 0;
  checkRun('collectLogs', opts?.T, seed);
  const learn = opts.learn ?? true;
  const p = policy as Policy<C>;
  const out: LoggedRound<C>[] = [];
  for (let t = 0; t < opts.T; t++) {
    const ctx = env.context(t, seed);
    const sel = p.select(ctx);
    if (!(sel.propensity > 0 && sel.propensity <= 1)) {
      throw invalidInput('collectLogs', 'policy', 'report propensities in (0, 1]', sel.propensity);
    }
    const r = env.reward(ctx, sel.arm);
    out.push({ context: ctx, arm: sel.arm, reward: r, propensity: sel.propensity });
    if (learn) p.update(ctx, sel.arm, r);
  }
  return out;
}

/** Options of {@link LoggedBanditDataset.generate}. */
export interface LoggedDatasetOptions {
  /** Logged rounds. */
  n: number;
  /** Softmax temperature of the behaviour policy on the true means (default 1; `Infinity` = uniform). */
  temperature?: number;
  /** Stream of contexts, actions and rewards (default 0). */
  seed?: number;
}

/**
 * Synthetic logs from a softmax behaviour policy `p(a|x) ∝ exp(μ(x, a)/τ)` on an environment's true
 * means, with the exact value of any target policy on the logged contexts.
 *
 * @example
 * ```ts
 * const data = LoggedBanditDataset.generate(env, { n: 2000, temperature: 0.5, seed: 1 });
 * ips(data.logs, target).value; // ≈ data.trueValue(target)
 * ```
 */
export class LoggedBanditDataset<C extends EnvRound & BanditContext> {
  /** The logged rounds. */
  readonly logs: LoggedRound<C>[];
  /** The environment. */
  readonly env: Environment<C>;
  /** The behaviour policy's temperature. */
  readonly temperature: number;

  private constructor(env: Environment<C>, logs: LoggedRound<C>[], temperature: number) {
    this.env = env;
    this.logs = logs;
    this.temperature = temperature;
  }

  /** Behaviour probabilities `softmax(μ(x, ·)/τ)` for a context. */
  behavior(ctx: C): Float64Array {
    return softmax(this.env.means(ctx), this.temperature);
  }

  /** `(1/n) Σ_i Σ_a π(a|x_i) μ(x_i, a)`: the target's exact expected reward on the logged contexts. */
  trueValue(target: TargetPolicy<C>): number {
    let v = 0;
    for (const l of this.logs) {
      const mu = this.env.means(l.context);
      const pi = target(l.context);
      for (let a = 0; a < mu.length; a++) v += pi[a]! * mu[a]!;
    }
    return v / this.logs.length;
  }

  /**
   * Draws `n` rounds: contexts from `env.context(t, seed)`, actions from the behaviour policy, rewards
   * from `env.reward`.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a bad `n`, `seed` or temperature.
   */
  static generate<C extends EnvRound & BanditContext>(
    env: Environment<C>,
    opts: LoggedDatasetOptions,
  ): LoggedBanditDataset<C> {
    const seed = opts?.seed ?? 0;
    checkRun('LoggedBanditDataset.generate', opts?.n, seed);
    const tau = opts.temperature ?? 1;
    if (!(tau > 0)) throw invalidInput('LoggedBanditDataset.generate', 'temperature', 'be > 0', tau);
    const logs: LoggedRound<C>[] = [];
    for (let t = 0; t < opts.n; t++) {
      const ctx = env.context(t, seed);
      const p = softmax(env.means(ctx), tau);
      const u = streamRng(seed, 7, t).next();
      let arm = 0;
      let acc = p[0]!;
      while (u >= acc && arm < p.length - 1) acc += p[++arm]!;
      logs.push({ context: ctx, arm, reward: env.reward(ctx, arm), propensity: p[arm]! });
    }
    return new LoggedBanditDataset(env, logs, tau);
  }
}

function softmax(mu: Float64Array, tau: number): Float64Array {
  const K = mu.length;
  if (tau === Number.POSITIVE_INFINITY) return new Float64Array(K).fill(1 / K);
  let m = Number.NEGATIVE_INFINITY;
  for (const v of mu) m = Math.max(m, v);
  const p = Float64Array.from(mu, (v) => Math.exp((v - m) / tau));
  let s = 0;
  for (const v of p) s += v;
  for (let a = 0; a < K; a++) p[a] = p[a]! / s;
  return p;
}
