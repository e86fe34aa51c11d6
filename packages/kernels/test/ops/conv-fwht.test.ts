import { tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  fromDense,
  fwht,
  sparseConv1x1,
  sparseInputWht,
  useSparseConv1x1,
  WHT_NORMS,
  xnnpackBlockSize,
} from '../../src/index.js';
import { packSparseConv } from '../../src/internal/xnnpack.js';
import { FORMATS, sparseValues } from '../cases/matmul.cases.js';
import { describeBackends } from '../helpers/backends.js';
import { expectClose, expectMatmulClose } from '../helpers/close.js';
import { flat, hadamard, matmulRef } from '../helpers/reference.js';

/** Dense NCHW reference: `y[n, o, p] = clamp(Σ_c W[o, c]·x[n, c, p] + b[o])`. */
function conv1x1Ref(
  w: ArrayLike<number>,
  cout: number,
  cin: number,
  x: ArrayLike<number>,
  batch: number,
  hw: number,
  bias: ArrayLike<number> | undefined,
  min: number,
  max: number,
): number[] {
  const out: number[] = [];
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < cout; o++)
      for (let p = 0; p < hw; p++) {
        let s = bias === undefined ? 0 : bias[o]!;
        for (let c = 0; c < cin; c++) s += w[o * cin + c]! * x[(n * cin + c) * hw + p]!;
        out.push(Math.min(Math.max(s, min), max));
      }
  return out;
}

/** NCHW → NHWC. */
function toNhwc(x: ArrayLike<number>, batch: number, c: number, hw: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < batch; n++)
    for (let p = 0; p < hw; p++) for (let k = 0; k < c; k++) out.push(x[(n * c + k) * hw + p]!);
  return out;
}

describeBackends('sparseConv1x1', () => {
  const shapes = [
    { cout: 9, cin: 7, batch: 2, h: 3, w: 5, density: 0.3 }, // hw = 15: a remainder tile of 7
    { cout: 16, cin: 12, batch: 1, h: 4, w: 4, density: 0.25 },
    { cout: 5, cin: 3, batch: 1, h: 1, w: 1, density: 1 }, // dense: nr = 4 with a single-channel remainder
    { cout: 6, cin: 8, batch: 3, h: 2, w: 9, density: 0 }, // all-zero weight: bias and clamp only
  ];
  for (const s of shapes) {
    for (const o of FORMATS.filter((f) => f.format !== 'nm')) {
      it(`${s.cout}×${s.cin}, ${s.batch}×${s.h}×${s.w}, density ${s.density}, ${JSON.stringify(o)}`, () => {
        tidy(() => {
          const hw = s.h * s.w;
          const wv = sparseValues(s.cout * s.cin, s.density, s.cout * 7 + s.cin);
          const W = fromDense(tensor(wv, { shape: [s.cout, s.cin] }), o);
          const x = sparseValues(s.batch * s.cin * hw, 1, 5);
          const bias = sparseValues(s.cout, 1, 6);
          for (const [min, max, b] of [
            [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false],
            [0, 0.5, true],
          ] as const) {
            const ref = conv1x1Ref(wv, s.cout, s.cin, x, s.batch, hw, b ? bias : undefined, min, max);
            const opts = { min, max, ...(b ? { bias: tensor(bias) } : {}) };
            const y = sparseConv1x1(W, tensor(x, { shape: [s.batch, s.cin, s.h, s.w] }), opts);
            expect(y.shape).toEqual([s.batch, s.cout, s.h, s.w]);
            expectMatmulClose(y.dataSync(), ref, s.cin + 1, [...x, 1], [...wv, ...bias]);
            const yh = sparseConv1x1(
              W,
              tensor(toNhwc(x, s.batch, s.cin, hw), { shape: [s.batch, s.h, s.w, s.cin] }),
              {
                ...opts,
                layout: 'NHWC',
              },
            );
            expect(yh.shape).toEqual([s.batch, s.h, s.w, s.cout]);
            expectMatmulClose(
              yh.dataSync(),
              toNhwc(ref, s.batch, s.cout, hw),
              s.cin + 1,
              [...x, 1],
              [...wv, ...bias],
            );
          }
        });
      });
    }
  }

  it('accepts unbatched CHW / HWC input and returns it unbatched', () => {
    tidy(() => {
      const w = fromDense(
        [
          [1, 0],
          [0, -1],
        ],
        { format: 'csr' },
      );
      const y = sparseConv1x1(w, [[[1, 2]], [[3, 4]]], { min: 0 });
      expect(y.shape).toEqual([2, 1, 2]);
      expect(y.arraySync()).toEqual([[[1, 2]], [[0, 0]]]);
      expect(
        sparseConv1x1(
          w,
          [
            [
              [1, 3],
              [2, 4],
            ],
          ],
          { layout: 'NHWC' },
        ).arraySync(),
      ).toEqual([
        [
          [1, -3],
          [2, -4],
        ],
      ]);
    });
  });
});

