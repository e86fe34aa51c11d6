/**
 * Transposable N:M sparsity: N:M along `'in'` and along `'out'` at once, so both `W` (forward) and `Wᵀ`
 * (the input gradient) are N:M (spec §4; ASP's `mn_2d_greedy` and `mn_2d_best` in
 * NVIDIA/apex:apex/contrib/sparsity/sparse_masklib.py).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkBool, onlyFields } from '../internal/checks.js';
import { resolveAxis, stridesOf } from '../internal/layout.js';
import type { NMTransposablePattern } from '../types.js';
import { checkKeepOf } from './nm.js';
import type { PatternImpl } from './pattern.js';

/** Largest M for which `exact` enumerates the valid M×M patterns (2:4 has 90, 1:4 and 3:4 have 24). */
export const MAX_EXACT_OF = 4;

const patternCache = new Map<string, Uint8Array[]>();

/**
 * Every M×M 0/1 matrix (flat, row-major) with exactly N ones in each row and each column, in lexicographic
 * order of the rows' choices (row 0's lowest columns first), so the first maximum keeps the lower indices.
 *
 * @example
 * ```ts
 * transposablePatterns(2, 4).length; // 90
 * transposablePatterns(1, 4).length; // 24 (the permutation matrices)
 * ```
 */
export function transposablePatterns(n: number, m: number): Uint8Array[] {
  const key = `${n}:${m}`;
  const cached = patternCache.get(key);
  if (cached !== undefined) return cached;
  // the row choices: every n-subset of m columns, as bit sets, in lexicographic order
  const rows: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === n) {
      rows.push([...chosen]);
      return;
    }
    for (let c = start; c < m; c++) pick(c + 1, [...chosen, c]);
  };
  pick(0, []);
  const out: Uint8Array[] = [];
  const colCount = new Int32Array(m);
  const current: number[][] = [];
  const place = (r: number) => {
    if (r === m) {
      const p = new Uint8Array(m * m);
      current.forEach((cols, i) => {
        for (const c of cols) p[i * m + c] = 1;
      });
      out.push(p);
      return;
    }
    for (const cols of rows) {
      if (cols.some((c) => colCount[c]! >= n)) continue;
      for (const c of cols) colCount[c]!++;
      current.push(cols);
      place(r + 1);
      current.pop();
      for (const c of cols) colCount[c]!--;
    }
  };
  place(0);
  patternCache.set(key, out);
  return out;
}

/** Score for ranking: NaN ranks below every number (spec §1.3). */
function key(v: number): number {
  return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
}

/**
 * Greedy selection in one block (ASP `mn_2d_greedy`): visit the entries by (score desc, flat index asc)
 * and keep one unless its row or its column already holds `cap`. Writes into `out` at `pos`.
 */
function greedyBlock(
  scores: ArrayLike<number>,
  pos: Int32Array,
  rows: number,
  cols: number,
  n: number,
  out: Uint8Array,
): void {
  const count = rows * cols;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => {
    const d = key(scores[pos[b]!]!) - key(scores[pos[a]!]!);
    return d > 0 || d < 0 ? d : pos[a]! - pos[b]!;
  });
  const rowCap = Math.min(n, cols);
  const colCap = Math.min(n, rows);
  const inRow = new Int32Array(rows);
  const inCol = new Int32Array(cols);
  for (const i of order) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    if (inRow[r]! >= rowCap || inCol[c]! >= colCap) continue;
    out[pos[i]!] = 1;
    inRow[r]!++;
    inCol[c]!++;
  }
}

/** Exact selection in one full M×M block (ASP `mn_2d_best`): the valid pattern with the largest score sum. */
function exactBlock(
  scores: ArrayLike<number>,
  pos: Int32Array,
  patterns: readonly Uint8Array[],
  out: Uint8Array,
): void {
  let best = 0;
  let bestSum = Number.NEGATIVE_INFINITY;
  const vals = Array.from(pos, (p) => {
    const v = scores[p]!;
    // NaN below every number, but still comparable in sums (-Infinity would make all sums equal)
    return Number.isNaN(v) ? -Number.MAX_VALUE / 64 : v;
  });
  patterns.forEach((p, k) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) if (p[i]) s += vals[i]!;
    if (s > bestSum) {
      bestSum = s;
      best = k;
    }
  });
  const p = patterns[best]!;
  for (let i = 0; i < p.length; i++) if (p[i]) out[pos[i]!] = 1;
}

/**
 * The `nmTransposable` pattern: the (`'out'`, `'in'`) plane is tiled into M×M blocks (other axes, such as
 * a convolution's kernel axes, are batch axes); each block keeps N per row and N per column. `exact: false`
 * (default) is ASP's greedy (by descending score, an entry is kept unless its row or column is full; it may
 * keep fewer than N in a row when it paints itself into a corner); `exact: true` searches every valid
 * pattern (M ≤ 4: 90 for 2:4) for the largest score sum, ties to the first in lexicographic order. Edge
 * blocks smaller than M×M keep at most `min(N, length)` per row and column, greedily.
 */
export const nmTransposablePattern: PatternImpl<NMTransposablePattern> = {
  kind: 'nmTransposable',
  validate(p, fn, arg) {
    onlyFields(p, ['kind', 'keep', 'of', 'exact'], fn, arg);
    const { keep, of } = checkKeepOf(p.keep, p.of, fn, arg);
    const exact = checkBool(p.exact ?? false, fn, `${arg}.exact`);
    if (exact && of > MAX_EXACT_OF) {
      fail(
        'SPARSELAND__MASKS__OUT_OF_RANGE',
        fn,
        `${arg}.of`,
        `be at most ${MAX_EXACT_OF} with exact: true (the valid patterns grow combinatorially; use the greedy search)`,
        of,
      );
    }
    return { kind: 'nmTransposable', keep, of, exact };
  },
  fixedDensity(p) {
    return p.keep / p.of;
  },
  mask(p, ctx) {
    const { shape, scores } = ctx;
    const ao = resolveAxis('out', ctx.layout, ctx.fn, 'layout');
    const ai = resolveAxis('in', ctx.layout, ctx.fn, 'layout');
    const strides = stridesOf(shape);
    const out = new Uint8Array(scores.length);
    const m = p.of;
    const patterns = p.exact ? transposablePatterns(p.keep, m) : [];
    // batch axes: every axis other than out and in
    const batchAxes = shape.map((_, d) => d).filter((d) => d !== ao && d !== ai);
    const batchCount = batchAxes.reduce((a, d) => a * shape[d]!, 1);
    const nOut = shape[ao]!;
    const nIn = shape[ai]!;
    const pos = new Int32Array(m * m);
    for (let b = 0; b < batchCount; b++) {
      let base = 0;
      let rest = b;
      for (let k = batchAxes.length - 1; k >= 0; k--) {
        const d = batchAxes[k]!;
        base += (rest % shape[d]!) * strides[d]!;
        rest = Math.floor(rest / shape[d]!);
      }
      for (let r0 = 0; r0 < nOut; r0 += m) {
        const rows = Math.min(m, nOut - r0);
        for (let c0 = 0; c0 < nIn; c0 += m) {
          const cols = Math.min(m, nIn - c0);
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < cols; c++)
              pos[r * cols + c] = base + (r0 + r) * strides[ao]! + (c0 + c) * strides[ai]!;
          if (p.exact && rows === m && cols === m) exactBlock(scores, pos, patterns, out);
          else greedyBlock(scores, pos.subarray(0, rows * cols), rows, cols, p.keep, out);
        }
      }
    }
    return out;
  },
};
