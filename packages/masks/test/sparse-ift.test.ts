import { memory, nn, ones, optim, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { isoFlopWiden, isoFlopWidePlan, Sparsifier } from '../src/index.js';
import { count, expectCode, host } from './helpers.js';

describe('isoFlopWidePlan (Sparse-IFT Sparse Wide)', () => {
  it('widens by sqrt(1/(1 - s)), rounded down: s = 0.9 turns 64 channels into 202 (spec §7.4)', () => {
    const plan = isoFlopWidePlan([64, 64, 10], 0.9);
    expect(plan.factor).toBeCloseTo(Math.sqrt(10), 12);
    expect(plan.sizes).toEqual([64, 202, 10]);
  });

  it('gives every layer the density (in·out)/(in′·out′), so each keeps its dense FLOPs', () => {
    const plan = isoFlopWidePlan([64, 256, 256, 10], 0.9);
    expect(plan.sizes).toEqual([64, 809, 809, 10]); // floor(256·3.1623) = 809
    expect(plan.densities[0]).toBeCloseTo((64 * 256) / (64 * 809), 12);
    expect(plan.densities[1]).toBeCloseTo((256 * 256) / (809 * 809), 12);
    expect(plan.densities[2]).toBeCloseTo((256 * 10) / (809 * 10), 12);
    // the hidden-to-hidden layer sits at ≈ s, the outer layers at ≈ 1 − 1/k
    expect(1 - plan.densities[1]!).toBeCloseTo(0.9, 3);
    expect(plan.flops.dense).toBe(64 * 256 + 256 * 256 + 256 * 10);
    expect(plan.flops.wide).toBe(64 * 809 + 809 * 809 + 809 * 10);
    expect(plan.flops.sparse).toBe(plan.flops.dense);
    expect(plan.sparsity).toBeCloseTo(1 - plan.flops.dense / plan.flops.wide, 12);
    expect(Object.keys(plan.overrides)).toEqual(['layers.0.weight', 'layers.1.weight', 'layers.2.weight']);
  });

  it('widens by a given factor: densities 1/k for the outer layers and 1/k² inside', () => {
    const plan = isoFlopWidePlan([64, 256, 256, 10], { factor: 2 });
    expect(plan.factor).toBe(2);
    expect(plan.sizes).toEqual([64, 512, 512, 10]);
    expect(plan.densities).toEqual([0.5, 0.25, 0.5]);
    expect(plan.flops.sparse).toBe(plan.flops.dense);
    expect(isoFlopWidePlan([8, 4], { factor: 3 }).sizes).toEqual([8, 4]);
    expectCode(
      () => isoFlopWidePlan([8, 4, 2], { factor: 0.5 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      'width.factor',
    );
  });

  it('is the identity at s = 0 and for a model without hidden layers', () => {
    expect(isoFlopWidePlan([8, 16, 4], 0).sizes).toEqual([8, 16, 4]);
    const single = isoFlopWidePlan([8, 4], 0.75);
    expect(single.sizes).toEqual([8, 4]);
    expect(single.densities).toEqual([1]);
    expect(single.sparsity).toBe(0);
  });

  it('rejects bad sizes and sparsities', () => {
    expectCode(() => isoFlopWidePlan([8], 0.5), 'SPARSELAND__MASKS__INVALID_ARGUMENT', "argument 'sizes'");
    expectCode(() => isoFlopWidePlan([8, 0, 2], 0.5), 'SPARSELAND__MASKS__OUT_OF_RANGE', 'sizes[1]');
    expectCode(() => isoFlopWidePlan([8, 4, 2], 1), 'SPARSELAND__MASKS__OUT_OF_RANGE', "argument 'width'");
  });
});

describe('isoFlopWiden', () => {
  it('builds the widened MLP, and a Sparsifier with the plan keeps exactly the dense weight count per layer', () => {
    const before = memory().numTensors;
    const dense = new nn.MLP([12, 16, 16, 3], { activation: 'tanh', seed: 0 });
    const { model, plan } = isoFlopWiden(dense, 0.75, { seed: 1 });
    expect(model.sizes).toEqual([12, 32, 32, 3]);
    expect(model.activation).toBe('tanh');
    const opt = new optim.SGD(model.namedParameters(), { lr: 0.1 });
    const sp = new Sparsifier(
      model,
      {
        sparsity: plan.sparsity,
        scorer: 'random',
        distribution: { kind: 'uniform', overrides: plan.overrides, customMode: 'verbatim' },
        schedule: { kind: 'oneShot', step: 0 },
      },
      { optimizer: opt },
    );
    sp.prepare();
    const masks = sp.masks();
    const kept = [12 * 16, 16 * 16, 16 * 3];
    ['layers.0.weight', 'layers.1.weight', 'layers.2.weight'].forEach((name, i) => {
      expect(count(host(masks[name]!))).toBe(kept[i]);
    });
    for (const m of Object.values(masks)) m.dispose();
    tidy(() => expect(model.forward(ones([2, 12])).shape).toEqual([2, 3]));
    sp.dispose();
    opt.dispose();
    model.dispose();
    dense.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects a model that is not an MLP', () => {
    expectCode(() => isoFlopWiden({} as nn.MLP, 0.5), 'SPARSELAND__MASKS__INVALID_ARGUMENT', 'nn.MLP');
  });
});
