import { SparselandError } from '../errors/sparseland-error.js';
import { checkInteger, checkNumber, checkOptions } from './hyperparams.js';

/**
 * A learning-rate schedule: the learning rate for an update, given the number of updates done before it
 * (`0` for an optimizer's first update).
 */
export type Schedule = (step: number) => number;

function checkStep(step: unknown, fn: string): number {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'step',
      expected: 'be a non-negative integer',
      actual: typeof step === 'number' ? step : String(step),
    });
  }
  return step;
}

/** Cosine from `lr` to `minLr` as `progress` goes from 0 to 1. */
function cosine(lr: number, minLr: number, progress: number): number {
  return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** Learning rate at step 0. */
  lr: number;
  /** Steps over which it decays; from step `steps` on it stays at `minLr`. */
  steps: number;
  /** Final learning rate, in `[0, lr]`. Default 0. */
  minLr?: number;
}

/**
 * Cosine decay (SGDR without restarts, as PyTorch's `CosineAnnealingLR`):
 * `minLr + (lr - minLr) * (1 + cos(pi * min(step, steps) / steps)) / 2`.
 *
 * @throws {@link SparselandError} INVALID_ARGUMENT for a non-positive `steps`, a negative `lr`, or `minLr` outside `[0, lr]`.
 * @example
 * ```ts
 * const s = cosineDecay({ lr: 0.1, steps: 100, minLr: 0.001 });
 * s(0);   // 0.1
 * s(50);  // 0.0505
 * s(100); // 0.001 (and after)
 * ```
 */
export function cosineDecay(opts: CosineDecayOptions): Schedule {
  const fn = 'cosineDecay';
  checkOptions(opts, fn);
  const lr = checkNumber(opts?.lr, fn, 'lr', { min: 0 });
  const steps = checkInteger(opts.steps, fn, 'steps', 1);
  const minLr = checkNumber(opts.minLr ?? 0, fn, 'minLr', { min: 0, max: lr });
  return (step) => cosine(lr, minLr, Math.min(checkStep(step, fn), steps) / steps);
}

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  /** Learning rate reached at the end of the warm-up. */
  lr: number;
  /** Number of warm-up steps. */
  warmupSteps: number;
}

/**
 * Linear warm-up: `lr * (step + 1) / warmupSteps` for `step < warmupSteps`, then `lr`. The first update
 * (step 0) uses `lr / warmupSteps`, never 0, and update `warmupSteps - 1` is the first at full `lr`.
 *
 * @throws {@link SparselandError} INVALID_ARGUMENT for a negative `lr` or `warmupSteps < 1`.
 * @example
 * ```ts
 * const s = linearWarmup({ lr: 1e-3, warmupSteps: 10 });
 * s(0); // 1e-4
 * s(4); // 5e-4
 * s(9); // 1e-3 (and after)
 * ```
 */
export function linearWarmup(opts: LinearWarmupOptions): Schedule {
  const fn = 'linearWarmup';
  checkOptions(opts, fn);
  const lr = checkNumber(opts?.lr, fn, 'lr', { min: 0 });
  const warmupSteps = checkInteger(opts.warmupSteps, fn, 'warmupSteps', 1);
  return (step) => lr * Math.min(1, (checkStep(step, fn) + 1) / warmupSteps);
}

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions {
  /** Peak learning rate, reached at the end of the warm-up. */
  lr: number;
  /** Number of linear warm-up steps (0 for none). */
  warmupSteps: number;
  /** Total number of steps: warm-up plus cosine decay. Must exceed `warmupSteps`. */
  totalSteps: number;
  /** Final learning rate, in `[0, lr]`. Default 0. */
  minLr?: number;
}

/**
 * Linear warm-up then cosine decay: {@link linearWarmup} for the first `warmupSteps` steps, then
 * {@link cosineDecay} from `lr` to `minLr` over the remaining `totalSteps - warmupSteps` steps, then `minLr`.
 *
 * @throws {@link SparselandError} INVALID_ARGUMENT for bad counts (`totalSteps <= warmupSteps`) or rates.
 * @example
 * ```ts
 * const s = warmupCosine({ lr: 1e-3, warmupSteps: 10, totalSteps: 110 });
 * s(0);   // 1e-4
 * s(9);   // 1e-3
 * s(10);  // 1e-3 (cosine starts)
 * s(60);  // 5e-4
 * s(110); // 0
 * ```
 */
export function warmupCosine(opts: WarmupCosineOptions): Schedule {
  const fn = 'warmupCosine';
  checkOptions(opts, fn);
  const lr = checkNumber(opts?.lr, fn, 'lr', { min: 0 });
  const warmupSteps = checkInteger(opts.warmupSteps, fn, 'warmupSteps', 0);
  const totalSteps = checkInteger(opts.totalSteps, fn, 'totalSteps', warmupSteps + 1);
  const minLr = checkNumber(opts.minLr ?? 0, fn, 'minLr', { min: 0, max: lr });
  const decaySteps = totalSteps - warmupSteps;
  return (step) => {
    const t = checkStep(step, fn);
    if (t < warmupSteps) return (lr * (t + 1)) / warmupSteps;
    return cosine(lr, minLr, Math.min(t - warmupSteps, decaySteps) / decaySteps);
  };
}
