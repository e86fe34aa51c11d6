/** where (broadcast select), clip and cast. */
import { cast, clip, type DType, type Tensor, where } from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, scalarInput, seeded } from '../helpers/cases.js';
import { broadcastMap } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

function whereCase(label: string, c: InputSpec, a: InputSpec, b: InputSpec, dtype: DType): OpCase {
  return {
    name: `where: ${label}`,
    inputs: [c, a, b],
    op: where,
    expected: (cv, av, bv) => {
      const r = broadcastMap(
        [
          { values: cv, shape: c.shape },
          { values: av, shape: a.shape },
          { values: bv, shape: b.shape },
        ],
        (x, y, z) => (x !== 0 ? y : z),
      );
      return out(r.values, r.shape, dtype);
    },
  };
}

export const whereCases: OpCase[] = [
  whereCase(
    'condition [3, 1], a [1, 4], b []',
    input([true, false, true], [3, 1], 'bool'),
    input([1, 2, 3, 4], [1, 4]),
    scalarInput(-1),
    'float32',
  ),
  whereCase(
    'scalar condition',
    scalarInput(true, 'bool'),
    input(seeded(6, 1), [2, 3]),
    input(seeded(6, 2), [2, 3]),
    'float32',
  ),
  whereCase(
    'float condition (nonzero and NaN are true), a [3], b [2, 1]',
    input([0, 1, nan, -0, -2, 0.5], [2, 3]),
    input([10, 20, 30]),
    input([-1, -2], [2, 1]),
    'float32',
  ),
  whereCase(
    '[17] passes NaN and infinities through',
    input(
      Array.from({ length: 17 }, (_, i) => i % 3 === 0),
      [17],
      'bool',
    ),
    input([nan, inf, ninf, ...seeded(14, 3)]),
    input([ninf, nan, inf, ...seeded(14, 4)]),
    'float32',
  ),
  whereCase(
    'bool a and b stay bool',
    input([true, false], [2], 'bool'),
    input([false, false], [2], 'bool'),
    input([true, true], [2], 'bool'),
    'bool',
  ),
  whereCase(
    'int32 a, float32 b promote to float32',
    input([true, false, true], [3], 'bool'),
    input([1, 2, 3], [3], 'int32'),
    input([0.5, 0.5, 0.5]),
    'float32',
  ),
  whereCase(
    'int32 stays int32',
    input([false, true], [2], 'bool'),
    input([7, 8], [2], 'int32'),
    input([-7, -8], [2], 'int32'),
    'int32',
  ),
  whereCase(
    'float64',
    input([true, false], [2], 'bool'),
    input([0.1, 0.2], [2], 'float64'),
    input([0.3, 0.4], [2], 'float64'),
    'float64',
  ),
  whereCase('size 0 condition [0, 2]', input([], [0, 2], 'bool'), input([1, 2]), scalarInput(0), 'float32'),
  {
    name: 'where: JavaScript values for condition and branches',
    inputs: [input([1, 2, 3], [3], 'int32')],
    op: (x: Tensor) => where([true, false, true], x, 0),
    expected: () => out([1, 0, 3], [3], 'int32'),
  },
];

function clipCase(label: string, x: InputSpec, lo: number, hi: number, dtype: DType = x.dtype): OpCase {
  return {
    name: `clip: ${label}`,
    inputs: [x],
    op: (t) => clip(t, lo, hi),
    expected: (v) =>
      out(
        Array.from(v, (e) => (Number.isNaN(e) ? e : e < lo ? lo : Math.min(e, hi))),
        x.shape,
        dtype,
      ),
  };
}

export const clipCases: OpCase[] = [
  clipCase('float32 [17] to [-0.5, 0.5]', input(seeded(17, 5)), -0.5, 0.5),
  clipCase('[3, 1] to [0, 0.25]', input(seeded(3, 6), [3, 1]), 0, 0.25),
  clipCase('NaN stays NaN, infinities clamp', input([nan, inf, ninf, 0.3]), -1, 1),
  clipCase('infinite bounds change nothing', input([nan, inf, ninf, 3]), ninf, inf),
  clipCase('min == max', input([-2, 0, 2]), 1, 1),
  clipCase('int32 stays int32', input([-5, -2, 0, 3, 9], [5], 'int32'), -2, 3),
  clipCase('uint8 stays uint8', input([0, 50, 200], [3], 'uint8'), 10, 100),
  clipCase('bool computes in int32', input([true, false], [2], 'bool'), 0, 0, 'int32'),
  clipCase('float64', input([0.1, 0.5, 0.9], [3], 'float64'), 0.2, 0.8),
  clipCase('scalar', scalarInput(5), 0, 1),
  clipCase('size 0', input([], [0, 4]), 0, 1),
];

function castCase(label: string, x: InputSpec, to: DType, ref: (v: number) => number): OpCase {
  return {
    name: `cast: ${label}`,
    inputs: [x],
    op: (t) => cast(t, to),
    expected: (v) => out(Array.from(v, ref), x.shape, to),
  };
}

const trunc = (v: number) => (Number.isFinite(v) ? Math.trunc(v) : 0);
const same = (v: number) => v;
const toBool = (v: number) => (v !== 0 ? 1 : 0);

export const castCases: OpCase[] = [
  castCase(
    'float32 -> int32 truncates toward zero; NaN and infinities give 0',
    input([1.7, -1.7, 0.5, -0.5, 2.5, -2.5, nan, inf, ninf, 1e9]),
    'int32',
    trunc,
  ),
  castCase('float32 -> bool (NaN is true, -0 false)', input([0, -0, 0.1, nan, ninf, -3]), 'bool', toBool),
  castCase('float32 -> uint8', input([0, 1.9, 255, 254.9, 7.5]), 'uint8', trunc),
  castCase('float32 -> float64 is exact', input([0.1, 1 / 3, -1e-20, inf, nan]), 'float64', same),
  castCase(
    'float64 -> float32 rounds',
    input([0.1, 1 / 3, 1e300, -1e300, 1e-50], [5], 'float64'),
    'float32',
    same,
  ),
  castCase(
    'int32 -> float32 rounds past 2^24',
    input([16777217, -3, 0, 2147483647], [4], 'int32'),
    'float32',
    same,
  ),
  castCase('int32 -> uint8 wraps around', input([256, -1, 300, 255], [4], 'int32'), 'uint8', same),
  castCase('int32 -> bool', input([0, 1, -2, 0], [4], 'int32'), 'bool', toBool),
  castCase('bool -> float32', input([true, false], [2], 'bool'), 'float32', same),
  castCase('bool -> int32', input([true, false], [2], 'bool'), 'int32', same),
  castCase('uint8 -> int32', input([0, 255, 128], [3], 'uint8'), 'int32', same),
  castCase('[2, 1, 3] float32 -> int32', input(seeded(6, 8, -10, 10), [2, 1, 3]), 'int32', trunc),
  castCase('scalar', scalarInput(-2.9), 'int32', trunc),
  castCase('size 0', input([], [3, 0]), 'int32', trunc),
  castCase('same dtype is the identity', input([1.5, nan]), 'float32', same),
];
