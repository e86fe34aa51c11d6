/** Shape ops: reshape, transpose, expandDims, squeeze, slice, concat, stack, split, pad, tile, broadcastTo. */
import {
  broadcastTo,
  concat,
  expandDims,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  type Tensor,
  tile,
  transpose,
} from '../../src/index.js';
import {
  type Expected,
  type InputSpec,
  input,
  type OpCase,
  out,
  scalarInput,
  seeded,
} from '../helpers/cases.js';
import { at, ravel, sizeOf, transposeRef, unravel } from '../helpers/reference.js';

const { NaN: nan } = Number;

/** Same values, new shape. */
function sameValues(label: string, x: InputSpec, op: (t: Tensor) => Tensor, shape: number[]): OpCase {
  return { name: label, inputs: [x], op, expected: (v) => out(v, shape, x.dtype) };
}

/** `out[i] = x[begin + i]` for every multi-index `i` of `size`. */
function sliceRef(v: ArrayLike<number>, shape: readonly number[], begin: number[], size: number[]): Expected {
  return {
    values: Array.from(
      { length: sizeOf(size) },
      (_, k) =>
        v[
          ravel(
            unravel(k, size).map((i, d) => i + begin[d]!),
            shape,
          )
        ]!,
    ),
    shape: size,
    dtype: 'float32',
  };
}

function sliceCase(
  label: string,
  x: InputSpec,
  begin: number | number[],
  size: number | number[] | undefined,
  resolvedBegin: number[],
  resolvedSize: number[],
): OpCase {
  return {
    name: `slice: ${label}`,
    inputs: [x],
    op: (t) => slice(t, begin, size),
    expected: (v) => ({ ...sliceRef(v, x.shape, resolvedBegin, resolvedSize), dtype: x.dtype }),
  };
}

/** Concatenate along `axis`: output position `j` on the axis belongs to the piece whose range holds it. */
function concatRef(parts: { values: ArrayLike<number>; shape: readonly number[] }[], axis: number) {
  const a = axis < 0 ? axis + parts[0]!.shape.length : axis;
  const shape = [...parts[0]!.shape];
  shape[a] = parts.reduce((s, p) => s + p.shape[a]!, 0);
  const values = Array.from({ length: sizeOf(shape) }, (_, k) => {
    const idx = unravel(k, shape);
    let j = idx[a]!;
    for (const p of parts) {
      if (j < p.shape[a]!) {
        idx[a] = j;
        return p.values[ravel(idx, p.shape)]!;
      }
      j -= p.shape[a]!;
    }
    throw new Error('unreachable');
  });
  return { values, shape };
}

function concatCase(label: string, xs: InputSpec[], axis: number): OpCase {
  return {
    name: `concat: ${label}`,
    inputs: xs,
    op: (...ts) => concat(ts, axis),
    expected: (...vs) => {
      const r = concatRef(
        vs.map((values, i) => ({ values, shape: xs[i]!.shape })),
        axis,
      );
      return out(r.values, r.shape, xs[0]!.dtype);
    },
  };
}

function stackCase(label: string, xs: InputSpec[], axis: number): OpCase {
  return {
    name: `stack: ${label}`,
    inputs: xs,
    op: (...ts) => stack(ts, axis),
    expected: (...vs) => {
      const rank = xs[0]!.shape.length + 1;
      const a = axis < 0 ? axis + rank : axis;
      const withAxis = (s: readonly number[]) => [...s.slice(0, a), 1, ...s.slice(a)];
      const r = concatRef(
        vs.map((values, i) => ({ values, shape: withAxis(xs[i]!.shape) })),
        a,
      );
      return out(r.values, r.shape, xs[0]!.dtype);
    },
  };
}

function splitCase(
  label: string,
  x: InputSpec,
  sizesOrCount: number | number[],
  axis: number,
  sizes: number[],
): OpCase {
  return {
    name: `split: ${label}`,
    inputs: [x],
    op: (t) => split(t, sizesOrCount, axis),
    expected: (v) => {
      const a = axis < 0 ? axis + x.shape.length : axis;
      let offset = 0;
      return sizes.map((s) => {
        const begin = x.shape.map((_, i) => (i === a ? offset : 0));
        const size = x.shape.map((d, i) => (i === a ? s : d));
        offset += s;
        return { ...sliceRef(v, x.shape, begin, size), dtype: x.dtype };
      });
    },
  };
}

