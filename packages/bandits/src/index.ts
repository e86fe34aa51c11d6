/**
 * `@sparseland/bandits`: sparse regression estimators, sparse linear bandit policies with seeded
 * environments and regret curves, off-policy evaluation (also at `@sparseland/bandits/ope`), leverage /
 * sensitivity sampling, locally private sparse regression and robust ℓ2,1 regression.
 *
 * Every estimator follows the scikit-learn contract: parameters in the constructor, `fit(X, y)` returns the
 * estimator, fitted state (`coef`, `intercept`, `info`) guarded before `predict`, parameters validated at
 * `fit`, `withParams` to clone, `toJSON`/`fromJSON`, `score` (R²). Scaling is scikit-learn's:
 * `(1/2n)‖y − Xw − b‖² + penalty`.
 *
 * @example
 * ```ts
 * import { Lasso, lassoPath, SALasso, SparseLinearEnv, simulate } from '@sparseland/bandits';
 * const model = new Lasso({ alpha: 0.1 }).fit(X, y);
 * model.coef; model.info.gap;
 * const { alphas, coefs } = lassoPath(X, y, { nAlphas: 50 });
 *
 * const policy = new SALasso({ sigma: 0.5 });
 * const run = simulate(policy, new SparseLinearEnv({ dim: 100, nArms: 10, sparsity: 5 }), { T: 1000 });
 * ```
 *
 * Exports are listed alphabetically by module: the estimator contract (`base/`), error contexts,
 * environments, estimators, inputs, model selection, off-policy evaluation, paths, penalties, policies,
 * privacy, random supports, robust regression, sampling and solver types.
 *
 * @packageDocumentation
 */

