/**
 * The wasm backend's threaded memory-bound kernels at sizes that take the threaded paths (at least 2^18
 * elements): softmax and log-softmax rows (the cheap exponential for narrow rows, the masked one for rows
 * with infinities, NaN or a wide span), layer norm and RMS norm, and float32 Sum / Max / Min / mean split by
 * rows, by column blocks or into fixed chunks; and the elementwise ops split into element ranges
 * (comparisons, integer arithmetic, byte-output unary ops, casts, clip, where). Each is compared with the cpu
 * reference, and the results on 1 and 3 threads must be bit-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.js';
import {
  add,
  cast,
  clip,
  type DType,
  dispose,
  equal,
  isNaN as isNaNOp,
  layerNorm,
  less,
  logicalNot,
  logSoftmax,
  max,
  mean,
  min,
  mul,
  neg,
  rmsNorm,
  setBackend,
  setWasmThreads,
  softmax,
  sum,
  type Tensor,
  type TypedArray,
  tensor,
  tidy,
  type WasmBackend,
  where,
} from '../../src/index.js';
import { compareClose, type ToleranceKind, toleranceFor } from '../../src/testing/index.js';
import { seeded as seededValues } from '../helpers/cases.js';
import { useThreads } from './use-threads.js';

/** Elements above which the memory-bound kernels split their work over the threads. */
const THREADED = 1 << 18;

let wasm: WasmBackend;

beforeAll(async () => {
  await setBackend('wasm');
  wasm = engine.backendInstance('wasm') as WasmBackend;
});
afterAll(async () => {
  setWasmThreads('auto');
  await setBackend('wasm');
});

/** Deterministic float32 values in [lo, hi) (mulberry32, the shared test helper). */
function seeded(n: number, seed: number, lo = -4, hi = 4): Float32Array {
  return Float32Array.from(seededValues(n, seed, lo, hi));
}

/**
 * `rows` rows of length `n`, of eight kinds in turn: plain values in [-4, 4); a wide span [-200, 10); large
 * values with a narrow span (1000 + [-4, 4)); one -Infinity; all -Infinity; one NaN; one +Infinity; values
 * in [-64, 16) (the widest rows the cheap exponential takes: |x| <= 64, span <= 80).
 */
function logits(rows: number, n: number, seed: number): Float32Array {
  const v = seeded(rows * n, seed);
  const u = seeded(rows * n, seed + 1, 0, 1);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const at = o + ((r * 7) % n);
    switch (r % 8) {
      case 1:
        for (let j = 0; j < n; j++) v[o + j] = -200 + 210 * u[o + j]!;
        break;
      case 2:
        for (let j = 0; j < n; j++) v[o + j] = 1000 + v[o + j]!;
        break;
      case 3:
        v[at] = Number.NEGATIVE_INFINITY;
        break;
      case 4:
        v.fill(Number.NEGATIVE_INFINITY, o, o + n);
        break;
      case 5:
        v[at] = Number.NaN;
        break;
      case 6:
        v[at] = Number.POSITIVE_INFINITY;
        break;
      case 7:
        for (let j = 0; j < n; j++) v[o + j] = -64 + 80 * u[o + j]!;
        break;
    }
  }
  return v;
}

/** An input: values, shape and dtype (default float32). */
type Input = readonly [ArrayLike<number>, number[], DType?];

/** One op on given inputs, on `backend`, read back. */
async function runOn(
  backend: string,
  op: (...xs: Tensor[]) => Tensor,
  inputs: readonly Input[],
): Promise<{ values: TypedArray; dtype: DType }> {
  await setBackend(backend);
  const xs = inputs.map(([v, shape, dtype]) =>
    tensor(ArrayBuffer.isView(v) ? (v as TypedArray) : Array.from(v), { shape, dtype: dtype ?? 'float32' }),
  );
  const out = tidy(() => {
    const y = op(...xs);
    return { values: y.dataSync(), dtype: y.dtype };
  });
  dispose(xs);
  return out;
}

/**
 * `op` on cpu, on wasm with 1 thread and with 3: wasm within the shared tolerance of cpu (float32 `kind`;
 * integers and bools exact), 1 and 3 threads bit-identical, and the 3-thread run really threaded.
 */
