import { describe, expect, it } from 'vitest';
import { magnitudeMask, maskFromScores, transposablePatterns } from '../src/index.js';
import { count, expectCode, host, normals } from './helpers.js';

/** Row and column sums of every full m×m block of a 2-D 0/1 mask. */
function blockSums(mask: number[], rows: number, cols: number, m: number): { row: number[]; col: number[] } {
  const row: number[] = [];
  const col: number[] = [];
  for (let r0 = 0; r0 + m <= rows; r0 += m)
    for (let c0 = 0; c0 + m <= cols; c0 += m)
      for (let i = 0; i < m; i++) {
        let rs = 0;
        let cs = 0;
        for (let j = 0; j < m; j++) {
          rs += mask[(r0 + i) * cols + c0 + j]!;
          cs += mask[(r0 + j) * cols + c0 + i]!;
        }
        row.push(rs);
        col.push(cs);
      }
  return { row, col };
}

/** Independent reference: the best 2:4-transposable mask of one 4×4 block over all 2^16 masks. */
function bruteBest(block: number[]): { best: number; count: number } {
  let best = Number.NEGATIVE_INFINITY;
  let valid = 0;
  for (let bits = 0; bits < 1 << 16; bits++) {
    let ok = true;
    for (let i = 0; i < 4 && ok; i++) {
      let rs = 0;
      let cs = 0;
      for (let j = 0; j < 4; j++) {
        rs += (bits >> (i * 4 + j)) & 1;
        cs += (bits >> (j * 4 + i)) & 1;
      }
      ok = rs === 2 && cs === 2;
    }
    if (!ok) continue;
    valid++;
    let s = 0;
    for (let k = 0; k < 16; k++) if ((bits >> k) & 1) s += block[k]!;
    best = Math.max(best, s);
  }
  return { best, count: valid };
}

// A hand-checked block where greedy is not optimal (ties of 1 go to the lower flat index):
//   greedy keeps 10, 9 (row 0 full), 7 (col 0 full), then the 1s at (1,1), (2,2), (2,3), (3,2), (3,3): sum 31;
//   the best pattern drops 10 and keeps 9, 8, 7, 6 and four 1s: sum 34 (with 10, row 0 and column 0 can add
//   only one of 9/8 and one of 7/6: at most 10 + 9 + 7 + five 1s = 31). Several patterns tie at 34; the first
//   in lexicographic order of the rows' choices has rows {1,2}, {0,1}, {0,3}, {2,3}.
const HAND = [
  [10, 9, 8, 1],
  [7, 1, 1, 1],
  [6, 1, 1, 1],
  [1, 1, 1, 1],
];

