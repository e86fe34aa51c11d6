/** tidy, keep, dispose and memory(): no leaks, nothing freed too early. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add,
  dispose,
  isSparselandError,
  keep,
  memory,
  mul,
  ones,
  reshape,
  setBackend,
  type Tensor,
  tensor,
  tidy,
  transpose,
  variable,
  zeros,
} from '../../src/index.js';

// these tests check the engine's bookkeeping on the reference backend (per-backend bytes, names)
beforeAll(async () => {
  await setBackend('cpu');
});

describe('tidy', () => {
  it('frees intermediates and keeps the returned tensor', () => {
    const x = ones([4]);
    const before = memory().numTensors;
    const y = tidy(() => add(mul(x, 2), 1));
    expect(memory().numTensors).toBe(before + 1);
    expect(Array.from(y.dataSync())).toEqual([3, 3, 3, 3]);
    expect(x.isDisposed).toBe(false);
    dispose([x, y]);
  });

  it('keeps every tensor inside returned arrays, objects and maps', () => {
    const before = memory().numTensors;
    const result = tidy(() => {
      const a = ones([2]);
      mul(a, 3); // garbage
      return { a, list: [add(a, 1), { deep: mul(a, 5) }], map: new Map([['m', zeros([1])]]), n: 3 };
    });
    expect(memory().numTensors).toBe(before + 4);
    expect(Array.from((result.list[1] as { deep: Tensor }).deep.dataSync())).toEqual([5, 5]);
    expect(result.map.get('m')!.isDisposed).toBe(false);
    expect(result.n).toBe(3);
    dispose([result.a, result.list, result.map.get('m')]);
    expect(memory().numTensors).toBe(before);
  });

  it('passes the result of a nested tidy to the outer scope, which frees it unless returned', () => {
    const before = memory().numTensors;
    let inner: Tensor | undefined;
    const outer = tidy(() => {
      inner = tidy(() => mul(ones([2]), 2));
      expect(inner.isDisposed).toBe(false);
      return add(inner, 1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(Array.from(outer.dataSync())).toEqual([3, 3]);
    outer.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('keep() exempts a tensor from every enclosing scope', () => {
    const before = memory().numTensors;
    let kept: Tensor | undefined;
    tidy(() => {
      tidy(() => {
        kept = keep(mul(ones([2]), 7));
      });
    });
    expect(kept!.isDisposed).toBe(false);
    expect(Array.from(kept!.dataSync())).toEqual([7, 7]);
    kept!.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('never disposes Variables created inside it', () => {
    const before = memory().numTensors;
    let w: Tensor | undefined;
    tidy(() => {
      w = variable(tensor([1, 2]));
      mul(w, 2);
    });
    expect(w!.isDisposed).toBe(false);
    expect(Array.from(w!.dataSync())).toEqual([1, 2]);
    expect(memory().numTensors).toBe(before + 1);
    w!.dispose();
  });

  it('frees its scope when fn throws, and rethrows', () => {
    const before = memory().numTensors;
    let made: Tensor | undefined;
    let kept: Tensor | undefined;
    expect(() =>
      tidy(() => {
        made = ones([3]);
        kept = keep(ones([1]));
        throw new Error('inside tidy');
      }),
    ).toThrow('inside tidy');
    expect(made!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    kept!.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects a Promise-returning fn and frees what it made', async () => {
    const before = memory().numTensors;
    let made: Tensor | undefined;
    let error: unknown;
    let pending: Promise<unknown> | undefined;
    try {
      tidy(() => {
        made = ones([2]);
        pending = Promise.resolve(made);
        return pending;
      });
    } catch (e) {
      error = e;
    }
    await pending;
    expect(isSparselandError(error, 'SPARSELAND__CORE__INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toBe(
      "tidy: argument 'fn' must be synchronous (return a value, not a Promise); got a Promise.",
    );
    expect(made!.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });

  it('returns plain values unchanged', () => {
    expect(tidy(() => 42)).toBe(42);
    expect(tidy(() => undefined)).toBeUndefined();
  });
});

describe('memory()', () => {
  it('counts tensors, buffers and bytes', () => {
    const before = memory();
    const a = zeros([2, 3]); // 6 float32 = 24 bytes
    const b = zeros([5], 'float64'); // 40 bytes
    const c = zeros([3], 'bool'); // 3 bytes
    const m = memory();
    expect(m.numTensors).toBe(before.numTensors + 3);
    expect(m.numDataBuffers).toBe(before.numDataBuffers + 3);
    expect(m.numBytes).toBe(before.numBytes + 24 + 40 + 3);
    expect(m.backends.cpu!.numBytes - before.backends.cpu!.numBytes).toBe(67);
    dispose([a, b, c]);
    expect(memory()).toEqual(before);
  });

  it('counts a buffer shared after reshape once, and frees it with its last tensor', () => {
    const before = memory();
    const a = tensor([1, 2, 3, 4, 5, 6]);
    const r = reshape(a, [2, 3]);
    let m = memory();
    expect(m.numTensors).toBe(before.numTensors + 2);
    expect(m.numDataBuffers).toBe(before.numDataBuffers + 1);
    expect(m.numBytes).toBe(before.numBytes + 24);
    a.dispose();
    expect(Array.from(r.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    m = memory();
    expect(m.numDataBuffers).toBe(before.numDataBuffers + 1);
    r.dispose();
    expect(memory()).toEqual(before);
  });

  it('counts a transposed copy as a new buffer', () => {
    const before = memory().numDataBuffers;
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const t = transpose(a);
    expect(memory().numDataBuffers).toBe(before + 2);
    dispose([a, t]);
  });
});

describe('dispose()', () => {
  it('frees every tensor inside arrays and plain objects, duplicates included', () => {
    const before = memory().numTensors;
    const a = ones([1]);
    const b = ones([2]);
    const c = ones([3]);
    dispose([a, { b, again: [a, c] }, 'not a tensor', 7, null]);
    expect([a, b, c].every((t) => t.isDisposed)).toBe(true);
    expect(memory().numTensors).toBe(before);
  });
});
