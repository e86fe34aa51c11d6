import { describe, expect, it } from 'vitest';
import {
  isSparselandError,
  nn,
  random,
  reshape,
  sum,
  type Tensor,
  tensor,
  valueAndGrad,
} from '../../src/index.js';
import { geluRef, layerNormRef, linearRef, maxAbsDiff, rmsNormRef, rows } from './reference.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isSparselandError(e) ? e.code : `not a SparselandError: ${String(e)}`;
  }
  return undefined;
}

describe('Linear', () => {
  it('computes x W^T + b (hand computation)', () => {
    const fc = new nn.Linear(3, 2, { seed: 0 });
    fc.loadStateDict({
      weight: tensor([
        [1, 2, 3],
        [-1, 0, 0.5],
      ]),
      bias: tensor([0.5, -1]),
    });
    const y = fc.forward(
      tensor([
        [1, 1, 1],
        [2, 0, -2],
      ]),
    );
    expect(y.shape).toEqual([2, 2]);
    // row 0: [1+2+3+0.5, -1+0+0.5-1] ; row 1: [2-6+0.5, -2-1-1]
    expect(Array.from(y.dataSync())).toEqual([6.5, -1.5, -3.5, -4]);
    fc.dispose();
  });

  it('batched input [b, s, in] and a 1-D input; no bias', () => {
    const fc = new nn.Linear(4, 3, { seed: 1, bias: false, dtype: 'float64' });
    expect(fc.bias).toBeUndefined();
    expect(Object.keys(fc.namedParameters())).toEqual(['weight']);
    const x = random.normal([2, 5, 4], { seed: 2, dtype: 'float64' });
    const y = fc.forward(x);
    expect(y.shape).toEqual([2, 5, 3]);
    const ref = linearRef(rows(reshape(x, [10, 4])), rows(fc.weight), undefined);
    expect(maxAbsDiff(y.dataSync(), ref.flat())).toBeLessThan(1e-12);
    const v = fc.forward(tensor([1, 0, 0, 0], { dtype: 'float64' }));
    expect(v.shape).toEqual([3]);
    expect(
      maxAbsDiff(
        v.dataSync(),
        rows(fc.weight).map((r) => r[0]!),
      ),
    ).toBe(0);
    fc.dispose();
  });

  it("initialises as PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias", () => {
    const fc = new nn.Linear(16, 64, { seed: 5 });
    const bound = 1 / 4;
    for (const p of [fc.weight, fc.bias!]) {
      const d = Array.from(p.dataSync());
      expect(Math.max(...d)).toBeLessThanOrEqual(bound);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(-bound);
      expect(Math.max(...d)).toBeGreaterThan(0.9 * bound);
      expect(Math.min(...d)).toBeLessThan(-0.9 * bound);
    }
    expect(fc.weight.shape).toEqual([64, 16]);
    // variance of U(-a, a) is a^2 / 3
    const w = Array.from(fc.weight.dataSync());
    const variance = w.reduce((a, v) => a + v * v, 0) / w.length;
    expect(variance).toBeGreaterThan((0.9 * (bound * bound)) / 3);
    expect(variance).toBeLessThan((1.1 * (bound * bound)) / 3);
    fc.dispose();
  });

  it('validates sizes and inputs', () => {
    expect(codeOf(() => new nn.Linear(0, 2, { seed: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(codeOf(() => new nn.Linear(2, 1.5, { seed: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(codeOf(() => new nn.Linear(2, 2, { seed: 0, dtype: 'int32' as 'float32' }))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
    const fc = new nn.Linear(3, 2, { seed: 0 });
    expect(codeOf(() => fc.forward(tensor([[1, 2]])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(codeOf(() => fc.forward(tensor([1, 2, 3], { dtype: 'int32' })))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
    expect(codeOf(() => fc.forward([1, 2, 3] as unknown as Tensor))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    try {
      fc.forward(tensor([[1, 2]]));
    } catch (e) {
      expect((e as Error).message).toBe(
        "Linear.forward: argument 'x' must have last dimension 3 (inFeatures); got [1, 2].",
      );
    }
    fc.dispose();
  });
});

describe('Embedding', () => {
  it('gathers rows of the N(0, 1)-initialised table', () => {
    const emb = new nn.Embedding(10, 4, { seed: 0 });
    const ids = tensor(
      [
        [3, 0],
        [9, 3],
      ],
      { dtype: 'int32' },
    );
    const y = emb.forward(ids);
    expect(y.shape).toEqual([2, 2, 4]);
    const table = rows(emb.weight);
    expect(maxAbsDiff(y.dataSync(), [table[3]!, table[0]!, table[9]!, table[3]!].flat())).toBe(0);
    const big = new nn.Embedding(100, 50, { seed: 1 });
    const w = Array.from(big.weight.dataSync());
    const mean = w.reduce((a, v) => a + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    emb.dispose();
    big.dispose();
  });

  it('gradient of the table counts how often each row was looked up', () => {
    const emb = new nn.Embedding(4, 2, { seed: 0 });
    const ids = tensor([1, 3, 1, 1], { dtype: 'int32' });
    const { grads } = valueAndGrad(() => sum(emb.forward(ids)))(emb.namedParameters());
    expect(Array.from(grads.weight!.dataSync())).toEqual([0, 0, 3, 3, 0, 0, 1, 1]);
    emb.dispose();
  });

  it('validates ids', () => {
    const emb = new nn.Embedding(5, 2, { seed: 0 });
    expect(codeOf(() => emb.forward(tensor([1, 2])))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    expect(codeOf(() => emb.forward(tensor([1, 5], { dtype: 'int32' })))).toBe(
      'SPARSELAND__CORE__OUT_OF_RANGE',
    );
    expect(codeOf(() => emb.forward(tensor([-1], { dtype: 'int32' })))).toBe(
      'SPARSELAND__CORE__OUT_OF_RANGE',
    );
    emb.dispose();
  });
});

describe('LayerNorm and RMSNorm', () => {
  const x = [
    [0.5, -1, 2, 3.5, 0],
    [10, 10.5, 9.5, 10, 10.25],
    [1e-3, -2e-3, 0, 4e-3, 1e-3],
  ];

  it('LayerNorm matches the float64 formula, with learned affine parameters', () => {
    const ln = new nn.LayerNorm(5, { dtype: 'float64' });
    expect(Object.keys(ln.namedParameters())).toEqual(['weight', 'bias']);
    expect(Array.from(ln.weight!.dataSync())).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(ln.bias!.dataSync())).toEqual([0, 0, 0, 0, 0]);
    const xt = tensor(x, { dtype: 'float64' });
    expect(
      maxAbsDiff(
        ln.forward(xt).dataSync(),
        x.flatMap((r) => layerNormRef(r, 1e-5)),
      ),
    ).toBeLessThan(1e-12);
    const w = [1, 2, 0.5, -1, 3];
    const b = [0, 0.1, -0.2, 0.3, 1];
    ln.loadStateDict({ weight: tensor(w, { dtype: 'float64' }), bias: tensor(b, { dtype: 'float64' }) });
    expect(
      maxAbsDiff(
        ln.forward(xt).dataSync(),
        x.flatMap((r) => layerNormRef(r, 1e-5, w, b)),
      ),
    ).toBeLessThan(1e-12);
    const noAffine = new nn.LayerNorm(5, { eps: 0.1, elementwiseAffine: false, dtype: 'float64' });
    expect(noAffine.numParameters()).toBe(0);
    expect(
      maxAbsDiff(
        noAffine.forward(xt).dataSync(),
        x.flatMap((r) => layerNormRef(r, 0.1)),
      ),
    ).toBeLessThan(1e-12);
    // float32 on a batch of rank 3
    const ln32 = new nn.LayerNorm(5);
    const y = ln32.forward(tensor([x, x]));
    expect(y.shape).toEqual([2, 3, 5]);
    const ref = x.flatMap((r) => layerNormRef(r, 1e-5));
    expect(maxAbsDiff(y.dataSync(), [...ref, ...ref])).toBeLessThan(1e-4);
    expect(codeOf(() => ln32.forward(tensor([[1, 2, 3]])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(codeOf(() => new nn.LayerNorm(5, { eps: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
  });

  it('RMSNorm matches the float64 formula', () => {
    const norm = new nn.RMSNorm(5, { dtype: 'float64' });
    expect(Object.keys(norm.namedParameters())).toEqual(['weight']);
    expect(norm.eps).toBe(1e-6);
    const xt = tensor(x, { dtype: 'float64' });
    expect(
      maxAbsDiff(
        norm.forward(xt).dataSync(),
        x.flatMap((r) => rmsNormRef(r, 1e-6)),
      ),
    ).toBeLessThan(1e-12);
    const w = [1, 2, 0.5, -1, 3];
    norm.loadStateDict({ weight: tensor(w, { dtype: 'float64' }) });
    expect(
      maxAbsDiff(
        norm.forward(xt).dataSync(),
        x.flatMap((r) => rmsNormRef(r, 1e-6, w)),
      ),
    ).toBeLessThan(1e-12);
    expect(codeOf(() => norm.forward(tensor(x)))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
  });
});

describe('MLP', () => {
  it('applies Linear layers with the activation between them and none after the last', () => {
    for (const activation of ['relu', 'gelu', 'silu', 'tanh'] as const) {
      const mlp = new nn.MLP([3, 4, 2], { activation, seed: 4, dtype: 'float64' });
      const x = [
        [1, -2, 0.5],
        [0.1, 0.2, -3],
      ];
      const act = {
        relu: (v: number) => Math.max(v, 0),
        gelu: geluRef,
        silu: (v: number) => v / (1 + Math.exp(-v)),
        tanh: Math.tanh,
      }[activation];
      const [l0, l1] = mlp.layers as [nn.Linear, nn.Linear];
      const h = linearRef(x, rows(l0.weight), Array.from(l0.bias!.dataSync())).map((r) => r.map(act));
      const ref = linearRef(h, rows(l1.weight), Array.from(l1.bias!.dataSync()));
      expect(maxAbsDiff(mlp.forward(tensor(x, { dtype: 'float64' })).dataSync(), ref.flat())).toBeLessThan(
        1e-12,
      );
      mlp.dispose();
    }
  });

  it('validates sizes, activation and input', () => {
    expect(codeOf(() => new nn.MLP([3], { seed: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(codeOf(() => new nn.MLP([3, 0, 2], { seed: 0 }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(
      codeOf(() => new nn.MLP([3, 2], { seed: 0, activation: 'sigmoid' as unknown as nn.Activation })),
    ).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    const mlp = new nn.MLP([3, 2], { seed: 0, bias: false });
    expect(Object.keys(mlp.namedParameters())).toEqual(['layers.0.weight']);
    expect(codeOf(() => mlp.forward(tensor([[1, 2]])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    mlp.dispose();
  });
});
