import { SparselandError } from '../errors/sparseland-error.js';
import { normalizeAxis } from '../internal/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { arange, type TensorLike, toTensor, zeros } from './create.js';
import { add, mul } from './elementwise.js';
import { registerGradient, runKernel, runKernelMulti, scoped } from './run.js';
import { reshapeUnchecked, transpose } from './shape.js';

/** Result of {@link topk}. */
export interface TopK {
  /** The `k` selected values, in order. */
  values: Tensor;
  /** Their int32 positions along the last axis. */
  indices: Tensor;
}

/**
 * The `k` largest (or smallest) entries along the last axis, sorted; ties keep the lower index first and
 * NaN counts as the largest value.
 *
 * @throws {@link SparselandError} OUT_OF_RANGE when `k` is not in `[0, x.shape[-1]]`.
 * @example
 * ```ts
 * const { values, indices } = topk(tensor([1, 9, 3, 7]), 2);
 * values.dataSync();  // Float32Array [9, 7]
 * indices.dataSync(); // Int32Array [1, 3]
 * ```
 */
export function topk(x: TensorLike, k: number, opts: { largest?: boolean } = {}): TopK {
  return scoped(() => {
    const t = toTensor(x, 'x', 'topk');
    if (t.rank === 0) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'topk',
        arg: 'x',
        expected: 'have rank >= 1',
        actual: 'a scalar',
      });
    }
    const n = t.shape[t.rank - 1]!;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
        fn: 'topk',
        arg: 'k',
        expected: `be an integer in [0, ${n}]`,
        actual: k,
      });
    }
    const [values, indices] = runKernelMulti('TopK', { x: t }, { k, largest: opts.largest ?? true });
    return { values: values!, indices: indices! };
  });
}

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Axis to sort along (last by default). */
  axis?: number;
  /** Largest first. */
  descending?: boolean;
}

function sortBoth(x: TensorLike, opts: SortOptions, fn: string): Tensor[] {
  return scoped(() => {
    const t = toTensor(x, 'x', fn);
    if (t.rank === 0) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: 'x',
        expected: 'have rank >= 1',
        actual: 'a scalar',
      });
    }
    const axis = normalizeAxis(opts.axis ?? -1, t.rank, fn);
    return runKernelMulti('Sort', { x: t }, { axis, descending: opts.descending ?? false });
  });
}

/**
 * Stable sort along an axis; NaN sorts last (first when descending).
 *
 * @example
 * ```ts
 * sort(tensor([3, 1, 2])).dataSync(); // Float32Array [1, 2, 3]
 * ```
 */
export function sort(x: TensorLike, opts: SortOptions = {}): Tensor {
  return scoped(() => {
    const [values, indices] = sortBoth(x, opts, 'sort');
    indices!.dispose();
    return values!;
  });
}

/**
 * Int32 indices that sort `x` along an axis (stable).
 *
 * @example
 * ```ts
 * argsort(tensor([3, 1, 2])).dataSync(); // Int32Array [1, 2, 0]
 * ```
 */
export function argsort(x: TensorLike, opts: SortOptions = {}): Tensor {
  return scoped(() => {
    const [values, indices] = sortBoth(x, opts, 'argsort');
    values!.dispose();
    return indices!;
  });
}

/**
 * Scatter `dy` (shaped like `indices`, which index the last axis of `shape`) into zeros of `shape`.
 * Rows are flattened so each row's indices become positions in one flat vector.
 */
function scatterRows(dy: Tensor, indices: Tensor, shape: readonly number[]): Tensor {
  const n = shape[shape.length - 1]!;
  const k = indices.shape[indices.rank - 1]!;
  const rows = k === 0 ? 0 : indices.size / k;
  const rowBase = mul(reshapeUnchecked(arange(0, rows, 1, 'int32'), [rows, 1]), n);
  const flatIdx = reshapeUnchecked(add(rowBase, reshapeUnchecked(indices, [rows, k])), [rows * k]);
  const flat = runKernel(
    'ScatterAdd',
    { x: zeros([rows * n], dy.dtype), indices: flatIdx, updates: reshapeUnchecked(dy, [rows * k]) },
    { axis: 0 },
  );
  return reshapeUnchecked(flat, shape);
}

registerGradient('TopK', ([dValues], { inputs, outputs }) => {
  const x = inputs.x as Tensor;
  return { x: () => scatterRows(dValues!, outputs[1]!, x.shape) };
});

registerGradient('Sort', ([dValues], { inputs, outputs, attrs }) => {
  const x = inputs.x as Tensor;
  const { axis } = attrs as { axis: number };
  return {
    x: () => {
      const dv = dValues!;
      if (axis === x.rank - 1) return scatterRows(dv, outputs[1]!, x.shape);
      // move the sorted axis last, scatter, move it back
      const perm = x.shape.map((_, i) => i).filter((i) => i !== axis);
      perm.push(axis);
      const inverse = perm.map((_, i) => perm.indexOf(i));
      const moved = scatterRows(
        transpose(dv, perm),
        transpose(outputs[1]!, perm),
        perm.map((p) => x.shape[p]!),
      );
      return transpose(moved, inverse);
    },
  };
});

/**
 * Cumulative sum along `axis` (last by default); `exclusive` shifts by one (starting at 0), `reverse` sums from the end.
 *
 * @example
 * ```ts
 * cumsum(tensor([1, 2, 3])).dataSync();                      // Float32Array [1, 3, 6]
 * cumsum(tensor([1, 2, 3]), -1, { exclusive: true }).dataSync(); // Float32Array [0, 1, 3]
 * ```
 */
export function cumsum(
  x: TensorLike,
  axis = -1,
  opts: { exclusive?: boolean; reverse?: boolean } = {},
): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'cumsum');
    if (t.rank === 0) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'cumsum',
        arg: 'x',
        expected: 'have rank >= 1',
        actual: 'a scalar',
      });
    }
    const a = normalizeAxis(axis, t.rank, 'cumsum');
    return runKernel(
      'Cumsum',
      { x: t },
      { axis: a, exclusive: opts.exclusive ?? false, reverse: opts.reverse ?? false },
    );
  });
}

registerGradient('Cumsum', ([dy], { attrs }) => {
  const { axis, exclusive, reverse } = attrs as { axis: number; exclusive: boolean; reverse: boolean };
  return { x: () => runKernel('Cumsum', { x: dy! }, { axis, exclusive, reverse: !reverse }) };
});
