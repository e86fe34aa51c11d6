/**
 * Separable penalties for the coordinate-descent engine, each defined by its value and its scalar
 * proximal operator `prox(z) = argmin_w ½(w − z)² + τ·pen(w)` (spec §6).
 *
 * @module
 */
import { invalidParam } from '../errors.js';

/** JSON form of a penalty: its name and shape parameters. */
export interface PenaltySpec {
  /** Registered name, e.g. `'mcp'`. */
  readonly name: string;
  /** Shape parameters (`gamma`, `epsilon`), never the strength. */
  readonly [param: string]: number | string;
}

/**
 * A separable penalty `λ·Σ_j pen(w_j)`. The strength `λ` is the estimator's `alpha`; the penalty object
 * only holds shape parameters.
 */
export interface Penalty {
  /** Registered name (`'l1'`, `'mcp'`, `'scad'`, `'l0'`, `'lHalf'`, `'lTwoThirds'`, `'logSum'`, `'cel0'`). */
  readonly name: string;
  /** Whether the penalty is convex (then the engine certifies solutions with the duality gap). */
  readonly convex: boolean;
  /**
   * Penalty value at strength `lambda`.
   * @param a - Column scale `‖x_j‖/√n` (used by CEL0 only).
   */
  value(w: number, lambda: number, a: number): number;
  /**
   * `argmin_w ½(w − z)² + tau·pen(w)` at strength `lambda`.
   * @param a - Column scale `‖x_j‖/√n` (used by CEL0 only).
   */
  prox(z: number, tau: number, lambda: number, a: number): number;
  /** Shape parameters for JSON. */
  toJSON(): PenaltySpec;
}

/**
 * Among `candidates` (non-negative magnitudes for `|z|`), the one with the smallest prox objective,
 * signed like `z`. Ties go to the earlier (sparser) candidate.
 * @internal
 */
export function bestCandidate(
  z: number,
  tau: number,
  lambda: number,
  a: number,
  pen: Penalty,
  candidates: readonly number[],
): number {
  const m = Math.abs(z);
  let best = 0;
  let bestVal = 0.5 * m * m + tau * pen.value(0, lambda, a);
  for (const c of candidates) {
    if (!(c >= 0) || !Number.isFinite(c)) continue;
    const v = 0.5 * (c - m) ** 2 + tau * pen.value(c, lambda, a);
    if (v < bestVal) {
      bestVal = v;
      best = c;
    }
  }
  return z < 0 && best !== 0 ? -best : best;
}

/** @internal */
export function positiveParam(fn: string, arg: string, v: unknown, min = 0, strict = true): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (strict ? v > min : v >= min);
  if (!ok) throw invalidParam(fn, arg, `be a finite number ${strict ? '>' : '>='} ${min}`, v as number);
  return v as number;
}
