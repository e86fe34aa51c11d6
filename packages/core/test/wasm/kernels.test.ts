/**
 * Every wasm kernel against the cpu reference kernel, called directly (runKernel) with random inputs of
 * every dtype the kernel takes, at sizes that are not multiples of the SIMD width or block sizes (1, 3, 17,
 * 255, 1023), empty tensors, NaN, infinities and signed zeros. Integer and bool results must match exactly;
 * float32 within the shared tolerances.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BINARY_KERNELS,
  type DType,
  dispose,
  getKernel,
  type KernelName,
  REDUCE_KERNELS,
  runKernelMulti,
  setBackend,
  type Tensor,
  tensor,
  UNARY_KERNELS,
} from '../../src/index.js';
import { compareClose, type ToleranceKind, toleranceFor } from '../../src/testing/index.js';
import { seeded } from '../helpers/cases.js';

const SIZES = [1, 3, 17, 255, 1023];
const SPECIALS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  1e30,
  -1e-30,
  88.5,
  -103,
];

/** Values for `dtype`: floats with special values mixed in; ints across the range (with extremes). */
function valuesFor(dtype: DType, n: number, seed: number, specials = true): number[] {
  const v = seeded(n, seed, -4, 4);
  if (dtype === 'float32') {
    if (specials) for (let i = 0; i < n; i += 7) v[i] = SPECIALS[(i / 7 + seed) % SPECIALS.length]!;
    return v;
  }
  if (dtype === 'int32') {
    const ints = v.map((x) => Math.round(x * 3));
    if (specials) for (let i = 5; i < n; i += 11) ints[i] = i % 2 === 0 ? 2147483647 : -2147483648;
    return ints;
  }
  if (dtype === 'uint8') return seeded(n, seed, 0, 256).map(Math.floor);
  return seeded(n, seed, 0, 1).map((x) => (x < 0.5 ? 1 : 0));
}

interface Spec {
  values: number[];
  shape: number[];
  dtype: DType;
}
const spec = (values: number[], shape: number[], dtype: DType): Spec => ({ values, shape, dtype });
const rand = (shape: number[], dtype: DType, seed: number, specials = true): Spec =>
  spec(
    valuesFor(
      dtype,
      shape.reduce((a, b) => a * b, 1),
      seed,
      specials,
    ),
    shape,
    dtype,
  );

interface Result {
  shape: number[];
  dtype: DType;
  values: number[];
}

async function runOn(
  backend: string,
  kernel: KernelName,
  inputs: Record<string, Spec | Spec[]>,
  attrs: object,
): Promise<Result[]> {
  await setBackend(backend);
  const made: Tensor[] = [];
  const make = (s: Spec) => {
    const t = tensor(s.values, { shape: s.shape, dtype: s.dtype });
    made.push(t);
    return t;
  };
  const ins: Record<string, Tensor | Tensor[]> = {};
  for (const [k, v] of Object.entries(inputs)) ins[k] = Array.isArray(v) ? v.map(make) : make(v);
  const outs = runKernelMulti(kernel, ins as never, attrs as never);
  const res = outs.map((o) => ({ shape: [...o.shape], dtype: o.dtype, values: Array.from(o.dataSync()) }));
  dispose([...made, ...outs]);
  return res;
}

/** Run `kernel` on cpu and wasm and compare every output. */
async function check(
  kernel: KernelName,
  inputs: Record<string, Spec | Spec[]>,
  attrs: object = {},
  kind: ToleranceKind = 'elementwise',
): Promise<void> {
  const ref = await runOn('cpu', kernel, inputs, attrs);
  const got = await runOn('wasm', kernel, inputs, attrs);
  expect(got.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    expect(got[i]!.shape, `shape of output ${i}`).toEqual(ref[i]!.shape);
    expect(got[i]!.dtype, `dtype of output ${i}`).toBe(ref[i]!.dtype);
    const report = compareClose(
      got[i]!.values,
      ref[i]!.values,
      toleranceFor(ref[i]!.dtype, kind),
      ref[i]!.shape,
    );
    if (!report.ok) expect.fail(`${kernel} output ${i}: ${report.message}`);
  }
}