async function check(
  label: string,
  op: (...xs: Tensor[]) => Tensor,
  inputs: readonly Input[],
  kind: ToleranceKind = 'reduction',
): Promise<void> {
  const ref = await runOn('cpu', op, inputs);
  await useThreads(wasm, 1);
  const one = await runOn('wasm', op, inputs);
  await useThreads(wasm, 3);
  const jobs = wasm.threadedJobs;
  const three = await runOn('wasm', op, inputs);
  expect(wasm.threadedJobs, `${label}: threaded`).toBeGreaterThan(jobs);
  expect(one.dtype, `${label}: dtype`).toBe(ref.dtype);
  const report = compareClose(one.values, ref.values, toleranceFor(ref.dtype, kind));
  if (!report.ok) expect.fail(`${label}: ${report.message}`);
  expect(three.values.length).toBe(one.values.length);
  let differ = 0;
  for (let i = 0; i < one.values.length; i++) if (!Object.is(one.values[i], three.values[i])) differ++;
  expect(differ, `${label}: elements that differ between 1 and 3 threads`).toBe(0);
}

describe('softmax and log-softmax rows on the threads', () => {
  for (const n of [1, 3, 17, 255, 1023, 1024]) {
    const rows = Math.ceil(THREADED / n) + 5;
    const x = logits(rows, n, n);
    it(`[${rows}, ${n}]: narrow, wide, large, -inf, all -inf, NaN and +inf rows`, async () => {
      await check(`softmax n=${n}`, (t) => softmax(t), [[x, [rows, n]]]);
      await check(`logSoftmax n=${n}`, (t) => logSoftmax(t), [[x, [rows, n]]]);
    });
  }

  it('rows of -Infinity give NaN, a -Infinity entry gives exactly 0 (softmax) and -Infinity (log)', async () => {
    const n = 1023;
    const rows = Math.ceil(THREADED / n);
    const x = logits(rows, n, 3);
    await useThreads(wasm, 3);
    const sm = (await runOn('wasm', (t) => softmax(t), [[x, [rows, n]]])).values;
    const ls = (await runOn('wasm', (t) => logSoftmax(t), [[x, [rows, n]]])).values;
    for (const r of [3, 4, 5, 6]) {
      const o = r * n;
      const at = o + ((r * 7) % n);
      if (r === 3) {
        expect(sm[at]).toBe(0);
        expect(ls[at]).toBe(Number.NEGATIVE_INFINITY);
        let total = 0;
        for (let j = 0; j < n; j++) total += sm[o + j]!;
        expect(total).toBeCloseTo(1, 5);
      } else {
        // all -inf, NaN and +inf rows: NaN everywhere, as the reference
        for (let j = 0; j < n; j++) {
          expect(sm[o + j]).toBeNaN();
          expect(ls[o + j]).toBeNaN();
        }
      }
    }
  });
});

describe('softmax and log-softmax along a middle or leading axis on the threads', () => {
  // column blocks cut at multiples of 16: full 16-column blocks, then 4-column blocks and single columns
  const cases: [number[], number][] = [
    [[1023, 300], 0],
    [[3, 257, 403], 1],
    [[2, 4100, 35], 1],
  ];
  for (const [shape, axis] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    it(`[${shape.join(', ')}] along axis ${axis}`, async () => {
      const x = seeded(size, size % 997, -6, 6);
      for (let i = 0; i < size; i += 97) x[i] = Number.NEGATIVE_INFINITY;
      x[size >> 1] = Number.NaN;
      x[size - 5] = Number.POSITIVE_INFINITY;
      await check(`softmax axis ${axis}`, (t) => softmax(t, axis), [[x, shape]]);
      await check(`logSoftmax axis ${axis}`, (t) => logSoftmax(t, axis), [[x, shape]]);
    });
  }
});

describe('layer norm and RMS norm rows on the threads', () => {
  for (const n of [3, 17, 255, 1023, 1024]) {
    const rows = Math.ceil(THREADED / n) + 3;
    it(`[${rows}, ${n}]`, async () => {
      const x = seeded(rows * n, n, -3, 5);
      const w = seeded(n, n + 1, 0.5, 1.5);
      const b = seeded(n, n + 2);
      await check(`layerNorm n=${n}`, (t, wt, bt) => layerNorm(t, { weight: wt!, bias: bt!, eps: 1e-5 }), [
        [x, [rows, n]],
        [w, [n]],
        [b, [n]],
      ]);
      await check(`rmsNorm n=${n}`, (t, wt) => rmsNorm(t, { weight: wt!, eps: 1e-5 }), [
        [x, [rows, n]],
        [w, [n]],
      ]);
    });
  }
});

