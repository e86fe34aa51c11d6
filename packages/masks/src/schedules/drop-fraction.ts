/**
 * Drop-fraction schedules of dynamic sparse training (spec §5, §7.1).
 *
 * @module
 */
import { checkInt, checkNumber, checkObject, checkOneOf } from '../internal/checks.js';

/** How the drop fraction anneals. */
export type DropDecay = 'constant' | 'cosine' | 'exponential';

/** Options of {@link dropFraction}. */
export interface DropFractionOptions {
  /** `f0`. */
  initial: number;
  /** Annealing. Default `'cosine'` (RigL's paper; its flag default is constant). */
  decay?: DropDecay;
  /** First update step `t_begin`. Default 0. */
  begin?: number;
  /** Step `t_end` at which updates stop (cosine reaches 0 there); negative = never. Default -1. */
  end?: number;
  /** Factor per step of `'exponential'` decay: `f0·rate^(t − begin)`. Default 0.999. */
  rate?: number;
}

/**
 * The drop fraction at step `t`: `f0` (constant), `f0/2·(1 + cos(π(t − begin)/(end − begin)))` (cosine), or
 * `f0·rate^(t − begin)` (exponential); 0 outside `[begin, end)`.
 *
 * @example
 * ```ts
 * const o = { initial: 0.3, decay: 'cosine', begin: 0, end: 1000 } as const;
 * [dropFraction(0, o), dropFraction(500, o), dropFraction(1000, o)]; // [0.3, 0.15, 0]
 * ```
 */
export function dropFraction(t: number, opts: DropFractionOptions): number {
  const fn = 'dropFraction';
  checkObject(opts, fn, 'opts');
  checkNumber(t, fn, 't', 0);
  const f0 = checkNumber(opts.initial, fn, 'opts.initial', 0, 1);
  const decay = checkOneOf(
    opts.decay ?? 'cosine',
    ['constant', 'cosine', 'exponential'] as const,
    fn,
    'opts.decay',
  );
  const begin = checkInt(opts.begin ?? 0, fn, 'opts.begin');
  const end = checkInt(opts.end ?? -1, fn, 'opts.end', -1);
  const rate = checkNumber(opts.rate ?? 0.999, fn, 'opts.rate', 0, 1);
  if (t < begin || (end >= 0 && t >= end)) return 0;
  switch (decay) {
    case 'constant':
      return f0;
    case 'cosine':
      return end < 0 ? f0 : (f0 / 2) * (1 + Math.cos((Math.PI * (t - begin)) / (end - begin)));
    case 'exponential':
      return f0 * rate ** (t - begin);
  }
}