beforeAll(async () => {
  await setBackend('wasm');
});

describe('every core kernel has a wasm implementation', () => {
  it('is registered for wasm', () => {
    const others = [
      'Clip',
      'Cast',
      'Where',
      'ArgMax',
      'ArgMin',
      'Softmax',
      'LogSoftmax',
      'MatMul',
      'TopK',
      'Sort',
      'Cumsum',
      'Gather',
      'ScatterAdd',
      'OneHot',
      'Transpose',
      'Slice',
      'Concat',
      'Pad',
      'Tile',
      'LayerNorm',
      'RMSNorm',
    ] as const;
    for (const k of [...UNARY_KERNELS, ...BINARY_KERNELS, ...REDUCE_KERNELS, ...others]) {
      expect(getKernel(k, 'wasm'), k).toBeDefined();
    }
  });
});

const FLOAT_ONLY_UNARY = new Set([
  'Exp',
  'Log',
  'Log1p',
  'Sqrt',
  'Rsqrt',
  'Reciprocal',
  'Tanh',
  'Sigmoid',
  'Gelu',
  'Erf',
  'Silu',
  'Sin',
  'Cos',
]);

describe('unary', () => {
  for (const k of UNARY_KERNELS) {
    const dtypes: DType[] = FLOAT_ONLY_UNARY.has(k)
      ? ['float32']
      : k === 'LogicalNot' || k === 'IsNaN'
        ? ['float32', 'int32', 'uint8', 'bool']
        : ['float32', 'int32', 'uint8'];
    it(`${k}: ${dtypes.join(', ')} at sizes ${SIZES.join(', ')} and empty`, async () => {
      for (const dtype of dtypes) {
        for (const n of [...SIZES, 0]) await check(k, { x: rand([n], dtype, n + 1) });
      }
      // a wider range for the transcendental functions
      if (dtype0(dtypes) === 'float32') {
        const wide = seeded(255, 9, -120, 120);
        await check(k, { x: spec(wide, [255], 'float32') });
        const tiny = seeded(255, 10, -1e-3, 1e-3);
        await check(k, { x: spec(tiny, [5, 51], 'float32') });
      }
    });
  }
});

function dtype0(d: DType[]): DType {
  return d[0]!;
}

const FLOAT_ONLY_BINARY = new Set(['Div', 'Pow']);

describe('binary with broadcasting', () => {
  const patterns: [number[], number[]][] = [
    [[1023], [1023]],
    [[17], []],
    [[], [255]],
    [
      [3, 1],
      [1, 17],
    ],
    [
      [5, 1, 7],
      [1, 3, 1],
    ],
    [[2, 3, 255], [255]],
    [
      [4, 1],
      [4, 9],
    ],
    [
      [0, 3],
      [1, 3],
    ],
  ];
  for (const k of BINARY_KERNELS) {
    const dtypes: DType[] = FLOAT_ONLY_BINARY.has(k) ? ['float32'] : ['float32', 'int32', 'uint8', 'bool'];
    it(`${k}: ${dtypes.join(', ')}, every broadcast pattern`, async () => {
      for (const dtype of dtypes) {
        for (const [i, [sa, sb]] of patterns.entries()) {
          const b = rand(sb, dtype, 100 + i);
          if (dtype !== 'float32' && (k === 'Mod' || k === 'FloorDiv')) {
            // integer division by zero (gives 0) and by -1 (wraps) included
            for (let j = 0; j < b.values.length; j += 4)
              b.values[j] = dtype === 'int32' && j % 8 === 0 ? -1 : 0;
          }
          await check(k, { a: rand(sa, dtype, i), b });
        }
      }
    });
  }
});

