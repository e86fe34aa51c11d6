import { SparselandError } from '../errors/sparseland-error.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../internal/shape.js';
import type { ReduceKernel } from '../kernel-names.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, toTensor } from './create.js';
import { abs, cast, div, equal, mul, sqrt, square, sub } from './elementwise.js';
import { registerGradient, runKernel, scoped } from './run.js';
import { broadcastTo, reshapeUnchecked } from './shape.js';

/** Axes to reduce: one axis, several, or all when omitted. */
export type Axis = number | readonly number[];

function reduce(
  kernel: ReduceKernel,
  x: TensorLike,
  axis: Axis | undefined,
  keepDims: boolean,
  fn: string,
): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', fn);
    const axes = normalizeAxes(axis, t.rank, fn);
    return runKernel(kernel, { x: t }, { axes, keepDims });
  });
}

/**
 * Sum along `axis` (all axes by default). `bool`/`uint8` sum as `int32`.
 *
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 0).dataSync(); // Float32Array [4, 6]
 * sum(tensor([[1, 2], [3, 4]])).dataSync();    // Float32Array [10]
 * ```
 */
export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Sum', x, axis, keepDims, 'sum');
}

/** Product along `axis` (all axes by default). @example `prod(tensor([2, 3])).dataSync(); // [6]` */
export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Prod', x, axis, keepDims, 'prod');
}

/** Maximum along `axis` (NaN wins; `-Infinity` over an empty axis). @example `max(tensor([1, 5, 3])).dataSync(); // [5]` */
export function max(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Max', x, axis, keepDims, 'max');
}

/** Minimum along `axis` (NaN wins; `Infinity` over an empty axis). */
export function min(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Min', x, axis, keepDims, 'min');
}

/** Whether any element along `axis` is nonzero, as `bool`. */
export function any(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Any', x, axis, keepDims, 'any');
}

/** Whether every element along `axis` is nonzero, as `bool`. */
export function all(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('All', x, axis, keepDims, 'all');
}

/**
 * Arithmetic mean along `axis` (all axes by default); integers average as float32. NaN over an empty axis.
 *
 * @example
 * ```ts
 * mean(tensor([[1, 2], [3, 4]]), 1).dataSync(); // Float32Array [1.5, 3.5]
 * ```
 */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'mean');
    const axes = normalizeAxes(axis, t.rank, 'mean');
    const f = isFloat(t.dtype) ? t : cast(t, 'float32');
    const count = sizeOf(axes.map((a) => t.shape[a]!));
    return div(runKernel('Sum', { x: f }, { axes, keepDims }), count);
  });
}

/**
 * Variance along `axis`: mean of squared deviations, divided by `n - correction` (0 gives the population
 * variance as NumPy's default; 1 the unbiased estimate).
 *
 * @example
 * ```ts
 * variance(tensor([1, 2, 3, 4])).dataSync(); // Float32Array [1.25]
 * ```
 */
export function variance(x: TensorLike, axis?: Axis, keepDims = false, correction = 0): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'variance');
    const axes = normalizeAxes(axis, t.rank, 'variance');
    const f = isFloat(t.dtype) ? t : cast(t, 'float32');
    const n = sizeOf(axes.map((a) => t.shape[a]!));
    const centered = sub(f, mean(f, axes, true));
    return div(runKernel('Sum', { x: square(centered) }, { axes, keepDims }), Math.max(n - correction, 0));
  });
}

/** Norm orders accepted by {@link norm}. */
export type NormOrd = 1 | 2 | 'fro' | 'inf';

/**
 * Vector norm along `axis` (all elements by default): `1` (sum of |x|), `2` / `'fro'` (Euclidean), `'inf'` (max |x|).
 *
 * @example
 * ```ts
 * norm(tensor([3, 4])).dataSync(); // Float32Array [5]
 * ```
 */
export function norm(x: TensorLike, ord: NormOrd = 2, axis?: Axis, keepDims = false): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', 'norm');
    normalizeAxes(axis, t.rank, 'norm'); // validated here, so errors name norm rather than sum or max
    const f = isFloat(t.dtype) ? t : cast(t, 'float32');
    switch (ord) {
      case 1:
        return sum(abs(f), axis, keepDims);
      case 2:
      case 'fro':
        return sqrt(sum(square(f), axis, keepDims));
      case 'inf':
        return max(abs(f), axis, keepDims);
      default:
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn: 'norm',
          arg: 'ord',
          expected: "be 1, 2, 'fro' or 'inf'",
          actual: String(ord),
        });
    }
  });
}

function argReduce(kernel: 'ArgMax' | 'ArgMin', x: TensorLike, axis: number, fn: string): Tensor {
  return scoped(() => {
    const t = toTensor(x, 'x', fn);
    const a = normalizeAxis(axis, t.rank, fn);
    if (t.shape[a] === 0) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: 'x',
        expected: `have a non-empty axis ${a}`,
        actual: `shape [${t.shape.join(', ')}]`,
      });
    }
    return runKernel(kernel, { x: t }, { axis: a });
  });
}

/** Index (int32) of the largest value along `axis` (first on ties; a NaN counts as largest). @example `argmax(tensor([1, 9, 3])).dataSync(); // Int32Array [1]` */
export function argmax(x: TensorLike, axis = -1): Tensor {
  return argReduce('ArgMax', x, axis, 'argmax');
}

/** Index (int32) of the smallest value along `axis` (first on ties; a NaN counts as smallest). */
export function argmin(x: TensorLike, axis = -1): Tensor {
  return argReduce('ArgMin', x, axis, 'argmin');
}

// ---- gradients ------------------------------------------------------------------------------

/** `g` (reduced over `axes`) reshaped with size-1 axes and broadcast back to `shape`. */
function expandBack(g: Tensor, shape: readonly number[], axes: number[]): Tensor {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return broadcastTo(reshapeUnchecked(g, kept), shape);
}

registerGradient('Sum', ([dy], { inputs, attrs }) => {
  const x = inputs.x as Tensor;
  const { axes } = attrs as { axes: number[] };
  return { x: () => expandBack(dy!, x.shape, axes) };
});

registerGradient('Prod', ([dy], { inputs, outputs, attrs }) => {
  const x = inputs.x as Tensor;
  const { axes } = attrs as { axes: number[] };
  // d prod / d x_i = prod / x_i (defined where x_i != 0)
  return { x: () => div(mul(expandBack(dy!, x.shape, axes), expandBack(outputs[0]!, x.shape, axes)), x) };
});

function extremumGrad(
  [dy]: Tensor[],
  {
    inputs,
    outputs,
    attrs,
  }: { inputs: Record<string, Tensor | Tensor[]>; outputs: Tensor[]; attrs: unknown },
) {
  const x = inputs.x as Tensor;
  const { axes, keepDims } = attrs as { axes: number[]; keepDims: boolean };
  return {
    x: () => {
      // the gradient is shared evenly between tied extrema, as PyTorch's amax/amin
      const hit = cast(equal(x, expandBack(outputs[0]!, x.shape, axes)), x.dtype);
      // count shaped like dy (keepDims included), so dy / count never broadcasts
      const count = runKernel('Sum', { x: hit }, { axes, keepDims });
      return mul(hit, expandBack(div(dy!, count), x.shape, axes));
    },
  };
}
registerGradient('Max', extremumGrad);
registerGradient('Min', extremumGrad);
