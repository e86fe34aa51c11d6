/** Creation ops: arange, linspace, eye, full, zeros, ones, zerosLike, onesLike, scalar. */
import {
  arange,
  type DType,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  type Tensor,
  zeros,
  zerosLike,
} from '../../src/index.js';
import { input, type OpCase, out } from '../helpers/cases.js';

function made(
  name: string,
  op: () => Tensor,
  values: (number | boolean)[],
  shape: number[],
  dtype: DType = 'float32',
): OpCase {
  return { name, inputs: [], op, expected: () => out(values, shape, dtype) };
}

/** NumPy's arange: `ceil((stop - start) / step)` values `start + i * step`. */
function arangeRef(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** NumPy's linspace: `start + i * (stop - start) / (num - 1)`, the last value exactly `stop`. */
function linspaceRef(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  return Array.from({ length: num }, (_, i) =>
    i === num - 1 ? stop : start + (i * (stop - start)) / (num - 1),
  );
}

export const createCases: OpCase[] = [
  made('arange: one argument counts from 0', () => arange(5), [0, 1, 2, 3, 4], [5]),
  made('arange: fractional step', () => arange(1, 2, 0.25), [1, 1.25, 1.5, 1.75], [4]),
  made('arange: negative step', () => arange(5, 0, -1), [5, 4, 3, 2, 1], [5]),
  made('arange: step not dividing the range', () => arange(0, 1, 0.3), arangeRef(0, 1, 0.3), [4]),
  made('arange: empty when start == stop', () => arange(3, 3), [], [0]),
  made('arange: empty when the step points away', () => arange(0, 5, -1), [], [0]),
  made('arange: int32', () => arange(-2, 7, 3, 'int32'), [-2, 1, 4], [3], 'int32'),
  made('arange: float64 [17]', () => arange(0, 1.7, 0.1, 'float64'), arangeRef(0, 1.7, 0.1), [17], 'float64'),
  made('linspace: 5 points from 0 to 1', () => linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], [5]),
  made('linspace: decreasing', () => linspace(5, -5, 3), [5, 0, -5], [3]),
  made('linspace: one point is start', () => linspace(2, 9, 1), [2], [1]),
  made('linspace: zero points', () => linspace(0, 1, 0), [], [0]),
  made('linspace: two points are the ends', () => linspace(-1, 1, 2), [-1, 1], [2]),
  made('linspace: float64 [17]', () => linspace(0, 1, 17, 'float64'), linspaceRef(0, 1, 17), [17], 'float64'),
  made('linspace: int32 truncates', () => linspace(0, 3, 4, 'int32'), [0, 1, 2, 3], [4], 'int32'),
  made('eye: 3 x 3', () => eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]),
  made('eye: 2 x 3', () => eye(2, 3), [1, 0, 0, 0, 1, 0], [2, 3]),
  made('eye: 3 x 2', () => eye(3, 2), [1, 0, 0, 1, 0, 0], [3, 2]),
  made('eye: 0 x 0', () => eye(0), [], [0, 0]),
  made('eye: int32', () => eye(2, 2, 'int32'), [1, 0, 0, 1], [2, 2], 'int32'),
  made('full: float32', () => full([2, 2], 7), [7, 7, 7, 7], [2, 2]),
  made('full: a boolean gives bool', () => full([2], true), [true, true], [2], 'bool'),
  made(
    'full: bool dtype stores a nonzero number as true (1)',
    () => full([3], 2, 'bool'),
    [1, 1, 1],
    [3],
    'bool',
  ),
  made('full: bool dtype stores NaN as true', () => full([1], Number.NaN, 'bool'), [1], [1], 'bool'),
  made('full: scalar shape', () => full([], 3), [3], []),
  made('full: size 0', () => full([0, 2], 1), [], [0, 2]),
  made('full: NaN', () => full([2], Number.NaN), [Number.NaN, Number.NaN], [2]),
  made('full: int32 truncates', () => full([2], 2.7, 'int32'), [2, 2], [2], 'int32'),
  made('zeros: default float32', () => zeros([2, 3]), [0, 0, 0, 0, 0, 0], [2, 3]),
  made('zeros: bool', () => zeros([2], 'bool'), [false, false], [2], 'bool'),
  made('ones: int32', () => ones([3], 'int32'), [1, 1, 1], [3], 'int32'),
  made('ones: float64 scalar', () => ones([], 'float64'), [1], [], 'float64'),
  made('ones: size 0', () => ones([4, 0]), [], [4, 0]),
  made('scalar: number', () => scalar(3.5), [3.5], []),
  made('scalar: boolean', () => scalar(true), [true], [], 'bool'),
  made('scalar: with a dtype', () => scalar(3.9, 'int32'), [3], [], 'int32'),
  {
    name: 'zerosLike and onesLike keep shape and dtype',
    inputs: [input([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), input([], [0, 2], 'float64')],
    op: (a, b) => [zerosLike(a), onesLike(a), zerosLike(b), onesLike(b)],
    expected: () => [
      out([0, 0, 0, 0, 0, 0], [2, 3], 'int32'),
      out([1, 1, 1, 1, 1, 1], [2, 3], 'int32'),
      out([], [0, 2], 'float64'),
      out([], [0, 2], 'float64'),
    ],
  },
];
