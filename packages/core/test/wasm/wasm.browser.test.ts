/**
 * The wasm backend in a browser page (vitest browser mode, Chromium): the embedded module compiles on the
 * main thread, `getBackend()` picks it without awaiting, and it computes what `cpu` computes. The browser
 * project serves the page cross-origin isolated (COOP/COEP headers), so the memory is shared and Web Workers
 * take tiles, with results identical to one thread; without isolation kernels run on one thread.
 */
import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.js';
import {
  add,
  getBackend,
  getWasmThreads,
  layerNorm,
  matmul,
  random,
  ready,
  setBackend,
  setWasmThreads,
  softmax,
  sum,
  type Tensor,
  tidy,
  topk,
  type WasmBackend,
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

  it('runs Web Workers on a shared memory when the page is cross-origin isolated', async (ctx) => {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    if (inBrowser && !isolated) ctx.skip('the page is not cross-origin isolated');
    await setBackend('wasm');
    const wasm = engine.backendInstance('wasm') as WasmBackend;
    expect(wasm.shared).toBe(true);
    setWasmThreads(1);
    const one = compute();
    setWasmThreads(3);
    expect(getWasmThreads()).toBe(3);
    wasm.startWorkers();
    const start = performance.now();
    while (wasm.readyWorkers() < 2 && performance.now() - start < 20000)
      await new Promise((r) => setTimeout(r, 10));
    expect(wasm.readyWorkers()).toBe(2);
    const jobs = wasm.threadedJobs;
    const big = tidy(() => {
      const a = random.normal([300, 300], { seed: 3 });
      return [Array.from(matmul(a, a).dataSync())];
    });
    expect(wasm.threadedJobs).toBeGreaterThan(jobs);
    setWasmThreads(1);
    const bigOne = tidy(() => {
      const a = random.normal([300, 300], { seed: 3 });
      return [Array.from(matmul(a, a).dataSync())];
    });
    expect(big[0]!.every((v, i) => Object.is(v, bigOne[0]![i]))).toBe(true);
    setWasmThreads(3);
    const three = compute();
    for (let i = 0; i < one.length; i++)
      expect(three[i]!.every((v, j) => Object.is(v, one[i]![j]))).toBe(true);
    setWasmThreads('auto');
  });
});
