import { describe, expect, it } from 'vitest';
import { isSparselandError, optim, tensor, variable } from '../../src/index.js';
import { type AdamHyper, adamReference, maxAbsDiff } from './reference.js';

const P0 = [0.5, -1.25, 2, 0.125, -0.01, 3];
const GRADS = [
  [0.1, -0.2, 0.3, -0.4, 0, 2],
  [1.5, 0.25, -0.75, 0.05, 0.001, -2],
  [-0.3, 0.6, 0.9, -1.2, 0, 1],
  [0.2, 0.2, -0.1, 0.7, -0.002, 0.5],
  [0.05, -0.5, 0.4, 0.1, 0, -0.25],
];

type Kind = 'Adam' | 'AdamW';

function make(kind: Kind, params: Record<string, ReturnType<typeof variable>>, opts: optim.AdamOptions) {
  return kind === 'Adam' ? new optim.Adam(params, opts) : new optim.AdamW(params, opts);
}

function run(kind: Kind, opts: optim.AdamOptions, dtype: 'float32' | 'float64' = 'float64') {
  const h: AdamHyper = {
    lr: opts.lr ?? 1e-3,
    beta1: opts.beta1 ?? 0.9,
    beta2: opts.beta2 ?? 0.999,
    eps: opts.eps ?? 1e-8,
    weightDecay: opts.weightDecay ?? (kind === 'AdamW' ? 1e-2 : 0),
    decoupled: kind === 'AdamW',
  };
  const w = variable(tensor(P0, { dtype }), { name: 'w' });
  const opt = make(kind, { w }, opts);
  const ref = adamReference(P0, GRADS, h);
  const diffs: number[] = [];
  for (const [t, g] of GRADS.entries()) {
    const gt = tensor(g, { dtype });
    opt.step({ w: gt });
    gt.dispose();
    diffs.push(maxAbsDiff(w.dataSync(), ref.params[t]!));
  }
  const s = opt.state('w');
  const result = {
    diffs,
    step: s.step,
    mDiff: maxAbsDiff(s.m.dataSync(), ref.m),
    vDiff: maxAbsDiff(s.v.dataSync(), ref.v),
  };
  opt.dispose();
  w.dispose();
  return result;
}

describe('Adam and AdamW', () => {
  it('first Adam step moves every coordinate by lr * sign(g) (bias correction, closed form)', () => {
    // t = 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps)
    const w = variable(tensor([1, 1, 1], { dtype: 'float64' }));
    const opt = new optim.Adam({ w }, { lr: 0.01, eps: 0 });
    opt.step({ w: tensor([3, -0.5, 1e-3], { dtype: 'float64' }) });
    const got = Array.from(w.dataSync());
    expect(got[0]).toBeCloseTo(0.99, 14);
    expect(got[1]).toBeCloseTo(1.01, 14);
    expect(got[2]).toBeCloseTo(0.99, 14);
    const { step, m, v } = opt.state('w');
    expect(step).toBe(1);
    expect(maxAbsDiff(m.dataSync(), [0.3, -0.05, 1e-4])).toBeLessThan(1e-15);
    expect(maxAbsDiff(v.dataSync(), [0.009, 0.00025, 1e-9])).toBeLessThan(1e-15);
  });

  const cases: [string, Kind, optim.AdamOptions][] = [
    ['Adam defaults', 'Adam', {}],
    ['Adam, large lr and other betas', 'Adam', { lr: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-6 }],
    ['Adam with L2 weight decay', 'Adam', { lr: 0.05, weightDecay: 0.1 }],
    ['AdamW defaults (weightDecay 1e-2)', 'AdamW', { lr: 0.05 }],
    ['AdamW, strong decoupled decay', 'AdamW', { lr: 0.1, weightDecay: 0.5, beta2: 0.9 }],
    ['AdamW, no decay equals Adam', 'AdamW', { lr: 0.05, weightDecay: 0 }],
    ['Adam, scheduled lr', 'Adam', { lr: (t: number) => 0.1 * 0.5 ** t }],
    [
      'AdamW, scheduled lr (decay uses the scheduled lr)',
      'AdamW',
      { lr: (t: number) => 0.1 * (t + 1), weightDecay: 0.2 },
    ],
  ];
  for (const [name, kind, opts] of cases) {
    it(`${name}: several steps match the float64 reference`, () => {
      const r = run(kind, opts);
      for (const d of r.diffs) expect(d).toBeLessThan(1e-12);
      expect(r.step).toBe(GRADS.length);
      expect(r.mDiff).toBeLessThan(1e-14);
      expect(r.vDiff).toBeLessThan(1e-14);
    });
  }

  it('float32 parameters follow the reference to float32 precision', () => {
    const r = run('AdamW', { lr: 0.05, weightDecay: 0.1 }, 'float32');
    for (const d of r.diffs) expect(d).toBeLessThan(2e-6);
  });

  it('Adam and AdamW differ when weight decay is on (coupled vs decoupled)', () => {
    const a = variable(tensor([2], { dtype: 'float64' }));
    const b = variable(tensor([2], { dtype: 'float64' }));
    const adam = new optim.Adam({ a }, { lr: 0.1, weightDecay: 0.5 });
    const adamw = new optim.AdamW({ b }, { lr: 0.1, weightDecay: 0.5 });
    for (let i = 0; i < 3; i++) {
      adam.step({ a: tensor([0.1], { dtype: 'float64' }) });
      adamw.step({ b: tensor([0.1], { dtype: 'float64' }) });
    }
    const h = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5 };
    const grads = [[0.1], [0.1], [0.1]];
    const coupled = adamReference([2], grads, { ...h, decoupled: false });
    const decoupled = adamReference([2], grads, { ...h, decoupled: true });
    expect(a.dataSync()[0]).toBeCloseTo(coupled.params[2]![0]!, 12);
    expect(b.dataSync()[0]).toBeCloseTo(decoupled.params[2]![0]!, 12);
    expect(Math.abs(a.dataSync()[0]! - b.dataSync()[0]!)).toBeGreaterThan(0.1);
  });

  it('rejects bad hyperparameters', () => {
    const w = variable(tensor([1]));
    const bad: optim.AdamOptions[] = [
      { lr: -1e-3 },
      { beta1: 1 },
      { beta1: -0.1 },
      { beta2: 1.5 },
      { eps: -1 },
      { weightDecay: Number.POSITIVE_INFINITY },
    ];
    for (const kind of ['Adam', 'AdamW'] as const) {
      for (const opts of bad) {
        let err: unknown;
        try {
          make(kind, { w }, opts);
        } catch (e) {
          err = e;
        }
        expect(
          isSparselandError(err, 'SPARSELAND__CORE__INVALID_ARGUMENT'),
          `${kind} ${JSON.stringify(opts)}`,
        ).toBe(true);
      }
    }
    w.dispose();
  });
});
