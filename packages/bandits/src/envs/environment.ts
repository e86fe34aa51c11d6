/**
 * The environment contract (spec §16): seeded simulators with `context(t)`, `reward(ctx, arm)` and the
 * oracle `means(ctx)`. Contexts, reward noise and arm draws are functions of `(seed, stream, t, arm)`, so
 * two policies run on the same stream see the same contexts and the same noise (common random numbers).
 *
 * @module
 */
import type { Constraint } from '../base/constraints.js';
import type { DisjointContext, SharedContext } from '../policies/policy.js';

/** Round bookkeeping carried by every environment context. */
export interface EnvRound {
  /** Round index (0-based). */
  readonly t: number;
  /** The random stream (the run's seed in `simulate`). */
  readonly stream: number;
}

/** A shared context made by an environment: arm features as a row-major `{ data, rows, cols }`. */
export interface EnvSharedContext extends SharedContext, EnvRound {
  /** `K × d` arm features. */
  readonly arms: {
    /** Row-major features, `K·d` entries. */
    readonly data: Float64Array;
    /** `K`, one row per arm. */
    readonly rows: number;
    /** `d`, the feature dimension. */
    readonly cols: number;
  };
}

/** A disjoint context made by an environment. */
export interface EnvDisjointContext extends DisjointContext, EnvRound {
  /** The context vector. */
  readonly x: Float64Array;
}

/** A seeded bandit environment. */
export interface Environment<C extends EnvRound = EnvSharedContext | EnvDisjointContext> {
  /** Class name, e.g. `'SparseLinearEnv'`. */
  readonly envName: string;
  /** Arms per round. */
  readonly nArms: number;
  /** Feature dimension. */
  readonly dim: number;
  /** The context of round `t` on `stream` (deterministic). */
  context(t: number, stream?: number): C;
  /** Expected reward of every arm (the oracle). */
  means(ctx: C): Float64Array;
  /** A noisy reward of `arm` (deterministic in `(seed, stream, t, arm)`). */
  reward(ctx: C, arm: number): number;
}

/** A non-negative safe integer. @internal */
export const NON_NEG_INT: Constraint = {
  expected: 'be a non-negative safe integer',
  invalid: [-1, 0.5],
  check: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
};
