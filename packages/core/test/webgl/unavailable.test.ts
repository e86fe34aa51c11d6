/**
 * `@sparseland/core/webgl` in Node.js: importing it registers the backend without touching WebGL or gpu.js,
 * and starting it fails with BACKEND_UNAVAILABLE (Node has no canvas, so no WebGL2 context) instead of
 * crashing; the other backends keep working and the default is unchanged. Also the host-side helpers of the
 * webgl kernels (axis merging and host broadcasts), which need no GPU.
 */
import { describe, expect, it } from 'vitest';
import { broadcastOnHost, mergeAxes } from '../../src/backends/webgl/kernels/elementwise.js';
import {
  add,
  getBackend,
  isSparselandError,
  listBackends,
  SparselandError,
  setBackend,
  tensor,
} from '../../src/index.js';
import { broadcastMap } from '../helpers/reference.js';

describe('@sparseland/core/webgl in Node.js', () => {
  it('registers webgl with the lowest priority: never the default', async () => {
    const before = getBackend();
    const mod = await import('@sparseland/core/webgl');
    expect(mod.WEBGL_PRIORITY).toBeLessThan(0);
    const names = listBackends();
    expect(names).toContain('webgl');
    expect(names.at(-1)).toBe('webgl');
    expect(getBackend()).toBe(before);
  });

  it('fails to start with BACKEND_UNAVAILABLE, naming the missing canvas', async () => {
    await import('@sparseland/core/webgl');
    const before = getBackend();
    let error: unknown;
    try {
      await setBackend('webgl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparselandError);
    expect(isSparselandError(error, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')).toBe(true);
    const e = error as SparselandError<'SPARSELAND__CORE__BACKEND_UNAVAILABLE'>;
    expect(e.context.backend).toBe('webgl');
    expect(e.message).toMatch(/backend 'webgl' is unavailable: .*no canvas to create a WebGL2 context on/);
    // the active backend is unchanged and still computes
    expect(getBackend()).toBe(before);
    expect(Array.from(await add(tensor([1, 2]), tensor([3, 4])).data())).toEqual([4, 6]);
  });

  it('WebGLBackend.create rejects with BACKEND_UNAVAILABLE when the canvas gives no WebGL2 context', async () => {
    const { WebGLBackend } = await import('@sparseland/core/webgl');
    const canvas = { getContext: () => null } as unknown as OffscreenCanvas;
    await expect(WebGLBackend.create({ canvas })).rejects.toSatisfy(
      (e) =>
        isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE') &&
        e.message.includes('could not create a WebGL2 context'),
    );
  });

  it('TEXTURE_TOO_LARGE names the shape, the element count and the limit', () => {
    const e = new SparselandError('SPARSELAND__CORE__TEXTURE_TOO_LARGE', {
      fn: 'add',
      backend: 'webgl',
      elements: 200,
      limit: 100,
      shape: [10, 20],
    });
    expect(e.message).toBe(
      "add: a tensor of shape [10, 20] has 200 elements, more than backend 'webgl' holds in one texture (100); split the work or use another backend.",
    );
  });
});

describe('webgl host-side helpers', () => {
  it('mergeAxes drops size-1 axes and merges axes every operand steps through contiguously', () => {
    expect(
      mergeAxes(
        [2, 3, 4],
        [
          [2, 3, 4],
          [2, 3, 4],
        ],
      ),
    ).toEqual({ dims: [24], strides: [[1], [1]] });
    expect(mergeAxes([2, 3, 4], [[2, 3, 4], [4]])).toEqual({
      dims: [6, 4],
      strides: [
        [4, 1],
        [0, 1],
      ],
    });
    expect(
      mergeAxes(
        [3, 1, 4],
        [
          [3, 1, 1],
          [1, 1, 4],
        ],
      ),
    ).toEqual({
      dims: [3, 4],
      strides: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(mergeAxes([], [[], []])).toEqual({ dims: [], strides: [[], []] });
  });

  it('mergeAxes keeps alternating broadcast patterns apart (rank 5 stays 5)', () => {
    const { dims } = mergeAxes(
      [2, 3, 2, 3, 2],
      [
        [2, 1, 2, 1, 2],
        [1, 3, 1, 3, 1],
      ],
    );
    expect(dims).toEqual([2, 3, 2, 3, 2]);
  });

  it('broadcastOnHost matches the reference broadcast', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const out = broadcastOnHost(values, [2, 1, 3], [4, 2, 5, 3]);
    const ref = broadcastMap([{ values, shape: [2, 1, 3] }], (v) => v);
    // the reference broadcasts to [2, 1, 3] only; compare element by element through the full index
    expect(out.length).toBe(4 * 2 * 5 * 3);
    for (let i = 0; i < out.length; i++) {
      const c = i % 3;
      const r = Math.floor(i / (5 * 3)) % 2;
      expect(out[i]).toBe(ref.values[r * 3 + c]);
    }
  });
});
