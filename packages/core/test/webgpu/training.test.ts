/**
 * Training on `webgpu`: forward, backward and optimizer steps of a small MLP run entirely on the GPU, with
 * no readback (and no cpu fallback) until the loss is read, and match the same steps on cpu.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  memory,
  nn,
  optim,
  random,
  setBackend,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '../../src/index.js';
import { gpuBackend, useWebGPU } from './gpu.js';

/** Eight steps of Adam on a 4-16-3 MLP with cross-entropy; the losses, read at the end. */
async function train(onGpu: boolean): Promise<{ losses: number[]; reads: number; weights: number[] }> {
  const rng = new random.Rng(7);
  const xs = Array.from({ length: 32 }, () => Array.from({ length: 4 }, () => rng.nextNormal()));
  const labels = xs.map((r) => (r[0]! + r[1]! > 0 ? (r[2]! > 0 ? 2 : 1) : 0));
  const x = tensor(xs);
  const y = tensor(labels, { dtype: 'int32' });
  const model = new nn.MLP([4, 16, 3], { activation: 'relu', seed: 3 });
  const params = model.namedParameters();
  const opt = new optim.Adam(params, { lr: 0.05 });
  const lossOf = () => nn.crossEntropyWithLogits(model.forward(x), y);
  const reads0 = onGpu ? gpuBackend().counters.reads : 0;
  const losses: Tensor[] = [];
  for (let step = 0; step < 8; step++) {
    losses.push(
      tidy(() => {
        const { value, grads } = valueAndGrad(lossOf)(params);
        opt.step(grads);
        return value;
      }),
    );
  }
  const reads = onGpu ? gpuBackend().counters.reads - reads0 : 0;
  const values: number[] = [];
  for (const l of losses) values.push((await l.data())[0]!);
  const first = Object.values(params)[0]!;
  const weights = Array.from(await first.data());
  for (const l of losses) l.dispose();
  opt.dispose();
  model.dispose();
  x.dispose();
  y.dispose();
  return { losses: values, reads, weights };
}

describe('training on webgpu', () => {
  useWebGPU();

  it('runs an MLP training step entirely on the GPU, reading nothing back until data()', async () => {
    const warn = vi.spyOn(console, 'warn');
    const cpuBuffers = memory().backends.cpu?.numDataBuffers ?? 0;
    const before = memory().numTensors;
    const gpu = await train(true);
    expect(gpu.reads).toBe(0);
    expect(warn).not.toHaveBeenCalled(); // no kernel fell back to cpu
    expect(memory().backends.cpu?.numDataBuffers ?? 0).toBe(cpuBuffers);
    expect(memory().numTensors).toBe(before);
    warn.mockRestore();

    await setBackend('cpu');
    const cpu = await train(false);
    await setBackend('webgpu');
    // the loss falls, and the GPU follows the cpu reference step for step
    expect(gpu.losses[7]!).toBeLessThan(gpu.losses[0]! * 0.8);
    for (let i = 0; i < 8; i++) expect(gpu.losses[i]!).toBeCloseTo(cpu.losses[i]!, 4);
    for (let i = 0; i < gpu.weights.length; i++) expect(gpu.weights[i]!).toBeCloseTo(cpu.weights[i]!, 4);
  });
});
