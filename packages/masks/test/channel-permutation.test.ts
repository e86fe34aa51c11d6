import { memory, nn, tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { channelPermutation, nmMask, permuteLinearInputs } from '../src/index.js';
import { expectCode, host, normals } from './helpers.js';

/** Independent reference: |w| kept by 2-D N:M along the columns of w[:, perm]. */
function keptNM(w: number[][], perm: ArrayLike<number>, n: number, m: number): number {
  const permuted = w.map((row) => Array.from(perm, (p) => row[p]!));
  const t = nmMask(permuted, { keep: n, of: m });
  const mask = host(t);
  t.dispose();
  return permuted.flat().reduce((a, v, i) => a + Math.abs(v) * mask[i]!, 0);
}

function matrix(rows: number, cols: number, seed: number): number[][] {
  const v = normals(rows * cols, seed);
  return Array.from({ length: rows }, (_, r) => v.slice(r * cols, (r + 1) * cols));
}

describe('channelPermutation (Pool & Yu)', () => {
  it('hand-checked: two rows whose large entries sit in different groups reach the unstructured bound', () => {
    // default 2:4 keeps 9 + 8 in each row: 34; mixing channels lets each row keep all four of 9, 8, 7, 6
    // (two per group): 60 = the bound of keeping half of every row
    const w = [
      [9, 8, 7, 6, 0, 0, 0, 0],
      [0, 0, 0, 0, 9, 8, 7, 6],
    ];
    const p = channelPermutation(w, { keep: 2, of: 4 });
    expect(p.kept).toEqual({ default: 34, permuted: 60, optimal: 60 });
    expect(p.efficacy).toBe(1);
    expect(keptNM(w, p.permutation, 2, 4)).toBe(60);
    expect([...p.permutation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('hand-checked: a matrix that N:M already fits loses nothing and is left alone', () => {
    const w = [
      [5, 4, 0, 0, 3, 2, 0, 0],
      [0, 0, 5, 4, 0, 0, 3, 2],
    ];
    const p = channelPermutation(w, { keep: 2, of: 4 });
    expect(p.kept).toEqual({ default: 28, permuted: 28, optimal: 28 });
    expect(p.efficacy).toBe(1);
    expect(p.swaps).toBe(0);
    expect([...p.permutation]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('on a random 64×128 matrix: a large gain (Pool & Yu: ≈ 35%; ours ≈ 50% on normal entries), recounted independently', () => {
    const w = matrix(64, 128, 11);
    const p = channelPermutation(w, { keep: 2, of: 4, maxSweeps: 20 });
    expect(p.kept.permuted).toBeGreaterThan(p.kept.default);
    expect(p.kept.permuted).toBeLessThanOrEqual(p.kept.optimal);
    expect(p.efficacy).toBeGreaterThan(0.2);
    expect(p.efficacy).toBeLessThan(0.6);
    expect(keptNM(w, p.permutation, 2, 4)).toBeCloseTo(p.kept.permuted, 3);
    expect(
      keptNM(
        w,
        Array.from({ length: 128 }, (_, i) => i),
        2,
        4,
      ),
    ).toBeCloseTo(p.kept.default, 3);
  });

  it('is deterministic, and seeded regressions never end worse than the plain search', () => {
    const w = matrix(16, 32, 4);
    const a = channelPermutation(w, { keep: 1, of: 4 });
    const b = channelPermutation(w, { keep: 1, of: 4 });
    expect([...a.permutation]).toEqual([...b.permutation]);
    const r1 = channelPermutation(w, { keep: 1, of: 4, regressions: 5, seed: 3 });
    const r2 = channelPermutation(w, { keep: 1, of: 4, regressions: 5, seed: 3 });
    expect([...r1.permutation]).toEqual([...r2.permutation]);
    expect(r1.kept.permuted).toBeGreaterThanOrEqual(a.kept.permuted - 1e-9);
    expect(keptNM(w, r1.permutation, 1, 4)).toBeCloseTo(r1.kept.permuted, 3);
  });

  it('permuteLinearInputs leaves an MLP’s outputs unchanged and the permuted layer prunes better', () => {
    const before = memory().numTensors;
    const mlp = new nn.MLP([6, 16, 3], { activation: 'relu', seed: 2, dtype: 'float64' });
    const x = tensor(normals(5 * 6, 9), { shape: [5, 6], dtype: 'float64' });
    const run = () => {
      const y = tidy(() => mlp.forward(x));
      const out = host(y);
      y.dispose();
      return out;
    };
    const y0 = run();
    const consumer = mlp.layers[1]!;
    const p = channelPermutation(consumer.weight, { keep: 2, of: 4 });
    permuteLinearInputs(consumer, mlp.layers[0]!, p.permutation);
    const y1 = run();
    for (let i = 0; i < y1.length; i++) expect(y1[i]).toBeCloseTo(y0[i]!, 12);
    const w = host(consumer.weight);
    const maskT = nmMask(consumer.weight, { keep: 2, of: 4 });
    const mask = host(maskT);
    maskT.dispose();
    expect(w.reduce((a, v, i) => a + Math.abs(v) * mask[i]!, 0)).toBeCloseTo(p.kept.permuted, 10);
    x.dispose();
    mlp.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects bad shapes and permutations', () => {
    expectCode(
      () => channelPermutation([[1, 2, 3]], { keep: 2, of: 4 }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      'divide',
    );
    expectCode(
      () => channelPermutation([1, 2, 3, 4], { keep: 2, of: 4 }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      '2-D',
    );
    expectCode(
      () => channelPermutation([[1, 2, 3, 4]], { keep: 5, of: 4 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
    const a = new nn.Linear(4, 8, { seed: 0 });
    const b = new nn.Linear(8, 2, { seed: 1 });
    expectCode(() => permuteLinearInputs(b, a, [0, 1, 2]), 'SPARSELAND__MASKS__SHAPE_MISMATCH', 'length 8');
    expectCode(
      () => permuteLinearInputs(b, a, [0, 0, 1, 2, 3, 4, 5, 6]),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      'permutation of 0..7',
    );
    expectCode(() => permuteLinearInputs(a, b, [0, 1, 2, 3]), 'SPARSELAND__MASKS__SHAPE_MISMATCH');
    a.dispose();
    b.dispose();
  });
});
