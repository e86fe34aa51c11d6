/**
 * A Lasso reward model for bandit policies: Gram statistics plus warm-started coefficients, refit by
 * coordinate descent on the statistics (see `solvers/cd-gram.ts`).
 *
 * @module
 */
import { type GramLassoResult, lassoGram } from '../solvers/cd-gram.js';
import { type GramJSON, GramStats } from './gram.js';
import { type Json, num } from './json.js';

/** JSON form of {@link LassoModel}. @internal */
export interface LassoModelJSON {
  stats: GramJSON;
  w: number[];
  alpha: number | string;
  [k: string]: Json;
}

/** @internal */
export class LassoModel {
  readonly stats: GramStats;
  /** Coefficients of the last fit. */
  readonly w: Float64Array;
  /** Alpha of the last fit (NaN before the first). */
  alpha = Number.NaN;

  constructor(d: number) {
    this.stats = new GramStats(d);
    this.w = new Float64Array(d);
  }

  /** Adds a sample. */
  add(src: Float64Array, off: number, y: number, weight = 1): void {
    this.stats.add(src, off, y, weight);
  }

  /** Refits at `alpha`, warm-started from the last coefficients. */
  fit(alpha: number, tol: number, maxIter: number): GramLassoResult {
    const s = this.stats;
    this.alpha = alpha;
    return lassoGram(s.G, s.c, s.yy, s.n, alpha, this.w, { tol, maxIter });
  }

  /** `⟨x, w⟩` for `x = src[off .. off + d)`. */
  mean(src: Float64Array, off: number): number {
    const w = this.w;
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const wj = w[j]!;
      if (wj !== 0) s += src[off + j]! * wj;
    }
    return s;
  }

  toJSON(): LassoModelJSON {
    return {
      stats: this.stats.toJSON(),
      w: Array.from(this.w),
      alpha: Number.isFinite(this.alpha) ? this.alpha : 'NaN',
    };
  }

  static fromJSON(j: LassoModelJSON): LassoModel {
    const m = new LassoModel(j.stats.d);
    const s = GramStats.fromJSON(j.stats);
    m.stats.n = s.n;
    m.stats.yy = s.yy;
    m.stats.G.set(s.G);
    m.stats.c.set(s.c);
    m.w.set(j.w);
    m.alpha = num(j.alpha);
    return m;
  }
}

/** `λ·√((a·log t + b·log d)/t)`, the decaying regularisation of the Lasso bandits (t ≥ 1). @internal */
export function decayingLambda(lambda0: number, t: number, d: number, a: number, b: number): number {
  const tt = Math.max(t, 1);
  return lambda0 * Math.sqrt(Math.max(a * Math.log(tt) + b * Math.log(d), 0) / tt);
}
