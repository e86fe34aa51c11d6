/**
 * Every differentiable op, checked against float64 central differences with `checkGradients`.
 * Inputs stay away from kinks and jumps (0 for abs and relu, ties for max, integers for floor).
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  broadcastTo,
  cast,
  ceil,
  clip,
  concat,
  cos,
  cumsum,
  div,
  erf,
  exp,
  expandDims,
  floor,
  floorDiv,
  gather,
  gelu,
  log,
  log1p,
  logSoftmax,
  matmul,
  max,
  maximum,
  mean,
  memory,
  min,
  minimum,
  mod,
  mul,
  neg,
  norm,
  pad,
  pow,
  prod,
  reciprocal,
  relu,
  reshape,
  round,
  rsqrt,
  scatterAdd,
  sigmoid,
  sign,
  silu,
  sin,
  slice,
  softmax,
  sort,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  type Tensor,
  tanh,
  tile,
  topk,
  transpose,
  variance,
  where,
} from '../../src/index.js';
import { checkGradients, type GradCheckInput } from '../../src/testing/index.js';
import { seeded } from '../helpers/cases.js';

interface GradCase {
  name: string;
  f: (...xs: Tensor[]) => Tensor;
  inputs: GradCheckInput[];
}

let nextSeed = 1;
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Random values in `[lo, hi)`. */
const rnd = (shape: number[], lo = -2, hi = 2): GradCheckInput => ({
  values: seeded(size(shape), nextSeed++, lo, hi),
  shape,
});
/** Random values with `|x|` in `[0.3, 2)`, random sign: away from 0. */
const away = (shape: number[]): GradCheckInput => ({
  values: seeded(size(shape), nextSeed++, 0.3, 2).map((v, i) => ((i * 7 + nextSeed) % 3 === 0 ? -v : v)),
  shape,
});
/** Values `k + frac` for integers k: away from the jumps of floor, ceil and round. */
const offGrid = (shape: number[]): GradCheckInput => ({
  values: seeded(size(shape), nextSeed++, -3, 3).map((v) => Math.floor(v) + 0.2 + 0.6 * (v - Math.floor(v))),
  shape,
});
/** Distinct values (a shuffled grid plus a little noise): no ties for max, sort and topk. */
const distinct = (shape: number[]): GradCheckInput => {
  const n = size(shape);
  const noise = seeded(n, nextSeed++, 0, 0.1);
  const order = seeded(n, nextSeed++, 0, 1)
    .map((u, i) => [u, i] as const)
    .sort((p, q) => p[0] - q[0])
    .map(([, i]) => i);
  return { values: order.map((r, i) => (r - n / 2) * 0.37 + noise[i]!), shape };
};

const unaryCases: GradCase[] = [
  { name: 'abs (away from 0)', f: abs, inputs: [away([2, 3])] },
  { name: 'neg', f: neg, inputs: [rnd([5])] },
  { name: 'sign (zero gradient)', f: sign, inputs: [away([4])] },
  { name: 'exp', f: exp, inputs: [rnd([2, 3])] },
  { name: 'log (positive)', f: log, inputs: [rnd([2, 3], 0.2, 3)] },
  { name: 'log1p (> -1)', f: log1p, inputs: [rnd([5], -0.8, 3)] },
  { name: 'sqrt (positive)', f: sqrt, inputs: [rnd([5], 0.2, 3)] },
  { name: 'rsqrt (positive)', f: rsqrt, inputs: [rnd([5], 0.2, 3)] },
  { name: 'square', f: square, inputs: [rnd([2, 3])] },
  { name: 'reciprocal (away from 0)', f: reciprocal, inputs: [away([5])] },
  { name: 'tanh', f: tanh, inputs: [rnd([5])] },
  { name: 'sigmoid', f: sigmoid, inputs: [rnd([5], -4, 4)] },
  { name: 'relu (away from 0)', f: relu, inputs: [away([2, 3])] },
  { name: 'gelu', f: gelu, inputs: [rnd([7], -3, 3)] },
  { name: 'erf', f: erf, inputs: [rnd([5], -2, 2)] },
  { name: 'silu', f: silu, inputs: [rnd([5], -4, 4)] },
  { name: 'floor (zero gradient off the jumps)', f: floor, inputs: [offGrid([5])] },
  { name: 'ceil (zero gradient off the jumps)', f: ceil, inputs: [offGrid([5])] },
  { name: 'round (zero gradient off the jumps)', f: round, inputs: [offGrid([5])] },
  { name: 'sin', f: sin, inputs: [rnd([5], -4, 4)] },
  { name: 'cos', f: cos, inputs: [rnd([5], -4, 4)] },
  { name: 'scalar input', f: (x) => mul(exp(x), x), inputs: [0.7] },
];

