import { describe, expect, it } from 'vitest';
import {
  isSparselandError,
  memory,
  nn,
  random,
  relu,
  type Tensor,
  tensor,
  type Variable,
  variable,
  zeros,
} from '../../src/index.js';

class TwoLayer extends nn.Module {
  readonly fc1: nn.Linear;
  readonly fc2: nn.Linear;
  readonly scale: Variable;
  constructor(seed: number) {
    super();
    const rng = new random.Rng(seed);
    this.scale = this.registerParameter('scale', variable(tensor([1])));
    this.fc1 = this.registerModule('fc1', new nn.Linear(3, 4, { rng }));
    this.fc2 = this.registerModule('fc2', new nn.Linear(4, 2, { rng, bias: false }));
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(relu(this.fc1.forward(x)));
  }
}

function stateDictError(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (isSparselandError(e, 'SPARSELAND__CORE__STATE_DICT_MISMATCH')) return e;
    throw e;
  }
  throw new Error('expected STATE_DICT_MISMATCH');
}

const BLOCK_NAMES = [
  'ln1.weight',
  'ln1.bias',
  'attn.q.weight',
  'attn.q.bias',
  'attn.k.weight',
  'attn.k.bias',
  'attn.v.weight',
  'attn.v.bias',
  'attn.out.weight',
  'attn.out.bias',
  'ln2.weight',
  'ln2.bias',
  'mlp.layers.0.weight',
  'mlp.layers.0.bias',
  'mlp.layers.1.weight',
  'mlp.layers.1.bias',
];

class Stack extends nn.Module {
  readonly blocks: nn.TransformerBlock[];
  readonly head: nn.Linear;
  constructor(seed: number) {
    super();
    const rng = new random.Rng(seed);
    this.blocks = this.registerModule('blocks', [
      new nn.TransformerBlock(8, 2, { rng, mlpRatio: 2 }),
      new nn.TransformerBlock(8, 2, { rng, mlpRatio: 2 }),
    ]);
    this.head = this.registerModule('head', new nn.Linear(8, 3, { rng }));
  }
}