describe('float32 Sum / Max / Min / mean on the threads', () => {
  // [shape, axes]: fixed chunks (few long rows), row blocks, column blocks (one or a few outer blocks),
  // whole [r, inner] blocks, and every axis
  const cases: [number[], number[] | undefined][] = [
    [[(1 << 20) + 3], undefined],
    [[3, 200003], [1]],
    [[40, 70001], [1]],
    [[700, 1023], [0]],
    [[3, 1000, 257], [1]],
    [[64, 100, 50], [1]],
    [[1000, 301], undefined],
    [[2, 131075], [0]],
  ];
  for (const [shape, axes] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    it(`[${shape.join(', ')}] over ${axes === undefined ? 'every axis' : `axes ${axes.join(', ')}`}`, async () => {
      const x = seeded(size, size % 1000, -2, 6);
      for (const [name, op] of [
        ['sum', sum],
        ['max', max],
        ['min', min],
        ['mean', mean],
      ] as const) {
        await check(`${name} [${shape}]`, (t) => op(t, axes), [[x, shape]]);
      }
      // NaN wins in max / min (and poisons a sum), wherever it sits
      const withNaN = Float32Array.from(x);
      withNaN[Math.floor(size / 2) + 1] = Number.NaN;
      withNaN[size - 1] = Number.NEGATIVE_INFINITY;
      for (const [name, op] of [
        ['sum', sum],
        ['max', max],
        ['min', min],
      ] as const) {
        await check(`${name} with NaN [${shape}]`, (t) => op(t, axes), [[withNaN, shape]]);
      }
    });
  }
});

describe('flat elementwise ops on the threads', () => {
  const n = THREADED + 1023;
  const f = seeded(n, 1, -3, 3);
  f[5] = Number.NaN;
  f[n - 2] = Number.NEGATIVE_INFINITY;
  const g = seeded(n, 2, -3, 3).map((v, i) => (i % 5 === 0 ? f[i]! : v));
  const ints = Int32Array.from(seeded(n, 3, -1e9, 1e9), Math.trunc);
  const ints2 = Int32Array.from(seeded(n, 4, -1e9, 1e9), (v, i) => (i % 7 === 0 ? ints[i]! : Math.trunc(v)));
  const bytes = Uint8Array.from(seeded(n, 5, 0, 256), Math.floor);
  const bools = Uint8Array.from(seeded(n, 6, 0, 1), (v) => (v < 0.5 ? 1 : 0));
  const cases: [string, (...xs: Tensor[]) => Tensor, Input[]][] = [
    [
      'equal float32',
      (a, b) => equal(a!, b!),
      [
        [f, [n]],
        [g, [n]],
      ],
    ],
    [
      'less float32 against a scalar',
      (a, b) => less(a!, b!),
      [
        [f, [n]],
        [[0.5], []],
      ],
    ],
    [
      'equal int32',
      (a, b) => equal(a!, b!),
      [
        [ints, [n], 'int32'],
        [ints2, [n], 'int32'],
      ],
    ],
    [
      'add int32 (wrapping)',
      (a, b) => add(a!, b!),
      [
        [ints, [n], 'int32'],
        [ints2, [n], 'int32'],
      ],
    ],
    [
      'mul uint8 by a scalar',
      (a, b) => mul(a!, b!),
      [
        [bytes, [n], 'uint8'],
        [[7], [], 'uint8'],
      ],
    ],
    ['neg int32', (a) => neg(a!), [[ints, [n], 'int32']]],
    ['isNaN float32', (a) => isNaNOp(a!), [[f, [n]]]],
    ['logicalNot bool', (a) => logicalNot(a!), [[bools, [n], 'bool']]],
    ['cast float32 -> int32', (a) => cast(a!, 'int32'), [[f.map((v) => v * 1e3), [n]]]],
    ['cast int32 -> float32', (a) => cast(a!, 'float32'), [[ints, [n], 'int32']]],
    ['cast bool -> float32', (a) => cast(a!, 'float32'), [[bools, [n], 'bool']]],
    ['clip float32', (a) => clip(a!, -1, 1.5), [[f, [n]]]],
    [
      'where float32',
      (c, a, b) => where(c!, a!, b!),
      [
        [bools, [n], 'bool'],
        [f, [n]],
        [g, [n]],
      ],
    ],
    [
      'where int32, scalar branch',
      (c, a, b) => where(c!, a!, b!),
      [
        [bools, [n], 'bool'],
        [ints, [n], 'int32'],
        [[-1], [], 'int32'],
      ],
    ],
  ];
  for (const [label, op, inputs] of cases) {
    it(label, async () => {
      await check(label, op, inputs, 'elementwise');
    });
  }
});