const binaryCases: GradCase[] = [
  { name: 'add, same shape', f: add, inputs: [rnd([2, 3]), rnd([2, 3])] },
  { name: 'add, [3, 1] + [1, 4]', f: add, inputs: [rnd([3, 1]), rnd([1, 4])] },
  { name: 'sub, [2, 3] - [3]', f: sub, inputs: [rnd([2, 3]), rnd([3])] },
  { name: 'sub, [] - [2, 3]', f: sub, inputs: [rnd([]), rnd([2, 3])] },
  { name: 'mul, [2, 1, 3] * [4, 1]', f: mul, inputs: [rnd([2, 1, 3]), rnd([4, 1])] },
  { name: 'mul, [3] * [2, 3] (broadcast on the left)', f: mul, inputs: [rnd([3]), rnd([2, 3])] },
  { name: 'div, [2, 3] / [2, 1]', f: div, inputs: [rnd([2, 3]), away([2, 1])] },
  { name: 'div, [] / [3]', f: div, inputs: [rnd([]), away([3])] },
  { name: 'pow, both arguments (a > 0)', f: pow, inputs: [rnd([2, 3], 0.5, 2), rnd([2, 3], -2, 2)] },
  { name: 'pow, broadcast [3, 1] ** [1, 2]', f: pow, inputs: [rnd([3, 1], 0.5, 2), rnd([1, 2], -1, 3)] },
  { name: 'pow with a constant exponent', f: (a) => pow(a, 3), inputs: [rnd([4])] },
  { name: 'maximum (no ties)', f: maximum, inputs: [distinct([2, 3]), distinct([2, 3])] },
  { name: 'maximum, broadcast [2, 3] and [3]', f: maximum, inputs: [distinct([2, 3]), distinct([3])] },
  { name: 'minimum (no ties)', f: minimum, inputs: [distinct([2, 3]), distinct([2, 3])] },
  {
    name: 'mod (away from its jumps)',
    f: mod,
    inputs: [
      { values: [1.3, 2.7, -1.1, 5.2, -4.4], shape: [5] },
      { values: [0.9, 1.1, 0.7, -1.5, -1.7], shape: [5] },
    ],
  },
  {
    name: 'floorDiv (zero gradient off the jumps)',
    f: floorDiv,
    inputs: [
      { values: [1.3, 2.7, -1.1], shape: [3] },
      { values: [0.9, 1.1, 0.7], shape: [3] },
    ],
  },
  { name: 'the same tensor on both sides (x * x)', f: (x) => mul(x, x), inputs: [rnd([4])] },
];

const selectCases: GradCase[] = [
  {
    name: 'where, both branches',
    f: (a, b) => where([true, false, false, true, true, false], a!, b!),
    inputs: [rnd([6]), rnd([6])],
  },
  {
    name: 'where, broadcast condition [3, 1], a [1, 4], b []',
    f: (a, b) => where([[true], [false], [true]], a!, b!),
    inputs: [rnd([1, 4]), rnd([])],
  },
  {
    name: 'clip (away from the bounds)',
    f: (x) => clip(x, -0.5, 0.5),
    inputs: [{ values: [-1, -0.2, 0.3, 0.9, 0.1], shape: [5] }],
  },
  { name: 'cast float64 -> float64', f: (x) => mul(cast(x, 'float64'), x), inputs: [rnd([3])] },
];

