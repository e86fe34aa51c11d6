/** Tensor creation and inference, reading values back, disposal, and Variables. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add,
  isSparselandError,
  memory,
  ones,
  type SparselandErrorCode,
  scalar,
  setBackend,
  Tensor,
  tensor,
  Variable,
  variable,
  zeros,
} from '../../src/index.js';

// these tests check the engine's bookkeeping on the reference backend (per-backend bytes, names)
beforeAll(async () => {
  await setBackend('cpu');
});

/** The code and message of what `fn` throws. */
function thrown(fn: () => unknown): { code: SparselandErrorCode | undefined; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isSparselandError(e) ? e.code : undefined, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('tensor(): shape and dtype inference', () => {
  it('infers the shape from nested arrays and defaults numbers to float32', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe('float32');
    expect(t.dataSync()).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    t.dispose();
  });

  it('makes rank-0 tensors from numbers and booleans', () => {
    const n = tensor(2.5);
    const b = tensor(true);
    expect([n.shape, n.dtype, n.size]).toEqual([[], 'float32', 1]);
    expect([b.shape, b.dtype]).toEqual([[], 'bool']);
    expect(n.arraySync()).toBe(2.5);
    expect(b.arraySync()).toBe(true);
    n.dispose();
    b.dispose();
  });

  it('infers bool from nested booleans and stores them as 0/1 bytes', () => {
    const t = tensor([
      [true, false],
      [false, true],
    ]);
    expect(t.dtype).toBe('bool');
    expect(t.dataSync()).toEqual(new Uint8Array([1, 0, 0, 1]));
    expect(t.arraySync()).toEqual([
      [true, false],
      [false, true],
    ]);
    t.dispose();
  });

  it('takes the dtype of a typed array, as a 1-D tensor', () => {
    const cases = [
      [new Float32Array([1.5]), 'float32'],
      [new Float64Array([1.5]), 'float64'],
      [new Int32Array([-3]), 'int32'],
      [new Uint8Array([200]), 'uint8'],
    ] as const;
    for (const [values, dtype] of cases) {
      const t = tensor(values);
      expect(t.dtype).toBe(dtype);
      expect(t.shape).toEqual([1]);
      expect(Array.from(t.dataSync())).toEqual(Array.from(values));
      t.dispose();
    }
  });

  it('copies its input: later changes to the array do not show', () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 99;
    expect(t.dataSync()[0]).toBe(1);
    const out = t.dataSync();
    out[1] = 42;
    expect(t.dataSync()[1]).toBe(2);
    t.dispose();
  });

  it('converts to the dtype option: ints truncate toward zero, NaN and infinities become 0, bool is nonzero', () => {
    const i = tensor([1.9, -1.9, Number.NaN, Number.POSITIVE_INFINITY], { dtype: 'int32' });
    expect(i.dataSync()).toEqual(new Int32Array([1, -1, 0, 0]));
    const u = tensor([256, -1, 3.7], { dtype: 'uint8' });
    expect(u.dataSync()).toEqual(new Uint8Array([0, 255, 3]));
    const b = tensor([0, 2, -0, Number.NaN], { dtype: 'bool' });
    expect(b.dataSync()).toEqual(new Uint8Array([0, 1, 0, 1]));
    const f = tensor([0.1], { dtype: 'float64' });
    expect(f.dataSync()[0]).toBe(0.1);
    const fromBools = tensor([true, false], { dtype: 'float32' });
    expect(fromBools.dataSync()).toEqual(new Float32Array([1, 0]));
    for (const t of [i, u, b, f, fromBools]) t.dispose();
  });

  it('reshapes flat values with the shape option', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2], dtype: 'int32' });
    expect(t.shape).toEqual([3, 2]);
    expect(t.arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const s = tensor([7], { shape: [] });
    expect(s.shape).toEqual([]);
    t.dispose();
    s.dispose();
  });

  it('handles empty arrays and size-0 dimensions', () => {
    const a = tensor([]);
    expect([a.shape, a.dtype, a.size]).toEqual([[0], 'float32', 0]);
    const b = tensor([[], []]);
    expect(b.shape).toEqual([2, 0]);
    expect(b.arraySync()).toEqual([[], []]);
    const c = tensor([], { shape: [3, 0, 2] });
    expect(c.shape).toEqual([3, 0, 2]);
    expect(c.arraySync()).toEqual([[], [], []]);
    for (const t of [a, b, c]) t.dispose();
  });

  it('rejects ragged arrays, naming the offending position', () => {
    expect(thrown(() => tensor([[1, 2], [3]]))).toEqual({
      code: 'SPARSELAND__CORE__SHAPE_MISMATCH',
      message:
        "tensor: argument 'values[1]' must be an array of length 2 (nested arrays must be rectangular); got length 1.",
    });
    expect(thrown(() => tensor([[1, 2], 3] as never)).code).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(thrown(() => tensor([1, [2]] as never))).toEqual({
      code: 'SPARSELAND__CORE__INVALID_ARGUMENT',
      message:
        "tensor: argument 'values[1]' must be a number or a boolean (nested arrays must be rectangular); got an array of length 1.",
    });
    expect(
      thrown(() =>
        tensor([
          [[1], [2]],
          [[3], ['x']],
        ] as never),
      ).message,
    ).toMatch(/'values\[1\]\[1\]\[0\]'.*got string/);
  });

  it('rejects a shape option that does not fit the values, and bad shapes and dtypes', () => {
    expect(thrown(() => tensor([1, 2, 3], { shape: [2, 2] }))).toEqual({
      code: 'SPARSELAND__CORE__SHAPE_MISMATCH',
      message: "tensor: argument 'shape' must hold exactly the 3 given values; got [2, 2] (4 values).",
    });
    expect(thrown(() => tensor([1], { shape: [-1] })).code).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(thrown(() => tensor([1], { dtype: 'float16' as never })).message).toBe(
      "tensor: argument 'dtype' must be one of 'float32', 'int32', 'uint8', 'bool', 'float64'; got float16.",
    );
    expect(thrown(() => tensor('abc' as never)).code).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(thrown(() => tensor(null as never)).message).toMatch(/got null\.$/);
  });
});

