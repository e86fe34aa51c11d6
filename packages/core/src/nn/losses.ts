import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape, shapesEqual } from '../internal/shape.js';
import { add, mul, neg, square, sub } from '../ops/elementwise.js';
import { oneHot } from '../ops/indexing.js';
import { mean, sum } from '../ops/reduce.js';
import { logSoftmax } from '../ops/softmax.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { readIfSync } from './checks.js';

/** How a loss reduces its per-example values: their mean, their sum, or none (one value per example). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of {@link crossEntropyWithLogits}. */
export interface CrossEntropyOptions {
  /** Reduction over the batch. Default `'mean'`. */
  reduction?: Reduction;
  /**
   * Label smoothing `eps` in `[0, 1]`: the target becomes `(1 - eps) * target + eps / C`, as PyTorch's. Default 0.
   */
  labelSmoothing?: number;
}

/** Options of {@link mse}. */
export interface MSEOptions {
  /** Reduction over all elements. Default `'mean'`. */
  reduction?: Reduction;
}

function checkTensor(x: unknown, fn: string, arg: string): Tensor {
  if (!(x instanceof Tensor)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a Tensor',
      actual: x === null ? 'null' : typeof x,
    });
  }
  x.assertLive(fn);
  return x;
}

function checkReduction(r: unknown, fn: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'reduction',
      expected: "be 'mean', 'sum' or 'none'",
      actual: String(r),
    });
  }
  return r;
}

function reduce(perItem: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? perItem : reduction === 'sum' ? sum(perItem) : mean(perItem);
}

/**
 * Softmax cross-entropy from unnormalised logits, computed stably through `logSoftmax`:
 * `loss_n = -sum_c target_nc * logSoftmax(logits)_nc`, as PyTorch's `cross_entropy`.
 *
 * @param logits - `[N, C]` float.
 * @param labels - int32 class indices `[N]` in `[0, C)`, or float targets `[N, C]` (one-hot or probabilities).
 * @param opts - `reduction` (`'mean'` over N by default, `'sum'`, `'none'` gives `[N]`) and `labelSmoothing`.
 * @returns A scalar, or `[N]` with `reduction: 'none'`.
 * @throws {@link SparselandError} SHAPE_MISMATCH / DTYPE_MISMATCH for bad shapes or dtypes, OUT_OF_RANGE for a
 *   class index outside `[0, C)` (checked where the backend reads synchronously), INVALID_ARGUMENT for options.
 * @example
 * ```ts
 * const loss = nn.crossEntropyWithLogits(tensor([[2, 0], [0, 2]]), tensor([0, 1], { dtype: 'int32' }));
 * loss.dataSync(); // Float32Array [0.1269]
 * ```
 */
export function crossEntropyWithLogits(
  logits: Tensor,
  labels: Tensor,
  opts: CrossEntropyOptions = {},
): Tensor {
  const fn = 'crossEntropyWithLogits';
  const x = checkTensor(logits, fn, 'logits');
  const y = checkTensor(labels, fn, 'labels');
  const reduction = checkReduction(opts.reduction ?? 'mean', fn);
  const eps = opts.labelSmoothing ?? 0;
  if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'labelSmoothing',
      expected: 'be a number in [0, 1]',
      actual: String(eps),
    });
  }
  if (x.rank !== 2) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg: 'logits',
      expected: 'have rank 2 ([N, C])',
      actual: fmtShape(x.shape),
    });
  }
  if (!isFloat(x.dtype)) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'logits',
      expected: 'have a float dtype',
      actual: x.dtype,
    });
  }
  const [n, c] = x.shape as [number, number];
  let target: Tensor;
  if (y.dtype === 'int32') {
    if (!shapesEqual(y.shape, [n])) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: 'labels',
        expected: `have shape [${n}] (class indices, one per row of logits)`,
        actual: fmtShape(y.shape),
      });
    }
    const values = readIfSync(y, fn);
    if (values !== undefined) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < 0 || v >= c) {
          throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
            fn,
            arg: `labels[${i}]`,
            expected: `be a class index in [0, ${c})`,
            actual: v,
          });
        }
      }
    }
    target = oneHot(y, c, { dtype: x.dtype });
  } else if (isFloat(y.dtype)) {
    if (!shapesEqual(y.shape, x.shape)) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: 'labels',
        expected: `have the logits' shape ${fmtShape(x.shape)} (float targets) or be int32 [${n}]`,
        actual: fmtShape(y.shape),
      });
    }
    if (y.dtype !== x.dtype) {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn,
        arg: 'labels',
        expected: `have the logits' dtype ${x.dtype} (float targets) or be int32 class indices`,
        actual: y.dtype,
      });
    }
    target = y;
  } else {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'labels',
      expected: "be int32 class indices or float targets of the logits' dtype",
      actual: y.dtype,
    });
  }
  if (eps > 0) target = add(mul(target, 1 - eps), eps / c);
  const perItem = neg(sum(mul(target, logSoftmax(x, -1)), -1));
  return reduce(perItem, reduction);
}

/**
 * Mean squared error `(pred - target)^2`, reduced over all elements (`'mean'` by default, `'sum'`, or
 * `'none'` for the elementwise values). Shapes must be equal (no broadcasting).
 *
 * @throws {@link SparselandError} SHAPE_MISMATCH / DTYPE_MISMATCH for mismatched or non-float inputs.
 * @example
 * ```ts
 * nn.mse(tensor([1, 2]), tensor([1, 4])).dataSync(); // Float32Array [2]
 * ```
 */
export function mse(pred: Tensor, target: Tensor, opts: MSEOptions = {}): Tensor {
  const fn = 'mse';
  const p = checkTensor(pred, fn, 'pred');
  const t = checkTensor(target, fn, 'target');
  const reduction = checkReduction(opts.reduction ?? 'mean', fn);
  if (!shapesEqual(p.shape, t.shape)) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg: 'target',
      expected: `have pred's shape ${fmtShape(p.shape)}`,
      actual: fmtShape(t.shape),
    });
  }
  if (!isFloat(p.dtype) || t.dtype !== p.dtype) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: isFloat(p.dtype) ? 'target' : 'pred',
      expected: isFloat(p.dtype) ? `have pred's dtype ${p.dtype}` : 'have a float dtype',
      actual: isFloat(p.dtype) ? t.dtype : p.dtype,
    });
  }
  return reduce(square(sub(p, t)), reduction);
}
