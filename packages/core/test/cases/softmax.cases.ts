/** softmax and logSoftmax along any axis, with extreme and non-finite logits. */
import { logSoftmax, softmax } from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, seeded } from '../helpers/cases.js';
import { mapLines } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

/**
 * Direct formula on one line: `exp(x_i - m) / sum_j exp(x_j - m)` with `m` the line's maximum (a plain
 * max, NaN-poisoned). All `-Infinity` gives `0 / 0 = NaN`, as NumPy and PyTorch.
 */
function softmaxLine(x: number[]): number[] {
  if (x.some(Number.isNaN)) return x.map(() => nan);
  const m = Math.max(...x);
  const shift = m === ninf ? 0 : m;
  const e = x.map((v) => Math.exp(v - shift));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** `x_i - m - log(sum_j exp(x_j - m))`. */
function logSoftmaxLine(x: number[]): number[] {
  if (x.some(Number.isNaN)) return x.map(() => nan);
  const m = Math.max(...x);
  const shift = m === ninf ? 0 : m;
  const lse = Math.log(x.reduce((a, v) => a + Math.exp(v - shift), 0));
  return x.map((v) => v - shift - lse);
}

function smCase(log: boolean, label: string, x: InputSpec, axis?: number): OpCase {
  const name = log ? 'logSoftmax' : 'softmax';
  return {
    name: `${name}: ${label}`,
    inputs: [x],
    op: (t) => (log ? logSoftmax(t, axis) : softmax(t, axis)),
    expected: (v) =>
      out(
        mapLines(v, x.shape, axis ?? -1, log ? logSoftmaxLine : softmaxLine),
        x.shape,
        x.dtype === 'float64' ? 'float64' : 'float32',
      ),
    kind: 'reduction',
  };
}

const x234 = input(seeded(24, 7, -3, 3), [2, 3, 4]);

export const softmaxCases: OpCase[] = [false, true].flatMap((log) => [
  smCase(log, '[17]', input(seeded(17, 8, -5, 5))),
  smCase(log, '[2, 3, 4] last axis', x234),
  smCase(log, '[2, 3, 4] axis 0', x234, 0),
  smCase(log, '[2, 3, 4] axis 1', x234, 1),
  smCase(log, '[2, 3, 4] axis -2', x234, -2),
  smCase(log, 'large logits do not overflow', input([1000, 1001, 1002, -1000], [2, 2])),
  smCase(log, 'very negative logits do not underflow to NaN', input([-1000, -1001, -1002])),
  smCase(log, '-Infinity entries get probability 0', input([ninf, 0, 1, ninf], [4])),
  smCase(log, 'a row of -Infinity gives NaN', input([ninf, ninf, 1, 2], [2, 2])),
  smCase(log, 'NaN poisons its row only', input([nan, 1, 2, 3], [2, 2])),
  smCase(log, '+Infinity gives NaN', input([inf, 0])),
  smCase(log, 'size-1 axis gives 1 (log 0)', input([3, -7], [2, 1])),
  smCase(log, 'size 0 [0, 3]', input([], [0, 3])),
  smCase(log, 'size 0 axis [2, 0]', input([], [2, 0])),
  smCase(log, 'int32 computes in float32', input([1, 2, 3], [3], 'int32')),
  smCase(log, 'float64', input(seeded(6, 9, -3, 3), [2, 3], 'float64'), 0),
]);

export const softmaxKnownValueCases: OpCase[] = [
  {
    name: 'softmax: [0, 0] is [0.5, 0.5]; [0, ln 3] is [0.25, 0.75]',
    inputs: [input([0, 0, 0, Math.log(3)], [2, 2], 'float64')],
    op: (t) => softmax(t),
    expected: () => out([0.5, 0.5, 0.25, 0.75], [2, 2], 'float64'),
  },
  {
    name: 'logSoftmax: [0, 0] is [-ln 2, -ln 2]',
    inputs: [input([0, 0])],
    op: (t) => logSoftmax(t),
    expected: () => out([-Math.LN2, -Math.LN2], [2]),
  },
  {
    name: 'softmax: a single element is 1',
    inputs: [input([5])],
    op: (t) => softmax(t, 0),
    expected: () => out([1], [1]),
  },
];
