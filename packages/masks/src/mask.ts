/**
 * Masks from scores: the public entry points {@link maskFromScores}, {@link magnitudeMask} and
 * {@link nmMask}. Masks are computed on the host from the scores' values, so they are exact and the same
 * on every backend; they come back as `bool` tensors of the parameter's shape.
 *
 * @module
 */
import type { Tensor, TensorLike } from '@sparseland/core';
import { fail } from './errors.js';
import { asTensor, checkObject, checkOneOf, checkSparsity, ROUNDINGS } from './internal/checks.js';
import { boolTensor, hostAbs, readHost, scoresOrAbs } from './internal/host.js';
import { checkLayout, defaultLayout } from './internal/layout.js';
import { checkPattern, getPattern } from './patterns/registry.js';
import type { AxisName, NMPattern, Pattern, Rounding } from './types.js';

/** Options of {@link maskFromScores} and {@link magnitudeMask}. */
export interface MaskOptions {
  /** Target sparsity in `[0, 1)`. Required unless the pattern fixes its density (N:M, `rowGroup` with `keepFrac`). */
  sparsity?: number;
  /** Pattern. Default `{ kind: 'unstructured' }`. */
  pattern?: Pattern;
  /** Role of each axis. Default PyTorch's (`[out, in]` for rank 2, `[out, in, kh, kw]` for rank 4). */
  layout?: readonly AxisName[];
  /** How a fraction becomes a count. Default `'round'`. */
  rounding?: Rounding;
}

/** @internal The host mask for host scores (validated inputs). */
export function hostMask(
  scores: ArrayLike<number>,
  shape: readonly number[],
  layout: readonly AxisName[],
  pattern: Pattern,
  sparsity: number,
  rounding: Rounding,
  fn: string,
): Uint8Array {
  return getPattern(pattern.kind, fn, 'pattern.kind').mask(pattern, {
    scores,
    shape,
    layout,
    sparsity,
    rounding,
    fn,
  });
}

/** @internal Validate mask options against a shape. */
export function resolveMaskOptions(
  opts: MaskOptions,
  shape: readonly number[],
  fn: string,
): { pattern: Pattern; sparsity: number; layout: readonly AxisName[]; rounding: Rounding } {
  checkObject(opts, fn, 'opts');
  const pattern = checkPattern(opts.pattern ?? { kind: 'unstructured' }, fn, 'opts.pattern');
  const fixed = getPattern(pattern.kind).fixedDensity?.(pattern);
  let sparsity: number;
  if (opts.sparsity === undefined) {
    if (fixed === undefined) {
      fail(
        'SPARSELAND__MASKS__MISSING_INPUT',
        fn,
        'opts.sparsity',
        `be given for a '${pattern.kind}' pattern (a number in [0, 1))`,
        'undefined',
      );
    }
    sparsity = 1 - fixed;
  } else {
    sparsity = checkSparsity(opts.sparsity, fn, 'opts.sparsity');
  }
  const layout =
    opts.layout === undefined
      ? defaultLayout(shape.length)
      : checkLayout(opts.layout, shape.length, fn, 'opts.layout');
  const rounding = checkOneOf(opts.rounding ?? 'round', ROUNDINGS, fn, 'opts.rounding');
  return { pattern, sparsity, layout, rounding };
}

/**
 * The mask that keeps the highest scores under a pattern: entries rank by (score desc, flat index asc),
 * NaN as −∞, and the count is exact (spec §1.3).
 *
 * @param scores - Scores, any shape (higher = keep).
 * @param opts - `sparsity`, `pattern`, `layout`, `rounding`.
 * @returns A `bool` tensor of the scores' shape.
 * @throws `SparselandError` `SPARSELAND__MASKS__OUT_OF_RANGE` (sparsity outside `[0, 1)`, N > M),
 *   `AXIS_INVALID`, `SHAPE_MISMATCH`, `UNKNOWN_NAME`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * maskFromScores([[1, 5, 2, 5]], { sparsity: 0.5 }).dataSync();                    // Uint8Array [0, 1, 0, 1]
 * maskFromScores([[4, 3], [1, 2]], { pattern: { kind: 'channel' }, sparsity: 0.5 }).dataSync(); // [1, 1, 0, 0]
 * ```
 */
