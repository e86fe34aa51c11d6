/**
 * Every validation branch of the public ops (src/ops/*.ts) and random draws (src/random/*.ts), with the
 * shape helpers they share: the error code, and a message naming the function and the argument.
 * Each call runs inside `tidy`, so a failing call must not leak what it made before throwing.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  all,
  any,
  arange,
  argmax,
  argmin,
  argsort,
  broadcastTo,
  cast,
  clip,
  concat,
  cumsum,
  expandDims,
  eye,
  full,
  gather,
  isSparselandError,
  linspace,
  logSoftmax,
  matmul,
  max,
  mean,
  memory,
  min,
  mul,
  norm,
  oneHot,
  ones,
  onesLike,
  pad,
  prod,
  random,
  relu,
  reshape,
  scalar,
  scatterAdd,
  slice,
  softmax,
  sort,
  split,
  squeeze,
  stack,
  sum,
  type Tensor,
  tensor,
  tidy,
  tile,
  topk,
  transpose,
  variable,
  variance,
  where,
  zeros,
  zerosLike,
} from '../../src/index.js';

type Code = 'INVALID_ARGUMENT' | 'SHAPE_MISMATCH' | 'DTYPE_MISMATCH' | 'OUT_OF_RANGE' | 'DISPOSED';

/** [what is wrong, function named in the message, argument named (exact, or a pattern), code, the call]. */
type Row = [string, string, string | RegExp, Code, () => unknown];

const x23 = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const v3 = () => tensor([1, 2, 3]);
const disposed = (): Tensor => {
  const t = tensor([1, 2]);
  t.dispose();
  return t;
};
const bad = <T>(v: unknown) => v as T;

const creation: Row[] = [
  ['a ragged nested array', 'tensor', 'values[1]', 'SHAPE_MISMATCH', () => tensor([[1, 2], [3]])],
  ['an array where a number belongs', 'tensor', 'values[1]', 'INVALID_ARGUMENT', () => tensor(bad([1, [2]]))],
  ['a string element', 'tensor', 'values[0]', 'INVALID_ARGUMENT', () => tensor(bad(['a']))],
  ['a string', 'tensor', 'values', 'INVALID_ARGUMENT', () => tensor(bad('abc'))],
  ['null', 'tensor', 'values', 'INVALID_ARGUMENT', () => tensor(bad(null))],
  ['an unknown dtype', 'tensor', 'dtype', 'INVALID_ARGUMENT', () => tensor([1], { dtype: bad('float16') })],
  [
    'a shape that does not fit the values',
    'tensor',
    'shape',
    'SHAPE_MISMATCH',
    () => tensor([1, 2, 3], { shape: [2, 2] }),
  ],
  ['a negative shape', 'tensor', 'shape', 'INVALID_ARGUMENT', () => tensor([1], { shape: [-1] })],
  ['an unknown dtype', 'scalar', 'dtype', 'INVALID_ARGUMENT', () => scalar(1, bad('half'))],
  ['a non-integer dimension', 'zeros', 'shape', 'INVALID_ARGUMENT', () => zeros([2.5])],
  ['a shape that is not an array', 'full', 'shape', 'INVALID_ARGUMENT', () => full(bad(3), 1)],
  ['an unknown dtype', 'full', 'dtype', 'INVALID_ARGUMENT', () => full([2], 1, bad('complex64'))],
  ['an unknown dtype', 'zeros', 'dtype', 'INVALID_ARGUMENT', () => zeros([2], bad('float16'))],
  ['an unknown dtype', 'ones', 'dtype', 'INVALID_ARGUMENT', () => ones([2], bad('int64'))],
  ['a disposed tensor', 'zerosLike', '', 'DISPOSED', () => zerosLike(disposed())],
  ['a disposed tensor', 'onesLike', '', 'DISPOSED', () => onesLike(disposed())],
  ['an infinite stop', 'arange', 'stop', 'INVALID_ARGUMENT', () => arange(0, Number.POSITIVE_INFINITY)],
  ['a NaN start', 'arange', 'start', 'INVALID_ARGUMENT', () => arange(Number.NaN, 5)],
  ['an infinite step', 'arange', 'step', 'INVALID_ARGUMENT', () => arange(0, 5, Number.POSITIVE_INFINITY)],
  ['a zero step', 'arange', 'step', 'INVALID_ARGUMENT', () => arange(0, 5, 0)],
  ['an unknown dtype', 'arange', 'dtype', 'INVALID_ARGUMENT', () => arange(0, 5, 1, bad('x'))],
  ['a NaN start', 'linspace', 'start', 'INVALID_ARGUMENT', () => linspace(Number.NaN, 1, 3)],
  [
    'an infinite stop',
    'linspace',
    'stop',
    'INVALID_ARGUMENT',
    () => linspace(0, Number.NEGATIVE_INFINITY, 3),
  ],
  ['a negative count', 'linspace', 'num', 'INVALID_ARGUMENT', () => linspace(0, 1, -1)],
  ['a fractional count', 'linspace', 'num', 'INVALID_ARGUMENT', () => linspace(0, 1, 2.5)],
  ['an unknown dtype', 'linspace', 'dtype', 'INVALID_ARGUMENT', () => linspace(0, 1, 2, bad('x'))],
  ['a negative size', 'eye', 'n, m', 'INVALID_ARGUMENT', () => eye(-1)],
  ['a fractional column count', 'eye', 'n, m', 'INVALID_ARGUMENT', () => eye(2, 1.5)],
  ['an unknown dtype', 'eye', 'dtype', 'INVALID_ARGUMENT', () => eye(2, 2, bad('x'))],
  ['a disposed init', 'variable', '', 'DISPOSED', () => variable(disposed())],
  ['a ragged init', 'variable', 'init[1]', 'SHAPE_MISMATCH', () => variable([[1], [2, 3]])],
];