describe('Module', () => {
  it('names parameters with dotted paths: own first, then children in registration order', () => {
    const m = new TwoLayer(0);
    expect(Object.keys(m.namedParameters())).toEqual(['scale', 'fc1.weight', 'fc1.bias', 'fc2.weight']);
    expect(m.parameters()).toEqual([m.scale, m.fc1.weight, m.fc1.bias, m.fc2.weight]);
    expect(m.numParameters()).toBe(1 + 12 + 4 + 8);
    expect(Object.keys(m.namedModules())).toEqual(['fc1', 'fc2']);
    m.dispose();
  });

  it('MLP and TransformerBlock have the exact parameter lists', () => {
    const mlp = new nn.MLP([4, 8, 8, 2], { seed: 0 });
    expect(Object.keys(mlp.namedParameters())).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
      'layers.2.weight',
      'layers.2.bias',
    ]);
    expect(mlp.namedParameters()['layers.1.weight']!.shape).toEqual([8, 8]);
    const block = new nn.TransformerBlock(8, 2, { seed: 0, mlpRatio: 2 });
    expect(Object.keys(block.namedParameters())).toEqual(BLOCK_NAMES);
    const shapes = Object.fromEntries(Object.entries(block.namedParameters()).map(([k, v]) => [k, v.shape]));
    expect(shapes['attn.q.weight']).toEqual([8, 8]);
    expect(shapes['mlp.layers.0.weight']).toEqual([16, 8]);
    expect(shapes['mlp.layers.1.weight']).toEqual([8, 16]);
    expect(block.numParameters()).toBe(2 * 16 + 4 * (64 + 8) + (128 + 16) + (128 + 8));
    const stack = new Stack(0);
    const names = Object.keys(stack.namedParameters());
    expect(names).toEqual([
      ...BLOCK_NAMES.map((n) => `blocks.0.${n}`),
      ...BLOCK_NAMES.map((n) => `blocks.1.${n}`),
      'head.weight',
      'head.bias',
    ]);
    expect(names).toContain('blocks.0.attn.q.weight');
    expect(Object.keys(stack.namedModules())).toContain('blocks.1.mlp.layers.0');
    for (const m of [mlp, block, stack]) m.dispose();
  });

  it('filters trainable parameters', () => {
    const m = new TwoLayer(0);
    m.fc1.weight.trainable = false;
    expect(Object.keys(m.namedParameters({ trainableOnly: true }))).toEqual([
      'scale',
      'fc1.bias',
      'fc2.weight',
    ]);
    expect(m.numParameters({ trainableOnly: true })).toBe(1 + 4 + 8);
    expect(m.numParameters()).toBe(25);
    m.dispose();
  });

  it('state dict round trip: save, load into a differently seeded model, identical outputs', () => {
    const a = new nn.TransformerBlock(8, 2, { seed: 1, causal: true });
    const b = new nn.TransformerBlock(8, 2, { seed: 2, causal: true });
    const x = random.normal([2, 3, 8], { seed: 3 });
    const ya = a.forward(x).dataSync();
    expect(Array.from(b.forward(x).dataSync())).not.toEqual(Array.from(ya));
    const saved = a.stateDict();
    expect(Object.keys(saved)).toEqual(BLOCK_NAMES);
    expect(saved['attn.q.weight']).toBe(a.attn.q.weight); // live variables
    expect(b.loadStateDict(saved)).toEqual({ missing: [], unexpected: [] });
    expect(Array.from(b.forward(x).dataSync())).toEqual(Array.from(ya));
    // b's variables are still its own: disposing a does not break b
    a.dispose();
    expect(Array.from(b.forward(x).dataSync())).toEqual(Array.from(ya));
    b.dispose();
  });

  it('loadStateDict reports missing and unexpected names and shape mismatches, changing nothing', () => {
    const m = new TwoLayer(0);
    const other = new TwoLayer(1);
    const before = Array.from(m.fc1.weight.dataSync());
    const { 'fc1.bias': _bias, ...rest } = other.stateDict();
    let e = stateDictError(() => m.loadStateDict(rest));
    expect(e.context).toEqual({
      fn: 'TwoLayer.loadStateDict',
      missing: ['fc1.bias'],
      unexpected: [],
      reason: 'names differ',
    });
    expect(e.message).toContain('missing: fc1.bias');
    const extra = zeros([1]);
    e = stateDictError(() => m.loadStateDict({ ...other.stateDict(), 'fc3.weight': extra }));
    expect(e.context.unexpected).toEqual(['fc3.weight']);
    expect(e.context.missing).toEqual([]);
    const wrong = zeros([4, 4]);
    e = stateDictError(() => m.loadStateDict({ ...other.stateDict(), 'fc1.weight': wrong }));
    expect(e.context.reason).toBe("'fc1.weight' has shape [4, 4], expected [4, 3]");
    expect(Array.from(m.fc1.weight.dataSync())).toEqual(before);
    // non-strict: loads what matches and reports the rest; shapes are still checked
    const result = m.loadStateDict({ ...rest, 'fc3.weight': extra }, { strict: false });
    expect(result).toEqual({ missing: ['fc1.bias'], unexpected: ['fc3.weight'] });
    expect(Array.from(m.fc1.weight.dataSync())).toEqual(Array.from(other.fc1.weight.dataSync()));
    stateDictError(() => m.loadStateDict({ 'fc1.weight': wrong }, { strict: false }));
    // another float dtype is cast
    m.loadStateDict({ scale: tensor([7], { dtype: 'float64' }) }, { strict: false });
    expect(m.scale.dtype).toBe('float32');
    expect(Array.from(m.scale.dataSync())).toEqual([7]);
    for (const t of [m, other]) t.dispose();
    extra.dispose();
    wrong.dispose();
  });

  it('train() / eval() set the flag recursively', () => {
    const s = new Stack(0);
    expect(s.training).toBe(true);
    s.eval();
    expect(s.training).toBe(false);
    expect(Object.values(s.namedModules()).every((m) => !m.training)).toBe(true);
    s.blocks[0]!.train();
    expect(s.blocks[0]!.attn.q.training).toBe(true);
    expect(s.head.training).toBe(false);
    s.dispose();
  });

  it('dispose frees every parameter', () => {
    const before = memory().numTensors;
    const s = new Stack(0);
    expect(memory().numTensors).toBe(before + s.parameters().length);
    s.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('registration validates names and values', () => {
    class Bad extends nn.Module {
      constructor(kind: number) {
        super();
        const rng = new random.Rng(0);
        this.registerParameter('w', variable(tensor([1])));
        if (kind === 0) this.registerParameter('w', variable(tensor([1])));
        if (kind === 1) this.registerModule('w', new nn.Linear(1, 1, { rng }));
        if (kind === 2) this.registerParameter('a.b', variable(tensor([1])));
        if (kind === 3) this.registerParameter('t', tensor([1]) as Variable);
        if (kind === 4) this.registerModule('m', [new nn.Linear(1, 1, { rng }), {} as nn.Module]);
      }
    }
    for (const kind of [0, 1, 2, 3, 4]) {
      expect(() => new Bad(kind)).toThrow(
        expect.objectContaining({ code: 'SPARSELAND__CORE__INVALID_ARGUMENT' }),
      );
    }
  });

  it('random initialisation needs an explicit seed or rng', () => {
    const noSource = [
      () => new nn.Linear(2, 2, {} as nn.LinearOptions),
      () => new nn.Embedding(2, 2, undefined as unknown as nn.EmbeddingOptions),
      () => new nn.MLP([2, 2], {} as nn.MLPOptions),
      () => new nn.MultiHeadAttention(4, 2, {} as nn.MultiHeadAttentionOptions),
      () => new nn.TransformerBlock(4, 2, {} as nn.TransformerBlockOptions),
    ];
    for (const f of noSource) {
      expect(f).toThrow(expect.objectContaining({ code: 'SPARSELAND__CORE__INVALID_ARGUMENT' }));
    }
    // the same seed reproduces the whole model
    const a = new nn.MLP([3, 5, 2], { seed: 9 });
    const b = new nn.MLP([3, 5, 2], { seed: 9 });
    const c = new nn.MLP([3, 5, 2], { seed: 10 });
    const flat = (m: nn.Module) => m.parameters().flatMap((p) => Array.from(p.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    // layers of one model get different values (one stream passed down)
    expect(Array.from(a.layers[0]!.bias!.dataSync()).slice(0, 2)).not.toEqual(
      Array.from(a.layers[1]!.bias!.dataSync()),
    );
    for (const m of [a, b, c]) m.dispose();
  });
});
