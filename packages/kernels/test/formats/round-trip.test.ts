import { memory, type Tensor, tensor, tidy } from '@sparseland/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CooMatrix,
  CsrMatrix,
  convert,
  type FormatOptions,
  fromDense,
  nmFromDense,
  type SparseMatrix,
  toDense,
  transpose,
  validate,
} from '../../src/index.js';
import { type DenseCase, denseMatrix, denseWithMask, RUNS } from '../helpers/arbitraries.js';
import { expectBitExact } from '../helpers/close.js';

/** Every lossless target (N:M is lossy: tested through nmFromDense). */
const TARGETS: FormatOptions[] = [
  { format: 'csr' },
  { format: 'csr', indexWidth: 16, rowOrder: true },
  { format: 'csc' },
  { format: 'csc', indexWidth: 16 },
  { format: 'coo' },
  { format: 'bsr', block: [1, 1] },
  { format: 'bsr', block: [2, 3] },
  { format: 'bsr', block: [4, 4] },
  { format: 'bsr', block: [3, 1] },
  { format: 'rowGroup', g: 4 },
  { format: 'rowGroup' },
  { format: 'bitmap64', axis: 'row' },
  { format: 'bitmap64', axis: 'row', pad: 8 },
  { format: 'bitmap64', axis: 'col' },
  { format: 'bitmap64', axis: 'col', pad: 8 },
];
const name = (o: FormatOptions) => JSON.stringify(o);

const toTensor = (x: DenseCase): Tensor => tensor(Float32Array.from(x.values), { shape: [x.rows, x.cols] });
const transposed = (x: DenseCase): number[] => {
  const out: number[] = [];
  for (let j = 0; j < x.cols; j++) for (let i = 0; i < x.rows; i++) out.push(x.values[i * x.cols + j]!);
  return out;
};
const nonzeros = (x: DenseCase) => x.values.filter((v) => v !== 0).length;

