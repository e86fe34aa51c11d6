/**
 * Iterative magnitude pruning with rewinding (lottery tickets), spec §5.
 *
 * @module
 */
import { checkInt, checkNumber, checkOneOf, onlyFields } from '../internal/checks.js';
import type { ImpSpec, Schedule } from './schedule.js';

/** An IMP schedule, which also says when and where to rewind. */
export interface ImpSchedule extends Schedule<ImpSpec> {
  /** Sparsity after round `r`: `1 − (1 − p)^r`. */
  sparsityAfterRound(r: number): number;
  /** The round that ends at step `t` (1-based), or 0. */
  roundEndingAt(t: number): number;
}

/**
 * IMP: dense training for round 0, then after each round of `roundSteps` steps prune `pruneFraction` of the
 * remaining weights (the target sparsity passed to `sparsityAt` is ignored: the final sparsity is
 * `1 − (1−p)^rounds`). A `Sparsifier` rewinds the weights to step `rewindStep` after each pruning.
 *
 * @example
 * ```ts
 * const s = impSchedule({ rounds: 10, roundSteps: 100 });
 * s.sparsityAfterRound(10); // 0.8926258176 = 1 − 0.8^10
 * ```
 */
export function impSchedule(spec: Omit<ImpSpec, 'kind'> & { kind?: 'imp' }): ImpSchedule {
  const fn = 'impSchedule';
  onlyFields(
    spec as unknown as Record<string, unknown>,
    ['kind', 'rounds', 'roundSteps', 'pruneFraction', 'rewindStep', 'rewind'],
    fn,
    'spec',
  );
  const rounds = checkInt(spec.rounds, fn, 'spec.rounds', 1);
  const roundSteps = checkInt(spec.roundSteps, fn, 'spec.roundSteps', 1);
  const p = spec.pruneFraction ?? 0.2;
  checkNumber(p, fn, 'spec.pruneFraction', 0, 1);
  if (p === 0 || p === 1) checkNumber(Number.NaN, fn, 'spec.pruneFraction', 0, 1);
  const rewindStep = checkInt(spec.rewindStep ?? 0, fn, 'spec.rewindStep', 0, roundSteps - 1);
  const rewind = checkOneOf(spec.rewind ?? 'weights', ['weights', 'lr'] as const, fn, 'spec.rewind');
  const s: ImpSpec = { kind: 'imp', rounds, roundSteps, pruneFraction: p, rewindStep, rewind };
  const after = (r: number) => 1 - (1 - p) ** Math.min(rounds, Math.max(0, r));
  return {
    spec: s,
    sparsityAfterRound: after,
    roundEndingAt: (t) => (t > 0 && t % roundSteps === 0 && t / roundSteps <= rounds ? t / roundSteps : 0),
    sparsityAt: (t) => after(Math.floor(t / roundSteps)),
    isUpdateStep: (t) => t > 0 && t % roundSteps === 0 && t / roundSteps <= rounds,
    toJSON: () => ({ ...s }),
  };
}
