import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { checkShape, fmtShape, normalizeAxis, shapesEqual, sizeOf } from '../internal/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, toTensor } from './create.js';
import { registerGradient, runKernel, scoped } from './run.js';

function fail(fn: string, arg: string, expected: string, actual: string | number): never {
  throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', { fn, arg, expected, actual });
}

/**
 * Same values with a new shape (one entry may be `-1`, inferred). Shares the buffer: no copy.
 *
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 * ```
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'reshape');
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'reshape',
        arg: 'shape',
        expected: 'be an array of non-negative integers with at most one -1',
        actual: String(shape),
      });
    }
    const unknown = shape.indexOf(-1);
    if (unknown !== shape.lastIndexOf(-1))
      fail('reshape', 'shape', 'contain at most one -1', fmtShape(shape));
    const known = sizeOf(shape.filter((d) => d !== -1));
    const out = [...shape];
    if (unknown >= 0) {
      if (known === 0 || t.size % known !== 0) {
        fail('reshape', 'shape', `leave a whole number of elements for -1 (size ${t.size})`, fmtShape(shape));
      }
      out[unknown] = t.size / known;
    }
    if (sizeOf(out) !== t.size)
      fail('reshape', 'shape', `have ${t.size} elements like x ${fmtShape(t.shape)}`, fmtShape(shape));
    return reshapeUnchecked(t, out);
  });
}

/** @internal Reshape without validation, recorded for autograd. */
export function reshapeUnchecked(t: Tensor, shape: readonly number[]): Tensor {
  const y = engine.reshapeShared(t, shape);
  engine.record('Reshape', { x: t }, [y], { shape }, ([dy]) => ({ x: () => reshapeUnchecked(dy!, t.shape) }));
  return y;
}

/**
 * Permute axes (reverse them by default).
 *
 * @example
 * ```ts
 * transpose(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'transpose');
    const p =
      perm === undefined
        ? t.shape.map((_, i) => t.rank - 1 - i)
        : perm.map((a) => normalizeAxis(a, t.rank, 'transpose', 'perm'));
    if (p.length !== t.rank || new Set(p).size !== p.length) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'transpose',
        arg: 'perm',
        expected: `be a permutation of 0..${t.rank - 1}`,
        actual: `[${perm?.join(', ')}]`,
      });
    }
    if (p.every((a, i) => a === i)) return reshapeUnchecked(t, t.shape);
    return runKernel('Transpose', { x: t }, { perm: p });
  });
}

registerGradient('Transpose', ([dy], { attrs }) => {
  const { perm } = attrs as { perm: number[] };
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return { x: () => runKernel('Transpose', { x: dy! }, { perm: inverse }) };
});

/**
 * Insert a size-1 axis at `axis`.
 *
 * @example
 * ```ts
 * expandDims(zeros([3]), 0).shape; // [1, 3]
 * ```
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'expandDims');
    const a = normalizeAxis(axis, t.rank + 1, 'expandDims');
    return reshapeUnchecked(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)]);
  });
}

/**
 * Remove size-1 axes (all of them, or those listed).
 *
 * @throws {@link SparselandError} SHAPE_MISMATCH when a listed axis is not of size 1.
 * @example
 * ```ts
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * ```
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'squeeze');
    const axes =
      axis === undefined
        ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
        : (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(a, t.rank, 'squeeze'));
    for (const a of axes)
      if (t.shape[a] !== 1)
        fail('squeeze', 'axis', `name axes of size 1 (axis ${a} of ${fmtShape(t.shape)})`, t.shape[a]!);
    return reshapeUnchecked(
      t,
      t.shape.filter((_, i) => !axes.includes(i)),
    );
  });
}

/**
 * Contiguous slice. `begin` may be negative (from the end); a `size` of `-1` runs to the end.
 *
 * @example
 * ```ts
 * slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, 2]).arraySync(); // [[2, 3], [5, 6]]
 * ```
 */
export function slice(
  x: TensorLike,
  begin: number | readonly number[],
  size?: number | readonly number[],
): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'slice');
    const b0 = typeof begin === 'number' ? [begin] : [...begin];
    const s0 = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
    if (b0.length > t.rank || s0.length > t.rank) {
      fail('slice', 'begin', `have at most ${t.rank} entries (rank of x)`, Math.max(b0.length, s0.length));
    }
    const b = t.shape.map((d, i) => {
      const v = b0[i] ?? 0;
      const r = v < 0 ? v + d : v;
      if (!Number.isInteger(v) || r < 0 || r > d) {
        throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
          fn: 'slice',
          arg: `begin[${i}]`,
          expected: `be an integer in [${-d}, ${d}]`,
          actual: v,
        });
      }
      return r;
    });
    const s = t.shape.map((d, i) => {
      const v = s0[i] ?? -1;
      const r = v === -1 ? d - b[i]! : v;
      if (!Number.isInteger(v) || r < 0 || b[i]! + r > d) {
        throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
          fn: 'slice',
          arg: `size[${i}]`,
          expected: `be -1 or an integer in [0, ${d - b[i]!}]`,
          actual: v,
        });
      }
      return r;
    });
    if (shapesEqual(s, t.shape)) return reshapeUnchecked(t, t.shape);
    return runKernel('Slice', { x: t }, { begin: b, size: s });
  });
}