describe('where, cast, clip', () => {
  it('Where: every dtype, broadcast condition and operands', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      for (const [sc, sa, sb] of [
        [[1023], [1023], [1023]],
        [
          [3, 1],
          [1, 17],
          [3, 17],
        ],
        [[17], [], [4, 17]],
        [[2, 1, 3], [5, 1], [1]],
        [[0], [0], [1]],
      ] as number[][][]) {
        await check('Where', {
          condition: rand(sc!, 'bool', 1),
          a: rand(sa!, dtype, 2),
          b: rand(sb!, dtype, 3),
        });
      }
    }
  });

  it('Cast: every pair of dtypes, with NaN, infinities and out-of-range values', async () => {
    const dtypes: DType[] = ['float32', 'int32', 'uint8', 'bool'];
    const big = [3e9, -3e9, 2147483648, -2147483649, 1e20, 300.7, -1.5, 255.9, 256, -0.5];
    for (const from of dtypes) {
      for (const to of dtypes) {
        for (const n of [...SIZES, 0]) {
          const x = rand([n], from, n);
          if (from === 'float32') for (let i = 0; i < n; i += 3) x.values[i] = big[i % big.length]!;
          await check('Cast', { x }, { dtype: to });
        }
      }
    }
  });

  it('Clip: float32, int32, uint8 with fractional and infinite bounds', async () => {
    for (const dtype of ['float32', 'int32', 'uint8'] as DType[]) {
      for (const [min, max] of [
        [-1.5, 2.5],
        [0, 0],
        [Number.NEGATIVE_INFINITY, 3],
        [-2, Number.POSITIVE_INFINITY],
        [100.5, 200.5],
      ] as [number, number][]) {
        for (const n of SIZES) await check('Clip', { x: rand([n], dtype, n) }, { min, max });
      }
    }
  });
});

describe('reductions', () => {
  const cases: [number[], number[]][] = [
    [[1023], [0]],
    [[17, 255], [1]],
    [[255, 17], [0]],
    [[3, 17, 5], [1]],
    [
      [3, 17, 5],
      [0, 2],
    ],
    [
      [4, 3, 5, 2],
      [0, 1, 3],
    ],
    [[2, 1, 7], [1]],
    [
      [2, 1, 7],
      [0, 1, 2],
    ],
    [[3, 0, 2], [1]],
    [[0, 4], [1]],
  ];
  for (const k of REDUCE_KERNELS) {
    it(`${k}: every dtype, contiguous and scattered axes, keepDims, empty axes`, async () => {
      for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
        for (const [i, [shape, axes]] of cases.entries()) {
          // products of many values overflow: keep them near 1 for Prod
          const x = rand(shape, dtype, i, k !== 'Prod');
          if (k === 'Prod' && dtype === 'float32') x.values = x.values.map((v) => 1 + v / 40);
          for (const keepDims of [false, true]) await check(k, { x }, { axes, keepDims }, 'reduction');
        }
      }
    });
  }

  it('ArgMax / ArgMin: every axis, ties and NaN', async () => {
    for (const k of ['ArgMax', 'ArgMin'] as const) {
      for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
        for (const [shape, axis] of [
          [[1023], 0],
          [[17, 255], 1],
          [[17, 255], 0],
          [[3, 5, 7], 1],
          [[3, 0, 7], 2],
        ] as [number[], number][]) {
          const x = rand(shape, dtype, axis + 3);
          if (dtype === 'float32') x.values = x.values.map((v) => (Number.isNaN(v) ? v : Math.round(v))); // ties
          await check(k, { x }, { axis });
        }
      }
    }
  });

  it('Softmax / LogSoftmax: every axis, -inf rows, large logits', async () => {
    for (const k of ['Softmax', 'LogSoftmax'] as const) {
      for (const [shape, axis] of [
        [[1023], 0],
        [[17, 255], 1],
        [[255, 17], 0],
        [[3, 17, 5], 1],
        [[4, 3], 1],
        [[2, 0], 1],
      ] as [number[], number][]) {
        const x = rand(shape, 'float32', 7, false);
        x.values = x.values.map((v) => v * 20);
        await check(k, { logits: x }, { axis }, 'reduction');
      }
      const rows = spec(
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 2, 3],
        [2, 3],
        'float32',
      );
      await check(k, { logits: rows }, { axis: 1 }, 'reduction');
      await check(k, { logits: rand([5, 9], 'float32', 3) }, { axis: 1 }, 'reduction'); // NaN and inf
    }
  });

  it('Cumsum: every axis, exclusive and reverse, every dtype', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      for (const [shape, axis] of [
        [[1023], 0],
        [[17, 255], 1],
        [[17, 255], 0],
        [[3, 5, 7], 1],
        [[0, 3], 0],
      ] as [number[], number][]) {
        for (const exclusive of [false, true]) {
          for (const reverse of [false, true]) {
            await check(
              'Cumsum',
              { x: rand(shape, dtype, 5, false) },
              { axis, exclusive, reverse },
              'reduction',
            );
          }
        }
      }
    }
  });
});

