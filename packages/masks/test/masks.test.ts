import { memory, tensor } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { keepCount, magnitudeMask, maskFromScores, nmMask, parseNM } from '../src/index.js';
import { count, expectCode, host, normals } from './helpers.js';

describe('keepCount (spec §1.2)', () => {
  it('rounds the kept count half to even by default, and floor/ceil round the pruned count', () => {
    expect(keepCount(10, 0.25)).toBe(8); // round(7.5) -> 8 (even)
    expect(keepCount(10, 0.35)).toBe(6); // round(6.5) -> 6 (even)
    expect(keepCount(10, 0.25, 'floor')).toBe(8); // prunes floor(2.5) = 2
    expect(keepCount(10, 0.25, 'ceil')).toBe(7); // prunes ceil(2.5) = 3 (open_lth)
    expect(keepCount(10, 0.7, 'ceil')).toBe(3); // 0.7·10 is 7, not 7.000000000000001
    expect(keepCount(10, 0.99)).toBe(1); // at least one kept
    expect(keepCount(10, 0)).toBe(10);
    expect(keepCount(0, 0.5)).toBe(0);
  });
  it('rejects sparsity outside [0, 1) and bad counts', () => {
    expectCode(
      () => keepCount(10, 1),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      "argument 's' must be a number in [0, 1); got 1.",
    );
    expectCode(() => keepCount(10, -0.1), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => keepCount(1.5, 0.1), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => keepCount(10, 0.5, 'up' as never), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
  });
});

describe('magnitudeMask', () => {
  it('keeps exactly keepCount(n, s) entries, the largest |w|', () => {
    const w = normals(1000, 1);
    for (const s of [0, 0.1, 0.5, 0.8, 0.9, 0.95, 0.999]) {
      const m = host(magnitudeMask(tensor(w, { shape: [20, 50] }), { sparsity: s }));
      const k = keepCount(1000, s);
      expect(count(m)).toBe(k);
      // every kept |w| >= every pruned |w|
      let minKept = Number.POSITIVE_INFINITY;
      let maxPruned = 0;
      w.forEach((v, i) => {
        if (m[i] === 1) minKept = Math.min(minKept, Math.abs(v));
        else maxPruned = Math.max(maxPruned, Math.abs(v));
      });
      expect(minKept).toBeGreaterThanOrEqual(maxPruned);
    }
  });
  it('breaks ties by the lower flat index, and -0 ties with 0', () => {
    expect(host(magnitudeMask([[1, 1, 1, 1]], { sparsity: 0.5 }))).toEqual([1, 1, 0, 0]);
    expect(host(magnitudeMask([[0, -0, 0, 2]], { sparsity: 0.5 }))).toEqual([1, 0, 0, 1]);
    expect(host(magnitudeMask([[3, -5, 5, 1]], { sparsity: 0.75 }))).toEqual([0, 1, 0, 0]);
  });
  it('ranks NaN scores as -inf (pruned first)', () => {
    expect(host(maskFromScores([Number.NaN, 1, Number.NEGATIVE_INFINITY, 0], { sparsity: 0.5 }))).toEqual([
      0, 1, 0, 1,
    ]);
  });
  it('selects exactly on large inputs with many ties (quickselect path)', () => {
    const n = 20_000;
    const scores = Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const m = host(maskFromScores(scores, { sparsity: 0.37 }));
    const k = keepCount(n, 0.37);
    expect(count(m)).toBe(k);
    // reference: sort by (score desc, index asc)
    const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const ref = new Array(n).fill(0);
    for (let j = 0; j < k; j++) ref[order[j]![1]] = 1;
    expect(m).toEqual(ref);
  });
  it('does not leak tensors', () => {
    const before = memory().numTensors;
    magnitudeMask([[1, 2, 3, 4]], { sparsity: 0.5 }).dispose();
    nmMask([[1, 2, 3, 4]], { keep: 2, of: 4 }).dispose();
    maskFromScores([[1, 2, 3, 4]], { sparsity: 0.5 }).dispose();
    expect(memory().numTensors).toBe(before);
  });
  it('validates its arguments', () => {
    expectCode(
      () => magnitudeMask([[1, 2]], { sparsity: 1 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      "'opts.sparsity'",
    );
    expectCode(() => magnitudeMask([[1, 2]], { sparsity: Number.NaN }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => maskFromScores([[1, 2]], {} as never), 'SPARSELAND__MASKS__MISSING_INPUT');
    expectCode(
      () => maskFromScores([[1, 2]], { sparsity: 0.5, pattern: { kind: 'diagonal' } as never }),
      'SPARSELAND__MASKS__UNKNOWN_NAME',
      'be a known pattern kind (unstructured, nm, nmTransposable, block, channel, rowGroup); add one with registerPattern()',
    );
    expectCode(
      () => maskFromScores([[1, 2]], { sparsity: 0.5, pattern: { kind: 'nm', n: 2 } as never }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      "'opts.pattern.n'",
    );
    expectCode(
      () => maskFromScores([[1, 2]], { sparsity: 0.5, layout: ['out'] }),
      'SPARSELAND__MASKS__AXIS_INVALID',
    );
  });
});

/** Reference N:M along the last axis of a 2-D array: per group, sort by (|w| desc, index asc). */
function nmReference(w: number[][], keep: number, of: number): number[][] {
  return w.map((row) => {
    const out = new Array(row.length).fill(0);
    for (let g = 0; g < row.length; g += of) {
      const idx = row
        .slice(g, g + of)
        .map((v, j) => [Math.abs(v), g + j] as const)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      for (const [, j] of idx.slice(0, keep)) out[j] = 1;
    }
    return out;
  });
}

describe('nmMask (spec §1.4, §4)', () => {
  it('keeps exactly N of every M along in, the largest, for any N <= M', () => {
    const rows = 6;
    for (const [keep, of] of [
      [2, 4],
      [1, 4],
      [1, 8],
      [3, 5],
      [4, 8],
      [1, 1],
      [5, 16],
    ] as const) {
      const cols = of * 4;
      const flat = normals(rows * cols, keep * 100 + of);
      const w = Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols));
      const m = nmMask(tensor(w), { keep, of }).arraySync() as boolean[][];
      expect(m.map((r) => r.map(Number))).toEqual(nmReference(w, keep, of));
      for (const r of m)
        for (let g = 0; g < cols; g += of) expect(count(r.slice(g, g + of).map(Number))).toBe(keep);
    }
  });
  it('breaks ties by the lower index inside each group', () => {
    expect(host(nmMask([[1, 1, 1, 1, 2, 0, 2, 2]], { keep: 2, of: 4 }))).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
  });
  it('equals ASP m4n2_1d (argmax over the 6 patterns) for 2:4 without ties', () => {
    const patterns: number[][] = [];
    for (let a = 0; a < 4; a++)
      for (let b = a + 1; b < 4; b++) patterns.push([0, 1, 2, 3].map((j) => (j === a || j === b ? 1 : 0)));
    const flat = normals(8 * 16, 7);
    const m = host(nmMask(tensor(flat, { shape: [8, 16] }), { keep: 2, of: 4 }));
    for (let g = 0; g < flat.length; g += 4) {
      const grp = flat.slice(g, g + 4).map(Math.abs);
      let best = 0;
      let bestV = -1;
      patterns.forEach((p, i) => {
        const v = p.reduce((a, x, j) => a + x * grp[j]!, 0);
        if (v > bestV) {
          bestV = v;
          best = i;
        }
      });
      expect(m.slice(g, g + 4)).toEqual(patterns[best]);
    }
  });
  it('groups along the named axis for Linear, Conv NCHW/NHWC and Flax layouts', () => {
    // conv [out=2, in=4, kh=1, kw=2]: groups run along in (stride 2)
    const conv = normals(2 * 4 * 1 * 2, 3);
    const mc = host(nmMask(tensor(conv, { shape: [2, 4, 1, 2] }), { keep: 1, of: 4, axis: 'in' }));
    for (let o = 0; o < 2; o++)
      for (let k = 0; k < 2; k++) {
        const idx = [0, 1, 2, 3].map((c) => o * 8 + c * 2 + k);
        const vals = idx.map((i) => Math.abs(conv[i]!));
        const best = idx[vals.indexOf(Math.max(...vals))]!;
        expect(idx.map((i) => mc[i])).toEqual(idx.map((i) => (i === best ? 1 : 0)));
      }
    // NHWC-style layout [out, kh, kw, in]: groups along the last axis
    const nhwc = host(
      nmMask(tensor(conv, { shape: [2, 1, 2, 4] }), { keep: 1, of: 4, layout: ['out', 'kh', 'kw', 'in'] }),
    );
    const last = host(nmMask(tensor(conv, { shape: [4, 4] }), { keep: 1, of: 4, axis: -1 }));
    expect(nhwc).toEqual(last);
    // Flax [in, out] groups along in = axis 0, i.e. the transpose of the torch result
    const w = normals(8 * 3, 5);
    const flax = tensor(w, { shape: [8, 3] });
    const torch = tensor(
      Array.from({ length: 24 }, (_, i) => w[(i % 8) * 3 + Math.floor(i / 8)]!),
      { shape: [3, 8] },
    );
    const mf = nmMask(flax, { keep: 2, of: 4, layout: ['in', 'out'] }).arraySync() as boolean[][];
    const mt = nmMask(torch, { keep: 2, of: 4 }).arraySync() as boolean[][];
    expect(mf).toEqual(mt[0]!.map((_, c) => mt.map((row) => row[c])));
  });
  it('zero-pads a ragged last group (keeps min(N, length)) or throws with pad: error', () => {
    expect(host(nmMask([[1, 2, 3, 4, 5, 6]], { keep: 2, of: 4 }))).toEqual([0, 0, 1, 1, 1, 1]);
    expect(host(nmMask([[1, 2, 3, 4, 5]], { keep: 2, of: 4 }))).toEqual([0, 0, 1, 1, 1]);
    expectCode(
      () => nmMask([[1, 2, 3, 4, 5]], { keep: 2, of: 4, pad: 'error' }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
    );
  });
  it('ranks by given scores when passed', () => {
    expect(host(nmMask([[9, 9, 9, 9]], { keep: 1, of: 4, scores: [[0, 0, 5, 1]] }))).toEqual([0, 0, 1, 0]);
    expectCode(
      () => nmMask([[9, 9, 9, 9]], { keep: 1, of: 4, scores: [[0, 5]] }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
    );
  });
  it('rejects N > M, bad axes and non-integers with clear messages', () => {
    expectCode(
      () => nmMask([[1, 2, 3, 4]], { keep: 5, of: 4 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      "nmMask: argument 'opts.keep' must be at most of (4): N:M keeps N of every M; got 5.",
    );
    expectCode(() => nmMask([[1, 2, 3, 4]], { keep: 0, of: 4 }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => nmMask([[1, 2, 3, 4]], { keep: 1.5, of: 4 }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(
      () => nmMask([[1, 2, 3, 4]], { keep: 1, of: 4, axis: 'kh' }),
      'SPARSELAND__MASKS__AXIS_INVALID',
      "'kh'",
    );
    expectCode(() => nmMask([[1, 2, 3, 4]], { keep: 1, of: 4, axis: 2 }), 'SPARSELAND__MASKS__AXIS_INVALID');
    expectCode(
      () => nmMask([[1, 2, 3, 4]], { keep: 1, of: 4, axis: 'rows' as never }),
      'SPARSELAND__MASKS__AXIS_INVALID',
    );
  });
});

describe('parseNM (keep vs prune convention)', () => {
  it('reads N:M as keep N by default and converts the prune convention', () => {
    expect(parseNM('1:4')).toEqual({ kind: 'nm', keep: 1, of: 4, axis: 'in' });
    expect(parseNM('1:4', { convention: 'prune' })).toEqual({ kind: 'nm', keep: 3, of: 4, axis: 'in' });
    expect(parseNM(' 2 : 4 ', { convention: 'prune' }).keep).toBe(2);
  });
  it('rejects malformed strings and N > M', () => {
    expectCode(() => parseNM('2/4'), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    expectCode(() => parseNM('5:4'), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => parseNM('4:4', { convention: 'prune' }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => parseNM('1:4', { convention: 'drop' as never }), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
  });
});
