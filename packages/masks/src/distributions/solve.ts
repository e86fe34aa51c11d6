/**
 * The capping solve shared by uniform (raw = 1), ER and ERK (spec §3):
 *
 * ```text
 * loop: eps = ((1−s)·Σ n − Σ_{fixed ∪ dense} d_l·n_l) / Σ_{free} raw_l·n_l
 *       if max_{free} eps·raw_l > 1: add every argmax layer to dense; continue
 * density_l = 1 (dense) | d_l (fixed) | eps·raw_l (free)
 * ```
 */
import { fail } from '../errors.js';

/** One layer of the solve. */
export interface SolveLayer {
  /** Entries. */
  n: number;
  /** Raw (unnormalised) density weight. */
  raw: number;
  /** A fixed density (overrides, forced dense), or undefined when free. */
  fixed?: number;
}

/** Densities with `Σ d_l·n_l = (1−s)·Σ n_l` and `0 <= d_l <= 1`. */
export function solveDensities(layers: readonly SolveLayer[], s: number, fn: string): number[] {
  const total = layers.reduce((a, l) => a + l.n, 0);
  const budget = (1 - s) * total;
  const out = layers.map((l) => l.fixed);
  for (;;) {
    let used = 0;
    let weight = 0;
    for (const [i, l] of layers.entries()) {
      const d = out[i];
      if (d === undefined) weight += l.raw * l.n;
      else used += d * l.n;
    }
    if (weight === 0) break; // every layer fixed or dense
    const eps = (budget - used) / weight;
    if (!(eps > 0)) {
      fail(
        'SPARSELAND__MASKS__OUT_OF_RANGE',
        fn,
        'sparsity',
        `leave a positive budget for the free layers after the fixed and dense ones (they keep ${used} of ${budget} entries)`,
        s,
      );
    }
    let maxRaw = Number.NEGATIVE_INFINITY;
    for (const [i, l] of layers.entries()) if (out[i] === undefined && l.raw > maxRaw) maxRaw = l.raw;
    if (eps * maxRaw > 1) {
      for (const [i, l] of layers.entries()) if (out[i] === undefined && l.raw === maxRaw) out[i] = 1;
      continue;
    }
    for (const [i, l] of layers.entries()) if (out[i] === undefined) out[i] = Math.min(1, eps * l.raw);
    break;
  }
  return out.map((d) => d ?? 1);
}
