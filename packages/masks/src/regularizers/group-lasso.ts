/**
 * Group lasso: penalty `λ·Σ_G ‖x_G‖₂` and its proximal operator (INC; SSL), spec §8.
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { asTensor, checkNumber } from '../internal/checks.js';
import { readHost } from '../internal/host.js';
import { type GroupSpec, groupIds, groupNorms } from './groups.js';

/**
 * `Σ_G ‖x_G‖₂` (multiply by λ for the penalty; it is not differentiable where a group is exactly zero, which
 * is why the prox exists).
 *
 * @example
 * ```ts
 * groupLassoNorm([[3, 4], [0, 0]], { axis: 'out' }); // 5
 * ```
 */
export function groupLassoNorm(x: TensorLike, groups: GroupSpec): number {
  const fn = 'groupLassoNorm';
  const t = asTensor(x, fn, 'x');
  const { ids, count } = groupIds(t.shape, groups, fn);
  const norms = groupNorms(readHost(t), ids, count);
  if (t !== x) t.dispose();
  return norms.reduce((a, b) => a + b, 0);
}

/** Options of {@link groupLassoProx}. */
export interface GroupLassoProxOptions {
  /** `η·λ`: step size times penalty weight. */
  threshold: number;
  /** Only these groups are shrunk (MaskSparsity's "regularise only what will be pruned"); default all. */
  only?: ArrayLike<boolean | number>;
}

/**
 * The proximal operator of `ηλ·Σ_G ‖x_G‖₂`: `x_G ← x_G·max(0, 1 − ηλ/‖x_G‖₂)` (block soft-thresholding).
 *
 * @param x - Tensor.
 * @param groups - `{ axis }` (one group per index along it, e.g. `'out'` for filters) or `{ ids }`.
 * @param opts - `threshold` (= ηλ), `only`.
 * @returns A new tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * groupLassoProx([[3, 4], [0.3, 0.4]], { axis: 'out' }, { threshold: 1 }).dataSync(); // [2.4, 3.2, 0, 0]
 * ```
 */
export function groupLassoProx(x: TensorLike, groups: GroupSpec, opts: GroupLassoProxOptions): Tensor {
  const fn = 'groupLassoProx';
  const t = asTensor(x, fn, 'x');
  const thr = checkNumber(opts.threshold, fn, 'opts.threshold', 0);
  const { ids, count } = groupIds(t.shape, groups, fn);
  const v = readHost(t);
  const norms = groupNorms(v, ids, count);
  const scale = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    const on = opts.only === undefined || Boolean(opts.only[g]);
    scale[g] = !on ? 1 : norms[g]! === 0 ? 0 : Math.max(0, 1 - thr / norms[g]!);
  }
  const out = t.dtype === 'float64' ? new Float64Array(v.length) : new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = ids[i]! < 0 ? v[i]! : v[i]! * scale[ids[i]!]!;
  const shape = t.shape;
  if (t !== x) t.dispose();
  return tensor(out, { shape });
}