describe('XNNPACK packing (known answers)', () => {
  const nr = (rows: number[][]) => tidy(() => xnnpackBlockSize(fromDense(rows, { format: 'csr' })));
  it('picks nr = 4 when 4-channel blocks are ≥ 90 % full', () => {
    expect(
      nr([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [1, 2, 3],
      ]),
    ).toBe(4);
    // 18 of 20 slots of the 4-blocks (exactly 90 %): nnz4·5 = 90 ≥ blocks4·18 = 90
    const rows = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => (i === 3 && j >= 3 ? 0 : 1)),
    );
    expect(nr(rows)).toBe(4);
    expect(
      nr([
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ]),
    ).toBe(4); // a fifth channel left over
  });
  it('falls back to nr = 2 when only pairs are full, else 1', () => {
    const pairs = [
      [1, 1, 1, 1, 0, 0, 0, 0],
      [1, 1, 1, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1, 1, 1, 1],
      [0, 0, 0, 0, 1, 1, 1, 1],
    ];
    expect(nr(pairs)).toBe(2);
    const three = Array.from({ length: 4 }, (_, i) => Array.from({ length: 10 }, () => (i < 3 ? 1 : 0)));
    expect(nr(three)).toBe(1);
    expect(
      nr(
        [
          [1, 0],
          [0, 1],
        ].concat([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toBe(1);
  });
  it('an all-zero weight picks 4 (0 ≥ 0), as XNNPACK does', () => {
    expect(
      nr([
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
    ).toBe(4);
  });
  it('packs biases, weights per nonzero block, wrapping deltas and counts', () => {
    // cout 4, cin 4: rows {0, 2}, {2, 3}, {}, {}: 4-blocks and pairs are under 90 % full → nr = 1
    const rowPtr = new Int32Array([0, 2, 4, 4, 4]);
    const colIdx = new Int32Array([0, 2, 2, 3]);
    const p = packSparseConv(
      4,
      4,
      rowPtr,
      colIdx,
      new Float32Array([1, 2, 3, 4]),
      new Float32Array([10, 20, 30, 40]),
    );
    expect(p.nr).toBe(1);
    expect([...p.blockWidth]).toEqual([1, 1, 1, 1]);
    expect([...p.weights]).toEqual([10, 1, 2, 20, 3, 4, 30, 40]);
    expect([...p.counts]).toEqual([2, 2, 0, 0]);
    expect(p.firstChannel).toBe(0);
    expect([...p.deltas]).toEqual([2, 0, 1, -3]); // 0→2, 2→2, 2→3, 3→0 (wraps to the first)
    // fewer than 4 channels: no 4-block exists, the rule holds vacuously (0 ≥ 0) and every channel is single
    const q = packSparseConv(
      2,
      4,
      new Int32Array([0, 2, 4]),
      colIdx,
      new Float32Array([1, 2, 3, 4]),
      undefined,
    );
    expect(q.nr).toBe(4);
    expect([...q.blockWidth]).toEqual([1, 1]);
    // a full 4-block interleaves its 4 weights per input channel
    const r = packSparseConv(
      4,
      2,
      new Int32Array([0, 1, 2, 3, 4]),
      new Int32Array([1, 1, 1, 1]),
      new Float32Array([1, 2, 3, 4]),
      undefined,
    );
    expect(r.nr).toBe(4);
    expect([...r.weights]).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
    expect(r.firstChannel).toBe(1);
    expect([...r.deltas]).toEqual([0]);
  });
  it('goes sparse above 2/3 zeros (zeros·3 > params·2)', () => {
    tidy(() => {
      const w7 = fromDense(
        [
          [1, 0, 0],
          [0, 0, 0],
          [0, 0, 1],
        ],
        { format: 'csr' },
      );
      const w6 = fromDense(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        { format: 'csr' },
      );
      expect(useSparseConv1x1(w7)).toBe(true);
      expect(useSparseConv1x1(w6)).toBe(false);
      expect(
        useSparseConv1x1(
          tensor([
            [1, 0, 0],
            [0, 0, 0],
            [0, 0, 1],
          ]),
        ),
      ).toBe(true);
    });
  });
});

describeBackends('fwht', (backend) => {
  it('matches the explicit H_N for N = 1 … 1024, every normalisation', () => {
    tidy(() => {
      for (let n = 0; n <= 10; n++) {
        const N = 2 ** n;
        const x = sparseValues(2 * N, 1, 40 + n);
        const H = hadamard(N);
        const ref = matmulRef(flat(2, N, x), H).data; // H symmetric: x·H = (H·xᵀ)ᵀ
        for (const norm of WHT_NORMS) {
          const scale = norm === 'ortho' ? 1 / Math.sqrt(N) : norm === 'inverse' ? 1 / N : 1;
          const y = fwht(tensor(x, { shape: [2, N] }), { norm }).dataSync();
          // spec §7: |err_i| ≤ 2n·2^-24·Σ|x_j| (scaled), per row
          for (let r = 0; r < 2; r++) {
            const l1 = x.subarray(r * N, (r + 1) * N).reduce((a, v) => a + Math.abs(v), 0);
            const tol = Math.max(2 * n, 1) * 2 ** -24 * l1 * scale + 1e-30;
            for (let i = 0; i < N; i++) {
              const err = Math.abs(y[r * N + i]! - ref[r * N + i]! * scale);
              if (!(err <= tol)) expect.fail(`N=${N} ${norm} [${r}, ${i}]: |err| ${err} > ${tol}`);
            }
          }
        }
      }
    });
  });

  it('H(Hx) = N·x, Parseval, and the ortho transform is an involution (batched [3, 2, 64])', () => {
    tidy(() => {
      const x = sparseValues(3 * 2 * 64, 0.7, 50);
      const t = tensor(x, { shape: [3, 2, 64] });
      const hx = fwht(t);
      expect(hx.shape).toEqual([3, 2, 64]);
      expectClose(
        fwht(hx).dataSync(),
        Array.from(x, (v) => 64 * v),
        1e-6,
        1e-5,
      );
      expectClose(fwht(hx, { norm: 'inverse' }).dataSync(), x, 1e-6, 1e-6);
      expectClose(fwht(fwht(t, { norm: 'ortho' }), { norm: 'ortho' }).dataSync(), x, 1e-6, 1e-6);
      const h = hx.dataSync();
      for (let r = 0; r < 6; r++) {
        let e1 = 0;
        let e2 = 0;
        for (let i = 0; i < 64; i++) {
          e1 += x[r * 64 + i]! ** 2;
          e2 += h[r * 64 + i]! ** 2;
        }
        expect(e2).toBeCloseTo(64 * e1, 3);
      }
    });
  });

  it('uses the Kronecker split above 2^15 and stays exact (N = 2^17)', (ctx) => {
    if (!backend.supportsFloat64()) ctx.skip('no float64 on this backend');
    tidy(() => {
      const N = 2 ** 17;
      const idx = [0, 5, 40000, 131071];
      const val = [1, -2, 0.5, 3];
      const x = new Float64Array(N);
      idx.forEach((i, k) => {
        x[i] = val[k]!;
      });
      const y = fwht(tensor(x, { dtype: 'float64' })).dataSync();
      const probe = [0, 1, 2, 3, 32767, 32768, 65535, 70001, 131071];
      expectClose(
        probe.map((j) => y[j]!),
        sparseInputWht(idx, val, 17, probe),
        1e-12,
        1e-12,
      );
      expectClose(fwht(tensor(y, { dtype: 'float64' }), { norm: 'inverse' }).dataSync(), x, 1e-12, 1e-12);
    });
  });

  it('sparseInputWht equals the FWHT of the sparse input (all outputs, every normalisation)', () => {
    tidy(() => {
      const x = new Float32Array(32);
      x[3] = 2;
      x[17] = -1;
      for (const norm of WHT_NORMS) {
        expectClose(
          sparseInputWht([3, 17], [2, -1], 5, undefined, norm),
          fwht(tensor(x), { norm }).dataSync(),
          1e-6,
          1e-7,
        );
      }
      expect([...sparseInputWht([1], [2], 2)]).toEqual([2, -2, 2, -2]);
    });
  });
});
