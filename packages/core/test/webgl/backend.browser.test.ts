/**
 * The `webgl` backend's own behaviour in Chromium (SwiftShader WebGL2): the one-time cpu fallback warning for
 * a kernel it lacks, the size check before any dispatch, host runs for non-float32 dtypes, and larger sizes
 * than the op cases (multi-pass reductions, a 64 x 96 x 80 matmul, long softmax lines) against the cpu
 * backend. Skips without WebGL2 unless required (__REQUIRE_WEBGL__, see vitest.config.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { engine } from '../../src/engine.js';
import {
  add,
  cumsum,
  getBackend,
  greater,
  isSparselandError,
  matmul,
  memory,
  registerBackend,
  setBackend,
  softmax,
  sum,
  type Tensor,
  tensor,
  tidy,
  where,
} from '../../src/index.js';
import { WEBGL_PRIORITY, WebGLBackend } from '../../src/webgl.js';
import { expectClose, toleranceFor } from '../helpers/backends.js';
import { seeded } from '../helpers/cases.js';

declare const __REQUIRE_WEBGL__: boolean;

let unavailable: string | undefined;
const webgl = () => engine.backendInstance('webgl') as WebGLBackend;

beforeAll(async () => {
  try {
    await setBackend('webgl');
  } catch (e) {
    if (__REQUIRE_WEBGL__) throw e;
    unavailable = e instanceof Error ? e.message : String(e);
  }
});
beforeEach((ctx) => {
  if (unavailable !== undefined) ctx.skip(unavailable);
});

/** `f` on cpu, as plain values. */
async function onCpu(f: () => Tensor): Promise<Float32Array> {
  await setBackend('cpu');
  try {
    const t = tidy(f);
    const v = (await t.data()) as Float32Array;
    t.dispose();
    return v;
  } finally {
    await setBackend('webgl');
  }
}

