import { SparselandError } from '../errors/sparseland-error.js';
import { broadcastShapes, fmtShape } from '../internal/shape.js';
import { arithmeticDType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, toTensor } from './create.js';
import { cast } from './elementwise.js';
import { registerGradient, runKernel, scoped } from './run.js';
import { reshapeUnchecked, sumToShape } from './shape.js';

/** Options of {@link matmul}. */
export interface MatMulOptions {
  /** Use `a`'s last two axes transposed. */
  transposeA?: boolean;
  /** Use `b`'s last two axes transposed. */
  transposeB?: boolean;
}

/**
 * Matrix product with NumPy semantics: batched over leading axes (broadcast), a 1-D `a` is a row vector
 * and a 1-D `b` a column vector (the added axis is removed from the result).
 *
 * @param a - `[..., m, k]` (`[..., k, m]` with `transposeA`).
 * @param b - `[..., k, n]` (`[..., n, k]` with `transposeB`).
 * @returns `[..., m, n]`.
 * @throws {@link SparselandError} SHAPE_MISMATCH when inner dimensions differ or batch shapes do not broadcast.
 * @example
 * ```ts
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]])).arraySync(); // [[3], [7]]
 * matmul(ones([8, 2, 3]), ones([3, 4])).shape;                        // [8, 2, 4]
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike, opts: MatMulOptions = {}): Tensor {
  return scoped(() => {
    let ta = toTensor(a, 'a', 'matmul');
    let tb = toTensor(b, 'b', 'matmul');
    const transposeA = opts.transposeA ?? false;
    const transposeB = opts.transposeB ?? false;
    for (const [t, name] of [
      [ta, 'a'],
      [tb, 'b'],
    ] as const) {
      if (t.rank === 0) {
        throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
          fn: 'matmul',
          arg: name,
          expected: 'have rank >= 1',
          actual: 'a scalar',
        });
      }
    }
    const vecA = ta.rank === 1;
    const vecB = tb.rank === 1;
    if (vecA) ta = reshapeUnchecked(ta, [1, ta.shape[0]!]);
    if (vecB) tb = reshapeUnchecked(tb, [tb.shape[0]!, 1]);
    const k = transposeA && !vecA ? ta.shape[ta.rank - 2]! : ta.shape[ta.rank - 1]!;
    const kb = transposeB && !vecB ? tb.shape[tb.rank - 1]! : tb.shape[tb.rank - 2]!;
    if (k !== kb) {
      const ai = transposeA ? -2 : -1;
      const bi = transposeB ? -1 : -2;
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'matmul',
        arg: 'b',
        expected: `have b.shape[${bi}] equal to a.shape[${ai}] (${k})`,
        actual: `${kb} (a ${fmtShape(ta.shape)}, b ${fmtShape(tb.shape)})`,
      });
    }
    broadcastShapes(ta.shape.slice(0, -2), tb.shape.slice(0, -2), 'matmul', ['a (batch)', 'b (batch)']);
    const d = arithmeticDType(ta.dtype, tb.dtype);
    const out = runKernel(
      'MatMul',
      { a: cast(ta, d), b: cast(tb, d) },
      { transposeA: transposeA && !vecA, transposeB: transposeB && !vecB },
    );
    if (!vecA && !vecB) return out;
    const shape = out.shape.filter((_, i) => !((vecA && i === out.rank - 2) || (vecB && i === out.rank - 1)));
    return reshapeUnchecked(out, shape);
  });
}

registerGradient('MatMul', ([dy], { inputs, attrs }) => {
  const a = inputs.a as Tensor;
  const b = inputs.b as Tensor;
  const { transposeA: tA, transposeB: tB } = attrs as { transposeA: boolean; transposeB: boolean };
  const mm = (x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean) =>
    runKernel('MatMul', { a: x, b: y }, { transposeA, transposeB });
  const g = dy!;
  return {
    a: () =>
      sumToShape(!tA ? mm(g, b, false, !tB) : tB ? mm(b, g, true, true) : mm(b, g, false, true), a.shape),
    b: () =>
      sumToShape(!tB ? mm(a, g, !tA, false) : tA ? mm(g, a, true, true) : mm(g, a, true, false), b.shape),
  };
});