const elementwise: Row[] = [
  ['shapes that do not broadcast', 'add', 'a, b', 'SHAPE_MISMATCH', () => add(x23(), tensor([1, 2]))],
  [
    'ranks whose trailing axes differ',
    'mul',
    'a, b',
    'SHAPE_MISMATCH',
    () => mul(zeros([2, 1, 3]), zeros([2, 2])),
  ],
  ['a ragged JavaScript operand', 'add', 'b[1]', 'SHAPE_MISMATCH', () => add(v3(), [[1, 2], [3]])],
  ['a string operand', 'mul', 'b', 'INVALID_ARGUMENT', () => mul(v3(), bad('2'))],
  ['a disposed operand', 'add', '', 'DISPOSED', () => add(disposed(), 1)],
  ['a null input', 'relu', 'x', 'INVALID_ARGUMENT', () => relu(bad(null))],
  ['a disposed input', 'relu', '', 'DISPOSED', () => relu(disposed())],
  ['an unknown dtype', 'cast', 'dtype', 'INVALID_ARGUMENT', () => cast(v3(), bad('float16'))],
  ['min greater than max', 'clip', 'min, max', 'INVALID_ARGUMENT', () => clip(v3(), 1, 0)],
  ['a NaN bound', 'clip', 'min, max', 'INVALID_ARGUMENT', () => clip(v3(), Number.NaN, 1)],
  [
    'a condition that does not broadcast with a',
    'where',
    'condition, a',
    'SHAPE_MISMATCH',
    () => where([true, false], v3(), 0),
  ],
  [
    'b that does not broadcast with condition and a',
    'where',
    'condition/a, b',
    'SHAPE_MISMATCH',
    () => where([true, false, true], v3(), [1, 2]),
  ],
];

