/** Elementwise unary ops: every op on random values, odd shapes, special values and every dtype. */
import {
  abs,
  ceil,
  cos,
  type DType,
  erf,
  exp,
  floor,
  gelu,
  log,
  log1p,
  neg,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  silu,
  sin,
  sqrt,
  square,
  type Tensor,
  tanh,
} from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, scalarInput, seeded } from '../helpers/cases.js';
import { erfRef, roundHalfEvenRef } from '../helpers/reference.js';

interface UnaryOp {
  name: string;
  op: (x: Tensor) => Tensor;
  ref: (x: number) => number;
  /** Computes in float: integer inputs give float32. */
  floatOnly: boolean;
  /** Range of random test values. */
  domain: [number, number];
  /** Special values to check (NaN, infinities, signed zeros, extremes). */
  specials: number[];
}

const ALL_SPECIALS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  1e-30,
  -1e30,
  3e38,
];
const sigmoidRef = (x: number) => 1 / (1 + Math.exp(-x));

export const UNARY_OPS: readonly UnaryOp[] = [
  { name: 'abs', op: abs, ref: Math.abs, floatOnly: false, domain: [-5, 5], specials: ALL_SPECIALS },
  { name: 'neg', op: neg, ref: (x) => -x, floatOnly: false, domain: [-5, 5], specials: ALL_SPECIALS },
  {
    name: 'sign',
    op: sign,
    ref: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
    floatOnly: false,
    domain: [-5, 5],
    specials: ALL_SPECIALS,
  },
  { name: 'exp', op: exp, ref: Math.exp, floatOnly: true, domain: [-10, 10], specials: ALL_SPECIALS },
  { name: 'log', op: log, ref: Math.log, floatOnly: true, domain: [0.01, 100], specials: ALL_SPECIALS },
  { name: 'log1p', op: log1p, ref: Math.log1p, floatOnly: true, domain: [-0.99, 10], specials: ALL_SPECIALS },
  { name: 'sqrt', op: sqrt, ref: Math.sqrt, floatOnly: true, domain: [0, 100], specials: ALL_SPECIALS },
  {
    name: 'rsqrt',
    op: rsqrt,
    ref: (x) => 1 / Math.sqrt(x),
    floatOnly: true,
    domain: [0.01, 100],
    specials: ALL_SPECIALS,
  },
  {
    name: 'square',
    op: square,
    ref: (x) => x * x,
    floatOnly: false,
    domain: [-10, 10],
    specials: ALL_SPECIALS,
  },
  {
    name: 'reciprocal',
    op: reciprocal,
    ref: (x) => 1 / x,
    floatOnly: true,
    domain: [0.1, 10],
    specials: ALL_SPECIALS,
  },
  {
    name: 'tanh',
    op: tanh,
    // (e^2x - 1) / (e^2x + 1), with the saturated ends written out
    ref: (x) => (x > 20 ? 1 : x < -20 ? -1 : x === 0 ? x : (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)),
    floatOnly: true,
    domain: [-5, 5],
    specials: ALL_SPECIALS,
  },
  {
    name: 'sigmoid',
    op: sigmoid,
    ref: sigmoidRef,
    floatOnly: true,
    domain: [-10, 10],
    specials: ALL_SPECIALS,
  },
  {
    name: 'relu',
    op: relu,
    ref: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
    floatOnly: false,
    domain: [-5, 5],
    specials: ALL_SPECIALS,
  },
  {
    name: 'gelu',
    op: gelu,
    // the limits at +-Infinity: x and 0 (not -Infinity * 0 = NaN)
    ref: (x) =>
      x === Number.POSITIVE_INFINITY
        ? x
        : x === Number.NEGATIVE_INFINITY
          ? 0
          : 0.5 * x * (1 + erfRef(x / Math.SQRT2)),
    floatOnly: true,
    domain: [-5, 5],
    specials: ALL_SPECIALS,
  },
  { name: 'erf', op: erf, ref: erfRef, floatOnly: true, domain: [-4, 4], specials: ALL_SPECIALS },
  {
    name: 'silu',
    op: silu,
    ref: (x) =>
      x === Number.POSITIVE_INFINITY ? x : x === Number.NEGATIVE_INFINITY ? 0 : x / (1 + Math.exp(-x)),
    floatOnly: true,
    domain: [-8, 8],
    specials: ALL_SPECIALS,
  },
  { name: 'floor', op: floor, ref: Math.floor, floatOnly: false, domain: [-5, 5], specials: ALL_SPECIALS },
  { name: 'ceil', op: ceil, ref: Math.ceil, floatOnly: false, domain: [-5, 5], specials: ALL_SPECIALS },
  {
    name: 'round',
    op: round,
    ref: roundHalfEvenRef,
    floatOnly: false,
    domain: [-5, 5],
    specials: ALL_SPECIALS,
  },
  { name: 'sin', op: sin, ref: Math.sin, floatOnly: true, domain: [-7, 7], specials: ALL_SPECIALS },
  { name: 'cos', op: cos, ref: Math.cos, floatOnly: true, domain: [-7, 7], specials: ALL_SPECIALS },
];

