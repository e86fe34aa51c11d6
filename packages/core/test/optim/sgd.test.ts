import { describe, expect, it } from 'vitest';
import { isSparselandError, optim, tensor, type Variable, variable } from '../../src/index.js';
import { maxAbsDiff, type SgdHyper, sgdReference } from './reference.js';

const P0 = [0.5, -1.25, 2, 0.125];
const GRADS = [
  [0.1, -0.2, 0.3, -0.4],
  [1.5, 0.25, -0.75, 0.05],
  [-0.3, 0.6, 0.9, -1.2],
  [0.2, 0.2, -0.1, 0.7],
];

function run(h: Partial<SgdHyper>, dtype: 'float32' | 'float64' = 'float64') {
  const full: SgdHyper = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...h };
  const w = variable(tensor(P0, { dtype }), { name: 'w' });
  const opt = new optim.SGD({ w }, full);
  const ref = sgdReference(P0, GRADS, full);
  const diffs: number[] = [];
  for (const [t, g] of GRADS.entries()) {
    const gt = tensor(g, { dtype });
    opt.step({ w: gt });
    gt.dispose();
    diffs.push(maxAbsDiff(w.dataSync(), ref[t]!));
  }
  opt.dispose();
  w.dispose();
  return { diffs, ref };
}

describe('SGD', () => {
  it('plain SGD: one step is p - lr * g (closed form)', () => {
    const w = variable(tensor([1, 2], { dtype: 'float64' }));
    const opt = new optim.SGD({ w }, { lr: 0.5 });
    opt.step({ w: tensor([0.2, -0.4], { dtype: 'float64' }) });
    expect(Array.from(w.dataSync())).toEqual([0.9, 2.2]);
    expect(opt.state('w')).toEqual({ step: 1 });
  });

  const cases: [string, Partial<SgdHyper>][] = [
    ['plain', {}],
    ['weight decay', { weightDecay: 0.05 }],
    ['momentum', { momentum: 0.9 }],
    ['momentum + dampening', { momentum: 0.8, dampening: 0.3 }],
    ['nesterov', { momentum: 0.9, nesterov: true }],
    ['nesterov + weight decay', { momentum: 0.7, nesterov: true, weightDecay: 0.01 }],
    ['scheduled lr', { lr: (t: number) => 0.1 / (t + 1), momentum: 0.5 }],
  ];
  for (const [name, h] of cases) {
    it(`${name}: several steps match the float64 reference`, () => {
      const { diffs } = run(h);
      for (const d of diffs) expect(d).toBeLessThan(1e-12);
    });
  }

  it('float32 parameters follow the reference to float32 precision', () => {
    const { diffs } = run({ momentum: 0.9, nesterov: true, weightDecay: 0.01 }, 'float32');
    for (const d of diffs) expect(d).toBeLessThan(1e-5);
  });

  it('first momentum step copies the gradient (buffer = g, not (1 - dampening) g)', () => {
    const w = variable(tensor([0], { dtype: 'float64' }));
    const opt = new optim.SGD({ w }, { lr: 1, momentum: 0.9, dampening: 0.5 });
    opt.step({ w: tensor([2], { dtype: 'float64' }) });
    expect(Array.from(opt.state('w').momentum!.dataSync())).toEqual([2]);
    expect(Array.from(w.dataSync())).toEqual([-2]);
    opt.step({ w: tensor([2], { dtype: 'float64' }) });
    // b = 0.9 * 2 + 0.5 * 2 = 2.8
    expect(Array.from(opt.state('w').momentum!.dataSync())[0]).toBeCloseTo(2.8, 12);
    expect(Array.from(w.dataSync())[0]).toBeCloseTo(-4.8, 12);
  });

  it('rejects bad hyperparameters', () => {
    const w: Variable = variable(tensor([1]));
    const bad: optim.SGDOptions[] = [
      { lr: -1 },
      { lr: Number.NaN },
      { momentum: -0.1 },
      { dampening: 2 },
      { weightDecay: -1 },
      { nesterov: true },
      { nesterov: true, momentum: 0.9, dampening: 0.1 },
    ];
    for (const opts of bad) {
      let err: unknown;
      try {
        new optim.SGD({ w }, opts);
      } catch (e) {
        err = e;
      }
      expect(isSparselandError(err, 'SPARSELAND__CORE__INVALID_ARGUMENT'), JSON.stringify(opts)).toBe(true);
    }
    w.dispose();
  });
});
