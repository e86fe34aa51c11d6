/**
 * The contract of a scorer (spec §2): `(p, ctx) => Tensor` of `p`'s shape, higher = keep.
 *
 * @module
 */
import type { Tensor } from '@sparseland/core';
import type { ParamRef } from '../types.js';

/** What a scorer sees. */
export interface ScoreContext {
  /** Current weights (dense). */
  w: Tensor;
  /** Gradient of the loss with respect to the (masked) weights, when the caller has one. */
  g?: Tensor;
  /** Training step (for counter-based random streams). */
  step: number;
  /** Run seed. */
  seed: number;
}

/** A scorer: a name, whether it needs a gradient, and the score function. */
export interface Scorer {
  /** Registry name. */
  readonly name: string;
  /** Whether `ctx.g` is required. */
  readonly needsGrad: boolean;
  /** Scores of `p` (a new tensor of `p.shape`; the caller disposes it). */
  score(p: ParamRef, ctx: ScoreContext): Tensor;
}
