import { describe, expect, it } from 'vitest';
import {
  concat,
  isNaN as isNaNOp,
  isSparselandError,
  nn,
  random,
  reshape,
  slice,
  sum,
  type Tensor,
  tensor,
  valueAndGrad,
} from '../../src/index.js';
import {
  attentionRef,
  geluRef,
  type LinearWeights,
  layerNormRef,
  linearRef,
  type Matrix,
  maxAbsDiff,
  rows,
} from './reference.js';

function weights(l: nn.Linear): LinearWeights {
  return { w: rows(l.weight), b: l.bias === undefined ? undefined : Array.from(l.bias.dataSync()) };
}

/** Sequence `b` of a `[batch, seq, dim]` tensor as rows. */
function sequence(x: Tensor, b: number): Matrix {
  const [, s, d] = x.shape as [number, number, number];
  return rows(reshape(slice(x, [b, 0, 0], [1, s, d]), [s, d]));
}

function attnWeights(a: nn.MultiHeadAttention) {
  return { q: weights(a.q), k: weights(a.k), v: weights(a.v), out: weights(a.out) };
}

describe('MultiHeadAttention', () => {
  for (const causal of [false, true]) {
    it(`matches the plain-JS reference (${causal ? 'causal' : 'bidirectional'})`, () => {
      const attn = new nn.MultiHeadAttention(6, 3, { seed: 1, causal, dtype: 'float64' });
      expect(Object.keys(attn.namedParameters())).toEqual([
        'q.weight',
        'q.bias',
        'k.weight',
        'k.bias',
        'v.weight',
        'v.bias',
        'out.weight',
        'out.bias',
      ]);
      const x = random.normal([2, 4, 6], { seed: 2, dtype: 'float64' });
      const y = attn.forward(x);
      expect(y.shape).toEqual([2, 4, 6]);
      const p = attnWeights(attn);
      for (const b of [0, 1]) {
        const ref = attentionRef(sequence(x, b), p, 3, causal);
        expect(maxAbsDiff(sequence(y, b).flat(), ref.flat())).toBeLessThan(1e-12);
      }
      attn.dispose();
    });
  }

  it('float32 without bias matches the reference to float32 precision', () => {
    const attn = new nn.MultiHeadAttention(8, 2, { seed: 3, bias: false, causal: true });
    expect(attn.numParameters()).toBe(4 * 64);
    const x = random.normal([1, 5, 8], { seed: 4 });
    const ref = attentionRef(sequence(x, 0), attnWeights(attn), 2, true);
    expect(maxAbsDiff(attn.forward(x).dataSync(), ref.flat())).toBeLessThan(1e-5);
    attn.dispose();
  });

  it('causal: changing a later token leaves earlier outputs unchanged', () => {
    const causal = new nn.MultiHeadAttention(4, 2, { seed: 5, causal: true });
    const full = new nn.MultiHeadAttention(4, 2, { seed: 5, causal: false });
    const x = random.normal([1, 5, 4], { seed: 6 });
    const changed = concat(
      [slice(x, [0, 0, 0], [1, 3, 4]), random.normal([1, 2, 4], { seed: 7, std: 5 })],
      1,
    );
    const first3 = (t: Tensor) => Array.from(slice(t, [0, 0, 0], [1, 3, 4]).dataSync());
    expect(first3(causal.forward(changed))).toEqual(first3(causal.forward(x)));
    // the later positions do change, and a bidirectional layer sees the future everywhere
    expect(Array.from(slice(causal.forward(changed), [0, 3, 0], [1, 2, 4]).dataSync())).not.toEqual(
      Array.from(slice(causal.forward(x), [0, 3, 0], [1, 2, 4]).dataSync()),
    );
    expect(first3(full.forward(changed))).not.toEqual(first3(full.forward(x)));
    causal.dispose();
    full.dispose();
  });

  it('causal masking produces no NaN in values or gradients, even with a single position', () => {
    const attn = new nn.MultiHeadAttention(4, 1, { seed: 8, causal: true });
    for (const seq of [1, 3]) {
      const x = random.normal([2, seq, 4], { seed: seq, std: 10 });
      const { value, grads } = valueAndGrad(() => sum(attn.forward(x)))(attn.namedParameters());
      expect(sum(isNaNOp(value)).dataSync()[0]).toBe(0);
      for (const g of Object.values(grads)) expect(sum(isNaNOp(g)).dataSync()[0]).toBe(0);
    }
    attn.dispose();
  });

  it('validates construction and input', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isSparselandError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => new nn.MultiHeadAttention(6, 4, { seed: 0 }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    const attn = new nn.MultiHeadAttention(4, 2, { seed: 0 });
    expect(code(() => attn.forward(tensor([[1, 2, 3, 4]])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(code(() => attn.forward(random.normal([1, 2, 5], { seed: 0 })))).toBe(
      'SPARSELAND__CORE__SHAPE_MISMATCH',
    );
    attn.dispose();
  });
});

describe('TransformerBlock', () => {
  it('is pre-norm attention and GELU MLP with residuals (plain-JS reference)', () => {
    for (const causal of [false, true]) {
      const block = new nn.TransformerBlock(4, 2, { seed: 11, causal, mlpRatio: 2, dtype: 'float64' });
      // non-trivial norms so that their parameters matter
      block.ln1.loadStateDict({
        weight: tensor([1, 0.5, 2, -1], { dtype: 'float64' }),
        bias: tensor([0.1, 0, -0.2, 0.3], { dtype: 'float64' }),
      });
      block.ln2.loadStateDict({
        weight: tensor([0.7, 1.5, 1, 1], { dtype: 'float64' }),
        bias: tensor([0, 0.2, 0, -0.1], { dtype: 'float64' }),
      });
      const x = random.normal([2, 3, 4], { seed: 12, dtype: 'float64' });
      const y = block.forward(x);
      const ln = (m: nn.LayerNorm, rowsIn: Matrix) =>
        rowsIn.map((r) =>
          layerNormRef(r, 1e-5, Array.from(m.weight!.dataSync()), Array.from(m.bias!.dataSync())),
        );
      const [l0, l1] = block.mlp.layers as [nn.Linear, nn.Linear];
      for (const b of [0, 1]) {
        const xs = sequence(x, b);
        const a = attentionRef(ln(block.ln1, xs), attnWeights(block.attn), 2, causal);
        const h = xs.map((r, i) => r.map((v, j) => v + a[i]![j]!));
        const hidden = linearRef(ln(block.ln2, h), weights(l0).w, weights(l0).b).map((r) => r.map(geluRef));
        const m = linearRef(hidden, weights(l1).w, weights(l1).b);
        const ref = h.map((r, i) => r.map((v, j) => v + m[i]![j]!));
        expect(maxAbsDiff(sequence(y, b).flat(), ref.flat())).toBeLessThan(1e-12);
      }
      block.dispose();
    }
  });

  it('validates mlpRatio and input', () => {
    expect(() => new nn.TransformerBlock(4, 2, { seed: 0, mlpRatio: 0.3 })).toThrow(
      expect.objectContaining({ code: 'SPARSELAND__CORE__INVALID_ARGUMENT' }),
    );
    const block = new nn.TransformerBlock(4, 2, { seed: 0 });
    expect(block.mlp.sizes).toEqual([4, 16, 4]);
    expect(() => block.forward(random.normal([3, 4], { seed: 0 }))).toThrow(
      expect.objectContaining({ code: 'SPARSELAND__CORE__SHAPE_MISMATCH' }),
    );
    block.dispose();
  });
});
