/** Elementwise binary arithmetic with broadcasting, special values, integer semantics and dtype promotion. */
import {
  add,
  type DType,
  div,
  floorDiv,
  maximum,
  minimum,
  mod,
  mul,
  pow,
  sub,
  type Tensor,
  tensor,
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
import { broadcastMap } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

/** C / IEEE 754 `pow`, which NumPy follows (JavaScript's `**` gives NaN for `1 ** NaN` and `(-1) ** Infinity`). */
export function powRef(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (Math.abs(a) === 1 && (b === inf || b === ninf)) return 1;
  return a ** b;
}

/** NumPy's `divmod` for floats (npy_divmod): the floored quotient and a remainder with the divisor's sign. */
export function divmodRef(a: number, b: number): [number, number] {
  let m = a % b; // C fmod
  if (b === 0) return [a / b, m];
  let d = (a - m) / b;
  if (m !== 0) {
    if (b < 0 !== m < 0) {
      m += b;
      d -= 1;
    }
  } else {
    m = b < 0 ? -0 : 0;
  }
  let q: number;
  if (d !== 0) {
    q = Math.floor(d);
    if (d - q > 0.5) q += 1;
  } else {
    q = a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  }
  return [q, m];
}

const intDivmod = (a: number, b: number): [number, number] => {
  if (b === 0) return [0, 0]; // NumPy: integer division by zero gives 0 (with a warning)
  const q = Math.floor(a / b);
  return [q, a - q * b];
};

interface BinaryOp {
  name: string;
  op: (a: Tensor, b: Tensor) => Tensor;
  ref: (a: number, b: number, dtype: DType) => number;
  /** Always computes in float (integers give float32). */
  floatOnly: boolean;
  domainA: [number, number];
  domainB: [number, number];
}

const isInt = (d: DType) => d === 'int32' || d === 'uint8';

export const BINARY_OPS: readonly BinaryOp[] = [
  { name: 'add', op: add, ref: (a, b) => a + b, floatOnly: false, domainA: [-5, 5], domainB: [-5, 5] },
  { name: 'sub', op: sub, ref: (a, b) => a - b, floatOnly: false, domainA: [-5, 5], domainB: [-5, 5] },
  { name: 'mul', op: mul, ref: (a, b) => a * b, floatOnly: false, domainA: [-5, 5], domainB: [-5, 5] },
  { name: 'div', op: div, ref: (a, b) => a / b, floatOnly: true, domainA: [-5, 5], domainB: [0.5, 4] },
  { name: 'pow', op: pow, ref: powRef, floatOnly: true, domainA: [0.1, 3], domainB: [-2, 2] },
  {
    name: 'maximum',
    op: maximum,
    ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? nan : Math.max(a, b)),
    floatOnly: false,
    domainA: [-5, 5],
    domainB: [-5, 5],
  },
  {
    name: 'minimum',
    op: minimum,
    ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? nan : Math.min(a, b)),
    floatOnly: false,
    domainA: [-5, 5],
    domainB: [-5, 5],
  },
  {
    name: 'mod',
    op: mod,
    ref: (a, b, d) => (isInt(d) ? intDivmod(a, b) : divmodRef(a, b))[1],
    floatOnly: false,
    domainA: [-10, 10],
    domainB: [0.5, 4],
  },
  {
    name: 'floorDiv',
    op: floorDiv,
    ref: (a, b, d) => (isInt(d) ? intDivmod(a, b) : divmodRef(a, b))[0],
    floatOnly: false,
    domainA: [-10, 10],
    domainB: [0.5, 4],
  },
];

function promoted(a: DType, b: DType): DType {
  const order: DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];
  const d = order[Math.max(order.indexOf(a), order.indexOf(b))]!;
  return d === 'bool' ? 'int32' : d;
}

function binaryCase(o: BinaryOp, label: string, a: InputSpec, b: InputSpec): OpCase {
  const common = promoted(a.dtype, b.dtype);
  const dtype = o.floatOnly && isInt(common) ? 'float32' : common;
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
        (x, y) => o.ref(x, y, dtype),
      );
      return out(r.values, r.shape, dtype);
    },
  };
}

const SHAPES: [string, number[], number[]][] = [
  ['same shape [17]', [17], [17]],
  ['[3, 1] x [1, 4]', [3, 1], [1, 4]],
  ['[] x [2, 3]', [], [2, 3]],
  ['[2, 3] x []', [2, 3], []],
  ['[2, 1, 3] x [4, 1]', [2, 1, 3], [4, 1]],
  ['[2, 3] x [3] (rank mismatch)', [2, 3], [3]],
  ['[1] x [5]', [1], [5]],
  ['[0, 3] x [1, 3]', [0, 3], [1, 3]],
  ['[2, 1] x [1, 0]', [2, 1], [1, 0]],
  ['[1] x []', [1], []],
];

