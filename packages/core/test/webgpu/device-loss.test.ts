/**
 * Device loss on `webgpu`: `device.destroy()` in the middle of queued work gives typed `DEVICE_LOST` errors
 * (never a hang or a crash), and `await setBackend('webgpu')` starts a new device that works.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  dispose,
  isSparselandError,
  matmul,
  memory,
  ones,
  setBackend,
  tensor,
  tidy,
} from '../../src/index.js';
import { gpuBackend, useWebGPU } from './gpu.js';

function codeOf(e: unknown): string {
  return isSparselandError(e) ? e.code : String(e);
}

describe('webgpu device loss', () => {
  useWebGPU();

  it('turns a destroyed device into DEVICE_LOST, and setBackend starts a new one', async () => {
    const old = gpuBackend();
    const a = tensor([1, 2, 3, 4], { shape: [2, 2] });
    const before = memory().numTensors;
    // queue work, then lose the device before it is read
    const y = tidy(() => {
      let t = a;
      for (let i = 0; i < 40; i++) t = add(matmul(t, a), 1);
      return t;
    });
    const pending = y.data();
    old.device.destroy();
    const lost = await pending.catch((e: unknown) => e);
    expect(codeOf(lost)).toBe('SPARSELAND__CORE__DEVICE_LOST');
    expect(lost).toMatchObject({ context: { backend: 'webgpu', reason: 'destroyed' } });
    expect((lost as Error).message).toContain("setBackend('webgpu')");
    expect(old.isLost).toBe(true);
    // tensors of the lost device report the loss, synchronously or not
    expect(codeOf(await a.data().catch((e: unknown) => e))).toBe('SPARSELAND__CORE__DEVICE_LOST');
    let sync: unknown;
    try {
      a.dataSync();
    } catch (e) {
      sync = e;
    }
    expect(codeOf(sync)).toBe('SPARSELAND__CORE__DEVICE_LOST');
    // ops fail with a typed error until the backend is started again
    let op: unknown;
    try {
      add(a, 1);
    } catch (e) {
      op = e;
    }
    expect(['SPARSELAND__CORE__DEVICE_LOST', 'SPARSELAND__CORE__BACKEND_UNAVAILABLE']).toContain(codeOf(op));

    await setBackend('webgpu');
    const fresh = gpuBackend();
    expect(fresh).not.toBe(old);
    expect(fresh.isLost).toBe(false);
    const z = tidy(() => matmul(ones([2, 3]), ones([3, 2])));
    expect(Array.from(await z.data())).toEqual([3, 3, 3, 3]);
    // the old tensors can still be disposed, and nothing leaks
    dispose([a, y, z]);
    expect(memory().numTensors).toBe(before - 1);
  });
});
