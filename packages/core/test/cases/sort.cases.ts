/** topk, sort, argsort and cumsum. */
import { argsort, cumsum, type DType, sort, topk } from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, seeded, seededInts } from '../helpers/cases.js';
import { lines, mapLines } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

/**
 * Stable order of one line by insertion sort: ascending with NaN last, or descending with NaN first
 * (PyTorch's `sort(stable=True)`); equal values keep their original order.
 */
function order(line: number[], descending: boolean): number[] {
  // NaN is greater than every number
  const greater = (a: number, b: number) => (Number.isNaN(a) ? !Number.isNaN(b) : !Number.isNaN(b) && a > b);
  const before = (p: number, q: number) =>
    descending ? greater(line[p]!, line[q]!) : greater(line[q]!, line[p]!);
  const idx: number[] = [];
  for (let i = 0; i < line.length; i++) {
    let j = idx.length;
    while (j > 0 && before(i, idx[j - 1]!)) j--;
    idx.splice(j, 0, i);
  }
  return idx;
}

function sortCase(label: string, x: InputSpec, opts: { axis?: number; descending?: boolean } = {}): OpCase {
  return {
    name: `sort and argsort: ${label}`,
    inputs: [x],
    op: (t) => [sort(t, opts), argsort(t, opts)],
    expected: (v) => {
      const axis = opts.axis ?? -1;
      const idx = mapLines(v, x.shape, axis, (line) => order(line, opts.descending ?? false));
      const sorted = new Array<number>(v.length);
      for (const line of lines(x.shape, axis)) {
        for (const k of line) sorted[k] = v[line[idx[k]!]!]!;
      }
      return [out(sorted, x.shape, x.dtype), out(idx, x.shape, 'int32')];
    },
  };
}

function topkCase(label: string, x: InputSpec, k: number, largest = true): OpCase {
  return {
    name: `topk: ${label}`,
    inputs: [x],
    op: (t) => {
      const r = topk(t, k, { largest });
      return [r.values, r.indices];
    },
    expected: (v) => {
      const n = x.shape[x.shape.length - 1]!;
      const rows = n === 0 ? 0 : v.length / n;
      const values: number[] = [];
      const indices: number[] = [];
      for (let r = 0; r < rows; r++) {
        const line = Array.from(v.subarray(r * n, (r + 1) * n));
        // NaN counts as the largest value: first when largest, never chosen before numbers when smallest
        const o = order(line, largest).slice(0, k);
        for (const i of o) {
          values.push(line[i]!);
          indices.push(i);
        }
      }
      const shape = [...x.shape.slice(0, -1), k];
      return [out(values, shape, x.dtype), out(indices, shape, 'int32')];
    },
  };
}

function cumsumCase(label: string, x: InputSpec, axis = -1, exclusive = false, reverse = false): OpCase {
  const dtype: DType = x.dtype === 'bool' || x.dtype === 'uint8' ? 'int32' : x.dtype;
  return {
    name: `cumsum: ${label}`,
    inputs: [x],
    op: (t) => cumsum(t, axis, { exclusive, reverse }),
    expected: (v) =>
      out(
        mapLines(v, x.shape, axis, (line) => {
          const n = line.length;
          const res = new Array<number>(n);
          for (let j = 0; j < n; j++) {
            // inclusive: positions up to j (from the end when reversed); exclusive leaves j out
            let s = 0;
            for (let i = 0; i < n; i++) {
              const inRange = reverse ? (exclusive ? i > j : i >= j) : exclusive ? i < j : i <= j;
              if (inRange) s += line[i]!;
            }
            res[j] = s;
          }
          return res;
        }),
        x.shape,
        dtype,
      ),
    kind: 'reduction',
  };
}

const x34 = input(seeded(12, 3, -5, 5), [3, 4]);
const ties = input([2, 1, 2, 1, 3, 1, 2, 3], [2, 4]);
const specials = input([nan, 1, ninf, inf, -1, nan, 0, -0]);

