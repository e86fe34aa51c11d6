/**
 * `@sparseland/bandits/ope`: off-policy evaluation from logged bandit data (spec §16): IPS, SNIPS, the
 * direct method, doubly robust (plus switch-DR and DRos), replay, a ridge reward model, and logging
 * helpers. Every estimator returns `{ value, stdErr, ci95, n }`.
 *
 * @example
 * ```ts
 * import { doublyRobust, ips, ridgeRewardModel, snips } from '@sparseland/bandits/ope';
 * const target = (ctx) => [0, 1, 0]; // always arm 1
 * ips(logs, target);
 * doublyRobust(logs, target, ridgeRewardModel(logs));
 * ```
 *
 * @module
 */
export { directMethod } from './direct-method.js';
export { doublyRobust, drOs, switchDR } from './doubly-robust.js';
export { ips } from './ips.js';
export type { LoggedRound, OpeEstimate, RewardModel, TargetPolicy } from './logged-round.js';
export {
  type CollectLogsOptions,
  collectLogs,
  LoggedBanditDataset,
  type LoggedDatasetOptions,
} from './logging.js';
export { replay } from './replay.js';
export { type RidgeRewardModelOptions, ridgeRewardModel } from './reward-model.js';
export { snips } from './snips.js';
