/**
 * Groups of entries for group regularisers (spec §8): whole slices along an axis (channels, filters), or
 * explicit group ids (hardware-defined groups).
 *
 * @module
 */
import { fail } from '../errors.js';
import { describe } from '../internal/checks.js';
import { checkLayout, defaultLayout, resolveAxis, stridesOf } from '../internal/layout.js';
import type { AxisName } from '../types.js';

/** Groups: every index along `axis` is one group, or explicit ids (one per entry, `-1` = in no group). */
export type GroupSpec =
  | {
      /** Axis whose every index is one group (e.g. `'out'`: one group per output unit). */
      axis: AxisName;
      /** Axis names of the tensor's dimensions; default the layout of its rank. */
      layout?: readonly AxisName[];
    }
  | {
      /** Group id of every entry (flat, row-major; `-1` = in no group). */
      ids: ArrayLike<number>;
    };

/** Group ids of every entry of `shape` (`-1` for none) and the number of groups. */
export function groupIds(
  shape: readonly number[],
  spec: GroupSpec,
  fn: string,
): { ids: Int32Array; count: number } {
  const n = shape.reduce((a, b) => a * b, 1);
  if (typeof spec !== 'object' || spec === null) {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'groups', 'be { axis } or { ids }', describe(spec));
  }
  if ('ids' in spec) {
    if (spec.ids.length !== n) {
      fail(
        'SPARSELAND__MASKS__SHAPE_MISMATCH',
        fn,
        'groups.ids',
        `have one id per entry (${n})`,
        spec.ids.length,
      );
    }
    const ids = new Int32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const g = spec.ids[i]!;
      if (!Number.isInteger(g) || g < -1) {
        fail(
          'SPARSELAND__MASKS__INVALID_ARGUMENT',
          fn,
          `groups.ids[${i}]`,
          'be an integer >= -1',
          describe(g),
        );
      }
      ids[i] = g;
      count = Math.max(count, g + 1);
    }
    return { ids, count };
  }
  const layout =
    spec.layout === undefined
      ? defaultLayout(shape.length)
      : checkLayout(spec.layout, shape.length, fn, 'groups.layout');
  const axis = resolveAxis(spec.axis, layout, fn, 'groups.axis');
  const stride = stridesOf(shape)[axis]!;
  const len = shape[axis]!;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = Math.floor(i / stride) % len;
  return { ids, count: len };
}

/** L2 norm of every group. */
export function groupNorms(x: ArrayLike<number>, ids: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i]!;
    if (g >= 0) out[g]! += x[i]! * x[i]!;
  }
  for (let g = 0; g < count; g++) out[g] = Math.sqrt(out[g]!);
  return out;
}