function padCase(label: string, x: InputSpec, paddings: [number, number][], value = 0): OpCase {
  return {
    name: `pad: ${label}`,
    inputs: [x],
    op: (t) => pad(t, paddings, value),
    expected: (v) => {
      const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      const values = Array.from({ length: sizeOf(shape) }, (_, k) => {
        const src = unravel(k, shape).map((i, d) => i - paddings[d]![0]);
        return src.every((i, d) => i >= 0 && i < x.shape[d]!) ? v[ravel(src, x.shape)]! : value;
      });
      return out(values, shape, x.dtype);
    },
  };
}

function tileCase(label: string, x: InputSpec, reps: number[]): OpCase {
  return {
    name: `tile: ${label}`,
    inputs: [x],
    op: (t) => tile(t, reps),
    expected: (v) => {
      const shape = x.shape.map((d, i) => d * reps[i]!);
      const values = Array.from(
        { length: sizeOf(shape) },
        (_, k) =>
          v[
            ravel(
              unravel(k, shape).map((i, d) => i % x.shape[d]!),
              x.shape,
            )
          ]!,
      );
      return out(values, shape, x.dtype);
    },
  };
}

function broadcastCase(label: string, x: InputSpec, shape: number[]): OpCase {
  return {
    name: `broadcastTo: ${label}`,
    inputs: [x],
    op: (t) => broadcastTo(t, shape),
    expected: (v) =>
      out(
        Array.from({ length: sizeOf(shape) }, (_, k) => at(v, x.shape, unravel(k, shape))),
        shape,
        x.dtype,
      ),
  };
}

function transposeCase(label: string, x: InputSpec, perm?: number[]): OpCase {
  return {
    name: `transpose: ${label}`,
    inputs: [x],
    op: (t) => transpose(t, perm),
    expected: (v) => {
      const p =
        perm?.map((a) => (a < 0 ? a + x.shape.length : a)) ?? x.shape.map((_, i) => x.shape.length - 1 - i);
      const r = transposeRef(v, x.shape, p);
      return out(r.values, r.shape, x.dtype);
    },
  };
}

const x6 = input([1, 2, 3, 4, 5, 6], [6]);
const x23 = input([1, 2, 3, 4, 5, 6], [2, 3]);
const x234 = input(seeded(24, 1), [2, 3, 4]);
const x34 = input(seeded(12, 2), [3, 4]);

export const reshapeLikeCases: OpCase[] = [
  sameValues('reshape: [6] to [2, 3]', x6, (t) => reshape(t, [2, 3]), [2, 3]),
  sameValues('reshape: -1 inferred', x6, (t) => reshape(t, [3, -1]), [3, 2]),
  sameValues('reshape: -1 first', x234, (t) => reshape(t, [-1, 4]), [6, 4]),
  sameValues('reshape: [1] to a scalar', input([7]), (t) => reshape(t, []), []),
  sameValues('reshape: a scalar to [1, 1]', scalarInput(7), (t) => reshape(t, [1, 1]), [1, 1]),
  sameValues('reshape: size 0 with -1', input([], [0, 3]), (t) => reshape(t, [-1, 3]), [0, 3]),
  sameValues('reshape: size 0 to [3, 0, 2]', input([], [0, 3]), (t) => reshape(t, [3, 0, 2]), [3, 0, 2]),
  sameValues(
    'reshape: int32 [17] to [17, 1]',
    input(
      Array.from({ length: 17 }, (_, i) => i),
      [17],
      'int32',
    ),
    (t) => reshape(t, [17, 1]),
    [17, 1],
  ),
  sameValues(
    'reshape: bool',
    input([true, false, true, true], [4], 'bool'),
    (t) => reshape(t, [2, 2]),
    [2, 2],
  ),
  sameValues('expandDims: axis 0', x23, (t) => expandDims(t, 0), [1, 2, 3]),
  sameValues('expandDims: axis 1', x23, (t) => expandDims(t, 1), [2, 1, 3]),
  sameValues('expandDims: axis -1 appends', x23, (t) => expandDims(t, -1), [2, 3, 1]),
  sameValues('expandDims: axis 2 (= rank) appends', x23, (t) => expandDims(t, 2), [2, 3, 1]),
  sameValues('expandDims: a scalar', scalarInput(3), (t) => expandDims(t), [1]),
  sameValues('expandDims: size 0', input([], [0]), (t) => expandDims(t, 1), [0, 1]),
  sameValues('squeeze: every size-1 axis', input([1, 2, 3], [1, 3, 1]), (t) => squeeze(t), [3]),
  sameValues('squeeze: one axis', input([1, 2, 3], [1, 3, 1]), (t) => squeeze(t, 2), [1, 3]),
  sameValues('squeeze: negative axes', input([1, 2, 3], [1, 3, 1]), (t) => squeeze(t, [-1, 0]), [3]),
  sameValues('squeeze: to a scalar', input([4], [1, 1]), (t) => squeeze(t), []),
  sameValues('squeeze: nothing to remove', x23, (t) => squeeze(t), [2, 3]),
  sameValues('squeeze: keeps a size-0 axis', input([], [1, 0]), (t) => squeeze(t), [0]),
];

