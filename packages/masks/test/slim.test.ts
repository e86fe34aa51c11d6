import { memory, nn, optim, type Tensor, tensor, tidy, type Variable } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { Sparsifier, slim } from '../src/index.js';
import { expectCode, host, normals } from './helpers.js';

function set(v: Variable, values: number[]): void {
  tidy(() => v.assign(tensor(values, { shape: v.shape, dtype: 'float64' })));
}

function outputs(model: nn.MLP, x: Tensor): number[] {
  const y = tidy(() => model.forward(x));
  const out = host(y);
  y.dispose();
  return out;
}

describe('slim', () => {
  it('hand-checked: drops a dead-output unit and folds a constant unit into the next bias', () => {
    const mlp = new nn.MLP([2, 3, 1], { activation: 'relu', seed: 0, dtype: 'float64' });
    const [l0, l1] = mlp.layers as [nn.Linear, nn.Linear];
    set(l0.weight, [1, 2, 0, 0, 3, -1]); // unit 1 has no inputs: it outputs relu(2) = 2
    set(l0.bias!, [0.5, 2, -1]);
    set(l1.weight, [1, 4, 0]); // unit 2 feeds nothing
    set(l1.bias!, [0.25]);
    const r = slim(mlp);
    expect(r.sizes).toEqual({ before: [2, 3, 1], after: [2, 1, 1] });
    expect(r.kept).toEqual([[0]]);
    expect(r.params).toEqual({ before: 2 * 3 + 3 + 3 + 1, after: 2 + 1 + 1 + 1 });
    const [s0, s1] = r.model.layers as [nn.Linear, nn.Linear];
    expect(host(s0.weight)).toEqual([1, 2]);
    expect(host(s0.bias!)).toEqual([0.5]);
    expect(host(s1.weight)).toEqual([1]);
    expect(host(s1.bias!)).toEqual([0.25 + 4 * 2]);
    const x = tensor([1, 1, -2, 0.5, 0, 0], { shape: [3, 2], dtype: 'float64' });
    // by hand: y = relu(x0 + 2x1 + 0.5) + 8.25
    expect(outputs(r.model, x)).toEqual([3.5 + 8.25, 0 + 8.25, 0.5 + 8.25]);
    expect(outputs(mlp, x)).toEqual([11.75, 8.25, 8.75]);
    x.dispose();
    r.model.dispose();
    mlp.dispose();
  });

  it('without biases a unit with no inputs outputs act(0) = 0 and goes, but every hidden layer keeps one unit', () => {
    const mlp = new nn.MLP([2, 2, 1], { activation: 'tanh', seed: 0, dtype: 'float64', bias: false });
    set(mlp.layers[0]!.weight, [0, 0, 0, 0]); // every unit constant tanh(0) = 0: foldable as zero
    set(mlp.layers[1]!.weight, [1, 1]);
    const r = slim(mlp);
    expect(r.sizes.after).toEqual([2, 1, 1]);
    r.model.dispose();
    mlp.dispose();
  });

  it('after channel pruning with a Sparsifier: the hidden layers shrink and outputs equal the masked model', () => {
    const before = memory().numTensors;
    const mlp = new nn.MLP([12, 16, 16, 3], { activation: 'gelu', seed: 3, dtype: 'float64' });
    const opt = new optim.SGD(mlp.namedParameters(), { lr: 0.1 });
    const sp = new Sparsifier(
      mlp,
      {
        sparsity: 0.5,
        pattern: { kind: 'channel', axis: 'out' },
        exclude: ['layers.2.weight'],
        schedule: { kind: 'oneShot', step: 0 },
      },
      { optimizer: opt },
    );
    sp.prepare();
    const masks = sp.masks();
    const x = tensor(normals(7 * 12, 4), { shape: [7, 12], dtype: 'float64' });
    const y0 = outputs(mlp, x); // the Sparsifier stores pruned weights as zeros
    const r = slim(mlp, masks);
    expect(r.sizes.after).toEqual([12, 8, 8, 3]);
    expect(r.params.after).toBeLessThan(r.params.before / 2);
    const y1 = outputs(r.model, x);
    for (let i = 0; i < y0.length; i++) expect(y1[i]).toBeCloseTo(y0[i]!, 12);
    for (const m of Object.values(masks)) m.dispose();
    x.dispose();
    r.model.dispose();
    sp.dispose();
    opt.dispose();
    mlp.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects a non-MLP, unknown mask names and mask shapes', () => {
    const mlp = new nn.MLP([2, 3, 1], { seed: 0 });
    expectCode(() => slim({} as nn.MLP), 'SPARSELAND__MASKS__INVALID_ARGUMENT', 'nn.MLP');
    expectCode(
      () => slim(mlp, { 'layers.5.weight': [[1]] }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      'name a weight',
    );
    expectCode(
      () => slim(mlp, { 'layers.0.weight': [[1, 1]] }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      '[3, 2]',
    );
    mlp.dispose();
  });
});
