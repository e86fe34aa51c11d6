/**
 * The replay method (Li, Chu, Langford, Wang 2011).
 *
 * @module
 */
import { invalidInput } from '../errors.js';
import {
  fromTerms,
  type LoggedRound,
  type OpeEstimate,
  prepareLogs,
  type TargetPolicy,
} from './logged-round.js';

/**
 * Replay: the mean reward of the rounds where the logged arm is the target's action. Valid only for a
 * **deterministic** target under **uniform** logging (then it is unbiased); both are checked.
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` when the target is not deterministic, the
 *   logging is not uniform (`p_i ≠ 1/K`), or no round matches.
 * @example
 * ```ts
 * replay(uniformLogs, (ctx) => oneHot(greedyArm(ctx), K)).value;
 * ```
 */
export function replay<C>(logs: readonly LoggedRound<C>[], target: TargetPolicy<C>): OpeEstimate {
  const L = prepareLogs('replay', logs, target);
  const matched: number[] = [];
  for (let i = 0; i < L.n; i++) {
    if (Math.abs(L.propensities[i]! * L.K - 1) > 1e-9) {
      throw invalidInput(
        'replay',
        `logs[${i}].propensity`,
        `be 1/K = ${1 / L.K} (replay needs uniform logging)`,
        L.propensities[i]!,
      );
    }
    let ones = 0;
    for (let a = 0; a < L.K; a++) {
      const p = L.pi[i * L.K + a]!;
      if (p === 1) ones++;
      else if (p !== 0) {
        throw invalidInput(
          'replay',
          'target',
          'be deterministic (probabilities 0 or 1; use ips for stochastic targets)',
          p,
        );
      }
    }
    if (ones !== 1) throw invalidInput('replay', 'target', 'put probability 1 on one arm', ones);
    if (L.pi[i * L.K + L.arms[i]!] === 1) matched.push(L.rewards[i]!);
  }
  if (matched.length === 0)
    throw invalidInput('replay', 'logs', 'contain a round where the target agrees with the logged arm', 0);
  return fromTerms(Float64Array.from(matched));
}
