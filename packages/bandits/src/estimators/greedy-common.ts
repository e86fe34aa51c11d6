/**
 * Shared pieces of the greedy estimators.
 *
 * @module
 */
import type { FitOutput } from '../base/linear-model.js';
import { invalidParam } from '../errors.js';
import type { Design } from '../internal/design.js';
import { type GreedyResult, supportKkt } from '../solvers/greedy.js';

/** The sparsity level: `nNonzeroCoefs`, or `max(⌊0.1·d⌋, 1)` when null; checked against `d`. @internal */
export function sparsity(nNonzeroCoefs: number | null, d: number, fn: string): number {
  const k = nNonzeroCoefs ?? Math.max(Math.floor(0.1 * d), 1);
  if (k > d) throw invalidParam(fn, 'nNonzeroCoefs', `be <= the number of features (${d})`, k);
  return k;
}

/** Fit output of a greedy solver. @internal */
export function greedyOutput(design: Design, res: GreedyResult): FitOutput {
  return {
    w: res.w,
    info: {
      nIter: res.nIter,
      converged: res.converged,
      kktMax: supportKkt(design, res.w, res.support),
      objective: res.objective,
    },
    extra: { support: res.support, stop: res.stop },
  };
}