registerGradient('Slice', ([dy], { inputs, attrs }) => {
  const { begin, size } = attrs as { begin: number[]; size: number[] };
  const x = inputs.x as Tensor;
  return {
    x: () =>
      runKernel(
        'Pad',
        { x: dy! },
        { paddings: begin.map((b, i) => [b, x.shape[i]! - b - size[i]!] as [number, number]), value: 0 },
      ),
  };
});

/**
 * Join tensors along an existing axis.
 *
 * @throws {@link SparselandError} SHAPE_MISMATCH when other dimensions differ, DTYPE_MISMATCH when dtypes differ.
 * @example
 * ```ts
 * concat([zeros([2, 1]), ones([2, 2])], 1).shape; // [2, 3]
 * ```
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  return scoped(() => {
    if (!Array.isArray(tensors) || tensors.length === 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'concat',
        arg: 'tensors',
        expected: 'be a non-empty array',
        actual: Array.isArray(tensors) ? 'an empty array' : typeof tensors,
      });
    }
    const ts = tensors.map((x, i) => toTensor(x, `tensors[${i}]`, 'concat'));
    const first = ts[0]!;
    if (first.rank === 0) fail('concat', 'tensors[0]', 'have rank >= 1', 0);
    const a = normalizeAxis(axis, first.rank, 'concat');
    ts.forEach((t, i) => {
      if (t.dtype !== first.dtype) {
        throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
          fn: 'concat',
          arg: `tensors[${i}]`,
          expected: `have dtype ${first.dtype} like tensors[0]`,
          actual: t.dtype,
        });
      }
      if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
        fail(
          'concat',
          `tensors[${i}]`,
          `match ${fmtShape(first.shape)} except on axis ${a}`,
          fmtShape(t.shape),
        );
      }
    });
    if (ts.length === 1) return reshapeUnchecked(first, first.shape);
    return runKernel('Concat', { tensors: ts }, { axis: a });
  });
}

registerGradient('Concat', ([dy], { inputs, attrs }) => {
  const { axis } = attrs as { axis: number };
  const ts = inputs.tensors as Tensor[];
  return {
    tensors: () =>
      split(
        dy!,
        ts.map((t) => t.shape[axis]!),
        axis,
      ),
  };
});

/**
 * Stack same-shaped tensors along a new axis.
 *
 * @example
 * ```ts
 * stack([zeros([3]), ones([3])]).shape; // [2, 3]
 * ```
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  return scoped(() => {
    if (!Array.isArray(tensors) || tensors.length === 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'stack',
        arg: 'tensors',
        expected: 'be a non-empty array',
        actual: Array.isArray(tensors) ? 'an empty array' : typeof tensors,
      });
    }
    const ts = tensors.map((x, i) => toTensor(x, `tensors[${i}]`, 'stack'));
    const first = ts[0]!;
    ts.forEach((t, i) => {
      if (!shapesEqual(t.shape, first.shape))
        fail('stack', `tensors[${i}]`, `have shape ${fmtShape(first.shape)}`, fmtShape(t.shape));
      if (t.dtype !== first.dtype) {
        throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
          fn: 'stack',
          arg: `tensors[${i}]`,
          expected: `have dtype ${first.dtype} like tensors[0]`,
          actual: t.dtype,
        });
      }
    });
    const a = normalizeAxis(axis, first.rank + 1, 'stack');
    return concat(
      ts.map((t) => expandDims(t, a)),
      a,
    );
  });
}

/**
 * Split along `axis` into `n` equal parts, or into parts of the given sizes.
 *
 * @example
 * ```ts
 * split(arange(6), 3).map((t) => t.size); // [2, 2, 2]
 * split(arange(6), [1, 5]).map((t) => t.size); // [1, 5]
 * ```
 */