const reduceCases: GradCase[] = [
  { name: 'sum, all axes', f: (x) => sum(x), inputs: [rnd([2, 3, 4])] },
  { name: 'sum, axis 1', f: (x) => sum(x, 1), inputs: [rnd([2, 3, 4])] },
  { name: 'sum, axes [0, 2] keepDims', f: (x) => sum(x, [0, 2], true), inputs: [rnd([2, 3, 4])] },
  { name: 'mean, all axes', f: (x) => mean(x), inputs: [rnd([2, 3])] },
  { name: 'mean, axis -1 keepDims', f: (x) => mean(x, -1, true), inputs: [rnd([2, 3, 4])] },
  { name: 'prod, all axes (nonzero)', f: (x) => prod(x), inputs: [away([2, 3])] },
  { name: 'prod, axis 0', f: (x) => prod(x, 0), inputs: [away([3, 2])] },
  { name: 'prod, axes [1, 2] keepDims', f: (x) => prod(x, [1, 2], true), inputs: [away([2, 2, 2])] },
  { name: 'max, all axes (no ties)', f: (x) => max(x), inputs: [distinct([3, 4])] },
  { name: 'max, axis 1', f: (x) => max(x, 1), inputs: [distinct([3, 4])] },
  { name: 'max, axes [0, 2] keepDims', f: (x) => max(x, [0, 2], true), inputs: [distinct([2, 3, 2])] },
  { name: 'min, axis 0', f: (x) => min(x, 0), inputs: [distinct([3, 4])] },
  { name: 'min, axis -1 keepDims', f: (x) => min(x, -1, true), inputs: [distinct([2, 3, 2])] },
  { name: 'variance, all axes', f: (x) => variance(x), inputs: [rnd([2, 3])] },
  { name: 'variance, axis 1, correction 1', f: (x) => variance(x, 1, false, 1), inputs: [rnd([2, 4])] },
  { name: 'variance, axes [0, 2] keepDims', f: (x) => variance(x, [0, 2], true), inputs: [rnd([2, 3, 2])] },
  { name: 'norm 2', f: (x) => norm(x), inputs: [rnd([2, 3])] },
  { name: "norm 'fro', axis 1", f: (x) => norm(x, 'fro', 1), inputs: [rnd([2, 3])] },
  { name: 'norm 1 (away from 0)', f: (x) => norm(x, 1, 0, true), inputs: [away([3, 2])] },
  { name: "norm 'inf' (no ties in |x|)", f: (x) => norm(x, 'inf', -1), inputs: [distinct([2, 4])] },
];

const matmulCases: GradCase[] = [
  { name: 'matmul [2, 3] x [3, 4]', f: (a, b) => matmul(a, b), inputs: [rnd([2, 3]), rnd([3, 4])] },
  {
    name: 'matmul transposeA',
    f: (a, b) => matmul(a, b, { transposeA: true }),
    inputs: [rnd([3, 2]), rnd([3, 4])],
  },
  {
    name: 'matmul transposeB',
    f: (a, b) => matmul(a, b, { transposeB: true }),
    inputs: [rnd([2, 3]), rnd([4, 3])],
  },
  {
    name: 'matmul transposeA and transposeB',
    f: (a, b) => matmul(a, b, { transposeA: true, transposeB: true }),
    inputs: [rnd([3, 2]), rnd([4, 3])],
  },
  { name: 'matmul batched', f: (a, b) => matmul(a, b), inputs: [rnd([2, 2, 3]), rnd([2, 3, 2])] },
  {
    name: 'matmul batched, both transposed',
    f: (a, b) => matmul(a, b, { transposeA: true, transposeB: true }),
    inputs: [rnd([2, 3, 2]), rnd([2, 2, 3])],
  },
  {
    name: 'matmul broadcast batch [2, 1, 2, 3] x [3, 3, 2]',
    f: (a, b) => matmul(a, b),
    inputs: [rnd([2, 1, 2, 3]), rnd([3, 3, 2])],
  },
  { name: 'matmul matrix x batched', f: (a, b) => matmul(a, b), inputs: [rnd([2, 3]), rnd([2, 3, 2])] },
  {
    name: 'matmul batched x matrix, transposeB',
    f: (a, b) => matmul(a, b, { transposeB: true }),
    inputs: [rnd([2, 2, 3]), rnd([4, 3])],
  },
  { name: 'matmul 1-D x 1-D', f: (a, b) => matmul(a, b), inputs: [rnd([4]), rnd([4])] },
  { name: 'matmul 1-D x 2-D', f: (a, b) => matmul(a, b), inputs: [rnd([3]), rnd([3, 2])] },
  { name: 'matmul 2-D x 1-D', f: (a, b) => matmul(a, b), inputs: [rnd([2, 3]), rnd([3])] },
  { name: 'matmul batched x 1-D', f: (a, b) => matmul(a, b), inputs: [rnd([2, 2, 3]), rnd([3])] },
  { name: 'matmul 1-D x batched', f: (a, b) => matmul(a, b), inputs: [rnd([3]), rnd([2, 3, 2])] },
];