describe('reading values', () => {
  it('data() and dataSync() return fresh typed arrays of the dtype', async () => {
    const t = tensor([1, 2, 3], { dtype: 'int32' });
    const a = await t.data();
    const b = t.dataSync();
    expect(a).toBeInstanceOf(Int32Array);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    t.dispose();
  });

  it('array() and arraySync() nest values by the shape', async () => {
    const t = tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [2, 2, 2] });
    const nested = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    expect(await t.array()).toEqual(nested);
    expect(t.arraySync()).toEqual(nested);
    const b = tensor([true, false], { shape: [2, 1] });
    expect(await b.array()).toEqual([[true], [false]]);
    t.dispose();
    b.dispose();
  });

  it('describes itself', () => {
    const t = zeros([2, 3], 'int32');
    expect(t.toString()).toBe('Tensor(int32, [2, 3], cpu)');
    expect(t.backend).toBe('cpu');
    t.dispose();
    expect(t.toString()).toBe('Tensor(int32, [2, 3], cpu, disposed)');
  });

  it('gives increasing ids', () => {
    const a = scalar(1);
    const b = scalar(2);
    expect(b.id).toBeGreaterThan(a.id);
    a.dispose();
    b.dispose();
  });
});

describe('disposal', () => {
  it('frees the tensor; disposing twice is harmless', () => {
    const before = memory().numTensors;
    const t = ones([4]);
    expect(memory().numTensors).toBe(before + 1);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects any use after dispose with DISPOSED', async () => {
    const t = ones([2]);
    t.dispose();
    const id = t.id;
    expect(thrown(() => t.dataSync())).toEqual({
      code: 'SPARSELAND__CORE__DISPOSED',
      message: `Tensor.dataSync: tensor #${id} was disposed and can no longer be used.`,
    });
    expect(thrown(() => t.arraySync()).code).toBe('SPARSELAND__CORE__DISPOSED');
    expect(() => t.data()).toThrow(/Tensor\.data: tensor #\d+ was disposed/);
    await expect(t.array()).rejects.toThrow(/was disposed/);
    expect(thrown(() => add(t, 1))).toEqual({
      code: 'SPARSELAND__CORE__DISPOSED',
      message: `add: tensor #${id} was disposed and can no longer be used.`,
    });
    expect(thrown(() => variable(t)).code).toBe('SPARSELAND__CORE__DISPOSED');
  });

  it('supports `using` through Symbol.dispose', () => {
    const before = memory().numTensors;
    let escaped: Tensor | undefined;
    {
      using t = ones([3]);
      escaped = t;
      expect(escaped.isDisposed).toBe(false);
      expect(memory().numTensors).toBe(before + 1);
    }
    expect(escaped.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });
});

describe('Variable', () => {
  it('is a Tensor holding the initial value, with a name and trainable flag', () => {
    const init = tensor([1, 2]);
    const v = variable(init, { name: 'w', trainable: false });
    expect(v).toBeInstanceOf(Variable);
    expect(v).toBeInstanceOf(Tensor);
    expect(v.name).toBe('w');
    expect(v.trainable).toBe(false);
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    init.dispose();
    expect(Array.from(v.dataSync())).toEqual([1, 2]);
    const auto = variable([3]);
    expect(auto.name).toMatch(/^variable_\d+$/);
    expect(auto.trainable).toBe(true);
    v.dispose();
    auto.dispose();
  });

  it('made from JavaScript values, holds one tensor and one buffer', () => {
    const before = memory();
    const v = variable([1, 2, 3]);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    v.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('assign() replaces the value in place; the assigned tensor stays valid', () => {
    const v = variable([0, 0]);
    const value = tensor([5, 6]);
    const before = memory();
    expect(v.assign(value)).toBe(v);
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    value.dispose();
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    // the old buffer was freed and the new one is shared: one buffer fewer after disposing value
    expect(memory().numDataBuffers).toBe(before.numDataBuffers - 1);
    v.dispose();
  });

  it('assign() rejects another shape with SHAPE_MISMATCH and another dtype with DTYPE_MISMATCH', () => {
    const v = variable([0, 0]);
    const wrongShape = zeros([3]);
    const wrongDType = zeros([2], 'int32');
    expect(thrown(() => v.assign(wrongShape))).toEqual({
      code: 'SPARSELAND__CORE__SHAPE_MISMATCH',
      message: "Variable.assign: argument 'value' must have shape [2]; got [3].",
    });
    expect(thrown(() => v.assign(wrongDType))).toEqual({
      code: 'SPARSELAND__CORE__DTYPE_MISMATCH',
      message: "Variable.assign: argument 'value' must have dtype float32; got int32.",
    });
    expect(Array.from(v.dataSync())).toEqual([0, 0]);
    const gone = zeros([2]);
    gone.dispose();
    expect(thrown(() => v.assign(gone)).code).toBe('SPARSELAND__CORE__DISPOSED');
    for (const t of [v, wrongShape, wrongDType]) t.dispose();
  });
});