const reductions: Row[] = [
  ['an axis past the rank', 'sum', 'axis', 'OUT_OF_RANGE', () => sum(x23(), 2)],
  ['an axis below -rank', 'mean', 'axis', 'OUT_OF_RANGE', () => mean(x23(), -3)],
  ['a fractional axis', 'prod', 'axis', 'OUT_OF_RANGE', () => prod(x23(), 0.5)],
  ['the same axis twice', 'max', 'axis', 'INVALID_ARGUMENT', () => max(x23(), [0, 0])],
  ['the same axis twice, once negative', 'min', 'axis', 'INVALID_ARGUMENT', () => min(x23(), [1, -1])],
  ['an axis of a scalar', 'any', 'axis', 'OUT_OF_RANGE', () => any(scalar(1), 0)],
  ['an axis past the rank', 'all', 'axis', 'OUT_OF_RANGE', () => all(v3(), [0, 1])],
  ['an axis past the rank', 'variance', 'axis', 'OUT_OF_RANGE', () => variance(x23(), 5)],
  ['an unknown order', 'norm', 'ord', 'INVALID_ARGUMENT', () => norm(v3(), bad(3))],
  ['an axis past the rank', 'norm', 'axis', 'OUT_OF_RANGE', () => norm(v3(), 2, 1)],
  ['an empty axis', 'argmax', 'x', 'SHAPE_MISMATCH', () => argmax(zeros([0, 3]), 0)],
  ['an empty axis', 'argmin', 'x', 'SHAPE_MISMATCH', () => argmin(zeros([2, 0]))],
  ['an axis past the rank', 'argmax', 'axis', 'OUT_OF_RANGE', () => argmax(x23(), 2)],
  ['a scalar (no axis to reduce)', 'argmin', 'axis', 'OUT_OF_RANGE', () => argmin(scalar(1))],
];

const matmuls: Row[] = [
  ['a scalar a', 'matmul', 'a', 'SHAPE_MISMATCH', () => matmul(scalar(2), x23())],
  ['a scalar b', 'matmul', 'b', 'SHAPE_MISMATCH', () => matmul(x23(), 2)],
  ['inner dimensions that differ', 'matmul', 'b', 'SHAPE_MISMATCH', () => matmul(x23(), zeros([2, 2]))],
  [
    'inner dimensions that differ after transposeA',
    'matmul',
    'b',
    'SHAPE_MISMATCH',
    () => matmul(x23(), zeros([3, 2]), { transposeA: true }),
  ],
  ['vectors of different lengths', 'matmul', 'b', 'SHAPE_MISMATCH', () => matmul(v3(), zeros([2]))],
  [
    'batch dimensions that do not broadcast',
    'matmul',
    'a (batch), b (batch)',
    'SHAPE_MISMATCH',
    () => matmul(zeros([2, 2, 3]), zeros([3, 3, 2])),
  ],
];

const softmaxes: Row[] = [
  ['an axis past the rank', 'softmax', 'axis', 'OUT_OF_RANGE', () => softmax(x23(), 2)],
  ['a scalar', 'logSoftmax', 'axis', 'OUT_OF_RANGE', () => logSoftmax(scalar(1))],
];

const sorting: Row[] = [
  ['a scalar', 'topk', 'x', 'SHAPE_MISMATCH', () => topk(scalar(1), 1)],
  ['k larger than the last axis', 'topk', 'k', 'OUT_OF_RANGE', () => topk(v3(), 4)],
  ['a negative k', 'topk', 'k', 'OUT_OF_RANGE', () => topk(v3(), -1)],
  ['a fractional k', 'topk', 'k', 'OUT_OF_RANGE', () => topk(v3(), 1.5)],
  ['a scalar', 'sort', 'x', 'SHAPE_MISMATCH', () => sort(scalar(1))],
  ['an axis past the rank', 'sort', 'axis', 'OUT_OF_RANGE', () => sort(x23(), { axis: 2 })],
  ['a scalar', 'argsort', 'x', 'SHAPE_MISMATCH', () => argsort(scalar(1))],
  ['an axis below -rank', 'argsort', 'axis', 'OUT_OF_RANGE', () => argsort(v3(), { axis: -2 })],
  ['a scalar', 'cumsum', 'x', 'SHAPE_MISMATCH', () => cumsum(scalar(1))],
  ['an axis past the rank', 'cumsum', 'axis', 'OUT_OF_RANGE', () => cumsum(x23(), 2)],
];

