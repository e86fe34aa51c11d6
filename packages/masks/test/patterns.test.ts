import { tensor } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { checkPattern, maskFromScores } from '../src/index.js';
import { count, expectCode, host, normals } from './helpers.js';

describe('block pattern', () => {
  it('keeps the top blocks by pooled score (avg default), edge blocks smaller', () => {
    // 4x4 scores, 2x2 blocks: block means 1, 2, 3, 4 (row-major blocks)
    const s = [
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, 4, 4],
      [3, 3, 4, 4],
    ];
    expect(host(maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'block', out: 2, in: 2 } }))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    ]);
    // 1x4 blocks along in (INC "1x4"): each row is one block
    expect(host(maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'block', out: 1, in: 4 } }))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    ]);
    // 4x1 blocks (4 out × 1 in): each column
    expect(host(maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'block', out: 4, in: 1 } }))).toEqual([
      0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1,
    ]);
    // ragged: 3 cols with 1x2 blocks -> blocks {0,1} and {2}; max pooling
    expect(
      host(
        maskFromScores([[1, 1, 5]], {
          sparsity: 0.5,
          pattern: { kind: 'block', out: 1, in: 2, pool: 'max' },
        }),
      ),
    ).toEqual([0, 0, 1]);
  });
  it('compares pooling modes', () => {
    const s = [[3, -3, 1, 1]];
    const p = (pool: 'avg' | 'max' | 'l1' | 'l2') =>
      host(maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'block', out: 1, in: 2, pool } }));
    expect(p('avg')).toEqual([0, 0, 1, 1]); // 0 vs 1
    expect(p('l1')).toEqual([1, 1, 0, 0]); // 6 vs 2
    expect(p('l2')).toEqual([1, 1, 0, 0]);
    expect(p('max')).toEqual([1, 1, 0, 0]);
  });
  it('treats conv kernel axes as batch axes and follows the layout', () => {
    const w = normals(4 * 4 * 2, 9).map(Math.abs);
    const m = host(
      maskFromScores(tensor(w, { shape: [4, 4, 2] }), {
        sparsity: 0.5,
        pattern: { kind: 'block', out: 2, in: 2 },
      }),
    );
    expect(count(m)).toBe(16);
    // blocks never span kw: entries (o, i, k) and (o, i, 1-k) may differ
    for (let o = 0; o < 4; o += 2)
      for (let i = 0; i < 4; i += 2)
        for (let k = 0; k < 2; k++) {
          const v = m[o * 8 + i * 2 + k];
          for (const [dOut, di] of [
            [0, 1],
            [1, 0],
            [1, 1],
          ])
            expect(m[(o + dOut!) * 8 + (i + di!) * 2 + k]).toBe(v);
        }
    expectCode(
      () => maskFromScores([1, 2, 3], { sparsity: 0.5, pattern: { kind: 'block', out: 1, in: 2 } }),
      'SPARSELAND__MASKS__AXIS_INVALID',
    );
  });
});

describe('channel pattern', () => {
  it('prunes whole filters by L1 (default) or L2 norm', () => {
    const s = [
      [3, 0, 0],
      [1, 1, 1],
      [0, 2, 0],
    ];
    expect(host(maskFromScores(s, { sparsity: 0.34, pattern: { kind: 'channel' } }))).toEqual([
      1, 1, 1, 1, 1, 1, 0, 0, 0,
    ]);
    expect(host(maskFromScores(s, { sparsity: 0.67, pattern: { kind: 'channel' } }))).toEqual([
      1, 1, 1, 0, 0, 0, 0, 0, 0,
    ]);
    // L2: 3, sqrt(3), 2 -> keep the first and last
    expect(host(maskFromScores(s, { sparsity: 0.34, pattern: { kind: 'channel', norm: 'l2' } }))).toEqual([
      1, 1, 1, 0, 0, 0, 1, 1, 1,
    ]);
  });
  it('prunes input channels along in', () => {
    expect(
      host(
        maskFromScores(
          [
            [5, 0, 1],
            [5, 0, 1],
          ],
          { sparsity: 0.5, pattern: { kind: 'channel', axis: 'in' } },
        ),
      ),
    ).toEqual([1, 0, 1, 1, 0, 1]);
  });
});

describe('row-group pattern', () => {
  it('keeps the same number of g-groups per row (row-balanced) or ranks them globally', () => {
    const s = [
      [9, 9, 1, 1, 5, 5, 2, 2],
      [1, 1, 1, 1, 1, 1, 8, 8],
    ];
    const bal = host(maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'rowGroup', g: 2 } }));
    expect(bal).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1]);
    const glob = host(
      maskFromScores(s, { sparsity: 0.5, pattern: { kind: 'rowGroup', g: 2, rowBalanced: false } }),
    );
    expect(glob).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
  });
  it('lets keepFrac fix the density', () => {
    const scores = tensor(normals(64, 2).map(Math.abs), { shape: [4, 16] });
    const m = host(maskFromScores(scores, { pattern: { kind: 'rowGroup', g: 4, keepFrac: 0.25 } }));
    expect(count(m)).toBe(16);
    for (let r = 0; r < 4; r++) expect(count(m.slice(r * 16, r * 16 + 16))).toBe(4);
  });
});

describe('checkPattern', () => {
  it('fills defaults', () => {
    expect(checkPattern({ kind: 'nm', keep: 2, of: 4 })).toEqual({
      kind: 'nm',
      keep: 2,
      of: 4,
      axis: 'in',
      pad: 'zero',
    });
    expect(checkPattern({ kind: 'block', out: 4, in: 1 })).toEqual({
      kind: 'block',
      out: 4,
      in: 1,
      pool: 'avg',
    });
    expect(checkPattern({ kind: 'channel' })).toEqual({ kind: 'channel', axis: 'out', norm: 'l1' });
    expect(checkPattern({ kind: 'rowGroup', g: 16 })).toEqual({
      kind: 'rowGroup',
      g: 16,
      rowBalanced: true,
      pool: 'l2',
    });
  });
  it('rejects bad fields', () => {
    expectCode(() => checkPattern({ kind: 'block', out: 0, in: 1 }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => checkPattern({ kind: 'channel', norm: 'l3' }), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    expectCode(() => checkPattern('nm'), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    expectCode(
      () => checkPattern({ kind: 'rowGroup', g: 4, keepFrac: 0 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
});