export const transposeCases: OpCase[] = [
  transposeCase('2-D default', x23),
  transposeCase('3-D default reverses axes', x234),
  transposeCase('perm [2, 0, 1]', x234, [2, 0, 1]),
  transposeCase('perm [0, 2, 1]', x234, [0, 2, 1]),
  transposeCase('negative perm [-1, 0, 1]', x234, [-1, 0, 1]),
  transposeCase('identity perm', x234, [0, 1, 2]),
  transposeCase('1-D is unchanged', x6),
  transposeCase('scalar', scalarInput(2)),
  transposeCase('size 0', input([], [0, 3])),
  transposeCase('[17, 1]', input(seeded(17, 3), [17, 1])),
  transposeCase('int32', input([1, 2, 3, 4, 5, 6], [3, 2], 'int32')),
  transposeCase('bool', input([true, false, false, true, true, false], [2, 3], 'bool')),
  transposeCase('NaN moves with its element', input([nan, 1, 2, 3], [2, 2])),
];

export const sliceCases: OpCase[] = [
  sliceCase('rows and columns', x23, [0, 1], [2, 2], [0, 1], [2, 2]),
  sliceCase('negative begin', x23, [-1, -2], [1, 2], [1, 1], [1, 2]),
  sliceCase('size -1 runs to the end', x234, [1, 1, 2], [-1, -1, -1], [1, 1, 2], [1, 2, 2]),
  sliceCase('omitted size runs to the end', x234, [0, 2], undefined, [0, 2, 0], [2, 1, 4]),
  sliceCase('fewer entries than the rank', x234, 1, 1, [1, 0, 0], [1, 3, 4]),
  sliceCase('size 0', x34, [1, 2], [0, 2], [1, 2], [0, 2]),
  sliceCase('begin at the end with size 0', x34, [3, 0], [0, 4], [3, 0], [0, 4]),
  sliceCase('the whole tensor', x34, [0, 0], [3, 4], [0, 0], [3, 4]),
  sliceCase('[17] middle', input(seeded(17, 4)), 5, 7, [5], [7]),
  sliceCase('scalar', scalarInput(5), [], [], [], []),
  sliceCase('int32', input([1, 2, 3, 4], [4], 'int32'), [-3], [2], [1], [2]),
];

export const concatCases: OpCase[] = [
  concatCase('axis 0', [x23, input([7, 8, 9], [1, 3])], 0),
  concatCase('axis 1', [x23, input([7, 8], [2, 1]), input([9, 10, 11, 12], [2, 2])], 1),
  concatCase('axis -1 of 3-D', [x234, input(seeded(6, 5), [2, 3, 1])], -1),
  concatCase('middle axis of 3-D', [x234, input(seeded(8, 6), [2, 1, 4])], 1),
  concatCase('with a size-0 piece', [x23, input([], [0, 3]), input([0, 0, 0], [1, 3])], 0),
  concatCase('one tensor', [x23], 1),
  concatCase('1-D [17] and [3]', [input(seeded(17, 7)), input([1, 2, 3])], 0),
  concatCase('int32', [input([1, 2], [2], 'int32'), input([3], [1], 'int32')], 0),
  concatCase('bool', [input([true], [1], 'bool'), input([false, true], [2], 'bool')], 0),
  concatCase('float64', [input([0.1], [1], 'float64'), input([0.2], [1], 'float64')], 0),
];

