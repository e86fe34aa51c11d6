/** Reductions: sum, prod, max, min, any, all, mean, variance, norm, argmax, argmin. */
import {
  type Axis,
  all,
  any,
  argmax,
  argmin,
  type DType,
  max,
  mean,
  min,
  type NormOrd,
  norm,
  prod,
  sum,
  type Tensor,
  variance,
} from '../../src/index.js';
import {
  type InputSpec,
  input,
  type OpCase,
  out,
  scalarInput,
  seeded,
  seededInts,
} from '../helpers/cases.js';
import { lines, ravel, reduceAxes, unravel } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

interface Reducer {
  name: string;
  op: (x: Tensor, axis?: Axis, keepDims?: boolean) => Tensor;
  init: number;
  step: (acc: number, v: number) => number;
  outDType: (d: DType) => DType;
}

const widenInt = (d: DType): DType => (d === 'bool' || d === 'uint8' ? 'int32' : d);
const nanMax = (a: number, v: number) => (Number.isNaN(a) || Number.isNaN(v) ? nan : Math.max(v, a));
const nanMin = (a: number, v: number) => (Number.isNaN(a) || Number.isNaN(v) ? nan : Math.min(v, a));

export const REDUCERS: readonly Reducer[] = [
  { name: 'sum', op: sum, init: 0, step: (a, v) => a + v, outDType: widenInt },
  { name: 'prod', op: prod, init: 1, step: (a, v) => a * v, outDType: widenInt },
  { name: 'max', op: max, init: ninf, step: nanMax, outDType: (d) => d },
  { name: 'min', op: min, init: inf, step: nanMin, outDType: (d) => d },
  { name: 'any', op: any, init: 0, step: (a, v) => (a !== 0 || v !== 0 ? 1 : 0), outDType: () => 'bool' },
  { name: 'all', op: all, init: 1, step: (a, v) => (a !== 0 && v !== 0 ? 1 : 0), outDType: () => 'bool' },
];

const AXES: [string, Axis | undefined, boolean][] = [
  ['all axes', undefined, false],
  ['all axes, keepDims', undefined, true],
  ['axis 0', 0, false],
  ['axis -1, keepDims', -1, true],
  ['axes [0, 2]', [0, 2], false],
  ['axes [2, 0], keepDims', [2, 0], true],
  ['axis 1', 1, false],
  ['no axes (identity)', [], false],
];

function axesList(axis: Axis | undefined): number[] | undefined {
  return axis === undefined ? undefined : typeof axis === 'number' ? [axis] : [...axis];
}

function reduceCase(
  r: Reducer,
  label: string,
  x: InputSpec,
  axis: Axis | undefined,
  keepDims: boolean,
): OpCase {
  return {
    name: `${r.name}: ${label}`,
    inputs: [x],
    op: (t) => r.op(t, axis, keepDims),
    expected: (v) => {
      const res = reduceAxes(v, x.shape, axesList(axis), keepDims, r.init, r.step);
      return out(res.values, res.shape, r.outDType(x.dtype));
    },
    kind: 'reduction',
  };
}

export const reduceCases: OpCase[] = REDUCERS.flatMap((r, k) => {
  // values near 1 keep products well scaled; integers in [-1, 2] give any/all some zeros
  const lo = r.name === 'prod' ? 0.5 : -2;
  const hi = r.name === 'prod' ? 1.5 : 2;
  const x3 = input(
    r.name === 'any' || r.name === 'all' ? seededInts(24, 10 + k, -1, 1) : seeded(24, 10 + k, lo, hi),
    [2, 3, 4],
  );
  return [
    ...AXES.map(([label, axis, keep]) => reduceCase(r, `[2, 3, 4] ${label}`, x3, axis, keep)),
    reduceCase(r, '[17]', input(seeded(17, 20 + k, lo, hi)), undefined, false),
    reduceCase(r, '[1, 1, 5] axis 1', input(seeded(5, 30 + k, lo, hi), [1, 1, 5]), 1, false),
    reduceCase(r, 'scalar, all axes', scalarInput(1.5), undefined, false),
    reduceCase(r, 'scalar, axis []', scalarInput(-1.5), [], true),
    reduceCase(r, 'empty [0, 3] over axis 0 (identity value)', input([], [0, 3]), 0, false),
    reduceCase(r, 'empty [0, 3] over axis 1', input([], [0, 3]), 1, false),
    reduceCase(r, 'empty [0, 3] over all axes', input([], [0, 3]), undefined, false),
    reduceCase(r, 'NaN and infinities', input([1, nan, 2, inf, ninf, 0, 3, 4, 5], [3, 3]), 1, false),
    reduceCase(r, 'infinities only', input([inf, 1, ninf, 1, inf, ninf], [3, 2]), 0, false),
    reduceCase(r, 'int32', input(seededInts(12, 40 + k, -5, 5), [3, 4], 'int32'), 0, false),
    reduceCase(r, 'uint8', input([200, 100, 3, 0, 1, 2], [2, 3], 'uint8'), 1, true),
    reduceCase(r, 'bool', input([true, false, true, true, true, true], [2, 3], 'bool'), 1, false),
    reduceCase(r, 'float64', input(seeded(6, 50 + k, lo, hi), [2, 3], 'float64'), [0, 1], false),
  ];
});

