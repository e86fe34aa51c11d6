/** SparselandError: messages composed from the typed context, and narrowing with isSparselandError. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isSparselandError, matmul, SparselandError, zeros } from '../../src/index.js';

describe('SparselandError', () => {
  it('is an Error with a stable code, a typed context and a name', () => {
    const e = new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
      fn: 'gather',
      arg: 'axis',
      expected: 'be an integer in [-2, 1]',
      actual: 5,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SparselandError');
    expect(e.code).toBe('SPARSELAND__CORE__OUT_OF_RANGE');
    expect(e.context.actual).toBe(5);
    expect(e.message).toBe("gather: argument 'axis' must be an integer in [-2, 1]; got 5.");
    expect(String(e)).toBe("SparselandError: gather: argument 'axis' must be an integer in [-2, 1]; got 5.");
    expect(e.stack).toContain('SparselandError');
  });

  it('formats every argument code as "fn: argument \'arg\' must <expected>; got <actual>."', () => {
    for (const code of [
      'SPARSELAND__CORE__INVALID_ARGUMENT',
      'SPARSELAND__CORE__SHAPE_MISMATCH',
      'SPARSELAND__CORE__DTYPE_MISMATCH',
      'SPARSELAND__CORE__OUT_OF_RANGE',
    ] as const) {
      for (const actual of ['a string', 3, false, null] as const) {
        const e = new SparselandError(code, { fn: 'f', arg: 'x', expected: 'be fine', actual });
        expect(e.message).toBe(`f: argument 'x' must be fine; got ${String(actual)}.`);
      }
    }
  });

  it('formats each other code from its context', () => {
    const cases: [SparselandError, string][] = [
      [
        new SparselandError('SPARSELAND__CORE__DISPOSED', { fn: 'add', tensorId: 7 }),
        'add: tensor #7 was disposed and can no longer be used.',
      ],
      [
        new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
          fn: 'setBackend',
          backend: 'webgpu',
          reason: 'no adapter',
        }),
        "setBackend: backend 'webgpu' is unavailable: no adapter.",
      ],
      [
        new SparselandError('SPARSELAND__CORE__KERNEL_MISSING', { kernel: 'SpMM', backend: 'wasm' }),
        "Kernel 'SpMM' is implemented neither on backend 'wasm' nor on 'cpu'.",
      ],
      [
        new SparselandError('SPARSELAND__CORE__SYNC_UNSUPPORTED', {
          fn: 'Tensor.dataSync',
          backend: 'webgpu',
        }),
        "Tensor.dataSync: backend 'webgpu' cannot read data synchronously; use 'await t.data()'.",
      ],
      [
        new SparselandError('SPARSELAND__CORE__NOT_DIFFERENTIABLE', { fn: 'valueAndGrad', kernel: 'ArgMax' }),
        "valueAndGrad: kernel 'ArgMax' has no gradient; wrap it in customGrad() or stop the gradient.",
      ],
      [
        new SparselandError('SPARSELAND__CORE__SAFETENSORS_INVALID', {
          fn: 'decode',
          reason: 'header too long',
        }),
        'decode: invalid safetensors data: header too long.',
      ],
      [
        new SparselandError('SPARSELAND__CORE__SAFETENSORS_INVALID', {
          fn: 'decode',
          reason: 'offsets out of bounds',
          tensor: 'w',
        }),
        "decode: invalid safetensors data (tensor 'w'): offsets out of bounds.",
      ],
      [
        new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
          fn: 'Module.loadStateDict',
          missing: ['a', 'b'],
          unexpected: ['c'],
          reason: 'names differ',
        }),
        'Module.loadStateDict: state dict does not match the module (names differ; missing: a, b; unexpected: c).',
      ],
      [
        new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
          fn: 'Module.loadStateDict',
          missing: [],
          unexpected: [],
          reason: 'shape of w differs',
        }),
        'Module.loadStateDict: state dict does not match the module (shape of w differs).',
      ],
    ];
    for (const [e, message] of cases) expect(e.message).toBe(message);
  });

  it('takes an explicit message instead of the composed one', () => {
    const e = new SparselandError('SPARSELAND__CORE__DISPOSED', { fn: 'x', tensorId: 1 }, 'custom text');
    expect(e.message).toBe('custom text');
    expect(e.context.tensorId).toBe(1);
  });
});

describe('isSparselandError', () => {
  const e = new SparselandError('SPARSELAND__CORE__DISPOSED', { fn: 'add', tensorId: 3 });

  it('recognises SparselandErrors, optionally of one code', () => {
    expect(isSparselandError(e)).toBe(true);
    expect(isSparselandError(e, 'SPARSELAND__CORE__DISPOSED')).toBe(true);
    expect(isSparselandError(e, 'SPARSELAND__CORE__SHAPE_MISMATCH')).toBe(false);
    expect(isSparselandError(new Error('plain'))).toBe(false);
    expect(isSparselandError({ code: 'SPARSELAND__CORE__DISPOSED', context: {} })).toBe(false);
    expect(isSparselandError(undefined)).toBe(false);
    expect(isSparselandError('SPARSELAND__CORE__DISPOSED')).toBe(false);
  });

  it('narrows the context type by code', () => {
    const unknownError: unknown = e;
    if (isSparselandError(unknownError, 'SPARSELAND__CORE__DISPOSED')) {
      expectTypeOf(unknownError.context.tensorId).toEqualTypeOf<number>();
      expect(unknownError.context.tensorId).toBe(3);
    } else {
      expect.unreachable('should narrow');
    }
    try {
      matmul(zeros([2, 3]), zeros([4, 2]));
      expect.unreachable('matmul should throw');
    } catch (err) {
      if (!isSparselandError(err, 'SPARSELAND__CORE__SHAPE_MISMATCH')) throw err;
      expectTypeOf(err.context.arg).toEqualTypeOf<string>();
      expect(err.context.fn).toBe('matmul');
      expect(err.context.arg).toBe('b');
    }
  });
});
