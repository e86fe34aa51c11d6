// The package's error codes are declared by augmenting core's SparselandErrorContexts; these checks run at
// type level (tsc covers test/) and at run time.
import { isSparselandError, SparselandError, type SparselandErrorCode } from '@sparseland/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Lasso, type NotFittedContext } from '../src/index.js';

describe('error codes by declaration merging', () => {
  it("core's constructor accepts the augmented codes with their typed contexts", () => {
    const e = new SparselandError('SPARSELAND__BANDITS__INVALID_PARAM', {
      fn: 'Lasso.fit',
      arg: 'alpha',
      expected: 'be a finite number >= 0',
      actual: -1,
    });
    expect(e.message).toBe("Lasso.fit: argument 'alpha' must be a finite number >= 0; got -1.");
    expectTypeOf<'SPARSELAND__BANDITS__NOT_FITTED'>().toExtend<SparselandErrorCode>();
    // @ts-expect-error a NOT_FITTED context has no 'fn'
    void new SparselandError('SPARSELAND__BANDITS__NOT_FITTED', { fn: 'x', member: 'coef' });
    // @ts-expect-error unknown codes are still rejected
    void new SparselandError('SPARSELAND__BANDITS__NOPE', { fn: 'x' });
  });

  it('isSparselandError narrows the context', () => {
    try {
      void new Lasso().coef;
      expect.unreachable();
    } catch (e) {
      expect(isSparselandError(e, 'SPARSELAND__BANDITS__NOT_FITTED')).toBe(true);
      if (isSparselandError(e, 'SPARSELAND__BANDITS__NOT_FITTED')) {
        expectTypeOf(e.context).toEqualTypeOf<NotFittedContext>();
        expect(e.context.member).toBe('coef');
        expect(e.name).toBe('SparselandError');
      }
    }
  });
});

describe('non-finite designs', () => {
  it('name the first bad entry wherever it is (SIMD-width remainder, last entry, ±Infinity, NaN)', () => {
    const rows = 7;
    const cols = 3; // 21 entries: the last one is past the four-wide sums
    const y = new Float64Array(rows).map((_, i) => i);
    for (const [index, bad] of [
      [0, Number.NaN],
      [5, Number.POSITIVE_INFINITY],
      [13, Number.NEGATIVE_INFINITY],
      [20, Number.NaN],
    ] as const) {
      const data = new Float64Array(rows * cols).map((_, i) => (i % 5) - 2);
      data[index] = bad;
      if (index < 20) data[20] = Number.NaN; // a later bad entry must not be the one reported
      expect(() => new Lasso({ alpha: 0.1 }).fit({ data, rows, cols }, y)).toThrow(
        `Lasso.fit: argument 'X[${index}]' must be finite (no NaN or Infinity); got ${bad}.`,
      );
    }
  });
});
