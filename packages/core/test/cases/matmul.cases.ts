/** matmul: batched, broadcast batch dimensions, transposes, NumPy's 1-D rules, empty dimensions. */
import { type DType, type MatMulOptions, matmul } from '../../src/index.js';
import { type InputSpec, input, type OpCase, out, seeded, seededInts } from '../helpers/cases.js';
import { broadcastShape, ravel, sizeOf, unravel } from '../helpers/reference.js';

const { NaN: nan, POSITIVE_INFINITY: inf } = Number;

/**
 * Naive reference: every output element is a fresh float64 dot product
 * `sum_p A[batch, i, p] * B[batch, p, j]`, read through explicit multi-indices.
 */
export function matmulRef(
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  opts: MatMulOptions = {},
): { values: number[]; shape: number[] } {
  // NumPy: a 1-D a is a row [1, k], a 1-D b a column [k, 1]; the added axis is dropped at the end
  const vecA = aShape.length === 1;
  const vecB = bShape.length === 1;
  const as = vecA ? [1, aShape[0]!] : [...aShape];
  const bs = vecB ? [bShape[0]!, 1] : [...bShape];
  const tA = (opts.transposeA ?? false) && !vecA;
  const tB = (opts.transposeB ?? false) && !vecB;
  const m = tA ? as[as.length - 1]! : as[as.length - 2]!;
  const k = tA ? as[as.length - 2]! : as[as.length - 1]!;
  const n = tB ? bs[bs.length - 2]! : bs[bs.length - 1]!;
  const batch = broadcastShape(as.slice(0, -2), bs.slice(0, -2));
  const full = [...batch, m, n];
  const values = Array.from({ length: sizeOf(full) }, (_, flat) => {
    const idx = unravel(flat, full);
    const bi = idx.slice(0, batch.length);
    const [i, j] = idx.slice(batch.length) as [number, number];
    const batchOf = (shape: number[]) => {
      const lead = shape.slice(0, -2);
      const off = batch.length - lead.length;
      return lead.map((d, t) => (d === 1 ? 0 : bi[off + t]!));
    };
    const aLead = batchOf(as);
    const bLead = batchOf(bs);
    let acc = 0;
    for (let p = 0; p < k; p++) {
      const av = a[ravel([...aLead, ...(tA ? [p, i] : [i, p])], as)]!;
      const bv = b[ravel([...bLead, ...(tB ? [j, p] : [p, j])], bs)]!;
      acc += av * bv;
    }
    return acc;
  });
  const shape = full.filter((_, t) => !((vecA && t === full.length - 2) || (vecB && t === full.length - 1)));
  return { values, shape };
}

function promoted(a: DType, b: DType): DType {
  const order: DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];
  const d = order[Math.max(order.indexOf(a), order.indexOf(b))]!;
  return d === 'bool' ? 'int32' : d;
}

function mmCase(label: string, a: InputSpec, b: InputSpec, opts: MatMulOptions = {}): OpCase {
  return {
    name: `matmul: ${label}`,
    inputs: [a, b],
    op: (x, y) => matmul(x, y, opts),
    expected: (av, bv) => {
      const r = matmulRef(av, a.shape, bv, b.shape, opts);
      return out(r.values, r.shape, promoted(a.dtype, b.dtype));
    },
    kind: 'matmul',
  };
}

let seed = 1;
const rnd = (shape: number[], dtype: DType = 'float32') =>
  input(
    dtype === 'int32' ? seededInts(sizeOf(shape), seed++, -4, 4) : seeded(sizeOf(shape), seed++, -2, 2),
    shape,
    dtype,
  );

