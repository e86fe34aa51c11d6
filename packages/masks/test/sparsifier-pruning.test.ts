import { listBackends, memory, nn, optim, setBackend } from '@sparseland/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradualSchedule, keepCount, Sparsifier } from '../src/index.js';
import { accuracy, batchLoss, denseBaseline, HIDDEN, mlp, STEPS, type Task, train } from './data.js';
import { expectCode, groupCounts, host } from './helpers.js';

let task: Task;
let denseAcc: number;

// float32 training: on the fast default backend (wasm) where it is registered, not the float64 reference
beforeAll(async () => {
  if (listBackends().includes('wasm')) await setBackend('wasm');
  ({ task, denseAcc } = denseBaseline());
});

describe('Sparsifier: gradual magnitude pruning', () => {
  it('follows the cubic schedule with exact counts and keeps accuracy close to dense at 90%', () => {
    expect(denseAcc).toBeGreaterThan(0.9);
    const model = mlp();
    const opt = new optim.Adam(model.namedParameters(), { lr: 3e-3 });
    const recipe = {
      sparsity: 0.9,
      schedule: { kind: 'gradual', start: 0, end: 120, frequency: 20 },
    } as const;
    const sp = new Sparsifier(model, recipe, { optimizer: opt });
    const rep0 = sp.prepare();
    expect(rep0.excluded).toEqual(['layers.0.bias', 'layers.1.bias']);
    expect(rep0.sparsity).toBe(0);
    const sched = gradualSchedule(recipe.schedule);
    train(model, opt, task, STEPS, {
      sp,
      onStep: (t) => {
        if (t % 20 !== 0) return;
        const s = sched.sparsityAt(t, 0.9);
        for (const l of sp.report().layers) expect(l.kept).toBe(keepCount(l.size, s));
        // the weights themselves are zero where pruned
        for (const [name, w] of Object.entries(model.namedParameters())) {
          if (!sp.targets.includes(name)) continue;
          const m = sp.hostMask(name);
          host(w).forEach((v, i) => {
            if (m[i] === 0) expect(v).toBe(0);
          });
        }
      },
    });
    const rep = sp.finalize();
    expect(rep.sparsity).toBeCloseTo(0.9, 2);
    expect(rep.layers.map((l) => l.sparsity)).toEqual(
      rep.layers.map((l) => 1 - keepCount(l.size, 0.9) / l.size),
    );
    const acc = accuracy(model, task.xTest, task.yTest);
    expect(acc).toBeGreaterThan(denseAcc - 0.03);
    expect(rep.label).toMatchObject({ stage: 'during-training', start: 'dense', scope: 'layerwise' });
  });

  it('one-shot global magnitude at 80% then fine-tuning stays close to dense', () => {
    const model = mlp();
    const opt = new optim.Adam(model.namedParameters(), { lr: 3e-3 });
    train(model, opt, task, 100);
    const sp = new Sparsifier(
      model,
      { sparsity: 0.8, distribution: { kind: 'global', normalize: true } },
      { optimizer: opt },
    );
    const rep = sp.prepare();
    expect(rep.sparsity).toBeCloseTo(0.8, 3);
    train(model, opt, task, 100, { sp });
    sp.finalize();
    expect(accuracy(model, task.xTest, task.yTest)).toBeGreaterThan(denseAcc - 0.03);
  });
});

describe('Sparsifier: IMP with rewinding', () => {
  it('prunes 20% of the remaining weights per round and rewinds to the rewind step', () => {
    const model = mlp();
    const params = model.namedParameters();
    const opt = new optim.SGD(params, { lr: 0.05, momentum: 0.9 });
    const sp = new Sparsifier(
      model,
      { distribution: 'global', schedule: { kind: 'imp', rounds: 3, roundSteps: 20, rewindStep: 5 } },
      { optimizer: opt },
    );
    sp.prepare();
    let theta5: Record<string, number[]> = {};
    const rounds: number[] = [];
    train(model, opt, task, 60, {
      sp,
      onStep: (t) => {
        if (t === 5) theta5 = Object.fromEntries(Object.entries(params).map(([n, p]) => [n, host(p)]));
        if (t % 20 === 0) {
          rounds.push(sp.report().sparsity);
          for (const [n, p] of Object.entries(params)) {
            const m = sp.targets.includes(n) ? sp.hostMask(n) : undefined;
            expect(host(p)).toEqual(theta5[n]!.map((v, i) => (m === undefined || m[i] === 1 ? v : 0)));
          }
          const st = opt.state('layers.0.weight') as unknown as { step: number };
          expect(st.step).toBe(0);
        }
      },
    });
    const total = 64 * HIDDEN + 10 * HIDDEN;
    expect(rounds).toEqual([1, 2, 3].map((r) => 1 - keepCount(total, 1 - 0.8 ** r) / total));
    sp.finalize();
  });
});

