/**
 * The policy registry: class names to classes, so that `policyFromJSON` rebuilds any policy.
 *
 * @module
 */
import { invalidInput, unknownName } from '../errors.js';
import { DRLassoBandit } from './dr-lasso-bandit.js';
import { EpsilonGreedy } from './epsilon-greedy.js';
import { EtcLasso } from './etc-lasso.js';
import { LassoBandit } from './lasso-bandit.js';
import { LinTS } from './lin-ts.js';
import { LinUCB } from './lin-ucb.js';
import { OFUL } from './oful.js';
import { OraclePolicy } from './oracle-policy.js';
import type { Policy, PolicyJSON } from './policy.js';
import { RandomPolicy } from './random-policy.js';
import { SALasso } from './sa-lasso.js';
import { SparseNetElimination } from './sparse-net-elimination.js';
import { ThresholdedLassoBandit } from './thresholded-lasso-bandit.js';

/** A registered policy class (anything with a static `fromJSON`). */
export interface PolicyClass {
  /** Rebuilds an instance from its JSON. */
  fromJSON(json: PolicyJSON | string): Policy;
}

const REGISTRY = new Map<string, PolicyClass>([
  ['LinUCB', LinUCB],
  ['OFUL', OFUL],
  ['LinTS', LinTS],
  ['EpsilonGreedy', EpsilonGreedy],
  ['RandomPolicy', RandomPolicy],
  ['OraclePolicy', OraclePolicy],
  ['LassoBandit', LassoBandit],
  ['DRLassoBandit', DRLassoBandit],
  ['SALasso', SALasso],
  ['EtcLasso', EtcLasso],
  ['ThresholdedLassoBandit', ThresholdedLassoBandit],
  ['SparseNetElimination', SparseNetElimination],
]);

/**
 * Registers a policy class under `name` (its `policyName`) for {@link policyFromJSON}.
 *
 * @example
 * ```ts
 * registerPolicy('MyPolicy', MyPolicy);
 * ```
 */
export function registerPolicy(name: string, cls: PolicyClass): void {
  REGISTRY.set(name, cls);
}

/**
 * Names of every registered policy.
 *
 * @example
 * ```ts
 * registeredPolicies().includes('LinUCB'); // true
 * ```
 */
export function registeredPolicies(): string[] {
  return [...REGISTRY.keys()];
}

/**
 * Rebuilds any registered policy from `toJSON()` output (or its string).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__UNKNOWN_NAME` for an unregistered class name;
 *   `…__INVALID_INPUT` when `json` is not policy JSON.
 * @example
 * ```ts
 * const copy = policyFromJSON(JSON.stringify(policy));
 * copy.select(ctx); // the same choice the original would make
 * ```
 */
export function policyFromJSON(json: PolicyJSON | string): Policy {
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as PolicyJSON;
  if (j === null || typeof j !== 'object' || j.format !== 'sparseland.policy') {
    throw invalidInput('policyFromJSON', 'json', "be the output of a policy's toJSON()", typeof j);
  }
  const cls = REGISTRY.get(j.policy);
  if (!cls) {
    throw unknownName({
      fn: 'policyFromJSON',
      kind: 'policy',
      name: String(j.policy),
      known: registeredPolicies(),
    });
  }
  return cls.fromJSON(j);
}