const size = (s: number[]) => s.reduce((p, q) => p * q, 1);

export const binaryCases: OpCase[] = BINARY_OPS.flatMap((o, k) => {
  const cases = SHAPES.map(([label, sa, sb], j) =>
    binaryCase(
      o,
      `float32 ${label}`,
      input(seeded(size(sa), 1000 * k + j, ...o.domainA), sa),
      input(seeded(size(sb), 1000 * k + j + 500, ...o.domainB), sb),
    ),
  );
  cases.push(
    binaryCase(
      o,
      'float64 [3, 2] x [2]',
      input(seeded(6, 7000 + k, ...o.domainA), [3, 2], 'float64'),
      input(seeded(2, 7100 + k, ...o.domainB), [2], 'float64'),
    ),
    binaryCase(
      o,
      'special values',
      input([nan, 1, inf, ninf, inf, 0, -0, 2, -3, 5, -5, 1, -1, 0]),
      input([1, nan, inf, inf, ninf, 0, 0, ninf, 0, inf, inf, nan, inf, -2]),
    ),
    binaryCase(
      o,
      'int32 [2, 3] x [3]',
      input(seededInts(6, 7200 + k, -9, 9), [2, 3], 'int32'),
      input([3, -2, 4], [3], 'int32'),
    ),
    binaryCase(
      o,
      'int32 x float32 promotes to float32',
      input([1, 2, 3], [3], 'int32'),
      input([0.5, -1.5, 2]),
    ),
    binaryCase(
      o,
      'float32 x float64 promotes to float64',
      input([1.5, 2, 3]),
      input([0.25, -1, 2], [3], 'float64'),
    ),
    binaryCase(
      o,
      'uint8 x int32 promotes to int32',
      input([1, 2, 200], [3], 'uint8'),
      input([3, -1, 7], [3], 'int32'),
    ),
    binaryCase(
      o,
      'bool x bool computes in int32',
      input([true, false, true], [3], 'bool'),
      input([true, true, false], [3], 'bool'),
    ),
    binaryCase(o, 'scalar x scalar', scalarInput(2.5), scalarInput(1.5)),
  );
  return cases;
});