describe('nmTransposable pattern', () => {
  it('enumerates the valid 4×4 patterns: 90 for 2:4, 24 for 1:4 and 3:4 (checked against all 2^16 masks)', () => {
    expect(transposablePatterns(2, 4)).toHaveLength(90);
    expect(bruteBest(new Array(16).fill(0)).count).toBe(90);
    expect(transposablePatterns(1, 4)).toHaveLength(24);
    expect(transposablePatterns(3, 4)).toHaveLength(24);
    expect(transposablePatterns(1, 2)).toHaveLength(2);
    for (const p of transposablePatterns(2, 4)) {
      const { row, col } = blockSums(Array.from(p), 4, 4, 4);
      expect([...row, ...col].every((v) => v === 2)).toBe(true);
    }
    expect(new Set(transposablePatterns(2, 4).map((p) => p.join(''))).size).toBe(90);
  });

  it('greedy on the hand-checked block', () => {
    const m = host(
      magnitudeMask(HAND, { sparsity: 0.5, pattern: { kind: 'nmTransposable', keep: 2, of: 4 } }),
    );
    expect(m).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('exact on the hand-checked block: sum 34 against greedy 31, ties to the first pattern', () => {
    const m = host(
      maskFromScores(HAND, { pattern: { kind: 'nmTransposable', keep: 2, of: 4, exact: true } }),
    );
    expect(m).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1]);
    const flat = HAND.flat();
    expect(m.reduce((a, v, i) => a + v * flat[i]!, 0)).toBe(34);
    expect(bruteBest(flat).best).toBe(34);
  });

  it('exact reaches the brute-force optimum in every block of a random matrix; greedy never beats it', () => {
    const rows = 8;
    const cols = 12;
    const w = normals(rows * cols, 3).map(Math.abs);
    const scores = Array.from({ length: rows }, (_, r) => w.slice(r * cols, (r + 1) * cols));
    const exact = host(
      maskFromScores(scores, { pattern: { kind: 'nmTransposable', keep: 2, of: 4, exact: true } }),
    );
    const greedy = host(maskFromScores(scores, { pattern: { kind: 'nmTransposable', keep: 2, of: 4 } }));
    for (const mask of [exact, greedy]) {
      const { row, col } = blockSums(mask, rows, cols, 4);
      expect(Math.max(...row, ...col)).toBeLessThanOrEqual(2);
    }
    const exactSums = blockSums(exact, rows, cols, 4);
    expect([...exactSums.row, ...exactSums.col].every((v) => v === 2)).toBe(true);
    for (let r0 = 0; r0 < rows; r0 += 4)
      for (let c0 = 0; c0 < cols; c0 += 4) {
        const idx: number[] = [];
        for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) idx.push((r0 + i) * cols + c0 + j);
        const sum = (mask: number[]) => idx.reduce((a, k) => a + mask[k]! * w[k]!, 0);
        const best = bruteBest(idx.map((k) => w[k]!)).best;
        expect(sum(exact)).toBeCloseTo(best, 10);
        expect(sum(greedy)).toBeLessThanOrEqual(best + 1e-12);
      }
  });

  it('is N:M along both axes for a convolution [out, in, kh, kw] (kernel axes are batch axes)', () => {
    const [o, i, kh, kw] = [8, 8, 2, 3];
    const w = normals(o * i * kh * kw, 5);
    const nested = Array.from({ length: o }, (_, a) =>
      Array.from({ length: i }, (_, b) =>
        Array.from({ length: kh }, (_, c) =>
          Array.from({ length: kw }, (_, d) => w[((a * i + b) * kh + c) * kw + d]!),
        ),
      ),
    );
    const mask = host(
      magnitudeMask(nested, {
        sparsity: 0.5,
        pattern: { kind: 'nmTransposable', keep: 2, of: 4, exact: true },
      }),
    );
    expect(count(mask)).toBe((o * i * kh * kw) / 2);
    for (let c = 0; c < kh; c++)
      for (let d = 0; d < kw; d++) {
        const plane: number[] = [];
        for (let a = 0; a < o; a++)
          for (let b = 0; b < i; b++) plane.push(mask[((a * i + b) * kh + c) * kw + d]!);
        const { row, col } = blockSums(plane, o, i, 4);
        expect([...row, ...col].every((v) => v === 2)).toBe(true);
      }
  });

  it('keeps at most min(N, length) per row and column in ragged edge blocks', () => {
    const w = normals(5 * 6, 7);
    const scores = Array.from({ length: 5 }, (_, r) => w.slice(r * 6, r * 6 + 6));
    const mask = host(
      maskFromScores(scores, { pattern: { kind: 'nmTransposable', keep: 2, of: 4, exact: true } }),
    );
    // the last block row has 1 row: at most 2 kept per 4 (cols), and each column of it at most 1
    const lastRow = mask.slice(24);
    expect(count(lastRow.slice(0, 4))).toBeLessThanOrEqual(2);
    // the 4×2 edge block: each row at most 2 (its length), each column at most 2
    for (let r = 0; r < 4; r++) expect(count(mask.slice(r * 6 + 4, r * 6 + 6))).toBeLessThanOrEqual(2);
  });

  it('rejects exact search past M = 4 and N > M', () => {
    expectCode(
      () => maskFromScores([[1, 2]], { pattern: { kind: 'nmTransposable', keep: 2, of: 8, exact: true } }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      'at most 4 with exact',
    );
    expectCode(
      () => maskFromScores([[1, 2]], { pattern: { kind: 'nmTransposable', keep: 5, of: 4 } }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
});