export const sortCases: OpCase[] = [
  sortCase('[17]', input(seeded(17, 1))),
  sortCase('[17] descending', input(seeded(17, 2)), { descending: true }),
  sortCase('[3, 4] last axis', x34),
  sortCase('[3, 4] axis 0', x34, { axis: 0 }),
  sortCase('[2, 3, 2] axis 1 descending', input(seeded(12, 4), [2, 3, 2]), { axis: 1, descending: true }),
  sortCase('ties keep their order (stable)', ties),
  sortCase('ties keep their order when descending', ties, { descending: true }),
  sortCase('NaN last, infinities in place', specials),
  sortCase('NaN first when descending', specials, { descending: true }),
  sortCase('int32', input(seededInts(10, 5, -3, 3), [10], 'int32')),
  sortCase('bool', input([true, false, true, false], [4], 'bool')),
  sortCase('float64', input(seeded(5, 6), [5], 'float64')),
  sortCase('size-1 axis', input([3, 1, 2], [3, 1])),
  sortCase('size 0 [0, 3]', input([], [0, 3])),
  sortCase('size 0 axis [3, 0]', input([], [3, 0])),
];

export const topkCases: OpCase[] = [
  topkCase('k = 3 of [17]', input(seeded(17, 11)), 3),
  topkCase('smallest k = 3 of [17]', input(seeded(17, 12)), 3, false),
  topkCase('[3, 4] rows, k = 2', x34, 2),
  topkCase('[2, 2, 3] batches, smallest k = 2', input(seeded(12, 13), [2, 2, 3]), 2, false),
  topkCase('k = 0', x34, 0),
  topkCase('k = n sorts the row', x34, 4),
  topkCase('ties give the lower index first', ties, 3),
  topkCase('ties, smallest', ties, 3, false),
  topkCase('NaN counts as the largest', specials, 3),
  topkCase('NaN never among the smallest while numbers remain', specials, 6, false),
  topkCase('int32', input([5, -1, 7, 7, 0], [5], 'int32'), 2),
  topkCase('float64', input(seeded(6, 14), [6], 'float64'), 6),
  topkCase('size 0 rows [0, 3]', input([], [0, 3]), 2),
  topkCase('size 0 axis [2, 0] with k = 0', input([], [2, 0]), 0),
];

export const cumsumCases: OpCase[] = [
  cumsumCase('[17]', input(seeded(17, 21))),
  cumsumCase('[3, 4] last axis', x34),
  cumsumCase('[3, 4] axis 0', x34, 0),
  cumsumCase('[3, 4] exclusive', x34, -1, true),
  cumsumCase('[3, 4] reverse', x34, -1, false, true),
  cumsumCase('[3, 4] exclusive and reverse', x34, -1, true, true),
  cumsumCase('[3, 2, 2] axis 0 exclusive and reverse', input(seeded(12, 22), [3, 2, 2]), 0, true, true),
  cumsumCase('[2, 3, 2] axis 1', input(seeded(12, 23), [2, 3, 2]), 1),
  cumsumCase('NaN and infinities propagate forward', input([1, nan, 2, inf, ninf, 3], [2, 3])),
  cumsumCase('int32', input([1, -2, 3, 4], [4], 'int32')),
  cumsumCase('bool counts as int32', input([true, false, true, true], [4], 'bool')),
  cumsumCase('uint8 sums as int32', input([200, 100, 50], [3], 'uint8')),
  cumsumCase('float64', input(seeded(5, 24), [5], 'float64'), 0, true),
  cumsumCase('size 0 [0, 3]', input([], [0, 3])),
  cumsumCase('size 0 axis [3, 0]', input([], [3, 0])),
  {
    name: 'cumsum: known values',
    inputs: [input([1, 2, 3])],
    op: (t) => [cumsum(t), cumsum(t, -1, { exclusive: true }), cumsum(t, -1, { reverse: true })],
    expected: () => [out([1, 3, 6], [3]), out([0, 1, 3], [3]), out([6, 5, 3], [3])],
  },
];