export const stackCases: OpCase[] = [
  stackCase('axis 0', [x23, input([7, 8, 9, 10, 11, 12], [2, 3])], 0),
  stackCase('axis 1', [x23, input([7, 8, 9, 10, 11, 12], [2, 3])], 1),
  stackCase('axis -1', [x23, input([7, 8, 9, 10, 11, 12], [2, 3]), input(seeded(6, 8), [2, 3])], -1),
  stackCase('scalars', [scalarInput(1), scalarInput(2), scalarInput(3)], 0),
  stackCase('size 0', [input([], [0]), input([], [0])], 0),
  stackCase('one tensor', [x6], 0),
  stackCase('int32', [input([1, 2], [2], 'int32'), input([3, 4], [2], 'int32')], 1),
];

export const splitCases: OpCase[] = [
  splitCase('into 3 equal parts', x6, 3, 0, [2, 2, 2]),
  splitCase('by sizes', x6, [1, 5], 0, [1, 5]),
  splitCase('with a size-0 part', x6, [2, 0, 4], 0, [2, 0, 4]),
  splitCase('along axis 1', x234, [1, 2], 1, [1, 2]),
  splitCase('along axis -1 into 2', x234, 2, -1, [2, 2]),
  splitCase('into 1 part', x23, 1, 0, [2]),
  splitCase('int32', input([1, 2, 3, 4], [2, 2], 'int32'), 2, 1, [1, 1]),
];

export const padCases: OpCase[] = [
  padCase('1-D', input([1, 2]), [[1, 2]]),
  padCase(
    '2-D with a value',
    x23,
    [
      [1, 0],
      [2, 1],
    ],
    -1,
  ),
  padCase('3-D', x234, [
    [0, 1],
    [1, 1],
    [0, 0],
  ]),
  padCase('no padding', x23, [
    [0, 0],
    [0, 0],
  ]),
  padCase(
    'size-0 input',
    input([], [0, 2]),
    [
      [1, 1],
      [0, 1],
    ],
    3,
  ),
  padCase('scalar', scalarInput(4), []),
  padCase('NaN value', input([1]), [[1, 1]], nan),
  padCase('int32', input([1, 2], [2], 'int32'), [[2, 0]], 9),
  padCase('float64', input([0.1], [1], 'float64'), [[1, 1]], 0.5),
];

export const tileCases: OpCase[] = [
  tileCase('1-D twice', input([1, 2]), [2]),
  tileCase('[2, 3] by [2, 1]', x23, [2, 1]),
  tileCase('[2, 3] by [1, 3]', x23, [1, 3]),
  tileCase('[2, 1, 2] by [2, 3, 2]', input([1, 2, 3, 4], [2, 1, 2]), [2, 3, 2]),
  tileCase('zero repetitions', x23, [0, 2]),
  tileCase('all ones', x23, [1, 1]),
  tileCase('scalar', scalarInput(3), []),
  tileCase('int32', input([1, 2], [2], 'int32'), [3]),
  tileCase('bool', input([true, false], [1, 2], 'bool'), [2, 2]),
];

export const broadcastToCases: OpCase[] = [
  broadcastCase('[3] to [2, 3]', input([1, 2, 3]), [2, 3]),
  broadcastCase('[3, 1] to [2, 3, 4]', input([1, 2, 3], [3, 1]), [2, 3, 4]),
  broadcastCase('scalar to [2, 2]', scalarInput(5), [2, 2]),
  broadcastCase('same shape', x23, [2, 3]),
  broadcastCase('[1, 3] to [0, 3]', input([1, 2, 3], [1, 3]), [0, 3]),
  broadcastCase('[1] to [17]', input([4]), [17]),
  broadcastCase('int32 [2, 1] to [2, 4]', input([1, 2], [2, 1], 'int32'), [2, 4]),
];
