/** gather (NumPy take), scatterAdd (its adjoint) and oneHot. */
import { type DType, gather, oneHot, scatterAdd } from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, scalarInput, seeded } from '../helpers/cases.js';
import { ravel, sizeOf, unravel } from '../helpers/reference.js';

const { NaN: nan } = Number;

/** `out[pre, idx..., post] = x[pre, indices[idx...], post]`. */
function takeRef(
  x: ArrayLike<number>,
  xShape: readonly number[],
  idx: ArrayLike<number>,
  iShape: readonly number[],
  axis: number,
) {
  const a = axis < 0 ? axis + xShape.length : axis;
  const shape = [...xShape.slice(0, a), ...iShape, ...xShape.slice(a + 1)];
  const values = Array.from({ length: sizeOf(shape) }, (_, k) => {
    const o = unravel(k, shape);
    const which = idx[ravel(o.slice(a, a + iShape.length), iShape)]!;
    return x[ravel([...o.slice(0, a), which, ...o.slice(a + iShape.length)], xShape)]!;
  });
  return { values, shape };
}

function gatherCase(label: string, x: InputSpec, indices: InputSpec, axis = 0): OpCase {
  return {
    name: `gather: ${label}`,
    inputs: [x, indices],
    op: (t, i) => gather(t, i, axis),
    expected: (xv, iv) => {
      const r = takeRef(xv, x.shape, iv, indices.shape, axis);
      return out(r.values, r.shape, x.dtype);
    },
  };
}

/** `out = x; out[pre, indices[idx...], post] += updates[pre, idx..., post]` for every position. */
function scatterCase(label: string, x: InputSpec, indices: InputSpec, updates: InputSpec, axis = 0): OpCase {
  return {
    name: `scatterAdd: ${label}`,
    inputs: [x, indices, updates],
    op: (t, i, u) => scatterAdd(t, i, u, axis),
    expected: (xv, iv, uv) => {
      const a = axis < 0 ? axis + x.shape.length : axis;
      const res = Array.from(xv);
      for (let k = 0; k < uv.length; k++) {
        const o = unravel(k, updates.shape);
        const which = iv[ravel(o.slice(a, a + indices.shape.length), indices.shape)]!;
        res[ravel([...o.slice(0, a), which, ...o.slice(a + indices.shape.length)], x.shape)]! += uv[k]!;
      }
      return out(res, x.shape, x.dtype);
    },
  };
}

function oneHotCase(
  label: string,
  indices: InputSpec,
  depth: number,
  opts: { onValue?: number; offValue?: number; dtype?: DType } = {},
): OpCase {
  return {
    name: `oneHot: ${label}`,
    inputs: [indices],
    op: (i) => oneHot(i, depth, opts),
    expected: (iv) => {
      const values: number[] = [];
      for (const c of iv)
        for (let d = 0; d < depth; d++) values.push(c === d ? (opts.onValue ?? 1) : (opts.offValue ?? 0));
      return out(values, [...indices.shape, depth], opts.dtype ?? 'float32');
    },
  };
}

const int = (values: number[], shape: number[] = [values.length]) => input(values, shape, 'int32');
const x34 = input(seeded(12, 1), [3, 4]);
const x234 = input(seeded(24, 2), [2, 3, 4]);

export const gatherCases: OpCase[] = [
  gatherCase('rows of [3, 4]', x34, int([2, 0])),
  gatherCase('columns of [3, 4] (axis 1)', x34, int([3, 3, 0]), 1),
  gatherCase('axis -1 of [2, 3, 4]', x234, int([1, 0, 3]), -1),
  gatherCase('middle axis of [2, 3, 4] with 2-D indices', x234, int([0, 2, 1, 1], [2, 2]), 1),
  gatherCase('duplicate indices', input([10, 20, 30]), int([1, 1, 1, 0])),
  gatherCase('scalar index drops the axis', x34, scalarInput(1, 'int32'), 1),
  gatherCase('empty indices', x34, int([]), 0),
  gatherCase(
    'from [17] by [17] indices',
    input(seeded(17, 3)),
    int(Array.from({ length: 17 }, (_, i) => (i * 7) % 17)),
  ),
  gatherCase('NaN values are copied', input([nan, 1, Number.POSITIVE_INFINITY]), int([0, 2])),
  gatherCase('int32 values', int([5, 6, 7]), int([2, 0])),
  gatherCase('bool values', input([true, false], [2], 'bool'), int([1, 0, 1])),
  gatherCase('float64 values', input([0.1, 0.2], [2], 'float64'), int([1])),
  gatherCase('from a size-0 axis with no indices', input([], [3, 0]), int([]), 1),
];

export const scatterAddCases: OpCase[] = [
  scatterCase('rows of [3, 4]', x34, int([2, 0]), input(seeded(8, 4), [2, 4])),
  scatterCase('duplicate indices accumulate', input([0, 0, 0]), int([0, 0, 2, 0]), input([1, 2, 5, 4])),
  scatterCase(
    'axis 1 of [2, 3] with duplicates',
    input(seeded(6, 5), [2, 3]),
    int([2, 2, 0]),
    input(seeded(6, 6), [2, 3]),
    1,
  ),
  scatterCase(
    '2-D indices on axis 1 of [2, 3, 2]',
    input(seeded(12, 7), [2, 3, 2]),
    int([0, 2, 2, 1], [2, 2]),
    input(seeded(16, 8), [2, 2, 2, 2]),
    1,
  ),
  scatterCase('int32', int([1, 1, 1]), int([1, 1]), int([5, -2])),
  scatterCase(
    'float64',
    input([0.5, 0.25], [2], 'float64'),
    int([1, 0, 1]),
    input([1, 2, 3], [3], 'float64'),
  ),
  scatterCase('no indices leaves x unchanged', x34, int([]), input([], [0, 4])),
  scatterCase('NaN updates propagate to their target only', input([1, 2]), int([1]), input([nan])),
  {
    name: 'scatterAdd: known values',
    inputs: [input([0, 0, 0]), int([0, 0, 2]), input([1, 2, 5])],
    op: (x, i, u) => scatterAdd(x, i, u),
    expected: () => out([3, 0, 5], [3]),
  },
];

export const oneHotCases: OpCase[] = [
  oneHotCase('[0, 2] depth 3', int([0, 2]), 3),
  oneHotCase('out-of-range indices give all off values', int([-1, 3, 1]), 3),
  oneHotCase('2-D indices', int([0, 1, 2, 1], [2, 2]), 3),
  oneHotCase('on and off values', int([1, 0]), 2, { onValue: 5, offValue: -1 }),
  oneHotCase('int32 output', int([2, 0]), 4, { dtype: 'int32' }),
  oneHotCase('bool output', int([0]), 2, { dtype: 'bool' }),
  oneHotCase('depth 0', int([0, 1]), 0),
  oneHotCase('no indices', int([]), 3),
  oneHotCase('scalar index', scalarInput(2, 'int32'), 3),
  oneHotCase('[17] indices, depth 5', int(Array.from({ length: 17 }, (_, i) => i % 5)), 5),
  {
    name: 'oneHot: JavaScript indices',
    inputs: [],
    op: () => oneHot([0, 2], 3),
    expected: () => out([1, 0, 0, 0, 0, 1], [2, 3]),
  },
];
