/**
 * The estimator registry: maps class names to classes, so that `estimatorFromJSON` can rebuild any
 * estimator from its JSON. The built-in table is static (no import side effects); `registerEstimator`
 * adds user classes.
 *
 * @module
 */
import type { BaseParams, EstimatorJSON, LinearEstimator } from '../base/linear-model.js';
import { invalidInput, unknownName } from '../errors.js';
import { ARDRegression } from './ard-regression.js';
import { ElasticNet } from './elastic-net.js';
import { ElasticNetCV } from './elastic-net-cv.js';
import { HardThresholdingPursuit } from './hard-thresholding-pursuit.js';
import { IterativeHardThresholding } from './iterative-hard-thresholding.js';
import { Lars } from './lars.js';
import { Lasso } from './lasso.js';
import { LassoCV } from './lasso-cv.js';
import { LassoLars } from './lasso-lars.js';
import { OrthogonalMatchingPursuit } from './orthogonal-matching-pursuit.js';
import { PreconditionedLasso } from './preconditioned-lasso.js';
import { SparseLinearRegression } from './sparse-linear-regression.js';

/** A registered estimator class (anything with the base class's static `fromJSON`). */
export interface EstimatorClass {
  /** Rebuilds an instance from its JSON. */
  fromJSON(json: EstimatorJSON | string): LinearEstimator<BaseParams>;
}

const REGISTRY = new Map<string, EstimatorClass>([
  ['Lasso', Lasso],
  ['ElasticNet', ElasticNet],
  ['SparseLinearRegression', SparseLinearRegression],
  ['LassoCV', LassoCV],
  ['ElasticNetCV', ElasticNetCV],
  ['LassoLars', LassoLars],
  ['Lars', Lars],
  ['OrthogonalMatchingPursuit', OrthogonalMatchingPursuit],
  ['IterativeHardThresholding', IterativeHardThresholding],
  ['HardThresholdingPursuit', HardThresholdingPursuit],
  ['ARDRegression', ARDRegression],
  ['PreconditionedLasso', PreconditionedLasso],
]);

/**
 * Registers an estimator class under `name` (its `estimatorName`) for {@link estimatorFromJSON}.
 *
 * @example
 * ```ts
 * registerEstimator('MyRegression', MyRegression);
 * ```
 */
export function registerEstimator(name: string, cls: EstimatorClass): void {
  REGISTRY.set(name, cls);
}

/**
 * Names of every registered estimator.
 *
 * @example
 * ```ts
 * registeredEstimators().includes('Lasso'); // true
 * ```
 */
export function registeredEstimators(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * Rebuilds any registered estimator from `toJSON()` output (or its string).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__UNKNOWN_NAME` for an unregistered class name;
 *   `…__INVALID_INPUT` when `json` is not estimator JSON.
 * @example
 * ```ts
 * const copy = estimatorFromJSON(JSON.stringify(new Lasso({ alpha: 0.1 }).fit(X, y)));
 * copy.predict(X);
 * ```
 */
export function estimatorFromJSON(json: EstimatorJSON | string): LinearEstimator<BaseParams> {
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as EstimatorJSON;
  if (j === null || typeof j !== 'object' || j.format !== 'sparseland.estimator') {
    throw invalidInput('estimatorFromJSON', 'json', "be the output of an estimator's toJSON()", typeof j);
  }
  const cls = REGISTRY.get(j.estimator);
  if (!cls) {
    throw unknownName({
      fn: 'estimatorFromJSON',
      kind: 'estimator',
      name: String(j.estimator),
      known: registeredEstimators(),
    });
  }
  return cls.fromJSON(j);
}