export const matmulCases: OpCase[] = [
  mmCase('[2, 3] x [3, 4]', rnd([2, 3]), rnd([3, 4])),
  mmCase('transposeA [3, 2]^T x [3, 4]', rnd([3, 2]), rnd([3, 4]), { transposeA: true }),
  mmCase('transposeB [2, 3] x [4, 3]^T', rnd([2, 3]), rnd([4, 3]), { transposeB: true }),
  mmCase('both transposed [3, 2]^T x [4, 3]^T', rnd([3, 2]), rnd([4, 3]), {
    transposeA: true,
    transposeB: true,
  }),
  mmCase('odd sizes [17, 3] x [3, 17]', rnd([17, 3]), rnd([3, 17])),
  mmCase('odd sizes [5, 17] x [17, 1]', rnd([5, 17]), rnd([17, 1])),
  mmCase('[1, 1] x [1, 1]', rnd([1, 1]), rnd([1, 1])),
  mmCase('batched [2, 2, 3] x [2, 3, 4]', rnd([2, 2, 3]), rnd([2, 3, 4])),
  mmCase('batched, transposed [2, 3, 2]^T x [2, 4, 3]^T', rnd([2, 3, 2]), rnd([2, 4, 3]), {
    transposeA: true,
    transposeB: true,
  }),
  mmCase('broadcast batch [2, 1, 2, 3] x [3, 3, 2]', rnd([2, 1, 2, 3]), rnd([3, 3, 2])),
  mmCase('broadcast batch [1, 2, 3] x [4, 3, 2]', rnd([1, 2, 3]), rnd([4, 3, 2])),
  mmCase('batched x matrix [3, 2, 4] x [4, 5]', rnd([3, 2, 4]), rnd([4, 5])),
  mmCase('matrix x batched [2, 4] x [3, 4, 5]', rnd([2, 4]), rnd([3, 4, 5])),
  mmCase('matrix x batched, transposeB [2, 4] x [3, 5, 4]^T', rnd([2, 4]), rnd([3, 5, 4]), {
    transposeB: true,
  }),
  mmCase('1-D x 1-D is a dot product', rnd([5]), rnd([5])),
  mmCase('1-D x 2-D [3] x [3, 4]', rnd([3]), rnd([3, 4])),
  mmCase('2-D x 1-D [2, 3] x [3]', rnd([2, 3]), rnd([3])),
  mmCase('batched x 1-D [2, 2, 3] x [3]', rnd([2, 2, 3]), rnd([3])),
  mmCase('1-D x batched [3] x [2, 3, 4]', rnd([3]), rnd([2, 3, 4])),
  mmCase('1-D ignores transpose flags', rnd([3]), rnd([4, 3]), { transposeA: true, transposeB: true }),
  mmCase('k = 0 gives zeros [2, 0] x [0, 3]', input([], [2, 0]), input([], [0, 3])),
  mmCase('m = 0 [0, 3] x [3, 4]', input([], [0, 3]), rnd([3, 4])),
  mmCase('n = 0 [2, 3] x [3, 0]', rnd([2, 3]), input([], [3, 0])),
  mmCase('empty batch [0, 2, 3] x [3, 2]', input([], [0, 2, 3]), rnd([3, 2])),
  mmCase('k = 0 dot of empty vectors', input([], [0]), input([], [0])),
  mmCase('int32 stays int32', rnd([2, 3], 'int32'), rnd([3, 2], 'int32')),
  mmCase(
    'bool computes in int32',
    input([true, false, true, true], [2, 2], 'bool'),
    input([true, true, false, true], [2, 2], 'bool'),
  ),
  mmCase('int32 x float32 promotes', rnd([2, 3], 'int32'), rnd([3, 2])),
  mmCase('float64', rnd([3, 4], 'float64'), rnd([4, 2], 'float64')),
  mmCase('Infinity times nonzero stays infinite', input([inf, 1, 2, 3], [2, 2]), input([1, 0, 1, 1], [2, 2])),
  mmCase('Infinity times zero is NaN', input([inf, 1], [1, 2]), input([0, 1], [2, 1])),
  mmCase(
    'NaN propagates along its row and column',
    input([nan, 1, 2, 3], [2, 2]),
    input([1, 2, 3, 4], [2, 2]),
  ),
  {
    name: 'matmul: known values',
    inputs: [input([1, 2, 3, 4], [2, 2]), input([5, 6, 7, 8], [2, 2])],
    op: (a, b) => matmul(a, b),
    expected: () => out([19, 22, 43, 50], [2, 2]),
    kind: 'matmul',
  },
];