function meanRef(v: ArrayLike<number>, shape: readonly number[], axis: Axis | undefined, keepDims: boolean) {
  const s = reduceAxes(v, shape, axesList(axis), keepDims, 0, (a, e) => a + e);
  const count = countOf(shape, axis);
  return { values: s.values.map((e) => e / count), shape: s.shape };
}

function countOf(shape: readonly number[], axis: Axis | undefined): number {
  const ax = axesList(axis) ?? shape.map((_, i) => i);
  return ax.reduce((p, a) => p * shape[a < 0 ? a + shape.length : a]!, 1);
}

const floatOut = (d: DType): DType => (d === 'float64' ? 'float64' : 'float32');

function meanCase(label: string, x: InputSpec, axis: Axis | undefined, keepDims = false): OpCase {
  return {
    name: `mean: ${label}`,
    inputs: [x],
    op: (t) => mean(t, axis, keepDims),
    expected: (v) => {
      const m = meanRef(v, x.shape, axis, keepDims);
      return out(m.values, m.shape, floatOut(x.dtype));
    },
    kind: 'reduction',
  };
}

function varianceCase(
  label: string,
  x: InputSpec,
  axis: Axis | undefined,
  keepDims = false,
  correction = 0,
): OpCase {
  return {
    name: `variance: ${label}`,
    inputs: [x],
    op: (t) => variance(t, axis, keepDims, correction),
    expected: (v) => {
      const ax = axesList(axis);
      const n = countOf(x.shape, axis);
      // two passes over each reduced group: mean, then squared deviations
      const m = reduceAxes(v, x.shape, ax, true, 0, (a, e) => a + e);
      const kept = m.shape;
      const sq = Array.from(v, (e, k) => {
        const idx = unravel(k, x.shape).map((d, i) => (kept[i] === 1 ? 0 : d));
        const mu = m.values[ravel(idx, kept)]! / n;
        return (e - mu) ** 2;
      });
      const s = reduceAxes(sq, x.shape, ax, keepDims, 0, (a, e) => a + e);
      return out(
        s.values.map((e) => e / (n - correction)),
        s.shape,
        floatOut(x.dtype),
      );
    },
    kind: 'reduction',
  };
}

function normCase(
  label: string,
  x: InputSpec,
  ord: NormOrd,
  axis: Axis | undefined,
  keepDims = false,
): OpCase {
  return {
    name: `norm: ${label}`,
    inputs: [x],
    op: (t) => norm(t, ord, axis, keepDims),
    expected: (v) => {
      const ax = axesList(axis);
      const r =
        ord === 1
          ? reduceAxes(v, x.shape, ax, keepDims, 0, (a, e) => a + Math.abs(e))
          : ord === 'inf'
            ? reduceAxes(v, x.shape, ax, keepDims, 0, (a, e) => nanMax(a, Math.abs(e)))
            : reduceAxes(v, x.shape, ax, keepDims, 0, (a, e) => a + e * e);
      const values = ord === 2 || ord === 'fro' ? r.values.map(Math.sqrt) : r.values;
      return out(values, r.shape, floatOut(x.dtype));
    },
    kind: 'reduction',
  };
}

const x234 = input(seeded(24, 99, -3, 3), [2, 3, 4]);

