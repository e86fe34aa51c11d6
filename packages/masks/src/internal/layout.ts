/** Axis names and layouts (spec §1.5). */
import { fail } from '../errors.js';
import type { AxisName } from '../types.js';
import { describe } from './checks.js';

const NAMES = new Set<string>(['out', 'in', 'kh', 'kw']);

/**
 * The layout assumed when none is given, PyTorch's: `[out]` for rank 1, `[out, in]` (Linear) for rank 2,
 * `[out, in, kw]` for rank 3 and `[out, in, kh, kw]` (Conv NCHW) for rank 4; other ranks are positional.
 */
export function defaultLayout(rank: number): AxisName[] {
  switch (rank) {
    case 1:
      return ['out'];
    case 2:
      return ['out', 'in'];
    case 3:
      return ['out', 'in', 'kw'];
    case 4:
      return ['out', 'in', 'kh', 'kw'];
    default:
      return Array.from({ length: rank }, (_, i) => i);
  }
}

/** Check a layout against a rank: one entry per axis, names unique. */
export function checkLayout(layout: unknown, rank: number, fn: string, arg = 'layout'): AxisName[] {
  if (!Array.isArray(layout) || layout.length !== rank) {
    fail(
      'SPARSELAND__MASKS__AXIS_INVALID',
      fn,
      arg,
      `be an array of ${rank} axis names (one per axis)`,
      describe(layout),
    );
  }
  const seen = new Set<string>();
  for (const [i, a] of layout.entries()) {
    const ok = (typeof a === 'string' && NAMES.has(a)) || (typeof a === 'number' && Number.isInteger(a));
    if (!ok) {
      fail(
        'SPARSELAND__MASKS__AXIS_INVALID',
        fn,
        `${arg}[${i}]`,
        "be 'out', 'in', 'kh', 'kw' or an integer",
        describe(a),
      );
    }
    if (typeof a === 'string') {
      if (seen.has(a))
        fail('SPARSELAND__MASKS__AXIS_INVALID', fn, `${arg}[${i}]`, 'name each role once', describe(a));
      seen.add(a);
    }
  }
  return layout as AxisName[];
}

/** Resolve an axis (a role in `layout`, or a position) to a position in `[0, rank)`. */
export function resolveAxis(axis: unknown, layout: readonly AxisName[], fn: string, arg = 'axis'): number {
  const rank = layout.length;
  if (typeof axis === 'number') {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      fail(
        'SPARSELAND__MASKS__AXIS_INVALID',
        fn,
        arg,
        `be an integer in [${-rank}, ${rank - 1}]`,
        describe(axis),
      );
    }
    return axis < 0 ? axis + rank : axis;
  }
  if (typeof axis === 'string' && NAMES.has(axis)) {
    const i = layout.indexOf(axis as AxisName);
    if (i < 0) {
      fail(
        'SPARSELAND__MASKS__AXIS_INVALID',
        fn,
        arg,
        `name an axis of the layout [${layout.map((a) => (typeof a === 'string' ? `'${a}'` : a)).join(', ')}] or be a position`,
        describe(axis),
      );
    }
    return i;
  }
  fail(
    'SPARSELAND__MASKS__AXIS_INVALID',
    fn,
    arg,
    "be 'out', 'in', 'kh', 'kw' or an integer",
    describe(axis),
  );
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Number of entries of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
