import { memory, nn, optim, tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  attachSparseLinears,
  decodeSparseCheckpoint,
  encodeSparseCheckpoint,
  loadSparseCheckpoint,
  nmMask,
  Sparsifier,
  toSparseLinear,
} from '../src/index.js';
import { blobs, train } from './data.js';
import { count, expectCode, host, normals } from './helpers.js';

const task = blobs({ nTrain: 400, nTest: 200, seed: 2 });
const xTest64 = tidy(() => tensor(host(task.xTest), { shape: task.xTest.shape, dtype: 'float64' }));

function trainedSparse(pattern: object, sparsity?: number) {
  const model = new nn.MLP([64, 32, 10], { activation: 'relu', seed: 0, dtype: 'float64' });
  const opt = new optim.Adam(model.namedParameters(), { lr: 3e-3 });
  const sp = new Sparsifier(
    model,
    { pattern: pattern as never, ...(sparsity === undefined ? {} : { sparsity }) },
    { optimizer: opt },
  );
  sp.prepare();
  const x64 = tensor(host(task.xTrain), { shape: task.xTrain.shape, dtype: 'float64' });
  train(model, opt, { ...task, xTrain: x64 }, 20, { sp });
  x64.dispose();
  sp.finalize();
  return { model, sp };
}

function logits(model: nn.MLP): number[] {
  return tidy(() => host(model.forward(xTest64)));
}

describe('export to safetensors', () => {
  it('round-trips pruned weights, masks and the recipe', () => {
    const { model, sp } = trainedSparse({ kind: 'unstructured' }, 0.8);
    const masks = sp.masks();
    const bytes = encodeSparseCheckpoint(model, masks, { recipe: sp.recipe, metadata: { note: 'test' } });
    const ck = decodeSparseCheckpoint(bytes);
    expect(ck.recipe).toEqual(sp.recipe);
    expect(ck.metadata.note).toBe('test');
    expect(Object.keys(ck.masks).sort()).toEqual([...sp.targets].sort());
    for (const n of sp.targets) {
      expect(ck.masks[n]!.dtype).toBe('bool');
      expect(host(ck.masks[n]!)).toEqual(Array.from(sp.hostMask(n)));
    }
    for (const [n, p] of Object.entries(model.namedParameters()))
      expect(host(ck.weights[n]!)).toEqual(host(p));
    // load into a fresh model: same outputs as the masked model
    const fresh = new nn.MLP([64, 32, 10], { activation: 'relu', seed: 7, dtype: 'float64' });
    const loaded = loadSparseCheckpoint(fresh, bytes);
    expect(logits(fresh)).toEqual(logits(model));
    for (const t of [
      ...Object.values(ck.weights),
      ...Object.values(ck.masks),
      ...Object.values(loaded),
      ...Object.values(masks),
    ])
      t.dispose();
  });
  it('rejects masks without weights or of another shape', () => {
    const model = new nn.Linear(4, 2, { seed: 0 });
    expectCode(
      () => encodeSparseCheckpoint(model, { nope: tensor([true]) }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
    expectCode(
      () => encodeSparseCheckpoint(model, { weight: tensor([true, false]) }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
    );
  });
});

describe('export to kernels formats', () => {
  for (const [label, pattern, sparsity, format] of [
    ['CSR (unstructured 80%)', { kind: 'unstructured' }, 0.8, { format: 'csr' }],
    ['N:M 2:4', { kind: 'nm', keep: 2, of: 4 }, undefined, { format: 'nm', keep: 2, of: 4 }],
    ['BSR 4x4 blocks', { kind: 'block', out: 4, in: 4 }, 0.75, { format: 'bsr', block: [4, 4] }],
    ['row groups g=8', { kind: 'rowGroup', g: 8 }, 0.5, { format: 'rowGroup', g: 8 }],
  ] as const) {
    it(`${label}: a checkpoint loaded back and run through sparseLinear equals the dense masked model`, () => {
      const { model, sp } = trainedSparse(pattern, sparsity);
      const dense = logits(model);
      const bytes = encodeSparseCheckpoint(model, sp.masks(), { recipe: sp.recipe });
      const fresh = new nn.MLP([64, 32, 10], { activation: 'relu', seed: 9, dtype: 'float64' });
      const masks = loadSparseCheckpoint(fresh, bytes);
      const before = memory().numTensors;
      const attached = attachSparseLinears(fresh, masks, format as never);
      expect(Object.keys(attached.layers)).toEqual(['layers.0', 'layers.1']);
      const l0 = attached.layers['layers.0']!;
      expect(l0.weight.nnz).toBe(count(host(masks['layers.0.weight']!)));
      const sparse = logits(fresh);
      sparse.forEach((v, i) => {
        expect(v).toBeCloseTo(dense[i]!, 10);
      });
      attached.detach();
      expect(memory().numTensors).toBe(before);
      expect(logits(fresh)).toEqual(dense);
      for (const m of Object.values(masks)) m.dispose();
    });
  }
  it('toSparseLinear keeps the bias and refuses an N:M mask that is not N:M', () => {
    const w = tensor(normals(8 * 8, 4), { shape: [8, 8] });
    const b = tensor(normals(8, 5));
    const x = tensor(normals(3 * 8, 6), { shape: [3, 8] });
    const m = nmMask(w, { keep: 2, of: 4 });
    const layer = toSparseLinear(w, m, { format: 'nm', keep: 2, of: 4 }, b);
    const mh = host(m);
    const ref = host(w).map((v, i) => v * mh[i]!);
    const y = host(layer.forward(x));
    for (let r = 0; r < 3; r++)
      for (let o = 0; o < 8; o++) {
        let acc = host(b)[o]!;
        for (let i = 0; i < 8; i++) acc += host(x)[r * 8 + i]! * ref[o * 8 + i]!;
        expect(y[r * 8 + o]).toBeCloseTo(acc, 5);
      }
    layer.dispose();
    expect(() =>
      toSparseLinear(w, tensor(new Array(64).fill(true), { shape: [8, 8] }), {
        format: 'nm',
        keep: 2,
        of: 4,
      }),
    ).toThrow();
    expectCode(() => toSparseLinear(w, m, { format: 'coo' } as never), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    const model = new nn.MLP([8, 4], { seed: 0 });
    expectCode(
      () => attachSparseLinears(model, { 'layers.0.bias': tensor([1, 1, 1, 1]) }, { format: 'csr' }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
  });
});
