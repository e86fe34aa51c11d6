import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape, normalizeAxis, shapesEqual } from '../internal/shape.js';
import { type DType, isDType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, toTensor, zeros } from './create.js';
import { registerGradient, runKernel, scoped } from './run.js';

/** Index tensors from this size on are bounds-checked by two reductions rather than a host scan. */
const BOUNDS_BY_REDUCTION = 1 << 16;

const allAxes = (rank: number) => Array.from({ length: rank }, (_, i) => i);

/** Indices as an int32 tensor; JavaScript values must be integers (never silently truncated). */
function toIndices(indices: TensorLike, fn: string): Tensor {
  if (!(indices instanceof Tensor)) {
    const bad = (v: unknown): unknown =>
      Array.isArray(v) || ArrayBuffer.isView(v)
        ? Array.prototype.find.call(v, (e: unknown) => bad(e) !== undefined)
        : typeof v === 'number' && Number.isInteger(v)
          ? undefined
          : v;
    const offender = bad(indices);
    if (offender !== undefined) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'indices',
        expected: 'hold integers',
        actual: String(offender),
      });
    }
  }
  return toTensor(indices, 'indices', fn, 'int32');
}

/** Validate int32 indices and, where the backend can read synchronously, that each lies in `[0, n)`. */
function checkIndices(indices: TensorLike, n: number, fn: string): Tensor {
  const t = toIndices(indices, fn);
  if (t.dtype !== 'int32') {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'indices',
      expected: 'have dtype int32',
      actual: t.dtype,
    });
  }
  // GPU backends cannot read back: their kernels skip out-of-range indices instead
  if (!engine.readsSync(t)) return t;
  if (t.size >= BOUNDS_BY_REDUCTION) {
    // large index tensors (value permutations, say): the bounds by two reductions on the backend, two
    // numbers read back; the host scan below only runs to name an offending position
    const lo = engine.readSync(
      runKernel('Min', { x: t }, { axes: allAxes(t.rank), keepDims: false }),
      fn,
    )[0]!;
    const hi = engine.readSync(
      runKernel('Max', { x: t }, { axes: allAxes(t.rank), keepDims: false }),
      fn,
    )[0]!;
    if (lo >= 0 && hi < n) return t;
  }
  const values = engine.readSync(t, fn);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= n) {
      throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
        fn,
        arg: `indices (flat position ${i})`,
        expected: `be in [0, ${n})`,
        actual: v,
      });
    }
  }
  return t;
}

/**
 * Take slices of `x` along `axis` at int32 `indices` (NumPy's `take`): the result has shape
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 *
 * @throws {@link SparselandError} OUT_OF_RANGE for an index outside `[0, x.shape[axis])`.
 * @example
 * ```ts
 * gather(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]).arraySync(); // [[5, 6], [1, 2]]
 * ```
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'gather');
    const a = normalizeAxis(axis, t.rank, 'gather');
    const idx = checkIndices(indices, t.shape[a]!, 'gather');
    return runKernel('Gather', { x: t, indices: idx }, { axis: a });
  });
}

/**
 * `x` with `updates` added at `indices` along `axis` (duplicates accumulate): the adjoint of {@link gather}.
 * `updates` has shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 *
 * @example
 * ```ts
 * scatterAdd(zeros([3]), [0, 0, 2], tensor([1, 2, 5])).dataSync(); // Float32Array [3, 0, 5]
 * ```
 */
export function scatterAdd(x: TensorLike, indices: TensorLike, updates: TensorLike, axis = 0): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'scatterAdd');
    const a = normalizeAxis(axis, t.rank, 'scatterAdd');
    const idx = checkIndices(indices, t.shape[a]!, 'scatterAdd');
    const u = toTensor(updates, 'updates', 'scatterAdd', t.dtype);
    const expected = [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)];
    if (!shapesEqual(u.shape, expected)) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'scatterAdd',
        arg: 'updates',
        expected: `have shape ${fmtShape(expected)} (x.shape[:axis] + indices.shape + x.shape[axis+1:])`,
        actual: fmtShape(u.shape),
      });
    }
    if (u.dtype !== t.dtype) {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn: 'scatterAdd',
        arg: 'updates',
        expected: `have dtype ${t.dtype} like x`,
        actual: u.dtype,
      });
    }
    return runKernel('ScatterAdd', { x: t, indices: idx, updates: u }, { axis: a });
  });
}

/**
 * One-hot encode int32 class indices along a new last axis. Indices outside `[0, depth)` give a row of `offValue`.
 *
 * @example
 * ```ts
 * oneHot([0, 2], 3).arraySync(); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(
  indices: TensorLike,
  depth: number,
  opts: { onValue?: number; offValue?: number; dtype?: DType } = {},
): Tensor {
  return scoped(() => {
    const idx = toIndices(indices, 'oneHot');
    if (idx.dtype !== 'int32') {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn: 'oneHot',
        arg: 'indices',
        expected: 'have dtype int32',
        actual: idx.dtype,
      });
    }
    if (!Number.isInteger(depth) || depth < 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'oneHot',
        arg: 'depth',
        expected: 'be a non-negative integer',
        actual: depth,
      });
    }
    const dtype = opts.dtype ?? 'float32';
    if (!isDType(dtype)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'oneHot',
        arg: 'dtype',
        expected: 'be a dtype',
        actual: String(dtype),
      });
    }
    return runKernel(
      'OneHot',
      { indices: idx },
      { depth, onValue: opts.onValue ?? 1, offValue: opts.offValue ?? 0, dtype },
    );
  });
}

registerGradient('Gather', ([dy], { inputs, attrs }) => {
  const x = inputs.x as Tensor;
  const { axis } = attrs as { axis: number };
  return {
    x: () =>
      runKernel(
        'ScatterAdd',
        { x: zeros(x.shape, dy!.dtype), indices: inputs.indices as Tensor, updates: dy! },
        { axis },
      ),
  };
});

registerGradient('ScatterAdd', ([dy], { inputs, attrs }) => {
  const { axis } = attrs as { axis: number };
  return {
    x: () => dy!,
    updates: () => runKernel('Gather', { x: dy!, indices: inputs.indices as Tensor }, { axis }),
  };
});
