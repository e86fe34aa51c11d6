/**
 * Exact top-k selection on the host, the one primitive every pattern uses (spec §1.3): entries rank by
 * (score descending, flat index ascending), NaN ranks as −∞, and the requested count is always met. The
 * k-th value is found by selection (quickselect with a sort fallback), not by sorting everything.
 */

/** Sort key of a score: NaN ranks as −∞. */
function key(v: number): number {
  return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
}

/**
 * Permute `a[lo..hi]` so that `a[j]` holds the value it would have if sorted ascending, and return it.
 * Quickselect with a median-of-three pivot; after too many rounds it sorts the remaining range.
 */
function nthAscending(a: Float64Array, j: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || budget-- <= 0) {
      a.subarray(lo, hi + 1).sort();
      return a[j]!;
    }
    const mid = (lo + hi) >>> 1;
    // median of three into a[mid]
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let k = hi;
    while (i <= k) {
      while (a[i]! < pivot) i++;
      while (a[k]! > pivot) k--;
      if (i <= k) {
        swap(a, i, k);
        i++;
        k--;
      }
    }
    if (j <= k) hi = k;
    else if (j >= i) lo = i;
    else return a[j]!;
  }
  return a[j]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Reusable scratch buffer, grown on demand. */
let scratch = new Float64Array(64);

function buffer(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch.subarray(0, n);
}

/**
 * Mark the top `k` of the candidates in `out` (set to 1; other entries are left as they are).
 *
 * @param scores - Scores, indexed by flat position.
 * @param positions - Candidate flat positions in ascending order, or `undefined` for `0..count-1`.
 * @param count - Number of candidates.
 * @param k - How many to keep (clamped to `[0, count]`).
 * @param out - Mask to write.
 */
export function selectTop(
  scores: ArrayLike<number>,
  positions: ArrayLike<number> | undefined,
  count: number,
  k: number,
  out: Uint8Array,
): void {
  if (k <= 0 || count === 0) return;
  const at = positions === undefined ? (i: number) => i : (i: number) => positions[i]!;
  if (k >= count) {
    for (let i = 0; i < count; i++) out[at(i)] = 1;
    return;
  }
  const buf = buffer(count);
  for (let i = 0; i < count; i++) buf[i] = key(scores[at(i)]!);
  const threshold = nthAscending(buf, count - k);
  let taken = 0;
  for (let i = 0; i < count; i++) {
    if (key(scores[at(i)]!) > threshold) {
      out[at(i)] = 1;
      taken++;
    }
  }
  for (let i = 0; i < count && taken < k; i++) {
    const p = at(i);
    if (key(scores[p]!) === threshold) {
      out[p] = 1;
      taken++;
    }
  }
}

/** Top `k` of `scores` (all entries are candidates) as a fresh 0/1 mask. */
export function topKMask(scores: ArrayLike<number>, k: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  selectTop(scores, undefined, scores.length, k, out);
  return out;
}