const indexing: Row[] = [
  ['float indices', 'gather', 'indices', 'DTYPE_MISMATCH', () => gather(v3(), tensor([0.5]))],
  ['fractional JavaScript indices', 'gather', 'indices', 'INVALID_ARGUMENT', () => gather(v3(), [0, 1.5])],
  [
    'fractional nested indices',
    'scatterAdd',
    'indices',
    'INVALID_ARGUMENT',
    () => scatterAdd(v3(), [[0.5]], [[1]]),
  ],
  ['fractional indices', 'oneHot', 'indices', 'INVALID_ARGUMENT', () => oneHot(new Float32Array([1.25]), 3)],
  [
    'an index past the axis',
    'gather',
    'indices (flat position 1)',
    'OUT_OF_RANGE',
    () => gather(v3(), [0, 3]),
  ],
  ['a negative index', 'gather', 'indices (flat position 0)', 'OUT_OF_RANGE', () => gather(x23(), [-1], 1)],
  [
    // 2^16 indices and more are bounds-checked by reductions first, then scanned to name the position
    'an index past the axis among 70 000',
    'gather',
    'indices (flat position 65600)',
    'OUT_OF_RANGE',
    () =>
      gather(
        v3(),
        Int32Array.from({ length: 70_000 }, (_, i) => (i === 65_600 ? 3 : i % 3)),
      ),
  ],
  [
    'a negative index among 70 000',
    'scatterAdd',
    'indices (flat position 69999)',
    'OUT_OF_RANGE',
    () =>
      scatterAdd(
        v3(),
        Int32Array.from({ length: 70_000 }, (_, i) => (i === 69_999 ? -1 : i % 3)),
        new Float32Array(70_000),
      ),
  ],
  ['an axis past the rank', 'gather', 'axis', 'OUT_OF_RANGE', () => gather(x23(), [0], 2)],
  ['a scalar x', 'gather', 'axis', 'OUT_OF_RANGE', () => gather(scalar(1), [0])],
  ['a disposed x', 'gather', '', 'DISPOSED', () => gather(disposed(), [0])],
  ['float indices', 'scatterAdd', 'indices', 'DTYPE_MISMATCH', () => scatterAdd(v3(), tensor([1]), [1])],
  [
    'an index past the axis',
    'scatterAdd',
    'indices (flat position 0)',
    'OUT_OF_RANGE',
    () => scatterAdd(v3(), [3], [1]),
  ],
  ['an axis past the rank', 'scatterAdd', 'axis', 'OUT_OF_RANGE', () => scatterAdd(v3(), [0], [1], 1)],
  [
    'updates of the wrong shape',
    'scatterAdd',
    'updates',
    'SHAPE_MISMATCH',
    () => scatterAdd(x23(), [0], [1, 2, 3]),
  ],
  [
    'updates of another dtype',
    'scatterAdd',
    'updates',
    'DTYPE_MISMATCH',
    () => scatterAdd(v3(), [0], tensor([1], { dtype: 'int32' })),
  ],
  ['float indices', 'oneHot', 'indices', 'DTYPE_MISMATCH', () => oneHot(tensor([1]), 3)],
  ['a negative depth', 'oneHot', 'depth', 'INVALID_ARGUMENT', () => oneHot([0], -1)],
  ['a fractional depth', 'oneHot', 'depth', 'INVALID_ARGUMENT', () => oneHot([0], 2.5)],
  ['an unknown dtype', 'oneHot', 'dtype', 'INVALID_ARGUMENT', () => oneHot([0], 2, { dtype: bad('x') })],
];