describe('matmul', () => {
  const shapes: [number[], number[]][] = [
    [
      [1, 1],
      [1, 1],
    ],
    [
      [3, 17],
      [17, 5],
    ],
    [
      [17, 3],
      [3, 255],
    ],
    [
      [255, 17],
      [17, 3],
    ],
    [
      [129, 257],
      [257, 9],
    ],
    [
      [5, 0],
      [0, 7],
    ],
    [
      [0, 4],
      [4, 3],
    ],
    [
      [2, 3, 5, 7],
      [7, 11],
    ],
    [
      [4, 1, 9, 6],
      [3, 6, 10],
    ],
    [
      [1, 300],
      [300, 1],
    ],
    // matrix-vector products (no packing)
    [
      [1, 1023],
      [1023, 255],
    ],
    [
      [255, 1023],
      [1023, 1],
    ],
    [
      [3, 1, 17],
      [2, 1, 17, 33],
    ],
    [
      [4, 255, 17],
      [17, 1],
    ],
  ];
  it('float32: odd shapes, every transpose, broadcast batches, empty and k = 0', async () => {
    for (const [sa, sb] of shapes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = [...sa];
          const b = [...sb];
          if (transposeA) [a[a.length - 1], a[a.length - 2]] = [a[a.length - 2]!, a[a.length - 1]!];
          if (transposeB) [b[b.length - 1], b[b.length - 2]] = [b[b.length - 2]!, b[b.length - 1]!];
          await check(
            'MatMul',
            { a: rand(a, 'float32', 1, false), b: rand(b, 'float32', 2, false) },
            { transposeA, transposeB },
            'matmul',
          );
        }
      }
    }
  });

  it('float32: NaN and infinities propagate', async () => {
    await check(
      'MatMul',
      { a: rand([9, 13], 'float32', 4), b: rand([13, 10], 'float32', 5, false) },
      {
        transposeA: false,
        transposeB: false,
      },
    );
  });

  it('int32 and uint8: exact (wrapping) products', async () => {
    for (const dtype of ['int32', 'uint8'] as DType[]) {
      for (const [sa, sb] of shapes.slice(0, 8)) {
        await check(
          'MatMul',
          { a: rand(sa, dtype, 1, false), b: rand(sb, dtype, 2, false) },
          { transposeA: false, transposeB: false },
        );
      }
      await check(
        'MatMul',
        { a: rand([7, 5], dtype, 3, false), b: rand([9, 7], dtype, 4, false) },
        { transposeA: true, transposeB: true },
      );
    }
  });
});