const softmaxCases: GradCase[] = [
  { name: 'softmax, last axis', f: (x) => softmax(x), inputs: [rnd([2, 4])] },
  { name: 'softmax, axis 0', f: (x) => softmax(x, 0), inputs: [rnd([3, 2])] },
  { name: 'softmax, middle axis', f: (x) => softmax(x, 1), inputs: [rnd([2, 3, 2])] },
  { name: 'logSoftmax, last axis', f: (x) => logSoftmax(x), inputs: [rnd([2, 4])] },
  { name: 'logSoftmax, axis 0', f: (x) => logSoftmax(x, 0), inputs: [rnd([3, 2])] },
  { name: 'logSoftmax, middle axis', f: (x) => logSoftmax(x, -2), inputs: [rnd([2, 3, 2])] },
  {
    name: 'cross-entropy: -mean(sum(onehot * logSoftmax))',
    f: (x) =>
      neg(
        mean(
          sum(
            mul(
              [
                [0, 1, 0],
                [1, 0, 0],
              ],
              logSoftmax(x),
            ),
            -1,
          ),
        ),
      ),
    inputs: [rnd([2, 3])],
  },
];

const sortCases: GradCase[] = [
  { name: 'topk values, 1-D', f: (x) => topk(x, 3).values, inputs: [distinct([6])] },
  { name: 'topk values, rows', f: (x) => topk(x, 2).values, inputs: [distinct([3, 4])] },
  {
    name: 'topk smallest, batched',
    f: (x) => topk(x, 2, { largest: false }).values,
    inputs: [distinct([2, 2, 3])],
  },
  { name: 'sort, last axis', f: (x) => sort(x), inputs: [distinct([2, 4])] },
  { name: 'sort, axis 0 (not last)', f: (x) => sort(x, { axis: 0 }), inputs: [distinct([3, 2])] },
  {
    name: 'sort, middle axis, descending',
    f: (x) => sort(x, { axis: 1, descending: true }),
    inputs: [distinct([2, 3, 2])],
  },
  { name: 'cumsum', f: (x) => cumsum(x), inputs: [rnd([2, 4])] },
  { name: 'cumsum exclusive', f: (x) => cumsum(x, -1, { exclusive: true }), inputs: [rnd([2, 4])] },
  { name: 'cumsum reverse', f: (x) => cumsum(x, -1, { reverse: true }), inputs: [rnd([2, 4])] },
  {
    name: 'cumsum exclusive and reverse, axis 0',
    f: (x) => cumsum(x, 0, { exclusive: true, reverse: true }),
    inputs: [rnd([3, 2])],
  },
];

const indexingCases: GradCase[] = [
  { name: 'gather rows', f: (x) => gather(x, [2, 0]), inputs: [rnd([3, 2])] },
  { name: 'gather with duplicate indices', f: (x) => gather(x, [1, 1, 0, 1], 1), inputs: [rnd([2, 3])] },
  {
    name: 'gather with 2-D indices on a middle axis',
    f: (x) =>
      gather(
        x,
        [
          [0, 2],
          [2, 2],
        ],
        1,
      ),
    inputs: [rnd([2, 3, 2])],
  },
  {
    name: 'scatterAdd, x and updates',
    f: (x, u) => scatterAdd(x, [2, 0], u),
    inputs: [rnd([3, 2]), rnd([2, 2])],
  },
  {
    name: 'scatterAdd with duplicate indices, axis 1',
    f: (x, u) => scatterAdd(x, [1, 1, 0], u, 1),
    inputs: [rnd([2, 3]), rnd([2, 3])],
  },
];