export function split(x: TensorLike, sizesOrCount: number | readonly number[], axis = 0): Tensor[] {
  return scoped(() => {
    const t = toTensor(x, 'x', 'split');
    const a = normalizeAxis(axis, t.rank, 'split');
    const d = t.shape[a]!;
    let sizes: number[];
    if (typeof sizesOrCount === 'number') {
      if (!Number.isInteger(sizesOrCount) || sizesOrCount < 1 || d % sizesOrCount !== 0) {
        fail('split', 'sizesOrCount', `divide axis ${a} of size ${d} evenly`, sizesOrCount);
      }
      sizes = new Array<number>(sizesOrCount).fill(d / sizesOrCount);
    } else {
      sizes = [...sizesOrCount];
      if (!sizes.every((s) => Number.isInteger(s) && s >= 0) || sizes.reduce((p, q) => p + q, 0) !== d) {
        fail(
          'split',
          'sizesOrCount',
          `be non-negative integers summing to ${d} (axis ${a})`,
          `[${sizes.join(', ')}]`,
        );
      }
    }
    let offset = 0;
    return sizes.map((s) => {
      const begin = t.shape.map((_, i) => (i === a ? offset : 0));
      const size = t.shape.map((dim, i) => (i === a ? s : dim));
      offset += s;
      return slice(t, begin, size);
    });
  });
}

/**
 * Pad with a constant: `paddings[i] = [before, after]` for axis `i`.
 *
 * @example
 * ```ts
 * pad(tensor([1, 2]), [[1, 2]]).dataSync(); // Float32Array [0, 1, 2, 0, 0]
 * ```
 */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'pad');
    if (
      !Array.isArray(paddings) ||
      paddings.length !== t.rank ||
      !paddings.every(
        (p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0),
      )
    ) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'pad',
        arg: 'paddings',
        expected: `be ${t.rank} pairs [before, after] of non-negative integers`,
        actual: JSON.stringify(paddings),
      });
    }
    return runKernel(
      'Pad',
      { x: t },
      { paddings: paddings.map(([p, q]) => [p, q] as [number, number]), value },
    );
  });
}

registerGradient('Pad', ([dy], { inputs, attrs }) => {
  const { paddings } = attrs as { paddings: [number, number][] };
  const x = inputs.x as Tensor;
  return {
    x: () => runKernel('Slice', { x: dy! }, { begin: paddings.map((p) => p[0]), size: [...x.shape] }),
  };
});

/**
 * Repeat `reps[i]` times along axis `i`.
 *
 * @example
 * ```ts
 * tile(tensor([1, 2]), [2]).dataSync(); // Float32Array [1, 2, 1, 2]
 * ```
 */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'tile');
    checkShape(reps, 'tile', 'reps');
    if (reps.length !== t.rank) fail('tile', 'reps', `have ${t.rank} entries (rank of x)`, reps.length);
    return runKernel('Tile', { x: t }, { reps: [...reps] });
  });
}

registerGradient('Tile', ([dy], { inputs, attrs }) => {
  const { reps } = attrs as { reps: number[] };
  const x = inputs.x as Tensor;
  // dy viewed as [r0, d0, r1, d1, ...]: sum over the repetition axes
  return {
    x: () => {
      const split2 = reshapeUnchecked(
        dy!,
        x.shape.flatMap((d, i) => [reps[i]!, d]),
      );
      return runKernel('Sum', { x: split2 }, { axes: x.shape.map((_, i) => 2 * i), keepDims: false });
    },
  };
});

/**
 * Broadcast `x` to `shape` (NumPy rules).
 *
 * @example
 * ```ts
 * broadcastTo(tensor([1, 2]), [2, 2]).arraySync(); // [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'broadcastTo');
    checkShape(shape, 'broadcastTo');
    if (shape.length < t.rank) fail('broadcastTo', 'shape', `have rank >= ${t.rank}`, fmtShape(shape));
    const padded = [...new Array<number>(shape.length - t.rank).fill(1), ...t.shape];
    padded.forEach((d, i) => {
      if (d !== 1 && d !== shape[i])
        fail(
          'broadcastTo',
          'shape',
          `be reachable from ${fmtShape(t.shape)} by broadcasting`,
          fmtShape(shape),
        );
    });
    const r = reshapeUnchecked(t, padded);
    if (shapesEqual(padded, shape)) return r;
    return runKernel('Tile', { x: r }, { reps: padded.map((d, i) => (d === 1 ? shape[i]! : 1)) });
  });
}

/**
 * @internal Sum a broadcast gradient back to `shape`: over leading axes and over axes where `shape` has 1.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  const summed = axes.length > 0 ? runKernel('Sum', { x: g }, { axes, keepDims: true }) : g;
  return reshapeUnchecked(summed, shape);
}