const shapes: Row[] = [
  ['a shape with -2', 'reshape', 'shape', 'INVALID_ARGUMENT', () => reshape(v3(), [-2, 3])],
  ['a shape that is not an array', 'reshape', 'shape', 'INVALID_ARGUMENT', () => reshape(v3(), bad('3'))],
  ['two -1 entries', 'reshape', 'shape', 'SHAPE_MISMATCH', () => reshape(arange(6), [-1, -1])],
  ['-1 that leaves a fraction', 'reshape', 'shape', 'SHAPE_MISMATCH', () => reshape(arange(6), [4, -1])],
  ['-1 next to a 0', 'reshape', 'shape', 'SHAPE_MISMATCH', () => reshape(zeros([0, 3]), [0, -1])],
  ['a different size', 'reshape', 'shape', 'SHAPE_MISMATCH', () => reshape(arange(6), [4, 2])],
  ['a repeated axis', 'transpose', 'perm', 'INVALID_ARGUMENT', () => transpose(x23(), [0, 0])],
  ['too few axes', 'transpose', 'perm', 'INVALID_ARGUMENT', () => transpose(x23(), [0])],
  ['an axis past the rank', 'transpose', 'perm', 'OUT_OF_RANGE', () => transpose(x23(), [0, 2])],
  ['an axis past rank + 1', 'expandDims', 'axis', 'OUT_OF_RANGE', () => expandDims(v3(), 2)],
  ['an axis of size 2', 'squeeze', 'axis', 'SHAPE_MISMATCH', () => squeeze(zeros([2, 1]), 0)],
  ['an axis past the rank', 'squeeze', 'axis', 'OUT_OF_RANGE', () => squeeze(zeros([2, 1]), 2)],
  ['more begin entries than the rank', 'slice', 'begin', 'SHAPE_MISMATCH', () => slice(v3(), [0, 0])],
  ['more size entries than the rank', 'slice', 'begin', 'SHAPE_MISMATCH', () => slice(v3(), [0], [1, 1])],
  ['a begin past the end', 'slice', 'begin[0]', 'OUT_OF_RANGE', () => slice(v3(), [4])],
  ['a begin before -size', 'slice', 'begin[1]', 'OUT_OF_RANGE', () => slice(x23(), [0, -4])],
  ['a fractional begin', 'slice', 'begin[0]', 'OUT_OF_RANGE', () => slice(v3(), 0.5)],
  ['a size past the end', 'slice', 'size[0]', 'OUT_OF_RANGE', () => slice(v3(), [1], [3])],
  ['a size of -2', 'slice', 'size[1]', 'OUT_OF_RANGE', () => slice(x23(), [0, 0], [1, -2])],
  ['an empty list', 'concat', 'tensors', 'INVALID_ARGUMENT', () => concat([])],
  ['a non-array', 'concat', 'tensors', 'INVALID_ARGUMENT', () => concat(bad(v3()))],
  ['scalars', 'concat', 'tensors[0]', 'SHAPE_MISMATCH', () => concat([scalar(1), scalar(2)])],
  ['an axis past the rank', 'concat', 'axis', 'OUT_OF_RANGE', () => concat([v3(), v3()], 1)],
  [
    'mixed dtypes',
    'concat',
    'tensors[1]',
    'DTYPE_MISMATCH',
    () => concat([v3(), tensor([1], { dtype: 'int32' })]),
  ],
  [
    'other dimensions that differ',
    'concat',
    'tensors[1]',
    'SHAPE_MISMATCH',
    () => concat([x23(), zeros([2, 2])]),
  ],
  ['ranks that differ', 'concat', 'tensors[1]', 'SHAPE_MISMATCH', () => concat([x23(), v3()], 0)],
  [
    'a ragged JavaScript tensor',
    'concat',
    'tensors[1][1]',
    'SHAPE_MISMATCH',
    () => concat([x23(), [[1], [2, 3]]]),
  ],
  ['an empty list', 'stack', 'tensors', 'INVALID_ARGUMENT', () => stack([])],
  ['shapes that differ', 'stack', 'tensors[1]', 'SHAPE_MISMATCH', () => stack([v3(), zeros([2])])],
  [
    'mixed dtypes',
    'stack',
    'tensors[1]',
    'DTYPE_MISMATCH',
    () => stack([v3(), tensor([1, 2, 3], { dtype: 'int32' })]),
  ],
  ['an axis past rank + 1', 'stack', 'axis', 'OUT_OF_RANGE', () => stack([v3(), v3()], 2)],
  [
    'a count that does not divide the axis',
    'split',
    'sizesOrCount',
    'SHAPE_MISMATCH',
    () => split(arange(6), 4),
  ],
  ['a count of 0', 'split', 'sizesOrCount', 'SHAPE_MISMATCH', () => split(arange(6), 0)],
  [
    'sizes that do not sum to the axis',
    'split',
    'sizesOrCount',
    'SHAPE_MISMATCH',
    () => split(arange(6), [1, 2]),
  ],
  ['a negative size', 'split', 'sizesOrCount', 'SHAPE_MISMATCH', () => split(arange(6), [7, -1])],
  ['an axis past the rank', 'split', 'axis', 'OUT_OF_RANGE', () => split(arange(6), 2, 1)],
  ['too few pairs', 'pad', 'paddings', 'INVALID_ARGUMENT', () => pad(x23(), [[1, 1]])],
  ['a negative padding', 'pad', 'paddings', 'INVALID_ARGUMENT', () => pad(v3(), [[-1, 0]])],
  ['a pair of one number', 'pad', 'paddings', 'INVALID_ARGUMENT', () => pad(v3(), bad([[1]]))],
  ['a negative repetition', 'tile', 'reps', 'INVALID_ARGUMENT', () => tile(v3(), [-1])],
  ['too few repetitions', 'tile', 'reps', 'SHAPE_MISMATCH', () => tile(x23(), [2])],
  ['a negative dimension', 'broadcastTo', 'shape', 'INVALID_ARGUMENT', () => broadcastTo(v3(), [-1, 3])],
  ['a lower rank', 'broadcastTo', 'shape', 'SHAPE_MISMATCH', () => broadcastTo(x23(), [3])],
  ['a shape out of reach', 'broadcastTo', 'shape', 'SHAPE_MISMATCH', () => broadcastTo(v3(), [2, 4])],
];

