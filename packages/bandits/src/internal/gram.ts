/**
 * Sufficient statistics of a growing least-squares problem: `G = Σ w xxᵀ`, `c = Σ w y x`, `yy = Σ w y²`,
 * `n = Σ w`. Lasso policies refit from these in O(d²) per epoch, independently of the number of rounds.
 *
 * @module
 */
import { type Json, num } from './json.js';

/** JSON form of {@link GramStats}. @internal */
export interface GramJSON {
  d: number;
  n: number;
  yy: number;
  G: number[];
  c: number[];
  [k: string]: Json;
}

/** @internal */
export class GramStats {
  readonly d: number;
  n = 0;
  yy = 0;
  readonly G: Float64Array;
  readonly c: Float64Array;

  constructor(d: number) {
    this.d = d;
    this.G = new Float64Array(d * d);
    this.c = new Float64Array(d);
  }

  /** Adds the sample `(x, y)` with weight `w`, `x = src[off .. off + d)`. */
  add(src: Float64Array, off: number, y: number, w = 1): void {
    const { d, G, c } = this;
    for (let i = 0; i < d; i++) {
      const xi = src[off + i]!;
      if (xi === 0) continue;
      const wx = w * xi;
      const row = i * d;
      for (let j = 0; j < d; j++) G[row + j] = G[row + j]! + wx * src[off + j]!;
      c[i] = c[i]! + wx * y;
    }
    this.yy += w * y * y;
    this.n += w;
  }

  toJSON(): GramJSON {
    return { d: this.d, n: this.n, yy: this.yy, G: Array.from(this.G), c: Array.from(this.c) };
  }

  static fromJSON(j: GramJSON): GramStats {
    const s = new GramStats(j.d);
    s.n = num(j.n);
    s.yy = num(j.yy);
    s.G.set(j.G);
    s.c.set(j.c);
    return s;
  }
}
