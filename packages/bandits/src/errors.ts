/**
 * Error codes of `@sparseland/bandits`, declared by augmenting core's `SparselandErrorContexts`.
 *
 * Codes are append-only: never renumbered, renamed or reused. Argument-like codes carry core's
 * `ArgumentContext`, so core composes their message ("fn: argument 'arg' must …; got …."); the others
 * carry their own context and are thrown with an explicit message by the helpers below.
 *
 * @module
 */
import { type ArgumentContext, SparselandError } from '@sparseland/core';

/** Context of `SPARSELAND__BANDITS__NOT_FITTED`: which estimator and which member was read too early. */
export interface NotFittedContext {
  /** Estimator class name, e.g. `'Lasso'`. */
  estimator: string;
  /** Member that needs a fit, e.g. `'coef'` or `'predict'`. */
  member: string;
}

/** Context of `SPARSELAND__BANDITS__NOT_CONVERGED` (thrown only with `strict: true`). */
export interface NotConvergedContext {
  /** Estimator or function name. */
  estimator: string;
  /** Iterations (epochs) run. */
  nIter: number;
  /** Largest scaled KKT violation at exit. */
  kktMax: number;
  /** Duality gap at exit (convex problems), else `null`. */
  gap: number | null;
  /** The tolerance that was not met. */
  tol: number;
}

/** Context of `SPARSELAND__BANDITS__UNKNOWN_NAME`: a name missing from a registry (estimators, penalties). */
export interface UnknownNameContext {
  /** Function that looked the name up. */
  fn: string;
  /** What kind of thing was looked up, e.g. `'estimator'`. */
  kind: string;
  /** The unknown name. */
  name: string;
  /** Every registered name. */
  known: string[];
}

/** Context of `SPARSELAND__BANDITS__PRIVACY_BUDGET`: a release would exceed a user's privacy budget. */
export interface PrivacyBudgetContext {
  /** Function or mechanism that tried to spend. */
  fn: string;
  /** What was being released. */
  label: string;
  /** `(ε, δ)` already spent plus the attempted release. */
  spent: {
    /** Total `ε` including the attempted release. */
    epsilon: number;
    /** Total `δ` including the attempted release. */
    delta: number;
  };
  /** The budget. */
  budget: {
    /** The user's `ε` budget. */
    epsilon: number;
    /** The user's `δ` budget. */
    delta: number;
  };
}

declare module '@sparseland/core' {
  interface SparselandErrorContexts {
    /** A fitted attribute or `predict` was used before `fit`. */
    SPARSELAND__BANDITS__NOT_FITTED: NotFittedContext;
    /** A hyperparameter violates its constraint (checked at `fit`). */
    SPARSELAND__BANDITS__INVALID_PARAM: ArgumentContext;
    /** Shapes disagree: `y` length vs rows of `X`, `predict` columns vs the fitted feature count, weights. */
    SPARSELAND__BANDITS__SHAPE_MISMATCH: ArgumentContext;
    /** An input is malformed: ragged rows, a non-finite value, a wrong type or rank. */
    SPARSELAND__BANDITS__INVALID_INPUT: ArgumentContext;
    /** A solver stopped at its iteration cap before meeting `tol` and `strict: true` was set. */
    SPARSELAND__BANDITS__NOT_CONVERGED: NotConvergedContext;
    /** A registry lookup (estimator or penalty name, e.g. in `fromJSON`) failed. */
    SPARSELAND__BANDITS__UNKNOWN_NAME: UnknownNameContext;
    /** A local-differential-privacy release would exceed the per-user `(ε, δ)` budget. */
    SPARSELAND__BANDITS__PRIVACY_BUDGET: PrivacyBudgetContext;
  }
}

/** @internal */
export function notFitted(
  estimator: string,
  member: string,
): SparselandError<'SPARSELAND__BANDITS__NOT_FITTED'> {
  return new SparselandError(
    'SPARSELAND__BANDITS__NOT_FITTED',
    { estimator, member },
    `${estimator}: '${member}' is not available before fit(); call fit(X, y) first.`,
  );
}

/** @internal */
export function notConverged(
  ctx: NotConvergedContext,
): SparselandError<'SPARSELAND__BANDITS__NOT_CONVERGED'> {
  const gap = ctx.gap === null ? '' : `, duality gap ${ctx.gap.toExponential(3)}`;
  return new SparselandError(
    'SPARSELAND__BANDITS__NOT_CONVERGED',
    ctx,
    `${ctx.estimator}: did not converge in ${ctx.nIter} iterations (KKT ${ctx.kktMax.toExponential(3)}${gap}, ` +
      `tol ${ctx.tol}); raise maxIter or tol, or scale the data.`,
  );
}

/** @internal */
export function unknownName(ctx: UnknownNameContext): SparselandError<'SPARSELAND__BANDITS__UNKNOWN_NAME'> {
  return new SparselandError(
    'SPARSELAND__BANDITS__UNKNOWN_NAME',
    ctx,
    `${ctx.fn}: unknown ${ctx.kind} '${ctx.name}'. Known: ${ctx.known.join(', ')}.`,
  );
}

/** @internal */
export function privacyBudget(
  ctx: PrivacyBudgetContext,
): SparselandError<'SPARSELAND__BANDITS__PRIVACY_BUDGET'> {
  return new SparselandError(
    'SPARSELAND__BANDITS__PRIVACY_BUDGET',
    ctx,
    `${ctx.fn}: releasing '${ctx.label}' would spend ε = ${ctx.spent.epsilon}, δ = ${ctx.spent.delta}, over the ` +
      `budget ε = ${ctx.budget.epsilon}, δ = ${ctx.budget.delta}.`,
  );
}

/** @internal */
export function invalidInput(fn: string, arg: string, expected: string, actual: ArgumentContext['actual']) {
  return new SparselandError('SPARSELAND__BANDITS__INVALID_INPUT', { fn, arg, expected, actual });
}

/** @internal */
export function shapeMismatch(fn: string, arg: string, expected: string, actual: ArgumentContext['actual']) {
  return new SparselandError('SPARSELAND__BANDITS__SHAPE_MISMATCH', { fn, arg, expected, actual });
}

/** @internal */
export function invalidParam(fn: string, arg: string, expected: string, actual: ArgumentContext['actual']) {
  return new SparselandError('SPARSELAND__BANDITS__INVALID_PARAM', { fn, arg, expected, actual });
}
