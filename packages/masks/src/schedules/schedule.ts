/**
 * The contract of a sparsity schedule (spec §5): what sparsity holds at step `t`, and whether masks are
 * recomputed at `t`. Schedules are values: `toJSON()` gives the spec they were made from.
 *
 * @module
 */

/** A sparsity schedule. `t` counts optimizer steps done (0 before training). */
export interface Schedule<
  S extends {
    /** Registry name of the spec. */
    kind: string;
  } = ScheduleSpec,
> {
  /** The spec this schedule was made from (defaults filled in). */
  readonly spec: Readonly<S>;
  /** Sparsity in force at step `t` for a final target `target`. */
  sparsityAt(t: number, target: number): number;
  /** Whether masks are recomputed at step `t`. */
  isUpdateStep(t: number): boolean;
  /** The spec, for JSON. */
  toJSON(): S;
}

/** Masks set once at step 0 and kept (static sparse training, SET/RigL's initial masks). */
export interface ConstantSpec {
  /** Schedule discriminant. */
  kind: 'constant';
}

/** Dense until `step`, then pruned once to the target. */
export interface OneShotSpec {
  /** Schedule discriminant. */
  kind: 'oneShot';
  /** Step of the pruning. Default 0. */
  step?: number;
}

/** The target from `start`, masks recomputed every `frequency` steps until `end`. */
export interface PeriodicSpec {
  /** Schedule discriminant. */
  kind: 'periodic';
  /** Steps between recomputations. */
  frequency: number;
  /** First step. Default 0. */
  start?: number;
  /** Last step at which masks change (inclusive). Default: never stops. */
  end?: number;
}

/**
 * Zhu & Gupta's gradual (cubic) schedule: `s_t = s_f + (s_i − s_f)·(1 − (t − start)/(end − start))³` at
 * `start, start + frequency, …, end`, constant in between and after.
 */
export interface GradualSpec {
  /** Schedule discriminant. */
  kind: 'gradual';
  /** First pruning step `t0`. */
  start: number;
  /** Step at which the target is reached (`t0 + nΔt`). */
  end: number;
  /** Steps between pruning steps (`Δt`). */
  frequency: number;
  /** Initial sparsity `s_i`. Default 0. */
  initialSparsity?: number;
  /** Power of the polynomial. Default 3 (cubic). */
  power?: number;
  /** jaxpruner's `+1` (`p = (t + 1 − start)/(end − start)`): 1; Zhu & Gupta: 0 (default). */
  offset?: 0 | 1;
}

/**
 * Iterative magnitude pruning with rewinding (Frankle & Carbin; open_lth): `rounds` rounds of
 * `roundSteps` steps; after round `r` the sparsity is `1 − (1 − pruneFraction)^r` and weights rewind to
 * their values at `rewindStep` (or, with `rewind: 'lr'`, are kept while the caller replays the LR schedule).
 */
export interface ImpSpec {
  /** Schedule discriminant. */
  kind: 'imp';
  /** Pruning rounds `R`. */
  rounds: number;
  /** Training steps per round `T` (the full schedule each round). */
  roundSteps: number;
  /** Fraction of the remaining weights pruned per round. Default 0.2 (open_lth). */
  pruneFraction?: number;
  /** Step `k` whose weights are restored after each round (0 = original LTH). Default 0. */
  rewindStep?: number;
  /** `'weights'` (default) rewinds weights to step `k`; `'lr'` keeps them (Renda et al. 2020). */
  rewind?: 'weights' | 'lr';
}

/** Every built-in schedule spec. */
export type ScheduleSpec = ConstantSpec | OneShotSpec | PeriodicSpec | GradualSpec | ImpSpec;