export const statisticCases: OpCase[] = [
  meanCase('[2, 3, 4] all axes', x234, undefined),
  meanCase('[2, 3, 4] axis 1', x234, 1),
  meanCase('[2, 3, 4] axes [0, 2] keepDims', x234, [0, 2], true),
  meanCase('[17]', input(seeded(17, 98)), 0),
  meanCase('int32 averages as float32', input([1, 2, 3, 4], [2, 2], 'int32'), 1),
  meanCase('bool averages as float32', input([true, false, true, true], [4], 'bool'), undefined),
  meanCase('float64', input(seeded(6, 97), [3, 2], 'float64'), 0),
  meanCase('scalar', scalarInput(2), undefined),
  meanCase('empty axis gives NaN', input([], [2, 0]), 1),
  meanCase('NaN propagates', input([1, nan, 3, 4], [2, 2]), 1),
  varianceCase('[2, 3, 4] all axes', x234, undefined),
  varianceCase('[2, 3, 4] axis -1 keepDims', x234, -1, true),
  varianceCase('[2, 3, 4] axes [0, 1]', x234, [0, 1]),
  varianceCase('[17] unbiased (correction 1)', input(seeded(17, 96)), undefined, false, 1),
  varianceCase('int32', input([1, 2, 3, 4], [4], 'int32'), 0),
  varianceCase('float64 correction 1', input(seeded(8, 95), [2, 4], 'float64'), 1, false, 1),
  varianceCase('constant values give 0', input([5, 5, 5]), undefined),
  {
    name: 'variance: known value [1, 2, 3, 4] is 1.25',
    inputs: [input([1, 2, 3, 4])],
    op: (t) => variance(t),
    expected: () => out([1.25], [], 'float32'),
  },
  normCase('L2 of [2, 3, 4]', x234, 2, undefined),
  normCase("'fro' over axes [1, 2]", x234, 'fro', [1, 2]),
  normCase('L1 over axis 0 keepDims', x234, 1, 0, true),
  normCase("'inf' over axis -1", x234, 'inf', -1),
  normCase('L2 of int32 is float32', input([3, 4], [2], 'int32'), 2, undefined),
  normCase('float64 L1', input([-1, 2, -3.5], [3], 'float64'), 1, undefined),
  normCase('L2 with an infinity', input([inf, 1, 2]), 2, undefined),
  normCase('empty is 0', input([], [0]), 2, undefined),
  {
    name: 'norm: [3, 4] is 5',
    inputs: [input([3, 4])],
    op: (t) => norm(t),
    expected: () => out([5], [], 'float32'),
  },
];

function argCase(name: 'argmax' | 'argmin', label: string, x: InputSpec, axis?: number): OpCase {
  const better = name === 'argmax' ? (e: number, b: number) => e > b : (e: number, b: number) => e < b;
  return {
    name: `${name}: ${label}`,
    inputs: [x],
    op: (t) => (name === 'argmax' ? argmax(t, axis) : argmin(t, axis)),
    expected: (v) => {
      const a = axis ?? -1;
      const values = lines(x.shape, a).map((line) => {
        // first index of the extremum; the first NaN wins
        let best = 0;
        for (let j = 0; j < line.length; j++) {
          const e = v[line[j]!]!;
          if (Number.isNaN(e)) return j;
          if (better(e, v[line[best]!]!)) best = j;
        }
        return best;
      });
      const ax = a < 0 ? a + x.shape.length : a;
      return out(
        values,
        x.shape.filter((_, i) => i !== ax),
        'int32',
      );
    },
  };
}

export const argCases: OpCase[] = (['argmax', 'argmin'] as const).flatMap((name) => [
  argCase(name, '[17]', input(seeded(17, 90))),
  argCase(name, '[2, 3, 4] default (last) axis', x234),
  argCase(name, '[2, 3, 4] axis 0', x234, 0),
  argCase(name, '[2, 3, 4] axis 1', x234, 1),
  argCase(name, 'ties give the first index', input([1, 3, 3, 0, 0, 1], [2, 3])),
  argCase(name, 'NaN wins (first NaN)', input([1, nan, 5, nan, -5, 2], [2, 3]), 1),
  argCase(name, 'infinities', input([ninf, ninf, inf, inf, ninf, inf], [2, 3])),
  argCase(name, 'int32', input([4, -2, 9, 9, -2, 0], [2, 3], 'int32'), 0),
  argCase(name, 'bool', input([false, true, true, false], [4], 'bool')),
  argCase(name, 'size-1 axis', input([7, 8], [2, 1]), 1),
  argCase(name, 'float64', input([0.1, 0.3, 0.2], [3], 'float64')),
  argCase(name, 'empty other axis [0, 3]', input([], [0, 3]), 1),
]);