export function maskFromScores(scores: TensorLike, opts: MaskOptions): Tensor {
  const fn = 'maskFromScores';
  const s = asTensor(scores, fn, 'scores');
  const o = resolveMaskOptions(opts, s.shape, fn);
  const host = readHost(s);
  if (s !== scores) s.dispose();
  return boolTensor(hostMask(host, s.shape, o.layout, o.pattern, o.sparsity, o.rounding, fn), s.shape);
}

/**
 * Magnitude pruning: keep the largest `|w|` at the given sparsity (unstructured unless a pattern is given).
 * The kept count is `max(1, round(n·(1−s)))` and ties go to the lower flat index.
 *
 * @param w - Weights.
 * @param opts - `sparsity` (required), `pattern`, `layout`, `rounding`.
 * @returns A `bool` tensor of `w`'s shape with exactly the kept count of `true`.
 * @throws `SparselandError` `SPARSELAND__MASKS__OUT_OF_RANGE` for a sparsity outside `[0, 1)`.
 * @example
 * ```ts
 * magnitudeMask([[0.1, -3, 2, 0.5]], { sparsity: 0.5 }).dataSync(); // Uint8Array [0, 1, 1, 0]
 * ```
 */
export function magnitudeMask(w: TensorLike, opts: MaskOptions & { sparsity: number }): Tensor {
  const fn = 'magnitudeMask';
  const t = asTensor(w, fn, 'w');
  const o = resolveMaskOptions(opts, t.shape, fn);
  const host = hostAbs(t);
  const mask = hostMask(host, t.shape, o.layout, o.pattern, o.sparsity, o.rounding, fn);
  const shape = t.shape;
  if (t !== w) t.dispose();
  return boolTensor(mask, shape);
}

/** Options of {@link nmMask}. */
export interface NMMaskOptions {
  /** N: entries kept per group. */
  keep: number;
  /** M: group length (`keep <= of`). */
  of: number;
  /** Axis the groups run along (a role or a position). Default `'in'`. */
  axis?: AxisName;
  /** Role of each axis. Default PyTorch's (`[out, in]` for rank 2). */
  layout?: readonly AxisName[];
  /** A shorter last group: `'zero'` (default) keeps `min(keep, length)`, `'error'` throws. */
  pad?: 'zero' | 'error';
  /** Scores to rank by instead of `|w|` (same shape as `w`). */
  scores?: TensorLike;
}

/**
 * The N:M mask of `w`: along `axis`, each run of `of` consecutive entries keeps its `keep` largest `|w|`
 * (ties to the lower index). "Keep N of M": `{ keep: 2, of: 4 }` is 50% sparse, `{ keep: 1, of: 8 }` 87.5%.
 *
 * @param w - Weights (any rank; groups run along `axis`).
 * @param opts - `keep`, `of`, `axis`, `layout`, `pad`, `scores`.
 * @returns A `bool` tensor of `w`'s shape.
 * @throws `SparselandError` `SPARSELAND__MASKS__OUT_OF_RANGE` when `keep > of`; `AXIS_INVALID` for an
 *   axis outside the layout; `SHAPE_MISMATCH` for `pad: 'error'` with a ragged axis or scores of another shape.
 * @example
 * ```ts
 * nmMask([[1, -4, 3, 2, 0, 0, 7, 1]], { keep: 2, of: 4 }).dataSync(); // Uint8Array [0, 1, 1, 0, 0, 0, 1, 1]
 * nmMask(conv, { keep: 2, of: 4, axis: 'in' });                        // conv [out, in, kh, kw]: groups along in
 * nmMask(flax, { keep: 2, of: 4, axis: 'in', layout: ['in', 'out'] }); // Flax kernels [in, out]
 * ```
 */
export function nmMask(w: TensorLike, opts: NMMaskOptions): Tensor {
  const fn = 'nmMask';
  const t = asTensor(w, fn, 'w');
  checkObject(opts, fn, 'opts');
  const pattern = checkPattern(
    {
      kind: 'nm',
      keep: opts.keep,
      of: opts.of,
      ...(opts.axis === undefined ? {} : { axis: opts.axis }),
      ...(opts.pad === undefined ? {} : { pad: opts.pad }),
    },
    fn,
    'opts',
  ) as NMPattern;
  const layout =
    opts.layout === undefined ? defaultLayout(t.rank) : checkLayout(opts.layout, t.rank, fn, 'opts.layout');
  const host = scoresOrAbs(t, opts.scores, fn, 'opts.scores');
  const mask = hostMask(host, t.shape, layout, pattern, 0, 'round', fn);
  const shape = t.shape;
  if (t !== w) t.dispose();
  return boolTensor(mask, shape);
}
