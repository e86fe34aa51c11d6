/**
 * Logged bandit data and the shared machinery of the off-policy estimators (spec §16): validation,
 * importance weights `w_i = π(a_i|x_i)/p_i`, and estimates with standard errors from per-round terms.
 *
 * @module
 */
import { invalidInput, shapeMismatch } from '../errors.js';
import type { BanditContext } from '../policies/policy.js';

/** One logged round `(x, a, r, p)` (Vowpal Wabbit's `(x, a, cost, p)` with a reward). */
export interface LoggedRound<C = BanditContext> {
  /** The context the logging policy saw. */
  context: C;
  /** The arm it played. */
  arm: number;
  /** The observed reward. */
  reward: number;
  /** The probability with which the logging policy played `arm` (in `(0, 1]`). */
  propensity: number;
}

/** The target policy to evaluate: its action probabilities `π(·|x)` (summing to 1). */
export type TargetPolicy<C = BanditContext> = (ctx: C) => ArrayLike<number>;

/** A reward model `q̂(x, ·)`: predicted mean reward of every arm. */
export type RewardModel<C = BanditContext> = (ctx: C) => ArrayLike<number>;

/** An off-policy estimate. */
export interface OpeEstimate {
  /** Estimated value of the target policy (mean reward per round). */
  value: number;
  /** Standard error (sample standard deviation of the per-round terms / √n; delta method for SNIPS). */
  stdErr: number;
  /** Normal 95% confidence interval `value ± 1.96·stdErr`. */
  ci95: [number, number];
  /** Rounds used. */
  n: number;
  /** Importance weights used (IPS family; self-normalised for SNIPS, so they sum to n). */
  weights?: Float64Array;
}

/** Validated logs. @internal */
export interface PreparedLogs<C> {
  n: number;
  K: number;
  contexts: C[];
  arms: Int32Array;
  rewards: Float64Array;
  propensities: Float64Array;
  /** `π(·|x_i)` for every round, row-major `n × K`. */
  pi: Float64Array;
}

/** Validates the logs and evaluates the target on every context. @internal */
export function prepareLogs<C>(
  fn: string,
  logs: readonly LoggedRound<C>[],
  target: TargetPolicy<C>,
): PreparedLogs<C> {
  if (!Array.isArray(logs) || logs.length === 0) {
    throw invalidInput(
      fn,
      'logs',
      'be a non-empty array of { context, arm, reward, propensity }',
      Array.isArray(logs) ? 0 : typeof logs,
    );
  }
  if (typeof target !== 'function')
    throw invalidInput(fn, 'target', 'be a function ctx → action probabilities', typeof target);
  const n = logs.length;
  const arms = new Int32Array(n);
  const rewards = new Float64Array(n);
  const propensities = new Float64Array(n);
  const contexts: C[] = [];
  let K = -1;
  let pi = new Float64Array(0);
  for (let i = 0; i < n; i++) {
    const l = logs[i]!;
    if (l === null || typeof l !== 'object')
      throw invalidInput(fn, `logs[${i}]`, 'be an object', l === null ? 'null' : typeof l);
    const probs = target(l.context);
    if (probs === null || typeof probs !== 'object' || typeof probs.length !== 'number') {
      throw invalidInput(fn, 'target', 'return an array of action probabilities', typeof probs);
    }
    if (K < 0) {
      K = probs.length;
      if (K < 1) throw invalidInput(fn, 'target', 'return at least one probability', 0);
      pi = new Float64Array(n * K);
    } else if (probs.length !== K) {
      throw shapeMismatch(
        fn,
        `target(logs[${i}].context)`,
        `have ${K} probabilities like round 0`,
        probs.length,
      );
    }
    let sum = 0;
    for (let a = 0; a < K; a++) {
      const p = probs[a]!;
      if (!(p >= 0 && p <= 1))
        throw invalidInput(fn, `target(logs[${i}].context)[${a}]`, 'be a probability in [0, 1]', p);
      pi[i * K + a] = p;
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-6) throw invalidInput(fn, `target(logs[${i}].context)`, 'sum to 1', sum);
    if (!Number.isInteger(l.arm) || l.arm < 0 || l.arm >= K) {
      throw invalidInput(
        fn,
        `logs[${i}].arm`,
        `be an integer in [0, ${K})`,
        typeof l.arm === 'number' ? l.arm : typeof l.arm,
      );
    }
    if (typeof l.reward !== 'number' || !Number.isFinite(l.reward)) {
      throw invalidInput(
        fn,
        `logs[${i}].reward`,
        'be a finite number',
        typeof l.reward === 'number' ? l.reward : typeof l.reward,
      );
    }
    if (typeof l.propensity !== 'number' || !(l.propensity > 0 && l.propensity <= 1)) {
      throw invalidInput(
        fn,
        `logs[${i}].propensity`,
        'be a probability in (0, 1]',
        typeof l.propensity === 'number' ? l.propensity : typeof l.propensity,
      );
    }
    arms[i] = l.arm;
    rewards[i] = l.reward;
    propensities[i] = l.propensity;
    contexts.push(l.context);
  }
  return { n, K, contexts, arms, rewards, propensities, pi };
}

/** `q̂(x_i, ·)` for every round, validated. @internal */
export function predictAll<C>(fn: string, L: PreparedLogs<C>, model: RewardModel<C>): Float64Array {
  if (typeof model !== 'function')
    throw invalidInput(fn, 'rewardModel', 'be a function ctx → predicted rewards', typeof model);
  const q = new Float64Array(L.n * L.K);
  for (let i = 0; i < L.n; i++) {
    const v = model(L.contexts[i]!);
    if (v === null || typeof v !== 'object' || v.length !== L.K) {
      throw shapeMismatch(
        fn,
        `rewardModel(logs[${i}].context)`,
        `return ${L.K} predictions`,
        v && typeof v === 'object' ? v.length : typeof v,
      );
    }
    for (let a = 0; a < L.K; a++) {
      const x = v[a]!;
      if (!Number.isFinite(x))
        throw invalidInput(fn, `rewardModel(logs[${i}].context)[${a}]`, 'be finite', x);
      q[i * L.K + a] = x;
    }
  }
  return q;
}

/** Importance weights `π(a_i|x_i)/p_i`. @internal */
export function importanceWeights<C>(L: PreparedLogs<C>): Float64Array {
  const w = new Float64Array(L.n);
  for (let i = 0; i < L.n; i++) w[i] = L.pi[i * L.K + L.arms[i]!]! / L.propensities[i]!;
  return w;
}

/** Mean, standard error and 95% interval of per-round terms. @internal */
export function fromTerms(z: Float64Array, extra: Partial<OpeEstimate> = {}): OpeEstimate {
  const n = z.length;
  let m = 0;
  for (const v of z) m += v;
  m /= n;
  let ss = 0;
  for (const v of z) ss += (v - m) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const stdErr = sd / Math.sqrt(n);
  return { value: m, stdErr, ci95: [m - 1.96 * stdErr, m + 1.96 * stdErr], n, ...extra };
}
