/**
 * The wasm backend in a browser page (vitest browser mode, Chromium): the embedded module compiles on the
 * main thread, `getBackend()` picks it without awaiting, and it computes what `cpu` computes. Without cross-origin isolation
 * there is no SharedArrayBuffer: the memory is unshared and kernels run on one thread.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  getBackend,
  getWasmThreads,
  layerNorm,
  matmul,
  random,
  ready,
  setBackend,
  softmax,
  sum,
  type Tensor,
  tidy,
  topk,
} from '../../src/index.js';

const inBrowser = typeof (globalThis as { window?: unknown }).window !== 'undefined';

function compute(): number[][] {
  return tidy(() => {
    const a = random.normal([37, 129], { seed: 1 });
    const b = random.normal([129, 65], { seed: 2 });
    const c = matmul(a, b);
    const outs: Tensor[] = [c, softmax(c), layerNorm(c), sum(add(c, 1), 0), topk(c, 5).values];
    return outs.map((t) => Array.from(t.dataSync()));
  });
}

describe('wasm in the page', () => {
  it('is the default without awaiting (Chromium compiles it synchronously) and matches cpu', async () => {
    expect(getBackend()).toBe('wasm');
    expect(await ready()).toBe('wasm');
    expect(getBackend()).toBe('wasm');
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    if (inBrowser && !isolated) expect(getWasmThreads()).toBe(1);
    const got = compute();
    await setBackend('cpu');
    const want = compute();
    await setBackend('wasm');
    for (let i = 0; i < want.length; i++) {
      expect(got[i]!.length).toBe(want[i]!.length);
      for (let j = 0; j < want[i]!.length; j++) {
        const w = want[i]![j]!;
        expect(Math.abs(got[i]![j]! - w)).toBeLessThanOrEqual(1e-3 + 1e-4 * Math.abs(w));
      }
    }
  });
});
