/**
 * `@sparseland/masks`: which entries are zero, and how masks evolve in training — scorers, layer-wise
 * distributions, patterns (unstructured, N:M along a named axis, blocks, channels, row groups), schedules,
 * training methods (STE, SR-STE, progressive gradient flow, BDWP, SET, RigL), a `Sparsifier` that applies a
 * JSON recipe to a core `Module`, regularisers, analysis, and export to safetensors and kernels formats.
 *
 * Masks are computed on the host from the scores' values, ranked by (score desc, flat index asc), so they
 * are exact and identical on every backend. A mask alone is never a speedup: export to kernels formats.
 *
 * @example
 * ```ts
 * import { magnitudeMask, nmMask, erkDensities, Sparsifier } from '@sparseland/masks';
 * nmMask([[1, -4, 3, 2]], { keep: 2, of: 4 }).dataSync();       // Uint8Array [0, 1, 1, 0]
 * magnitudeMask([[0.1, -3, 2, 0.5]], { sparsity: 0.5 }).dataSync(); // Uint8Array [0, 1, 1, 0]
 * erkDensities([[100, 100], [100, 100]], 0.9);                  // [0.1, 0.1] (up to rounding)
 * ```
 *
 * @packageDocumentation
 */

// analysis
export { type ActivationStats, activationSparsity } from './analysis/activation.js';
export {
  essentialSparsity,
  essentialSparsitySweep,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
} from './analysis/essential.js';
export { type FlopReport, flopReport, type LinearCost } from './analysis/flops.js';
export {
  type MaskOverlap,
  maskFlips,
  maskOverlap,
  realizedSparsity,
  type SparsityStats,
  type TensorSparsity,
} from './analysis/sparsity.js';
export { type TensorUpdate, type UpdateSparsity, updateRank, updateSparsity } from './analysis/update.js';
// distributions
export type {
  Distribution,
  DistributionCommon,
  ErDistribution,
  ErkDistribution,
  GlobalDistribution,
  UniformDistribution,
} from './distributions/distribution.js';
export type { DistributionImpl } from './distributions/impl.js';
export {
  checkDistribution,
  distributionKinds,
  type ErkOptions,
  erkDensities,
  getDistribution,
  layerDensities,
  registerDistribution,
} from './distributions/registry.js';
// conventions and values
export type { MasksErrorCode } from './errors.js';
// export
export {
  type AttachedSparseLinears,
  attachSparseLinears,
  type LinearFormat,
  type SparseLinearLayer,
  toSparseLinear,
} from './export/kernels.js';
export { type SlimResult, slim } from './export/slim.js';
export {
  decodeSparseCheckpoint,
  type EncodeSparseOptions,
  encodeSparseCheckpoint,
  loadSparseCheckpoint,
  MASK_SUFFIX,
  RECIPE_KEY,
  type SparseCheckpoint,
} from './export/safetensors.js';
// masks
export { type GlobalMaskOptions, globalMask } from './global-mask.js';
export { type MaskOptions, magnitudeMask, maskFromScores, type NMMaskOptions, nmMask } from './mask.js';
// training methods
export { type BdwpOptions, bdwpLinear, bdwpMasks } from './methods/bdwp.js';
export { type DstUpdate, dstUpdate } from './methods/dst.js';
export { decayMask, mdgfBeta } from './methods/mdgf.js';
export type {
  BdwpMethod,
  DstOptions,
  MdgfMethod,
  MethodImpl,
  MethodSpec,
  PruneMethod,
  RiglMethod,
  SdgfMethod,
  SetMethod,
  SrsteMethod,
  SteMethod,
} from './methods/method.js';
export { checkMethod, getMethod, methodKinds, registerMethod } from './methods/registry.js';
export { sdgfFrames } from './methods/sdgf.js';
export { SRSTE_LAMBDA, srste } from './methods/srste.js';
export { ste } from './methods/ste.js';
export {
  type ChannelPermutation,
  type ChannelPermutationOptions,
  channelPermutation,
  permuteLinearInputs,
} from './patterns/channel-permutation.js';
export { MAX_EXACT_OF, transposablePatterns } from './patterns/nm-transposable.js';
export { type ParseNMOptions, parseNM } from './patterns/parse-nm.js';
export type { PatternContext, PatternImpl } from './patterns/pattern.js';
export type { Units } from './internal/units.js';
export { checkPattern, getPattern, patternKinds, registerPattern } from './patterns/registry.js';
// regularisers and proxes
export { type GroupLassoProxOptions, groupLassoNorm, groupLassoProx } from './regularizers/group-lasso.js';
export type { GroupSpec } from './regularizers/groups.js';
export { hardGroupTopK, kSupportSqProx, type WgsefProxOptions, wgsefProx } from './regularizers/k-support.js';
export {
  type MaskSparsityGradOptions,
  maskSparsityGrad,
  type SelectChannelsOptions,
  selectPruneChannels,
} from './regularizers/mask-sparsity.js';
export { keepCount } from './rounding.js';
// schedules
export { constantSchedule } from './schedules/constant.js';
export { type DropDecay, type DropFractionOptions, dropFraction } from './schedules/drop-fraction.js';
export { gradualSchedule } from './schedules/gradual.js';
export { type ImpSchedule, impSchedule } from './schedules/imp.js';
export { oneShotSchedule } from './schedules/one-shot.js';
export { periodicSchedule } from './schedules/periodic.js';
export { makeSchedule, registerSchedule, type ScheduleFactory, scheduleKinds } from './schedules/registry.js';
export type {
  ConstantSpec,
  GradualSpec,
  ImpSpec,
  OneShotSpec,
  PeriodicSpec,
  Schedule,
  ScheduleSpec,
} from './schedules/schedule.js';
// scorers
export { getScorer, registerScorer, score, scorerNames } from './scorers/registry.js';
export type { ScoreContext, Scorer } from './scorers/scorer.js';
// sparsifier and recipes
export {
  parseRecipe,
  RECIPE_VERSION,
  type Recipe,
  type RecipeInput,
  type RunLabel,
  recipeToJSON,
  runLabel,
} from './sparsifier/recipe.js';
export {
  type LayerSparsity,
  type ResettableOptimizer,
  Sparsifier,
  type SparsifierOptions,
  type SparsityReport,
  type StepInfo,
} from './sparsifier/sparsifier.js';
// transformations
export {
  type IsoFlopPlan,
  type IsoFlopWidenOptions,
  type IsoFlopWidth,
  isoFlopWidePlan,
  isoFlopWiden,
} from './transforms/iso-flop-widen.js';
export type {
  AxisName,
  BlockPattern,
  ChannelPattern,
  NMPattern,
  NMTransposablePattern,
  ParamRef,
  Pattern,
  Pool,
  Rounding,
  RowGroupPattern,
  UnstructuredPattern,
} from './types.js';

/**
 * The version of `@sparseland/masks`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/masks';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';
