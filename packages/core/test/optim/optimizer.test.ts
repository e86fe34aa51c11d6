import { describe, expect, it } from 'vitest';
import {
  dispose,
  isSparselandError,
  memory,
  mul,
  optim,
  scalar,
  square,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  valueAndGrad,
  variable,
} from '../../src/index.js';
import { maxAbsDiff } from './reference.js';

function f64(values: number[]): Tensor {
  return tensor(values, { dtype: 'float64' });
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isSparselandError(e) ? e.code : `not a SparselandError: ${String(e)}`;
  }
  return undefined;
}

describe('Optimizer base', () => {
  it('skips parameters without a gradient (and their state)', () => {
    const a = variable(f64([1, 1]));
    const b = variable(f64([5]));
    const opt = new optim.Adam({ a, b }, { lr: 0.1 });
    opt.step({ a: f64([1, -1]) });
    expect(Array.from(b.dataSync())).toEqual([5]);
    expect(opt.state('b').step).toBe(0);
    expect(opt.state('a').step).toBe(1);
    opt.step({ b: f64([2]), a: undefined });
    expect(opt.state('b').step).toBe(1);
    expect(opt.state('a').step).toBe(1);
    expect(b.dataSync()[0]).toBeCloseTo(4.9, 8); // 5 - lr * g / (|g| + eps)
    expect(opt.iterations).toBe(2);
  });

  it('skips parameters whose trainable flag is off', () => {
    const a = variable(f64([1]), { trainable: false });
    const opt = new optim.SGD({ a }, { lr: 1 });
    opt.step({ a: f64([1]) });
    expect(Array.from(a.dataSync())).toEqual([1]);
    a.trainable = true;
    opt.step({ a: f64([1]) });
    expect(Array.from(a.dataSync())).toEqual([0]);
  });

  it('throws on unknown gradient names, bad shapes and dtypes, changing nothing', () => {
    const a = variable(f64([1, 2]));
    const opt = new optim.SGD({ a }, { lr: 1 });
    expect(codeOf(() => opt.step({ a: f64([1, 1]), nope: f64([1]) }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(codeOf(() => opt.step({ a: f64([1, 1, 1]) }))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(codeOf(() => opt.step({ a: tensor([1, 1]) }))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    expect(codeOf(() => opt.step({ a: [1, 1] as unknown as Tensor }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(codeOf(() => opt.step({ constructor: f64([1]) }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(Array.from(a.dataSync())).toEqual([1, 2]);
    expect(opt.iterations).toBe(0);
    const msg = (() => {
      try {
        opt.step({ nope: f64([1]) });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(msg).toContain("'nope'");
    expect(msg).toContain("'a'");
  });

  it('validates the parameter record', () => {
    expect(codeOf(() => new optim.SGD({}))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(codeOf(() => new optim.SGD({ t: tensor([1]) as Variable }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(codeOf(() => new optim.SGD([] as unknown as Record<string, Variable>))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    const i = variable(tensor([1], { dtype: 'int32' }));
    expect(codeOf(() => new optim.Adam({ i }))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    const w = variable(tensor([1]));
    const opt = new optim.Adam({ w });
    expect(codeOf(() => opt.state('x'))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(codeOf(() => opt.resetState('x'))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    opt.dispose();
    expect(codeOf(() => opt.step({ w: tensor([1]) }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
  });

  it('resetState without a mask zeroes the state and restarts the step count', () => {
    const w = variable(f64([1, 2, 3]));
    const opt = new optim.Adam({ w }, { lr: 0.1 });
    const g = f64([0.5, -1, 2]);
    opt.step({ w: g });
    opt.step({ w: g });
    expect(opt.state('w').step).toBe(2);
    opt.resetState('w');
    const s = opt.state('w');
    expect(s.step).toBe(0);
    expect(Array.from(s.m.dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(s.v.dataSync())).toEqual([0, 0, 0]);
    // the next step behaves as a fresh optimizer's first step: p -= lr * sign(g) (eps aside)
    const before = Array.from(w.dataSync());
    opt.step({ w: g });
    const after = Array.from(w.dataSync());
    expect(maxAbsDiff(after, [before[0]! - 0.1, before[1]! + 0.1, before[2]! - 0.1])).toBeLessThan(1e-8);
  });

  it('resetState with a bool or 0/1 mask zeroes only the masked entries and keeps the step', () => {
    const w = variable(f64([1, 2, 3, 4]));
    const opt = new optim.Adam({ w }, { lr: 0.1 });
    opt.step({ w: f64([1, 2, 3, 4]) });
    const m0 = Array.from(opt.state('w').m.dataSync());
    const v0 = Array.from(opt.state('w').v.dataSync());
    opt.resetState('w', tensor([true, false, true, false]));
    const s = opt.state('w');
    expect(s.step).toBe(1);
    expect(Array.from(s.m.dataSync())).toEqual([0, m0[1], 0, m0[3]]);
    expect(Array.from(s.v.dataSync())).toEqual([0, v0[1], 0, v0[3]]);
    opt.resetState('w', [0, 1, 0, 0]);
    expect(Array.from(opt.state('w').m.dataSync())).toEqual([0, 0, 0, m0[3]]);

    const p = variable(f64([1, 1]));
    const sgd = new optim.SGD({ p }, { lr: 1, momentum: 0.9 });
    sgd.step({ p: f64([1, 2]) });
    sgd.resetState('p', tensor([0, 1]));
    expect(Array.from(sgd.state('p').momentum!.dataSync())).toEqual([1, 0]);
    expect(codeOf(() => sgd.resetState('p', tensor([1, 0, 1])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
  });

  it('stateDict / loadStateDict round trip reproduces the same trajectory', () => {
    const grads = [f64([0.3, -0.2]), f64([0.1, 0.4]), f64([-0.5, 0.05]), f64([0.2, 0.2])];
    const a = variable(f64([1, -1]));
    const optA = new optim.AdamW(
      { a },
      { lr: optim.linearWarmup({ lr: 0.1, warmupSteps: 3 }), weightDecay: 0.1 },
    );
    optA.step({ a: grads[0]! });
    optA.step({ a: grads[1]! });
    const saved = optA.stateDict();
    expect(Object.keys(saved).sort()).toEqual(['a.m', 'a.step', 'a.v', 'iterations']);
    expect(Array.from(saved['a.step']!.dataSync())).toEqual([2]);
    expect(saved['a.step']!.dtype).toBe('int32');

    // a second optimizer on a copy of the parameter, loaded from the dict, continues identically
    const b = variable(a);
    const optB = new optim.AdamW(
      { a: b },
      { lr: optim.linearWarmup({ lr: 0.1, warmupSteps: 3 }), weightDecay: 0.1 },
    );
    optB.loadStateDict(saved);
    expect(optB.iterations).toBe(2);
    expect(optB.lr).toBe(optA.lr);
    for (const g of grads.slice(2)) {
      optA.step({ a: g });
      optB.step({ a: g });
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(optB.state('a').m.dataSync())).toEqual(Array.from(optA.state('a').m.dataSync()));
    // the snapshot did not follow later updates
    expect(Array.from(saved['a.step']!.dataSync())).toEqual([2]);
    dispose(Object.values(saved));
  });

  it('loadStateDict reports missing / unexpected names and shape mismatches, changing nothing', () => {
    const w = variable(f64([1, 2]));
    const opt = new optim.Adam({ w });
    const good = opt.stateDict();
    const mismatch = (dict: Record<string, Tensor>) => {
      try {
        opt.loadStateDict(dict);
      } catch (e) {
        if (isSparselandError(e, 'SPARSELAND__CORE__STATE_DICT_MISMATCH')) return e.context;
        throw e;
      }
      return undefined;
    };
    const { 'w.v': _v, ...noV } = good;
    expect(mismatch(noV)).toMatchObject({ missing: ['w.v'], unexpected: [] });
    expect(mismatch({ ...good, 'x.m': f64([0]) })).toMatchObject({ missing: [], unexpected: ['x.m'] });
    expect(mismatch({ ...good, 'w.m': f64([1, 2, 3]) })?.reason).toContain("'w.m' has shape [3]");
    expect(mismatch({ ...good, 'w.step': scalar(-1, 'int32') })?.reason).toContain('non-negative integer');
    expect(opt.state('w').step).toBe(0);
    expect(Array.from(opt.state('w').m.dataSync())).toEqual([0, 0]);
  });

  it('step, resetState and stateDict leak no tensors', () => {
    const w = variable(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    const b = variable(tensor([0.5]));
    for (const opt of [
      new optim.SGD({ w, b }, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
      new optim.Adam({ w, b }, { weightDecay: 0.01 }),
      new optim.AdamW({ w, b }),
    ]) {
      const gw = tensor([
        [0.1, 0.2],
        [0.3, 0.4],
      ]);
      const gb = tensor([1]);
      opt.step({ w: gw, b: gb });
      const before = memory();
      for (let i = 0; i < 5; i++) opt.step({ w: gw, b: gb });
      tidy(() =>
        opt.resetState(
          'w',
          tensor([
            [true, false],
            [false, true],
          ]),
        ),
      );
      opt.resetState('b');
      tidy(() => {
        opt.stateDict();
      });
      const after = memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numDataBuffers).toBe(before.numDataBuffers);
      const withState = memory().numTensors;
      opt.dispose();
      expect(memory().numTensors).toBeLessThan(withState);
      dispose([gw, gb]);
    }
    dispose([w, b]);
  });

  it('drives a quadratic loss down (valueAndGrad + step inside tidy, no leaks)', () => {
    // f(w) = sum((A w - y)^2) with a well-conditioned diagonal A
    const target = tensor([1, -2, 3]);
    const scale = tensor([1, 2, 0.5]);
    for (const make of [
      (p: Record<string, Variable>) => new optim.SGD(p, { lr: 0.05, momentum: 0.9 }),
      (p: Record<string, Variable>) => new optim.Adam(p, { lr: 0.1 }),
      (p: Record<string, Variable>) =>
        new optim.AdamW(p, { lr: optim.cosineDecay({ lr: 0.2, steps: 200 }), weightDecay: 0 }),
    ]) {
      const w = variable(tensor([0, 0, 0]));
      const params = { w };
      const opt = make(params);
      const loss = () => sum(square(sub(mul(w, scale), target)));
      const first = tidy(() => loss().dataSync()[0]!);
      let last = first;
      let tensorsAfterFirst = -1;
      for (let i = 0; i < 200; i++) {
        last = tidy(() => {
          const { value, grads } = valueAndGrad(loss)(params);
          opt.step(grads);
          return value.dataSync()[0]!;
        });
        if (i === 0) tensorsAfterFirst = memory().numTensors;
      }
      expect(memory().numTensors).toBe(tensorsAfterFirst);
      expect(last).toBeLessThan(first * 1e-3);
      expect(maxAbsDiff(w.dataSync(), [1, -1, 6])).toBeLessThan(0.05);
      opt.dispose();
      w.dispose();
    }
  });
});
