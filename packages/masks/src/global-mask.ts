/**
 * Global magnitude (or score) pruning over several tensors: the public face of the `global` distribution.
 *
 * @module
 */
import type { Tensor, TensorLike } from '@sparseland/core';
import type { GlobalDistribution } from './distributions/distribution.js';
import { globalMasks } from './distributions/global.js';
import { checkDistribution } from './distributions/registry.js';
import { fail } from './errors.js';
import { asTensor, checkObject, checkOneOf, checkSparsity, describe, ROUNDINGS } from './internal/checks.js';
import { boolTensor, hostAbs, readHost } from './internal/host.js';
import { checkLayout, defaultLayout } from './internal/layout.js';
import { checkPattern } from './patterns/registry.js';
import type { AxisName, Pattern, Rounding } from './types.js';

/** Options of {@link globalMask}. */
export interface GlobalMaskOptions {
  /** Sparsity over all the tensors together, in `[0, 1)`. */
  sparsity: number;
  /** L2-normalise each tensor's scores first (jaxpruner). Default false. */
  normalize?: boolean;
  /** No tensor gets sparser than this. Default: none (each keeps at least one unit). */
  maxSparsity?: number;
  /** Pattern whose units are ranked (not N:M). Default unstructured. */
  pattern?: Pattern;
  /** Scores by name instead of `|w|`. */
  scores?: Readonly<Record<string, TensorLike>>;
  /** Layouts by name. */
  layouts?: Readonly<Record<string, readonly AxisName[]>>;
  /** Rounding. Default `'round'`. */
  rounding?: Rounding;
}

/**
 * One threshold over several tensors (open_lth's `sparse_global`, jaxpruner's global pruners): the units
 * with the highest scores across all tensors are kept, ties to the earlier tensor, then the lower index.
 *
 * @param weights - Tensors by name.
 * @param opts - `sparsity`, `normalize`, `maxSparsity`, `pattern`, `scores`, `layouts`, `rounding`.
 * @returns `bool` masks by name.
 * @example
 * ```ts
 * const masks = globalMask({ a: [[1, 2], [3, 4]], b: [[10, 0.5]] }, { sparsity: 0.5 });
 * masks.a.dataSync(); // Uint8Array [0, 0, 1, 1]
 * masks.b.dataSync(); // Uint8Array [1, 0]
 * ```
 */
export function globalMask(
  weights: Readonly<Record<string, TensorLike>>,
  opts: GlobalMaskOptions,
): Record<string, Tensor> {
  const fn = 'globalMask';
  checkObject(weights, fn, 'weights');
  checkObject(opts, fn, 'opts');
  const s = checkSparsity(opts.sparsity, fn, 'opts.sparsity');
  const pattern = checkPattern(opts.pattern ?? { kind: 'unstructured' }, fn, 'opts.pattern');
  const rounding = checkOneOf(opts.rounding ?? 'round', ROUNDINGS, fn, 'opts.rounding');
  const d = checkDistribution(
    {
      kind: 'global',
      normalize: opts.normalize ?? false,
      ...(opts.maxSparsity === undefined ? {} : { maxSparsity: opts.maxSparsity }),
    },
    fn,
    'opts',
  ) as GlobalDistribution;
  const names = Object.keys(weights);
  if (names.length === 0)
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'weights', 'hold at least one tensor', 'an empty object');
  const entries = names.map((name) => {
    const w = asTensor(weights[name]!, fn, `weights['${name}']`);
    let scores: ArrayLike<number>;
    const given = opts.scores?.[name];
    if (given === undefined) {
      scores = hostAbs(w);
    } else {
      const st = asTensor(given, fn, `opts.scores['${name}']`);
      if (st.shape.length !== w.shape.length || st.shape.some((x, i) => x !== w.shape[i])) {
        fail(
          'SPARSELAND__MASKS__SHAPE_MISMATCH',
          fn,
          `opts.scores['${name}']`,
          `have shape [${w.shape.join(', ')}]`,
          describe(st),
        );
      }
      scores = readHost(st);
      if (st !== given) st.dispose();
    }
    const l = opts.layouts?.[name];
    const layout =
      l === undefined ? defaultLayout(w.rank) : checkLayout(l, w.rank, fn, `opts.layouts['${name}']`);
    const shape = w.shape;
    if (w !== weights[name]) w.dispose();
    return { name, scores, shape, layout };
  });
  const masks = globalMasks(entries, s, d, pattern, rounding, fn);
  const out: Record<string, Tensor> = {};
  for (const e of entries) out[e.name] = boolTensor(masks[e.name]!, e.shape);
  return out;
}