describe('ordering and indexing', () => {
  it('Sort: every axis, both directions, NaN and ties, every dtype', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      for (const [shape, axis] of [
        [[1023], 0],
        [[17, 255], 1],
        [[17, 255], 0],
        [[3, 5, 7], 1],
        [[3, 0], 1],
      ] as [number[], number][]) {
        const x = rand(shape, dtype, 8);
        if (dtype === 'float32') x.values = x.values.map((v) => (Number.isFinite(v) ? Math.round(v) : v));
        for (const descending of [false, true]) await check('Sort', { x }, { axis, descending });
      }
    }
  });

  it('TopK: small and large k, largest and smallest, NaN and ties', async () => {
    for (const dtype of ['float32', 'int32', 'uint8'] as DType[]) {
      for (const [shape, k] of [
        [[1023], 5],
        [[1023], 1023],
        [[17, 255], 3],
        [[17, 255], 200],
        [[3, 17], 0],
        [[4, 1], 1],
      ] as [number[], number][]) {
        const x = rand(shape, dtype, 9);
        if (dtype === 'float32') x.values = x.values.map((v) => (Number.isFinite(v) ? Math.round(v) : v));
        for (const largest of [true, false]) await check('TopK', { x }, { k, largest });
      }
    }
  });

  it('Gather / ScatterAdd: every axis and dtype, repeated indices', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      for (const [shape, axis, m] of [
        [[1023], 0, 17],
        [[17, 255], 1, 300],
        [[17, 255], 0, 3],
        [[3, 5, 7], 1, 9],
        [[4, 3], 0, 0],
      ] as [number[], number, number][]) {
        const n = shape[axis]!;
        const indices = spec(seeded(m, 4, 0, n).map(Math.floor), [m], 'int32');
        await check('Gather', { x: rand(shape, dtype, 1), indices }, { axis });
        const uShape = [...shape];
        uShape[axis] = m;
        await check(
          'ScatterAdd',
          { x: rand(shape, dtype, 2, false), indices, updates: rand(uShape, dtype, 3, false) },
          { axis },
        );
      }
    }
  });

  it('OneHot: every dtype, out-of-range indices give a row of offValue', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      const indices = spec([0, 3, -1, 9, 2, 4, 100], [7], 'int32');
      await check('OneHot', { indices }, { depth: 5, onValue: 3.5, offValue: -1, dtype });
      await check(
        'OneHot',
        { indices: spec(seeded(1023, 2, 0, 17).map(Math.floor), [1023], 'int32') },
        {
          depth: 17,
          onValue: 1,
          offValue: 0,
          dtype,
        },
      );
    }
  });
});

describe('layout', () => {
  it('Transpose: 2-D, batched and N-d permutations, 4-byte and 1-byte dtypes', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      for (const [shape, perm] of [
        [
          [17, 255],
          [1, 0],
        ],
        [
          [1023, 3],
          [1, 0],
        ],
        [
          [3, 17, 5],
          [0, 2, 1],
        ],
        [
          [3, 17, 5],
          [2, 0, 1],
        ],
        [
          [2, 3, 4, 5],
          [3, 1, 0, 2],
        ],
        [
          [1, 17, 1],
          [2, 1, 0],
        ],
        [
          [0, 3],
          [1, 0],
        ],
      ] as [number[], number[]][]) {
        await check('Transpose', { x: rand(shape, dtype, 1) }, { perm });
      }
    }
  });

  it('Slice, Concat, Pad, Tile: every dtype', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      await check('Slice', { x: rand([17, 255], dtype, 1) }, { begin: [3, 7], size: [9, 200] });
      await check('Slice', { x: rand([3, 5, 7], dtype, 2) }, { begin: [1, 0, 2], size: [2, 5, 3] });
      await check('Slice', { x: rand([1023], dtype, 3) }, { begin: [1000], size: [0] });
      await check(
        'Concat',
        { tensors: [rand([3, 17], dtype, 1), rand([3, 5], dtype, 2), rand([3, 0], dtype, 3)] },
        {
          axis: 1,
        },
      );
      await check('Concat', { tensors: [rand([2, 3, 4], dtype, 1), rand([5, 3, 4], dtype, 2)] }, { axis: 0 });
      await check('Concat', { tensors: [rand([2, 3, 4], dtype, 1), rand([2, 1, 4], dtype, 2)] }, { axis: 1 });
      await check(
        'Pad',
        { x: rand([17, 3], dtype, 1) },
        {
          paddings: [
            [2, 3],
            [0, 5],
          ],
          value: 7.5,
        },
      );
      await check(
        'Pad',
        { x: rand([0, 3], dtype, 1) },
        {
          paddings: [
            [1, 1],
            [1, 0],
          ],
          value: -1,
        },
      );
      await check('Tile', { x: rand([3, 17], dtype, 1) }, { reps: [2, 3] });
      await check('Tile', { x: rand([2, 1, 3], dtype, 2) }, { reps: [1, 4, 1] });
      await check('Tile', { x: rand([5], dtype, 3) }, { reps: [0] });
    }
  });
});