describe('webgl backend', () => {
  it('runs a kernel it lacks on cpu, with one warning however often it runs', async () => {
    expect(getBackend()).toBe('webgl');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = tensor([1, 2, 3, 4]);
      const a = cumsum(x);
      const b = cumsum(x, -1, { reverse: true });
      expect(Array.from(await a.data())).toEqual([1, 3, 6, 10]);
      expect(Array.from(await b.data())).toEqual([10, 9, 7, 4]);
      // the results live on webgl (host arrays), not on cpu
      expect(a.backendName).toBe('webgl');
      const fallbacks = warn.mock.calls.filter((c) => String(c[0]).includes("'Cumsum'"));
      expect(fallbacks).toHaveLength(1);
      expect(String(fallbacks[0]![0])).toBe(
        "sparseland: kernel 'Cumsum' is not implemented on backend 'webgl'; running it on 'cpu'.",
      );
      for (const t of [x, a, b]) t.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('runs float32 kernels on the GPU and others on the host, without warnings', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const before = { ...webgl().counters };
      const f = add(tensor([1.5, 2]), tensor([3]));
      expect(webgl().counters.dispatches).toBe(before.dispatches + 1);
      const i = add(tensor([1, 2], { dtype: 'int32' }), tensor([3], { dtype: 'int32' }));
      expect(webgl().counters.hostRuns).toBe(before.hostRuns + 1);
      expect(i.dtype).toBe('int32');
      expect(Array.from(await f.data())).toEqual([4.5, 5]);
      expect(Array.from(await i.data())).toEqual([4, 5]);
      // synchronous reads work: the data lives on the host
      expect(Array.from(f.dataSync())).toEqual([4.5, 5]);
      expect(warn).not.toHaveBeenCalled();
      f.dispose();
      i.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects a tensor larger than one texture with TEXTURE_TOO_LARGE before any dispatch', async () => {
    const limited = await WebGLBackend.create({ maxElements: 64 });
    expect(limited.maxElements).toBe(64);
    expect(webgl().maxElements).toBeGreaterThanOrEqual(1 << 20);
    expect(webgl().maxElements).toBeLessThanOrEqual(1 << 24);
    registerBackend('webgl', () => limited, WEBGL_PRIORITY);
    try {
      await setBackend('webgl');
      const small = add(tensor(seeded(64, 1)), tensor([1]));
      expect(small.size).toBe(64);
      const before = limited.counters.dispatches;
      const x = tensor(seeded(65, 2));
      let error: unknown;
      try {
        add(x, tensor([1]));
      } catch (e) {
        error = e;
      }
      expect(isSparselandError(error, 'SPARSELAND__CORE__TEXTURE_TOO_LARGE')).toBe(true);
      expect((error as Error).message).toContain('has 65 elements');
      expect(limited.counters.dispatches).toBe(before);
      // a matmul whose output alone is too large is rejected the same way
      const a = tensor(seeded(16, 3), { shape: [8, 2] });
      const b = tensor(seeded(18, 4), { shape: [2, 9] });
      expect(() => matmul(a, b)).toThrow(/72 elements/);
      expect(limited.counters.dispatches).toBe(before);
      for (const t of [small, x, a, b]) t.dispose();
    } finally {
      registerBackend('webgl', () => WebGLBackend.create(), WEBGL_PRIORITY);
      await setBackend('webgl');
    }
  });

  it('a lost context raises DEVICE_LOST at once; tensors keep their data and setBackend starts a new context', async () => {
    const canvas = new OffscreenCanvas(1, 1);
    let lostCalls = 0;
    const renew = () => registerBackend('webgl', () => WebGLBackend.create(), WEBGL_PRIORITY);
    registerBackend(
      'webgl',
      () =>
        WebGLBackend.create({
          canvas,
          onLost: () => {
            lostCalls++;
            renew();
          },
        }),
      WEBGL_PRIORITY,
    );
    try {
      await setBackend('webgl');
      const first = webgl();
      const x = tensor([1, 2, 3]);
      const y = add(x, x);
      const gl = canvas.getContext('webgl2')!;
      gl.getExtension('WEBGL_lose_context')!.loseContext();
      // synchronously, before the loss event: no kernel may return what a lost context leaves behind
      let error: unknown;
      try {
        add(x, y);
      } catch (e) {
        error = e;
      }
      expect(isSparselandError(error, 'SPARSELAND__CORE__DEVICE_LOST')).toBe(true);
      expect((error as Error).message).toContain('its tensors keep their data');
      expect(first.isLost).toBe(true);
      expect(lostCalls).toBe(1);
      // the data lives on the host: still readable, and usable on the new context
      expect(Array.from(y.dataSync())).toEqual([2, 4, 6]);
      await setBackend('webgl');
      expect(webgl()).not.toBe(first);
      const z = add(x, y);
      expect(Array.from(await z.data())).toEqual([3, 6, 9]);
      for (const t of [x, y, z]) t.dispose();
    } finally {
      renew();
      await setBackend('webgl');
    }
  });

  it('matches cpu on larger sizes: matmul, multi-axis sums, long softmax lines, rank-5 broadcasts', async () => {
    const before = memory().numTensors;
    const av = seeded(64 * 96 * 2, 11);
    const bv = seeded(96 * 80, 12);
    const mm = () =>
      matmul(tensor(av, { shape: [2, 64, 96] }), tensor(bv, { shape: [80, 96] }), { transposeB: true });
    const xv = seeded(7 * 33 * 5 * 40, 13, -3, 3);
    const xs = [7, 33, 5, 40];
    const red = () => sum(tensor(xv, { shape: xs }), [0, 2, 3]);
    const sv = seeded(3 * 5000, 14, -20, 20);
    const sm = () => softmax(tensor(sv, { shape: [3, 5000] }));
    // broadcasts that merge to rank 5: operands broadcast on the host first
    const p = seeded(8, 15);
    const q = seeded(9, 16);
    const bc = () => add(tensor(p, { shape: [2, 1, 2, 1, 2] }), tensor(q, { shape: [1, 3, 1, 3, 1] }));
    const wh = () =>
      where(
        greater(tensor(p, { shape: [2, 1, 2, 1, 2] }), 0),
        tensor(p, { shape: [2, 1, 2, 1, 2] }),
        tensor(q, { shape: [1, 3, 1, 3, 1] }),
      );
    for (const [f, kind] of [
      [mm, 'matmul'],
      [red, 'reduction'],
      [sm, 'reduction'],
      [bc, 'elementwise'],
      [wh, 'elementwise'],
    ] as const) {
      const want = await onCpu(f);
      const got = tidy(f);
      expectClose(await got.data(), want, toleranceFor('float32', kind), got.shape);
      got.dispose();
    }
    expect(memory().numTensors, 'live tensors after the comparisons').toBe(before);
  });
});

afterAll(async () => {
  if (unavailable === undefined) await setBackend('cpu');
});