/** Integer and special-value semantics, written out. */
export const binaryKnownValueCases: OpCase[] = [
  {
    name: 'mod: int32 negatives and zero divisor (NumPy: sign of divisor, x mod 0 = 0)',
    inputs: [input([-7, 7, -7, 7, 5, 0, -5], [7], 'int32'), input([3, -3, -3, 3, 0, 0, 2], [7], 'int32')],
    op: mod,
    expected: () => out([2, -2, -1, 1, 0, 0, 1], [7], 'int32'),
  },
  {
    name: 'floorDiv: int32 negatives and zero divisor (x // 0 = 0)',
    inputs: [input([-7, 7, -7, 7, 5, 0, -5], [7], 'int32'), input([3, -3, -3, 3, 0, 0, 2], [7], 'int32')],
    op: floorDiv,
    expected: () => out([-3, -3, 2, 2, 0, 0, -3], [7], 'int32'),
  },
  {
    name: 'mod: floats follow the divisor sign; x mod 0 is NaN',
    inputs: [
      input([-1.5, 5.5, 3, -3, 5, -5], [6], 'float64'),
      input([1, -2, 0, 0, inf, inf], [6], 'float64'),
    ],
    op: mod,
    expected: () => out([0.5, -0.5, nan, nan, 5, inf], [6], 'float64'),
  },
  {
    name: 'floorDiv: float divmod identity (1 // 0.1 = 9 as in NumPy and Python)',
    inputs: [input([1, -1, 7, 1, -1, 0], [6], 'float64'), input([0.1, 0.1, 2, 0, 0, 0], [6], 'float64')],
    op: floorDiv,
    expected: () => out([9, -10, 3, inf, ninf, nan], [6], 'float64'),
  },
  {
    name: 'div: int32 divides as float32',
    inputs: [input([7, -7, 1, 0, -1], [5], 'int32'), input([2, 2, 0, 0, 0], [5], 'int32')],
    op: div,
    expected: () => out([3.5, -3.5, inf, nan, ninf], [5], 'float32'),
  },
  {
    name: 'add: int32 wraps around',
    inputs: [input([2147483647, -2147483648], [2], 'int32'), input([1, -1], [2], 'int32')],
    op: add,
    expected: () => out([-2147483648, 2147483647], [2], 'int32'),
  },
  {
    name: 'mul: int32 wraps around exactly (as NumPy)',
    inputs: [
      input([2147483647, 65536, 65539 * 3, -46341], [4], 'int32'),
      input([2147483647, 65536, 65537 * 5, 46341], [4], 'int32'),
    ],
    op: mul,
    expected: () => out([1, 0, Math.imul(65539 * 3, 65537 * 5), -2147488281 + 4294967296], [4], 'int32'),
  },
  {
    name: 'mul and sub: uint8 wrap around',
    inputs: [input([200, 0, 3], [3], 'uint8'), input([2, 1, 100], [3], 'uint8')],
    op: (a, b) => [mul(a, b), sub(b, a)],
    expected: () => [out([144, 0, 44], [3], 'uint8'), out([58, 1, 97], [3], 'uint8')],
  },
  {
    name: 'pow: IEEE special cases (1^NaN = 1, NaN^0 = 1, (-1)^Inf = 1)',
    inputs: [input([1, nan, -1, -8, 0, 0, 2, -2, 1]), input([nan, 0, inf, 1 / 3, -1, 0, ninf, 3, ninf])],
    op: pow,
    expected: () => out([1, 1, 1, nan, inf, 1, 0, -8, 1], [9]),
  },
  {
    name: 'pow: int32 computes in float32',
    inputs: [input([2, 3, -2], [3], 'int32'), input([3, -1, 2], [3], 'int32')],
    op: pow,
    expected: () => out([8, 1 / 3, 4], [3], 'float32'),
  },
  {
    name: 'maximum and minimum: NaN wins in either position',
    inputs: [input([nan, 1, ninf, nan]), input([1, nan, nan, nan])],
    op: (a, b) => [maximum(a, b), minimum(a, b)],
    expected: () => [out([nan, nan, nan, nan], [4]), out([nan, nan, nan, nan], [4])],
  },
  {
    name: 'maximum: int32 stays int32',
    inputs: [input([-5, 3, 7], [3], 'int32'), input([2, 3, -9], [3], 'int32')],
    op: maximum,
    expected: () => out([2, 3, 7], [3], 'int32'),
  },
  {
    name: 'add: infinities of opposite sign give NaN; 0 * Inf is NaN',
    inputs: [input([inf, 0, inf]), input([ninf, inf, inf])],
    op: (a, b) => [add(a, b), mul(a, b)],
    expected: () => [out([nan, inf, inf], [3]), out([ninf, nan, inf], [3])],
  },
];

/** JavaScript numbers are weak: they adopt the tensor's dtype when they fit it. */
export const weakScalarCases: OpCase[] = [
  {
    name: 'weak scalar: int32 + 2 stays int32',
    inputs: [input([1, -2], [2], 'int32')],
    op: (a) => add(a, 2),
    expected: () => out([3, 0], [2], 'int32'),
  },
  {
    name: 'weak scalar: int32 + 2.5 is float32',
    inputs: [input([1, -2], [2], 'int32')],
    op: (a) => add(a, 2.5),
    expected: () => out([3.5, 0.5], [2], 'float32'),
  },
  {
    name: 'weak scalar: 3 * float64 stays float64',
    inputs: [input([0.1, 0.2], [2], 'float64')],
    op: (a) => mul(3, a),
    expected: () => out([0.30000000000000004, 0.6000000000000001], [2], 'float64'),
  },
  {
    name: 'weak scalar: bool - 1 is int32',
    inputs: [input([true, false], [2], 'bool')],
    op: (a) => sub(a, 1),
    expected: () => out([0, -1], [2], 'int32'),
  },
  {
    name: 'weak scalar: uint8 + 1 stays uint8 and wraps',
    inputs: [input([255, 1], [2], 'uint8')],
    op: (a) => add(a, 1),
    expected: () => out([0, 2], [2], 'uint8'),
  },
  {
    name: 'weak scalar: two numbers give a float32 scalar',
    inputs: [],
    op: () => sub(1, 3),
    expected: () => out([-2], [], 'float32'),
  },
  {
    name: 'nested arrays as operands',
    inputs: [],
    op: () => add([[1], [2]], tensor([10, 20, 30])),
    expected: () => out([11, 21, 31, 12, 22, 32], [2, 3], 'float32'),
  },
];
