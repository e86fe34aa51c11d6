import { SparselandError } from '../errors/sparseland-error.js';

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[2, 3]` as text. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** NumPy broadcast of two shapes, or a SHAPE_MISMATCH error naming `fn` and the arguments. */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
  fn: string,
  names = ['a', 'b'],
): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn,
        arg: `${names[0]}, ${names[1]}`,
        expected: `have broadcast-compatible shapes (${fmtShape(a)} vs ${fmtShape(b)} differ at axis ${i - rank})`,
        actual: `${fmtShape(a)} and ${fmtShape(b)}`,
      });
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides that read `shape` as if broadcast to `outShape` (0 on broadcast axes), aligned to `outShape`'s rank.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  const rank = outShape.length;
  const out = new Array<number>(rank).fill(0);
  const off = rank - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/** Normalise a possibly negative axis into `[0, rank)`, or throw OUT_OF_RANGE. */
export function normalizeAxis(axis: number, rank: number, fn: string, arg = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
      fn,
      arg,
      expected:
        rank === 0 ? 'not be given for a scalar (rank 0)' : `be an integer in [${-rank}, ${rank - 1}]`,
      actual: axis,
    });
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalise `axis` (one, many, or undefined = all) into a sorted list of distinct axes. */
export function normalizeAxes(
  axis: number | readonly number[] | undefined,
  rank: number,
  fn: string,
): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(a, rank, fn));
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'axis',
      expected: 'list each axis at most once',
      actual: `[${list.join(', ')}]`,
    });
  }
  return sorted;
}

/** Validate a shape: an array of non-negative integers. */
export function checkShape(shape: unknown, fn: string, arg = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be an array of non-negative integers',
      actual: Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape),
    });
  }
  return shape as number[];
}
