/**
 * Parameters and the fit routine shared by the coordinate-descent estimators.
 *
 * @module
 */
import { random } from '@sparseland/core';
import { bool, type Constraint, integer, interval, oneOf } from '../base/constraints.js';
import type { FitContext, FitOutput } from '../base/linear-model.js';
import type { Design } from '../internal/design.js';
import type { Penalty } from '../penalties/penalty.js';
import { coordinateDescent, type Screening } from '../solvers/cd.js';

/** Parameters of every coordinate-descent estimator (scikit-learn's names and defaults, camelCased). */
export interface CdParams {
  /** Regularisation strength `α ≥ 0` (default 1). */
  alpha: number;
  /** Fit an unpenalised intercept (default true). */
  fitIntercept: boolean;
  /** Scale columns to unit variance before fitting, then map the coefficients back (glmnet; default false). */
  standardize: boolean;
  /** Maximum epochs (default 1000). */
  maxIter: number;
  /** Relative tolerance: gap `≤ tol·‖y‖²/n` and scaled KKT `≤ tol` (default 1e-4). */
  tol: number;
  /** Start from the previous fit's coefficients (default false). */
  warmStart: boolean;
  /** Constrain coefficients to be `≥ 0` (default false). */
  positive: boolean;
  /** Coordinate order: `'cyclic'` or a seeded `'random'` permutation per epoch (default `'cyclic'`). */
  selection: 'cyclic' | 'random';
  /** Seed of the random order (default 0). */
  seed: number;
  /** Screening rule (default `'gap'`). */
  screening: Screening;
  /** Use working sets (default true). */
  workingSet: boolean;
  /** Anderson acceleration inside working sets (default `'anderson'`). */
  accel: 'anderson' | 'none';
  /** Throw `NOT_CONVERGED` instead of warning once (default false). */
  strict: boolean;
}

/** Defaults of {@link CdParams}. @internal */
export const CD_DEFAULTS: CdParams = {
  alpha: 1,
  fitIntercept: true,
  standardize: false,
  maxIter: 1000,
  tol: 1e-4,
  warmStart: false,
  positive: false,
  selection: 'cyclic',
  seed: 0,
  screening: 'gap',
  workingSet: true,
  accel: 'anderson',
  strict: false,
};

/** Constraints of {@link CdParams}. @internal */
export const CD_CONSTRAINTS: { readonly [K in keyof CdParams]-?: Constraint } = {
  alpha: interval({ min: 0 }),
  fitIntercept: bool,
  standardize: bool,
  maxIter: integer(1),
  tol: interval({ gt: 0 }),
  warmStart: bool,
  positive: bool,
  selection: oneOf(['cyclic', 'random']),
  seed: integer(0),
  screening: oneOf(['gap', 'strong', 'none']),
  workingSet: bool,
  accel: oneOf(['anderson', 'none']),
  strict: bool,
};

/** Runs the engine on a prepared design with the estimator's parameters. @internal */
export function fitCd(
  design: Design,
  ctx: FitContext,
  p: CdParams,
  penalty: Penalty,
  l1Ratio: number,
  alpha = p.alpha,
): FitOutput {
  const res = coordinateDescent(design, {
    alpha,
    l1Ratio,
    penalty,
    positive: p.positive,
    maxIter: p.maxIter,
    tol: p.tol,
    selection: p.selection,
    rng: p.selection === 'random' ? new random.Rng(p.seed) : undefined,
    screening: p.screening,
    workingSet: p.workingSet,
    accel: p.accel,
    w0: ctx.warm,
  });
  const info: FitOutput['info'] = {
    nIter: res.nIter,
    converged: res.converged,
    kktMax: res.kktMax,
    objective: res.objective,
    screened: res.screened,
  };
  if (res.gap !== undefined) info.gap = res.gap;
  return { w: res.w, info };
}