function outDType(u: UnaryOp, d: DType): DType {
  if (u.floatOnly) return d === 'float64' ? 'float64' : 'float32';
  return d === 'bool' ? 'int32' : d;
}

function unaryCase(u: UnaryOp, label: string, x: InputSpec): OpCase {
  return {
    name: `${u.name}: ${label}`,
    inputs: [x],
    op: u.op,
    expected: (v) => out(Array.from(v, u.ref), x.shape, outDType(u, x.dtype)),
  };
}

export const unaryCases: OpCase[] = UNARY_OPS.flatMap((u, k) => {
  const [lo, hi] = u.domain;
  return [
    unaryCase(u, 'float32 [17]', input(seeded(17, 100 + k, lo, hi))),
    unaryCase(u, 'float32 [3, 1]', input(seeded(3, 200 + k, lo, hi), [3, 1])),
    unaryCase(u, 'float32 [2, 1, 3]', input(seeded(6, 300 + k, lo, hi), [2, 1, 3])),
    unaryCase(u, 'scalar', scalarInput(seeded(1, 400 + k, lo, hi)[0]!)),
    unaryCase(u, 'size 0 [0, 3]', input([], [0, 3])),
    unaryCase(u, 'size 0 [4, 0]', input([], [4, 0])),
    unaryCase(u, 'NaN, infinities, zeros, extremes', input(u.specials)),
    unaryCase(u, 'float64 [5]', input(seeded(5, 500 + k, lo, hi), [5], 'float64')),
    unaryCase(u, 'int32', input([-3, -1, 0, 2, 7, 46341], [2, 3], 'int32')),
    unaryCase(u, 'uint8', input([0, 1, 2, 255], [4], 'uint8')),
    unaryCase(u, 'bool', input([true, false, true], [3], 'bool')),
  ];
});

/** Known values, written out. */
export const unaryKnownValueCases: OpCase[] = [
  {
    name: 'gelu: exact values (x * Phi(x))',
    inputs: [input([1, -1, 2, 0.5, 0, -3], [6], 'float64')],
    op: gelu,
    expected: () =>
      out(
        [
          0.8413447460685429, -0.15865525393145705, 1.9544997361036416, 0.34573123063700656, 0,
          -0.00404969409489031,
        ],
        [6],
        'float64',
      ),
  },
  {
    name: 'gelu: float32 known values',
    inputs: [input([1, -1, 2])],
    op: gelu,
    expected: () => out([0.8413447460685429, -0.15865525393145705, 1.9544997361036416], [3]),
  },
  {
    name: 'erf: known values',
    inputs: [input([0.5, 1, 2, 3, -1, 0, 0.1, 4, -6], [9], 'float64')],
    op: erf,
    expected: () =>
      out(
        [
          0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014, -0.8427007929497149,
          0, 0.1124629160182849, 0.9999999845827421, -1,
        ],
        [9],
        'float64',
      ),
  },
  {
    name: 'round: half to even',
    inputs: [input([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 3.5, -3.5, 0.49999997, 1e7 + 1])],
    op: round,
    expected: () => out([0, 2, 2, -0, -2, -2, 2, 3, -3, 4, -4, 0, 1e7 + 1], [13]),
  },
  {
    name: 'round: float64 half to even',
    inputs: [
      input([0.5, 1.5, 2.5, 4503599627370495.5, -4503599627370495.5, 0.49999999999999994], [6], 'float64'),
    ],
    op: round,
    expected: () => out([0, 2, 2, 4503599627370496, -4503599627370496, 0], [6], 'float64'),
  },
  {
    name: 'relu: NaN stays NaN, -0 and -Infinity give 0',
    inputs: [input([Number.NaN, -0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -2, 3])],
    op: relu,
    expected: () => out([Number.NaN, 0, 0, Number.POSITIVE_INFINITY, 0, 3], [6]),
  },
  {
    name: 'sigmoid: saturates without overflow',
    inputs: [input([-1000, -100, 0, 100, 1000], [5], 'float64')],
    op: sigmoid,
    expected: () => out([0, 3.720075976020836e-44, 0.5, 1, 1], [5], 'float64'),
  },
  {
    name: 'neg: uint8 wraps around',
    inputs: [input([1, 0, 255], [3], 'uint8')],
    op: neg,
    expected: () => out([255, 0, 1], [3], 'uint8'),
  },
  {
    name: 'abs: bool becomes int32',
    inputs: [input([true, false], [2], 'bool')],
    op: abs,
    expected: () => out([1, 0], [2], 'int32'),
  },
  {
    name: 'exp: int32 computes in float32',
    inputs: [input([0, 1, 2], [3], 'int32')],
    op: exp,
    expected: () => out([1, Math.E, Math.E * Math.E], [3], 'float32'),
  },
];