describe('Sparsifier: BDWP and lifecycle', () => {
  it('routes the pruned Linear layers through bdwpLinear while training and restores them on finalize', () => {
    const model = mlp();
    const opt = new optim.Adam(model.namedParameters(), { lr: 3e-3 });
    const sp = new Sparsifier(
      model,
      { pattern: { kind: 'nm', keep: 2, of: 8 }, method: 'bdwp' },
      { optimizer: opt },
    );
    sp.prepare();
    const lin = model.namedModules()['layers.0'] as nn.Linear;
    expect(Object.hasOwn(lin, 'forward')).toBe(true);
    train(model, opt, task, 100, { sp });
    sp.finalize();
    expect(Object.hasOwn(lin, 'forward')).toBe(false);
    expect(groupCounts(host(lin.weight), 64, 8).every((c) => c <= 2)).toBe(true);
    expect(accuracy(model, task.xTest, task.yTest)).toBeGreaterThan(0.8);
  });

  it('enforces prepare → step → finalize and frees its tensors', () => {
    const model = mlp();
    const opt = new optim.Adam(model.namedParameters(), { lr: 1e-3 });
    const sp = new Sparsifier(model, { sparsity: 0.5 }, { optimizer: opt });
    expectCode(() => sp.step(), 'SPARSELAND__MASKS__INVALID_STATE', 'call prepare() first');
    sp.prepare();
    expectCode(() => sp.prepare(), 'SPARSELAND__MASKS__INVALID_STATE');
    train(model, opt, task, 3, { sp });
    const before = memory().numTensors;
    train(model, opt, task, 5, { sp });
    expect(memory().numTensors).toBe(before);
    sp.finalize();
    expectCode(() => sp.valueAndGrad(() => batchLoss(model, task, 0)()), 'SPARSELAND__MASKS__INVALID_STATE');
    expectCode(
      () => new Sparsifier(model, { sparsity: 0.5, include: ['nothing.*'] }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      'select at least one parameter',
    );
    expectCode(
      () =>
        new Sparsifier(model, {
          sparsity: 0.5,
          distribution: { kind: 'erk', overrides: { 'layers.0.bias': 0 } },
        }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
  });
});

describe('Sparsifier: no leaks, any method', () => {
  for (const recipe of [
    { sparsity: 0.5, method: 'ste' },
    { pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'srste' },
    { pattern: { kind: 'nm', keep: 1, of: 4 }, method: { kind: 'mdgf', decay: 'exp', alpha: 0.01 } },
    { pattern: { kind: 'nm', keep: 1, of: 8 }, method: { kind: 'sdgf', sparseSteps: 4 } },
    { pattern: { kind: 'nm', keep: 2, of: 4 }, method: 'bdwp' },
    { sparsity: 0.8, scorer: 'random', method: { kind: 'rigl', interval: 2 } },
    { sparsity: 0.8, method: { kind: 'set', interval: 2, noise: 1e-5 } },
    { sparsity: 0.8, distribution: 'global', schedule: { kind: 'periodic', frequency: 2 } },
    { sparsity: 0.8, scorer: 'saliency', schedule: { kind: 'gradual', start: 2, end: 8, frequency: 2 } },
    { distribution: 'global', schedule: { kind: 'imp', rounds: 2, roundSteps: 4, rewindStep: 1 } },
  ] as const) {
    it(`${JSON.stringify(recipe)}`, () => {
      const model = new nn.MLP([64, 16, 10], { activation: 'relu', seed: 0 });
      const opt = new optim.Adam(model.namedParameters(), { lr: 1e-3 });
      const sp = new Sparsifier(model, recipe as never, { optimizer: opt });
      sp.prepare();
      train(model, opt, task, 2, { sp, batch: 16 });
      const before = memory().numTensors;
      train(model, opt, task, 8, { sp, batch: 16 });
      expect(memory().numTensors).toBe(before);
      const rep = sp.finalize();
      expect(rep.sparsity).toBeGreaterThan(0);
      sp.dispose();
    });
  }
});