const randoms: Row[] = [
  ['a negative seed', 'Rng', 'seed', 'INVALID_ARGUMENT', () => new random.Rng(-1)],
  ['a fractional seed', 'Rng', 'seed', 'INVALID_ARGUMENT', () => new random.Rng(1.5)],
  ['an unsafe seed', 'Rng', 'seed', 'INVALID_ARGUMENT', () => new random.Rng(2 ** 53)],
  ['no seed or generator', 'random.uniform', 'opts', 'INVALID_ARGUMENT', () => random.uniform([2], bad({}))],
  [
    'a negative dimension',
    'random.uniform',
    'shape',
    'INVALID_ARGUMENT',
    () => random.uniform([-2], { seed: 1 }),
  ],
  [
    'low above high',
    'random.uniform',
    'low, high',
    'INVALID_ARGUMENT',
    () => random.uniform([2], { seed: 1, low: 2, high: 1 }),
  ],
  [
    'an infinite high',
    'random.uniform',
    'low, high',
    'INVALID_ARGUMENT',
    () => random.uniform([2], { seed: 1, high: Number.POSITIVE_INFINITY }),
  ],
  [
    'an integer dtype',
    'random.uniform',
    'dtype',
    'DTYPE_MISMATCH',
    () => random.uniform([2], { seed: 1, dtype: 'int32' }),
  ],
  [
    'no seed or generator',
    'random.normal',
    'opts',
    'INVALID_ARGUMENT',
    () => random.normal([2], bad(undefined)),
  ],
  [
    'a fractional dimension',
    'random.normal',
    'shape',
    'INVALID_ARGUMENT',
    () => random.normal([1.5], { seed: 1 }),
  ],
  [
    'a negative std',
    'random.normal',
    'std',
    'INVALID_ARGUMENT',
    () => random.normal([2], { seed: 1, std: -1 }),
  ],
  [
    'a NaN mean',
    'random.normal',
    'std',
    'INVALID_ARGUMENT',
    () => random.normal([2], { seed: 1, mean: Number.NaN }),
  ],
  [
    'a bool dtype',
    'random.normal',
    'dtype',
    'DTYPE_MISMATCH',
    () => random.normal([2], { seed: 1, dtype: 'bool' }),
  ],
  [
    'rank-3 logits',
    'random.categorical',
    'logits',
    'SHAPE_MISMATCH',
    () => random.categorical(zeros([2, 2, 2]), 1, { seed: 1 }),
  ],
  [
    'scalar logits',
    'random.categorical',
    'logits',
    'SHAPE_MISMATCH',
    () => random.categorical(scalar(0), 1, { seed: 1 }),
  ],
  [
    'a negative sample count',
    'random.categorical',
    'numSamples',
    'INVALID_ARGUMENT',
    () => random.categorical([0, 1], -1, { seed: 1 }),
  ],
  [
    'a fractional sample count',
    'random.categorical',
    'numSamples',
    'INVALID_ARGUMENT',
    () => random.categorical([0, 1], 1.5, { seed: 1 }),
  ],
  [
    'no seed or generator',
    'random.categorical',
    'opts',
    'INVALID_ARGUMENT',
    () => random.categorical([0, 1], 1, bad({})),
  ],
  [
    'a row of -Infinity',
    'random.categorical',
    'logits (row 1)',
    'INVALID_ARGUMENT',
    () =>
      random.categorical(
        [
          [0, 0],
          [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
        ],
        1,
        { seed: 1 },
      ),
  ],
  [
    'a NaN logit',
    'random.categorical',
    'logits (row 0)',
    'INVALID_ARGUMENT',
    () => random.categorical([Number.NaN, 0], 1, { seed: 1 }),
  ],
  [
    'a +Infinity logit',
    'random.categorical',
    'logits (row 0)',
    'INVALID_ARGUMENT',
    () => random.categorical([Number.POSITIVE_INFINITY, 0], 1, { seed: 1 }),
  ],
  ['a negative n', 'random.permutation', 'n', 'INVALID_ARGUMENT', () => random.permutation(-1, { seed: 1 })],
  [
    'a fractional n',
    'random.permutation',
    'n',
    'INVALID_ARGUMENT',
    () => random.permutation(2.5, { seed: 1 }),
  ],
  [
    'no seed or generator',
    'random.permutation',
    'opts',
    'INVALID_ARGUMENT',
    () => random.permutation(3, bad({ seed: '1' })),
  ],
];

const groups: [string, Row[]][] = [
  ['creation', creation],
  ['elementwise', elementwise],
  ['reductions', reductions],
  ['matmul', matmuls],
  ['softmax', softmaxes],
  ['sort, topk, cumsum', sorting],
  ['gather, scatterAdd, oneHot', indexing],
  ['shape ops', shapes],
  ['random', randoms],
];

for (const [group, rows] of groups) {
  describe(`validation errors: ${group}`, () => {
    const seen = new Set<string>();
    for (const [what, fn, arg, code, call] of rows) {
      const name = `${fn}: ${what}`;
      if (seen.has(name)) throw new Error(`duplicate row '${name}'`);
      seen.add(name);
      it(name, () => {
        const before = memory().numTensors;
        let error: unknown;
        try {
          tidy(call);
        } catch (e) {
          error = e;
        }
        if (!isSparselandError(error)) throw new Error(`expected a SparselandError, got ${String(error)}`);
        expect(error.code).toBe(`SPARSELAND__CORE__${code}`);
        if (code === 'DISPOSED') {
          expect(error.message).toMatch(new RegExp(`^${escapeRegExp(fn)}: tensor #\\d+ was disposed`));
        } else {
          const ctx = error.context as { fn: string; arg: string };
          expect(ctx.fn).toBe(fn);
          expect(ctx.arg).toBe(arg);
          expect(error.message.startsWith(`${fn}: argument '${arg}' must `)).toBe(true);
          expect(error.message).toMatch(/; got .*\.$/s);
        }
        expect(memory().numTensors, 'nothing leaks from a failed call inside tidy').toBe(before);
      });
    }
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
