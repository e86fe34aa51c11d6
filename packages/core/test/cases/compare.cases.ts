/** Comparisons and logical ops: bool outputs, NaN semantics, broadcasting, mixed dtypes. */
import {
  equal,
  greater,
  greaterEqual,
  isNaN as isNaNOp,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  notEqual,
  type Tensor,
} from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, scalarInput, seededInts } from '../helpers/cases.js';
import { broadcastMap } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;
const truthy = (v: number) => v !== 0; // NaN is truthy, as in NumPy

interface Op2 {
  name: string;
  op: (a: Tensor, b: Tensor) => Tensor;
  ref: (a: number, b: number) => boolean;
}

export const COMPARISON_OPS: readonly Op2[] = [
  { name: 'equal', op: equal, ref: (a, b) => a === b },
  { name: 'notEqual', op: notEqual, ref: (a, b) => a !== b },
  { name: 'less', op: less, ref: (a, b) => a < b },
  { name: 'lessEqual', op: lessEqual, ref: (a, b) => a <= b },
  { name: 'greater', op: greater, ref: (a, b) => a > b },
  { name: 'greaterEqual', op: greaterEqual, ref: (a, b) => a >= b },
  { name: 'logicalAnd', op: logicalAnd, ref: (a, b) => truthy(a) && truthy(b) },
  { name: 'logicalOr', op: logicalOr, ref: (a, b) => truthy(a) || truthy(b) },
  { name: 'logicalXor', op: logicalXor, ref: (a, b) => truthy(a) !== truthy(b) },
];

function case2(o: Op2, label: string, a: InputSpec, b: InputSpec): OpCase {
  return {
    name: `${o.name}: ${label}`,
    inputs: [a, b],
    op: o.op,
    expected: (av, bv) => {
      const r = broadcastMap(
        [
          { values: av, shape: a.shape },
          { values: bv, shape: b.shape },
        ],
        (x, y) => (o.ref(x, y) ? 1 : 0),
      );
      return out(r.values, r.shape, 'bool');
    },
  };
}

export const comparisonCases: OpCase[] = COMPARISON_OPS.flatMap((o, k) => [
  // small integers in float32 make ties likely
  case2(
    o,
    'float32 [17] with ties',
    input(seededInts(17, 10 + k, -2, 2)),
    input(seededInts(17, 20 + k, -2, 2)),
  ),
  case2(o, '[3, 1] x [1, 4]', input([0, 1, 2], [3, 1]), input([2, 1, 0, 1], [1, 4])),
  case2(o, '[] x [2, 3]', scalarInput(1), input([0, 1, 2, 1, 0, -1], [2, 3])),
  case2(o, '[2, 1, 3] x [4, 1]', input(seededInts(6, 30 + k, 0, 2), [2, 1, 3]), input([0, 1, 2, 1], [4, 1])),
  case2(o, 'size 0 [0, 2] x [2]', input([], [0, 2]), input([1, 2])),
  case2(
    o,
    'NaN, infinities and signed zeros',
    input([nan, nan, 1, inf, ninf, 0, inf, nan]),
    input([nan, 1, nan, inf, inf, -0, 1e38, 0]),
  ),
  case2(o, 'int32 x float32 (2 == 2.0)', input([2, 3, -1], [3], 'int32'), input([2, 2.5, -1])),
  case2(
    o,
    'bool x bool',
    input([true, true, false, false], [4], 'bool'),
    input([true, false, true, false], [4], 'bool'),
  ),
  case2(o, 'uint8 x int32', input([0, 200, 7], [3], 'uint8'), input([0, -56, 8], [3], 'int32')),
  case2(
    o,
    'float64',
    input([0.1, 0.2, 0.3], [3], 'float64'),
    input([0.1, 0.2 + 1e-17, 0.30000000000000004], [3], 'float64'),
  ),
]);

export const logicalUnaryCases: OpCase[] = [
  {
    name: 'logicalNot: floats (NaN is true)',
    inputs: [input([0, -0, 1, nan, ninf, 0.5])],
    op: logicalNot,
    expected: () => out([1, 1, 0, 0, 0, 0], [6], 'bool'),
  },
  {
    name: 'logicalNot: bool, int32 and size 0',
    inputs: [input([true, false], [2], 'bool'), input([0, 3, -1], [3], 'int32'), input([], [2, 0], 'bool')],
    op: (a, b, c) => [logicalNot(a), logicalNot(b), logicalNot(c)],
    expected: () => [out([0, 1], [2], 'bool'), out([1, 0, 0], [3], 'bool'), out([], [2, 0], 'bool')],
  },
  {
    name: 'logicalNot: scalar',
    inputs: [scalarInput(0)],
    op: logicalNot,
    expected: () => out([1], [], 'bool'),
  },
  {
    name: 'isNaN: float32 and float64',
    inputs: [input([nan, 0, inf, ninf, -nan], [5]), input([nan, 1], [2], 'float64')],
    op: (a, b) => [isNaNOp(a), isNaNOp(b)],
    expected: () => [out([1, 0, 0, 0, 1], [5], 'bool'), out([1, 0], [2], 'bool')],
  },
  {
    name: 'isNaN: integers are never NaN',
    inputs: [input([0, -1, 5], [3], 'int32'), input([true], [1], 'bool')],
    op: (a, b) => [isNaNOp(a), isNaNOp(b)],
    expected: () => [out([0, 0, 0], [3], 'bool'), out([0], [1], 'bool')],
  },
];
