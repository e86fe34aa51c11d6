/**
 * SET and RigL, exactly (spec §7.1): one topology update of one tensor.
 *
 * ```text
 * k = floor(f·|M|)
 * M1 = M minus the k smallest |W ⊙ M| (+ seeded N(0, noise²) noise)
 * M2 = top k of the grow scores among entries with M1 = 0 (the just-dropped included)
 * M  = M1 + M2;  entries of M2 that were not in M start at zero with zeroed optimizer state
 * ```
 *
 * @module
 */
import { random } from '@sparseland/core';
import { checkInt, checkNumber, checkOneOf, onlyFields } from '../internal/checks.js';
import { deriveSeed } from '../internal/seed.js';
import { selectTop } from '../internal/select.js';
import { dropFraction } from '../schedules/drop-fraction.js';
import type { DstOptions, MethodImpl, RiglMethod, SetMethod } from './method.js';

/** The result of one topology update. */
export interface DstUpdate {
  /** The new mask. */
  mask: Uint8Array;
  /** Entries dropped from the old mask by magnitude (some may be grown again). */
  dropped: number;
  /** Entries grown that were not in the old mask (they start at zero, with reset optimizer state). */
  grown: Uint8Array;
  /** Number of grown entries. */
  numGrown: number;
}

/**
 * One SET/RigL update of a tensor's mask, on the host.
 *
 * @param mask - Current mask (0/1).
 * @param weights - Current weights (masked storage: zero where the mask is 0).
 * @param growScores - RigL: `|∂L/∂(W ⊙ M)|`; SET: `U(0, 1)` draws.
 * @param fraction - Drop fraction `f`.
 * @param noise - Optional drop-score noise (already drawn), added to `|W|` of active entries.
 */
export function dstUpdate(
  mask: Uint8Array,
  weights: ArrayLike<number>,
  growScores: ArrayLike<number>,
  fraction: number,
  noise?: ArrayLike<number>,
): DstUpdate {
  const n = mask.length;
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i] === 1) active.push(i);
  const k = Math.floor(fraction * active.length);
  const dropScores = new Float64Array(n);
  for (const i of active) dropScores[i] = Math.abs(weights[i]!) + (noise === undefined ? 0 : noise[i]!);
  const m1 = new Uint8Array(n);
  selectTop(dropScores, active, active.length, active.length - k, m1);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (m1[i] === 0) candidates.push(i);
  const m2 = new Uint8Array(n);
  selectTop(growScores, candidates, candidates.length, k, m2);
  const out = new Uint8Array(n);
  const grown = new Uint8Array(n);
  let numGrown = 0;
  for (let i = 0; i < n; i++) {
    out[i] = m1[i]! | m2[i]!;
    if (m2[i] === 1 && mask[i] === 0) {
      grown[i] = 1;
      numGrown++;
    }
  }
  return { mask: out, dropped: k, grown, numGrown };
}

/** Seeded normal noise for drop scores of one tensor at one step. */
export function dropNoise(n: number, std: number, seed: number, name: string, step: number): Float64Array {
  const rng = new random.Rng(deriveSeed(seed, name, step, 1));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = std * rng.nextNormal();
  return out;
}

function validateDst<K extends 'set' | 'rigl'>(kind: K, m: Record<string, unknown>, fn: string, arg: string) {
  onlyFields(m, ['kind', 'dropFraction', 'decay', 'interval', 'begin', 'end', 'growInit', 'noise'], fn, arg);
  const out = {
    kind,
    dropFraction: checkNumber(m.dropFraction ?? 0.3, fn, `${arg}.dropFraction`, 0, 1),
    decay: checkOneOf(m.decay ?? 'cosine', ['constant', 'cosine'] as const, fn, `${arg}.decay`),
    interval: checkInt(m.interval ?? 100, fn, `${arg}.interval`, 1),
    begin: checkInt(m.begin ?? 0, fn, `${arg}.begin`),
    end: checkInt(m.end ?? -1, fn, `${arg}.end`, -1),
    growInit: checkOneOf(m.growInit ?? 'zeros', ['zeros'] as const, fn, `${arg}.growInit`),
    noise: checkNumber(m.noise ?? 0, fn, `${arg}.noise`, 0),
  };
  if (out.end >= 0 && out.end <= out.begin) checkInt(out.end, fn, `${arg}.end`, out.begin + 1);
  return out;
}

const schedule = {
  isUpdate(m: DstOptions, t: number): boolean {
    const begin = m.begin ?? 0;
    const end = m.end ?? -1;
    return t > 0 && t >= begin && (end < 0 || t < end) && (t - begin) % (m.interval ?? 100) === 0;
  },
  fraction(m: DstOptions, t: number): number {
    return dropFraction(t, {
      initial: m.dropFraction ?? 0.3,
      decay: m.decay ?? 'cosine',
      begin: m.begin ?? 0,
      end: m.end ?? -1,
    });
  },
};

/** The `set` method: drop by magnitude, grow at random (`U(0, 1)` from a counter-based seed). */
export const setMethod: MethodImpl<SetMethod> = {
  kind: 'set',
  storage: 'masked',
  validate: (m, fn, arg) => validateDst('set', m, fn, arg),
  dst: { grow: 'random', ...schedule },
};

/** The `rigl` method: drop by magnitude, grow by the dense gradient magnitude. */
export const riglMethod: MethodImpl<RiglMethod> = {
  kind: 'rigl',
  storage: 'masked',
  validate: (m, fn, arg) => validateDst('rigl', m, fn, arg),
  dst: { grow: 'gradient', ...schedule },
};
