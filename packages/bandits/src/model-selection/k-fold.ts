/**
 * K-fold splits (scikit-learn's `KFold`): contiguous folds, the first `n mod k` one sample larger;
 * optionally on a seeded permutation.
 *
 * @module
 */
import { random } from '@sparseland/core';

/** One split: training and test row indices. */
export interface Split {
  /** Training rows, increasing. */
  train: Int32Array;
  /** Test rows. */
  test: Int32Array;
}

/**
 * `k` train/test splits of `n` rows.
 *
 * @example
 * ```ts
 * kFold(5, 2).map((s) => Array.from(s.test)); // [[0, 1, 2], [3, 4]]
 * ```
 */
export function kFold(n: number, k: number, opts: { shuffle?: boolean; seed?: number } = {}): Split[] {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (opts.shuffle) {
    const rng = new random.Rng(opts.seed ?? 0);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }
  const splits: Split[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = order.slice(start, start + size);
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train = Int32Array.from({ length: n - size }, () => 0);
    let p = 0;
    for (let i = 0; i < n; i++) if (!inTest[i]) train[p++] = i;
    splits.push({ train, test });
    start += size;
  }
  return splits;
}
