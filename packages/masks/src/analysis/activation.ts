/**
 * Activation sparsity statistics (spec §9.3).
 *
 * @module
 */
import type { TensorLike } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkNumber, describe } from '../internal/checks.js';
import { readHost } from '../internal/host.js';

/** What {@link activationSparsity} returns. */
export interface ActivationStats {
  /** Fraction of entries with `|a| <= eps` over the whole tensor. */
  sparsity: number;
  /** Per neuron (last axis): the fraction of tokens/examples where it is inactive. */
  perNeuron: Float64Array;
  /** Neurons inactive on every token (dead). */
  dead: number;
  /** Mean number of active neurons per token. */
  meanActive: number;
}

/**
 * Sparsity of activations `[..., neurons]`: an entry is inactive when `|a| <= eps` (0 for ReLU: exact zeros;
 * the Sparsing Law's `fat(ε)` for SiLU/GELU).
 *
 * @example
 * ```ts
 * activationSparsity([[0, 1, 0], [0, 2, 3]]); // { sparsity: 0.5, perNeuron: [1, 0, 0.5], dead: 1, meanActive: 1.5 }
 * ```
 */
export function activationSparsity(a: TensorLike, opts: { eps?: number } = {}): ActivationStats {
  const fn = 'activationSparsity';
  const t = asTensor(a, fn, 'a');
  if (t.rank < 1)
    fail('SPARSELAND__MASKS__SHAPE_MISMATCH', fn, 'a', 'have rank >= 1 ([..., neurons])', describe(t));
  const eps = checkNumber(opts.eps ?? 0, fn, 'opts.eps', 0);
  const v = readHost(t);
  const width = t.shape[t.rank - 1]!;
  if (t !== a) t.dispose();
  const tokens = width === 0 ? 0 : v.length / width;
  const per = new Float64Array(width);
  let inactive = 0;
  for (let i = 0; i < v.length; i++) {
    if (Math.abs(v[i]!) <= eps) {
      per[i % width]! += 1;
      inactive++;
    }
  }
  let dead = 0;
  for (let j = 0; j < width; j++) {
    if (tokens > 0 && per[j] === tokens) dead++;
    per[j] = tokens === 0 ? 0 : per[j]! / tokens;
  }
  return {
    sparsity: v.length === 0 ? 0 : inactive / v.length,
    perNeuron: per,
    dead,
    meanActive: tokens === 0 ? 0 : (v.length - inactive) / tokens,
  };
}