describe('dense → format → dense is exact', () => {
  for (const target of TARGETS) {
    it(name(target), () => {
      fc.assert(
        fc.property(denseMatrix(), (x) => {
          tidy(() => {
            const m = fromDense(toTensor(x), target);
            validate(m);
            expect(m.shape).toEqual([x.rows, x.cols]);
            if (target.format !== 'bsr' && target.format !== 'rowGroup') expect(m.nnz).toBe(nonzeros(x));
            expectBitExact(toDense(m).dataSync(), x.values);
            m.dispose();
          });
        }),
        RUNS,
      );
    });
  }

  it('with a mask: stores exactly the masked entries, explicit zeros included', () => {
    fc.assert(
      fc.property(denseWithMask(), fc.constantFrom(...TARGETS), ({ x, mask }, target) => {
        tidy(() => {
          const m = fromDense(toTensor(x), { ...target, mask: tensor(mask, { shape: [x.rows, x.cols] }) });
          validate(m);
          if (target.format !== 'bsr' && target.format !== 'rowGroup')
            expect(m.nnz).toBe(mask.filter((v) => v).length);
          expectBitExact(
            toDense(m).dataSync(),
            x.values.map((v, i) => (mask[i] ? v : 0)),
          );
        });
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('keeps −0 and NaN bit for bit when a mask stores them', () => {
    const x = tensor(new Float32Array([-0, Number.NaN, 0, 5]), { shape: [2, 2] });
    for (const target of TARGETS) {
      tidy(() => {
        const m = fromDense(x, {
          ...target,
          mask: [
            [1, 1],
            [1, 0],
          ],
        });
        expectBitExact(toDense(m).dataSync(), [-0, Number.NaN, 0, 0]);
      });
    }
    x.dispose();
  });

  it('N:M: nmFromDense keeps the top-|x| of each group and toDense equals where(mask, x, 0)', () => {
    fc.assert(
      fc.property(
        denseMatrix(7, 19),
        fc.constantFrom([1, 4], [2, 4], [2, 8], [1, 2], [3, 5]),
        (x, [keep, of]) => {
          tidy(() => {
            const { matrix, mask } = nmFromDense(toTensor(x), { keep: keep!, of: of! });
            validate(matrix);
            const mk = mask.dataSync();
            expectBitExact(
              toDense(matrix).dataSync(),
              x.values.map((v, i) => (mk[i] ? v : 0)),
            );
            for (let r = 0; r < x.rows; r++) {
              for (let g = 0; g * of! < x.cols; g++) {
                const cols = Array.from({ length: Math.min(of!, x.cols - g * of!) }, (_, i) => g * of! + i);
                const kept = cols.filter((c) => mk[r * x.cols + c]);
                expect(kept.length).toBeLessThanOrEqual(keep!);
                const keptMin = Math.min(...kept.map((c) => Math.abs(x.values[r * x.cols + c]!)));
                for (const c of cols) {
                  if (!mk[r * x.cols + c])
                    expect(Math.abs(x.values[r * x.cols + c]!)).toBeLessThanOrEqual(keptMin);
                }
              }
            }
          });
        },
      ),
      RUNS,
    );
  });

  it('N:M: an input that already is N:M round-trips without prune', () => {
    fc.assert(
      fc.property(denseMatrix(6, 17), fc.constantFrom([1, 4], [2, 8], [2, 4]), (x, [keep, of]) => {
        tidy(() => {
          const pruned = nmFromDense(toTensor(x), { keep: keep!, of: of! });
          const nmDense = toDense(pruned.matrix);
          const again = fromDense(nmDense, { format: 'nm', keep: keep!, of: of! });
          expectBitExact(toDense(again).dataSync(), nmDense.dataSync());
          pruned.matrix.dispose();
        });
      }),
      RUNS,
    );
  });
});

describe('conversions between formats are exact', () => {
  const pairs = TARGETS.flatMap((a) => TARGETS.map((b) => [a, b] as const));
  it(`every pair of ${TARGETS.length} formats, through convert()`, () => {
    fc.assert(
      fc.property(denseMatrix(9, 9), fc.constantFrom(...pairs), (x, [from, to]) => {
        tidy(() => {
          const a = fromDense(toTensor(x), from);
          const b = convert(a, to);
          validate(b);
          expectBitExact(toDense(b).dataSync(), x.values);
          // the reverse direction too
          expectBitExact(toDense(convert(b, from)).dataSync(), x.values);
        });
      }),
      { ...RUNS, numRuns: 400 },
    );
  });

  it('into and out of N:M (prune) agrees with nmFromDense', () => {
    fc.assert(
      fc.property(denseMatrix(6, 13), fc.constantFrom(...TARGETS), (x, from) => {
        tidy(() => {
          const a = fromDense(toTensor(x), from);
          const nm = convert(a, { format: 'nm', keep: 2, of: 4, prune: true, dropZeros: true });
          const ref = nmFromDense(toTensor(x), { keep: 2, of: 4 });
          expectBitExact(toDense(nm).dataSync(), toDense(ref.matrix).dataSync());
          expectBitExact(toDense(convert(nm, from)).dataSync(), toDense(ref.matrix).dataSync());
          ref.matrix.dispose();
        });
      }),
      RUNS,
    );
  });

  it('keeps stored zeros unless dropZeros', () => {
    tidy(() => {
      const bsr = fromDense(
        [
          [1, 0, 0],
          [0, 0, 2],
        ],
        { format: 'bsr', block: [2, 2] },
      );
      expect(bsr.nnz).toBe(6); // two 2×2 blocks, the right one half outside the shape
      expect(bsr.fill()).toBe(2 / 8);
      expect(convert(bsr, { format: 'csr' }).nnz).toBe(6);
      const csr = convert(bsr, { format: 'csr', dropZeros: true });
      expect(csr.nnz).toBe(2);
      expect(toDense(csr).arraySync()).toEqual([
        [1, 0, 0],
        [0, 0, 2],
      ]);
    });
  });

  it('COO: coalesce sorts and sums duplicates, and conversions coalesce first', () => {
    tidy(() => {
      const coo = CooMatrix.fromArrays({
        shape: [2, 3],
        row: [1, 0, 1, 1],
        col: [2, 1, 2, 0],
        values: [1, 2, 3, 4],
      });
      expect(coo.canonical).toBe(false);
      expect(toDense(coo).arraySync()).toEqual([
        [0, 2, 0],
        [4, 0, 4],
      ]);
      const c = coo.coalesce();
      expect(c.canonical).toBe(true);
      expect([...c.row.dataSync()]).toEqual([0, 1, 1]);
      expect([...c.col.dataSync()]).toEqual([1, 0, 2]);
      expect([...c.values.dataSync()]).toEqual([2, 4, 4]);
      expect(toDense(convert(coo, { format: 'csc' })).arraySync()).toEqual([
        [0, 2, 0],
        [4, 0, 4],
      ]);
      const viaArrays = CooMatrix.fromArrays({
        shape: [2, 3],
        row: [1, 1],
        col: [2, 2],
        values: [1, 1],
        coalesce: true,
      });
      expect(viaArrays.canonical).toBe(true);
      expect(viaArrays.nnz).toBe(1);
    });
  });
});

describe('transpose', () => {
  for (const target of [...TARGETS, { format: 'nm', keep: 2, of: 4, prune: true } as FormatOptions]) {
    it(name(target), () => {
      fc.assert(
        fc.property(denseMatrix(9, 9), (x) => {
          tidy(() => {
            const m = fromDense(toTensor(x), target);
            const t = transpose(m);
            validate(t);
            expect(t.shape).toEqual([x.cols, x.rows]);
            const expected =
              target.format === 'nm' ? transposedOf(toDense(m).dataSync(), x.rows, x.cols) : transposed(x);
            expectBitExact(toDense(t).dataSync(), expected);
            expect(t.kind).toBe(
              target.format === 'rowGroup' ? 'bsr' : target.format === 'nm' ? 'csr' : target.format,
            );
          });
        }),
        { ...RUNS, numRuns: 30 },
      );
    });
  }
});

function transposedOf(v: ArrayLike<number>, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out.push(v[i * cols + j]!);
  return out;
}

describe('host-side metadata', () => {
  it('nnz, density and bytes follow spec §2.3', () => {
    tidy(() => {
      const x = [
        [1, 0, 0, 2, 0, 0, 0, 0],
        [0, 0, 3, 0, 0, 0, 0, 4],
        [0, 0, 0, 0, 0, 0, 0, 0],
      ];
      const csr = fromDense(x, { format: 'csr' });
      expect(csr.nnz).toBe(4);
      expect(csr.density).toBeCloseTo(4 / 24);
      expect(csr.bytes()).toBe(4 * (4 + 4) + 4 * 4);
      expect(fromDense(x, { format: 'csr', indexWidth: 16 }).bytes()).toBe(4 * (4 + 2) + 4 * 4);
      expect(fromDense(x, { format: 'csc' }).bytes()).toBe(4 * 8 + 4 * 9);
      expect(fromDense(x, { format: 'coo' }).bytes()).toBe(4 * (4 + 8));
      const bsr = fromDense(x, { format: 'bsr', block: [2, 4] });
      expect(bsr.nnzb).toBe(2);
      expect(bsr.bytes()).toBe(2 * (8 * 4 + 4) + 4 * (2 + 1));
      const bm = fromDense(x, { format: 'bitmap64', pad: 8 });
      expect(bm.tiles).toBe(3);
      expect(bm.bytes()).toBe(3 * 12 + (8 + 8 + 0) * 4);
      // N:M 2:4 f32 with cols a multiple of 32: M·K/2·bv + 2 bits per kept value
      const nm = fromDense(tensor(new Float32Array(4 * 64), { shape: [4, 64] }), {
        format: 'nm',
        keep: 2,
        of: 4,
      });
      expect(nm.bytes()).toBe(((4 * 64) / 2) * 4 + (((4 * 64) / 2) * 2) / 8);
      expect(fromDense(tensor(new Float64Array(0), { shape: [0, 5] }), { format: 'csr' }).density).toBe(0);
      expect(fromDense(tensor(new Float32Array(0), { shape: [3, 0] }), { format: 'csc' }).nnz).toBe(0);
    });
  });

  it('float64 values stay float64', () => {
    tidy(() => {
      const m = fromDense(tensor(new Float64Array([0, 0.1]), { shape: [1, 2] }), { format: 'csr' });
      expect(m.dtype).toBe('float64');
      expect(m.values.dataSync()[0]).toBe(0.1);
      expect(m.bytes()).toBe(1 * (8 + 4) + 4 * 2);
    });
  });

  it('rowOrder sorts rows by length, descending, ties by index', () => {
    tidy(() => {
      const m = fromDense(
        [
          [1, 0, 0],
          [1, 1, 1],
          [0, 0, 0],
          [1, 1, 0],
          [0, 1, 0],
        ],
        { format: 'csr', rowOrder: true },
      );
      expect([...m.rowOrder!.dataSync()]).toEqual([1, 3, 0, 4, 2]);
    });
  });

  it('16-bit indices address cols = 65 536 (two per int32, low half first)', () => {
    const cols = 65536;
    const m = CsrMatrix.fromArrays({
      shape: [2, cols],
      rowPtr: [0, 2, 3],
      colIdx: [0, 65535, 32768],
      values: [1, 2, 3],
      indexWidth: 16,
    });
    const packed = m.colIdx.dataSync();
    expect([...packed]).toEqual([0 | (65535 << 16), 32768]);
    expect(m.bytes()).toBe(3 * (4 + 2) + 4 * 3);
    const dense = toDense(m).dataSync();
    expect(dense[65535]).toBe(2);
    expect(dense[cols + 32768]).toBe(3);
    const viaDense = fromDense(tensor(dense, { shape: [2, cols] }), { format: 'csr', indexWidth: 16 });
    expect([...viaDense.colIdx.dataSync()]).toEqual([...packed]);
    m.dispose();
    viaDense.dispose();
  });
});

describe('memory', () => {
  it('dispose() frees every held tensor; Symbol.dispose works; conversions leak nothing', () => {
    const before = memory().numTensors;
    const x = tensor([
      [1, 0, 2],
      [0, 3, 0],
    ]);
    const all: SparseMatrix[] = TARGETS.map((t) => fromDense(x, t));
    const converted = all.map((m) => convert(m, { format: 'csr' }));
    for (const m of [...all, ...converted]) {
      expect(m.isDisposed).toBe(false);
      m.dispose();
      expect(m.isDisposed).toBe(true);
    }
    {
      using m = fromDense(x, { format: 'coo' });
      expect(m.nnz).toBe(3);
    }
    x.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('matrices made in tidy are disposed with it unless retained', () => {
    const before = memory().numTensors;
    const gone = tidy(() => ({ m: fromDense([[1, 2]], { format: 'csr' }) })).m;
    expect(gone.isDisposed).toBe(true);
    const kept = tidy(() => fromDense([[1, 2]], { format: 'csr' }).retain());
    expect(kept.isDisposed).toBe(false);
    const d = toDense(kept);
    expect(d.arraySync()).toEqual([[1, 2]]);
    d.dispose();
    kept.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('withValues shares structure: disposing one matrix leaves the other intact', () => {
    const a = fromDense(
      [
        [0, 1],
        [2, 0],
      ],
      { format: 'csr' },
    );
    const b = a.withValues(tensor([5, 6]));
    a.dispose();
    expect(toDense(b).arraySync()).toEqual([
      [0, 5],
      [6, 0],
    ]);
    b.dispose();
  });
});