const shapeCases: GradCase[] = [
  { name: 'reshape with -1', f: (x) => mul(reshape(x, [3, -1]), [[1], [2], [3]]), inputs: [rnd([2, 3])] },
  { name: 'transpose default', f: (x) => transpose(x), inputs: [rnd([2, 3])] },
  { name: 'transpose perm [2, 0, 1]', f: (x) => transpose(x, [2, 0, 1]), inputs: [rnd([2, 3, 2])] },
  { name: 'expandDims', f: (x) => mul(expandDims(x, 0), [[1], [2]]), inputs: [rnd([3])] },
  { name: 'squeeze', f: (x) => squeeze(x), inputs: [rnd([1, 3, 1])] },
  { name: 'slice with negative begin', f: (x) => slice(x, [-2, 1], [2, 2]), inputs: [rnd([3, 4])] },
  { name: 'slice with size -1', f: (x) => slice(x, [0, 1, 1], [-1, 1, -1]), inputs: [rnd([2, 3, 3])] },
  { name: 'concat along axis 0', f: (a, b) => concat([a!, b!], 0), inputs: [rnd([1, 3]), rnd([2, 3])] },
  {
    name: 'concat along axis 1, three inputs',
    f: (a, b, c) => concat([a!, b!, c!], 1),
    inputs: [rnd([2, 1]), rnd([2, 2]), rnd([2, 3])],
  },
  { name: 'concat of one tensor used twice', f: (a) => concat([a!, a!], -1), inputs: [rnd([2, 2])] },
  { name: 'stack along axis 1', f: (a, b) => stack([a!, b!], 1), inputs: [rnd([2, 3]), rnd([2, 3])] },
  {
    name: 'split, parts weighted differently',
    f: (x) => {
      const [a, b, c] = split(x, [1, 2, 1], 1);
      return concat([mul(a!, 2), b!, mul(c!, -3)], 1);
    },
    inputs: [rnd([2, 4])],
  },
  { name: 'split into equal parts, one unused', f: (x) => split(x, 2, 0)[1]!, inputs: [rnd([4, 2])] },
  {
    name: 'pad',
    f: (x) =>
      pad(
        x,
        [
          [1, 0],
          [2, 1],
        ],
        3,
      ),
    inputs: [rnd([2, 2])],
  },
  { name: 'tile', f: (x) => tile(x, [2, 3]), inputs: [rnd([2, 2])] },
  { name: 'broadcastTo', f: (x) => broadcastTo(x, [2, 3, 4]), inputs: [rnd([3, 1])] },
];

const compositeCases: GradCase[] = [
  {
    name: 'two-layer network with a mean loss',
    f: (x, w1, w2) => mean(square(sub(matmul(tanh(matmul(x!, w1!)), w2!), 0.5))),
    inputs: [rnd([4, 3]), rnd([3, 5]), rnd([5, 2])],
  },
  {
    name: 'layer norm',
    f: (x) => div(sub(x, mean(x, -1, true)), sqrt(add(variance(x, -1, true), 1e-5))),
    inputs: [rnd([2, 5])],
  },
];

const groups: [string, GradCase[]][] = [
  ['unary', unaryCases],
  ['binary', binaryCases],
  ['where, clip, cast', selectCases],
  ['reductions', reduceCases],
  ['matmul', matmulCases],
  ['softmax', softmaxCases],
  ['sort, topk, cumsum', sortCases],
  ['gather, scatterAdd', indexingCases],
  ['shape ops', shapeCases],
  ['composites', compositeCases],
];

for (const [group, cases] of groups) {
  describe(`gradients match finite differences: ${group}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const before = memory().numTensors;
        const report = await checkGradients(c.f, c.inputs);
        expect(report.ok, report.message).toBe(true);
        expect(memory().numTensors, 'the check leaves no tensors behind').toBe(before);
      });
    }
  });
}