/**
 * The version of `@sparseland/bandits`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/bandits';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';

export { type CheckEstimatorOptions, checkEstimator } from './base/check-estimator.js';
export {
  anyOf,
  arrayOf,
  bool,
  type Constraint,
  type Constraints,
  checkParams,
  integer,
  interval,
  nullable,
  oneOf,
} from './base/constraints.js';
export type { FitInfo } from './base/fit-info.js';
export {
  type BaseParams,
  type EstimatorJSON,
  type FitContext,
  type FitOptions,
  type FitOutput,
  LinearEstimator,
} from './base/linear-model.js';
export {
  type ClassificationEnvOptions,
  fromClassification,
} from './envs/classification-env.js';
export { DisjointSparseEnv, type DisjointSparseEnvParams } from './envs/disjoint-sparse-env.js';
export type {
  EnvDisjointContext,
  Environment,
  EnvRound,
  EnvSharedContext,
} from './envs/environment.js';
export { MisspecifiedEnv, type MisspecifiedEnvParams } from './envs/misspecified-env.js';
export {
  type RegretCurves,
  type SimulateManyOptions,
  type SimulateOptions,
  type SimulationResult,
  simulate,
  simulateMany,
} from './envs/simulate.js';
export { SparseLinearEnv, type SparseLinearEnvParams } from './envs/sparse-linear-env.js';
export { WhtRewardEnv, type WhtRewardEnvParams } from './envs/wht-reward-env.js';
export type {
  NotConvergedContext,
  NotFittedContext,
  PrivacyBudgetContext,
  UnknownNameContext,
} from './errors.js';
export { ARDRegression, type ARDRegressionParams } from './estimators/ard-regression.js';
export type { CdParams } from './estimators/cd-common.js';
export type { CvParams } from './estimators/cv-common.js';
export { ElasticNet, type ElasticNetParams } from './estimators/elastic-net.js';
export { ElasticNetCV, type ElasticNetCVParams } from './estimators/elastic-net-cv.js';
export {
  HardThresholdingPursuit,
  type HardThresholdingPursuitParams,
} from './estimators/hard-thresholding-pursuit.js';
export {
  IterativeHardThresholding,
  type IterativeHardThresholdingParams,
} from './estimators/iterative-hard-thresholding.js';
export {
  KroneckerSBL,
  type KroneckerSBLInfo,
  type KroneckerSBLParams,
} from './estimators/kronecker-sbl.js';
export { Lars, type LarsParams } from './estimators/lars.js';
export { Lasso, type LassoParams } from './estimators/lasso.js';
export { LassoCV, type LassoCVParams } from './estimators/lasso-cv.js';
export { LassoLars, type LassoLarsParams } from './estimators/lasso-lars.js';
export {
  OrthogonalMatchingPursuit,
  type OrthogonalMatchingPursuitParams,
} from './estimators/orthogonal-matching-pursuit.js';
export {
  type Preconditioner,
  PreconditionedLasso,
  type PreconditionedLassoParams,
} from './estimators/preconditioned-lasso.js';
export {
  type EstimatorClass,
  estimatorFromJSON,
  registerEstimator,
  registeredEstimators,
} from './estimators/registry.js';
export {
  SparseLinearRegression,
  type SparseLinearRegressionParams,
} from './estimators/sparse-linear-regression.js';
export { SparseCoder, type SparseCoderParams } from './estimators/sparse-coder.js';
export type { Design } from './internal/design.js';
export type { DenseMatrix, MatrixLike, Rows, VectorLike } from './internal/input.js';
export type { Json } from './internal/json.js';
export { kFold, type Split } from './model-selection/k-fold.js';
export { directMethod } from './ope/direct-method.js';
export { doublyRobust, drOs, switchDR } from './ope/doubly-robust.js';
export { ips } from './ope/ips.js';
export type { LoggedRound, OpeEstimate, RewardModel, TargetPolicy } from './ope/logged-round.js';
export {
  type CollectLogsOptions,
  collectLogs,
  LoggedBanditDataset,
  type LoggedDatasetOptions,
} from './ope/logging.js';
export { replay } from './ope/replay.js';
export { type RidgeRewardModelOptions, ridgeRewardModel } from './ope/reward-model.js';
export { snips } from './ope/snips.js';
export { enetPath, lassoPath, type PathOptions, type PathResult } from './paths/enet-path.js';
export { type LarsPathOptions, type LarsPathResult, larsPath } from './paths/lars-path.js';
export { cel0 } from './penalties/cel0.js';
export { penaltyFromJSON } from './penalties/index.js';
export { lHalf } from './penalties/l-half.js';
export { lTwoThirds } from './penalties/l-two-thirds.js';
export { l0 } from './penalties/l0.js';
export { l1 } from './penalties/l1.js';
export { logSum } from './penalties/log-sum.js';
export { mcp } from './penalties/mcp.js';
export type { Penalty, PenaltySpec } from './penalties/penalty.js';
export { scad } from './penalties/scad.js';
export { DRLassoBandit, type DRLassoBanditParams } from './policies/dr-lasso-bandit.js';
export { EpsilonGreedy, type EpsilonGreedyParams } from './policies/epsilon-greedy.js';
export { EtcLasso, type EtcLassoParams } from './policies/etc-lasso.js';
export { forcedArm, LassoBandit, type LassoBanditParams } from './policies/lasso-bandit.js';
export { LinTS, type LinTSParams } from './policies/lin-ts.js';
export { LinUCB, type LinUCBParams } from './policies/lin-ucb.js';
export { ModelPolicy } from './policies/model-policy.js';
export { OFUL, type OFULParams } from './policies/oful.js';
export { OraclePolicy, type OraclePolicyParams } from './policies/oracle-policy.js';
export {
  type BanditContext,
  BasePolicy,
  type BasePolicyParams,
  type ContextKinds,
  type DisjointContext,
  type ParsedContext,
  type Policy,
  type PolicyJSON,
  type Selection,
  type SharedContext,
} from './policies/policy.js';
export { RandomPolicy, type RandomPolicyParams } from './policies/random-policy.js';
export {
  type PolicyClass,
  policyFromJSON,
  registeredPolicies,
  registerPolicy,
} from './policies/registry.js';
export { SALasso, type SALassoParams } from './policies/sa-lasso.js';
export {
  SparseNetElimination,
  type SparseNetEliminationParams,
} from './policies/sparse-net-elimination.js';
export {
  ThresholdedLassoBandit,
  type ThresholdedLassoBanditParams,
} from './policies/thresholded-lasso-bandit.js';
export {
  PrivacyAccountant,
  type PrivacyRelease,
  type PrivacyReport,
} from './privacy/accountant.js';
export { LdpIht, type LdpIhtParams } from './privacy/ldp-iht.js';
export {
  type LdpRandomSource,
  type LdpRegressionInfo,
  type LdpRegressionParams,
  type LdpReport,
  NonInteractiveLdpRegression,
} from './privacy/ldp-regression.js';
export { duchiLinf, duchiScale, gaussianSigma } from './privacy/mechanisms.js';
export {
  type RandomSupportsDesign,
  type RandomSupportsMethod,
  type RandomSupportsOptions,
  type RandomSupportsRow,
  randomSupportsProtocol,
} from './random-supports/protocol.js';
export {
  type RobustL21Info,
  RobustL21Regression,
  type RobustL21RegressionParams,
} from './robust/robust-l21-regression.js';
export { type Coreset, type CoresetOptions, coreset } from './sampling/coreset.js';
export {
  type LewisWeightsOptions,
  leverageScores,
  lewisWeights,
  lpSensitivities,
} from './sampling/leverage.js';
export type { Screening } from './solvers/cd.js';
export type { LarsEvent } from './solvers/lars.js';
export { fista, ista, type ProxGradOptions, type ProxGradResult } from './solvers/prox-grad.js';
