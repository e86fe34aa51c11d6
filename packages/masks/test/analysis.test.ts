import { nn, tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  activationSparsity,
  essentialSparsity,
  essentialSparsitySweep,
  flopReport,
  magnitudeMask,
  maskFlips,
  maskOverlap,
  realizedSparsity,
  updateRank,
  updateSparsity,
} from '../src/index.js';
import { expectCode, host, normals } from './helpers.js';

describe('realised sparsity and mask dynamics', () => {
  it('counts exact zeros per tensor and overall', () => {
    const r = realizedSparsity({
      a: [
        [0, 1],
        [-0, 2],
      ],
      b: [0, 0, 0, 3],
    });
    expect(r.tensors).toEqual([
      { name: 'a', size: 4, zeros: 2, sparsity: 0.5 },
      { name: 'b', size: 4, zeros: 3, sparsity: 0.75 },
    ]);
    expect(r.sparsity).toBe(5 / 8);
    const model = new nn.Linear(4, 2, { seed: 0 });
    expect(realizedSparsity(model).size).toBe(10);
    expectCode(() => realizedSparsity(model, { names: ['x'] }), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
  });
  it('counts flips and overlap beside chance', () => {
    expect(maskFlips([1, 0, 1, 0], [1, 1, 0, 0])).toBe(2);
    expect(maskOverlap([1, 1, 0, 0], [1, 0, 1, 0])).toEqual({ overlap: 0.5, chance: 0.5 });
    expect(maskOverlap(Uint8Array.from([1, 1, 1, 0]), Uint8Array.from([1, 1, 1, 0]))).toEqual({
      overlap: 1,
      chance: 0.75,
    });
    expectCode(() => maskFlips([1, 0], [1]), 'SPARSELAND__MASKS__SHAPE_MISMATCH');
  });
});

describe('FLOP and parameter accounting', () => {
  it('counts dense vs sparse inference and training FLOPs of Linear layers', () => {
    const model = new nn.MLP([8, 4, 2], { seed: 0 });
    const m0 = magnitudeMask(model.namedParameters()['layers.0.weight']!, { sparsity: 0.75 });
    const r = flopReport(model, { 'layers.0.weight': m0 }, { batch: 10 });
    expect(r.layers).toEqual([
      { name: 'layers.0', params: 32, nnz: 8, bias: 4, denseFlops: 68, sparseFlops: 20 },
      { name: 'layers.1', params: 8, nnz: 8, bias: 2, denseFlops: 18, sparseFlops: 18 },
    ]);
    expect(r.inference).toEqual({ dense: 860, sparse: 380, ratio: 380 / 860 });
    expect(r.params).toEqual({ dense: 46, sparse: 22, ratio: 22 / 46 });
    expect(r.training.sparse).toBe(3 * 380);
    const rigl = flopReport(
      model,
      { 'layers.0.weight': m0 },
      { batch: 10, method: { kind: 'rigl', interval: 100 } },
    );
    expect(rigl.training.sparse).toBeCloseTo((3 * 380 * 100 + 2 * 380 + 860) / 101, 10);
    expect(flopReport(model, {}, { method: 'srste' }).training.sparse).toBe(3 * 86);
  });
});

describe('essential sparsity', () => {
  it('finds the sparsity just before quality drops by more than dropTol', () => {
    const curve = [
      { sparsity: 0, quality: 0.9 },
      { sparsity: 0.3, quality: 0.899 },
      { sparsity: 0.5, quality: 0.895 },
      { sparsity: 0.7, quality: 0.8 },
      { sparsity: 0.9, quality: 0.9 },
    ];
    expect(essentialSparsity(curve)).toBe(0.5);
    expect(essentialSparsity(curve, { dropTol: 0.2 })).toBe(0.9);
    expectCode(() => essentialSparsity([]), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
  });
  it('sweeps one-shot global magnitude and random pruning, restoring the weights', () => {
    const model = new nn.Linear(16, 1, { seed: 0, bias: false });
    // a target that only reads 4 inputs: magnitude pruning keeps them up to 75% sparsity
    const w = normals(16, 1).map((v, i) => (i < 4 ? 3 + v * 0.1 : v * 0.01));
    model.weight.assign(tensor([w]));
    const before = host(model.weight);
    const x = tensor(normals(64 * 16, 2), { shape: [64, 16] });
    const target = tidy(() => host(model.forward(x)));
    const quality = () =>
      tidy(() => {
        const y = host(model.forward(x));
        return -y.reduce((a, v, i) => a + (v - target[i]!) ** 2, 0) / y.length;
      });
    const r = essentialSparsitySweep(model, quality, {
      sparsities: [0, 0.5, 0.75, 0.8, 0.9],
      randomBaseline: 'uniform',
      dropTol: 0.05,
    });
    expect(r.magnitude.map((p) => p.sparsity)).toEqual([0, 0.5, 0.75, 0.8, 0.9]);
    expect(r.magnitude[0]!.quality === 0).toBe(true);
    expect(r.essential).toBe(0.75);
    expect(r.random![2]!.quality).toBeLessThan(r.magnitude[2]!.quality);
    expect(host(model.weight)).toEqual(before);
  });
});

describe('activation sparsity', () => {
  it('reports overall, per-neuron and dead-neuron statistics', () => {
    const s = activationSparsity([
      [0, 1, 0],
      [0, 2, 3],
    ]);
    expect(s.sparsity).toBe(0.5);
    expect(Array.from(s.perNeuron)).toEqual([1, 0, 0.5]);
    expect(s.dead).toBe(1);
    expect(s.meanActive).toBe(1.5);
    expect(activationSparsity([0.01, -0.02, 1], { eps: 0.05 }).sparsity).toBeCloseTo(2 / 3, 15);
  });
});

describe('update sparsity and rank', () => {
  it('counts unchanged entries per tensor with atol, names missing on either side', () => {
    const r = updateSparsity(
      { w: [1, 2, 3, 0], v: [1], gone: [0] },
      { w: [1, 2.5, 3 + 1e-6, 0], v: [2], extra: [1] },
      { masks: true },
    );
    expect(r.tensors.map((t) => [t.name, t.unchanged, t.density])).toEqual([
      ['w', 3, 0.25],
      ['v', 0, 1],
    ]);
    expect(r.sparsity).toBe(3 / 5);
    expect(r.meanDensity).toBe(0.625);
    expect(r.missingInB).toEqual(['gone']);
    expect(r.missingInA).toEqual(['extra']);
    expect(host(r.changed!.w!)).toEqual([0, 1, 0, 0]);
    expect(updateSparsity({ w: [1] }, { w: [1 + 1e-6] }, { atol: 0 }).sparsity).toBe(0);
  });
  it('computes the numerical rank of an update', () => {
    expect(
      updateRank([
        [1, 2],
        [2, 4],
      ]),
    ).toBe(1);
    expect(
      updateRank(
        tensor(
          [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 0],
            [1, 1, 0],
          ],
          { dtype: 'float64' },
        ),
      ),
    ).toBe(2);
    // rank-3 product of random factors, 20x15
    const u = normals(20 * 3, 5);
    const v = normals(3 * 15, 6);
    const d = Array.from({ length: 20 }, (_, i) =>
      Array.from(
        { length: 15 },
        (_, j) => u[i * 3]! * v[j]! + u[i * 3 + 1]! * v[15 + j]! + u[i * 3 + 2]! * v[30 + j]!,
      ),
    );
    expect(updateRank(tensor(d, { dtype: 'float64' }), { tol: 1e-10 })).toBe(3);
    expect(updateRank(tensor(normals(36, 7), { shape: [6, 6], dtype: 'float64' }))).toBe(6);
    expect(
      updateRank([
        [0, 0],
        [0, 0],
      ]),
    ).toBe(0);
    expectCode(() => updateRank([1, 2]), 'SPARSELAND__MASKS__SHAPE_MISMATCH');
  });
});
