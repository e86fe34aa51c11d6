import { matmul, mul, sum, type Tensor, tensor, valueAndGrad, variable } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  bdwpLinear,
  bdwpMasks,
  decayMask,
  dstUpdate,
  mdgfBeta,
  nmMask,
  SRSTE_LAMBDA,
  sdgfFrames,
  srste,
  ste,
} from '../src/index.js';
import { host, normals } from './helpers.js';

const f64 = (v: number[], shape: number[]) => tensor(v, { shape, dtype: 'float64' });

describe('STE and SR-STE through customGrad (exact gradients)', () => {
  const wv = [0.5, -2, 3, 0.25, -1, 4, -0.125, 2];
  const mv = [1, 0, 1, 0, 0, 1, 0, 1];
  const cv = [1, 2, 3, 4, 5, 6, 7, 8];
  it('STE: the forward is W ⊙ M and the gradient passes straight through', () => {
    const w = f64(wv, [2, 4]);
    const { value, grads } = valueAndGrad((x: Tensor) =>
      sum(mul(ste(x, tensor(mv, { shape: [2, 4], dtype: 'bool' })), f64(cv, [2, 4]))),
    )(w);
    expect(value.dataSync()[0]).toBe(wv.reduce((a, x, i) => a + x * mv[i]! * cv[i]!, 0));
    expect(host(grads)).toEqual(cv);
  });
  it('SR-STE: dL/dW = dL/dW̃ + λ_w·(1 − M) ⊙ W, with λ_w = 2e-4 by default', () => {
    const w = f64(wv, [2, 4]);
    const m = f64(mv, [2, 4]);
    const { grads } = valueAndGrad((x: Tensor) => sum(mul(srste(x, m), f64(cv, [2, 4]))))(w);
    expect(SRSTE_LAMBDA).toBe(2e-4);
    expect(host(grads)).toEqual(cv.map((c, i) => c + (1 - mv[i]!) * wv[i]! * 2e-4));
    const g2 = valueAndGrad((x: Tensor) => sum(srste(x, m, 0.5)))(f64(wv, [2, 4])).grads;
    expect(host(g2)).toEqual(wv.map((x, i) => 1 + (1 - mv[i]!) * x * 0.5));
    const g0 = valueAndGrad((x: Tensor) => sum(srste(x, m, 0)))(f64(wv, [2, 4])).grads;
    expect(host(g0)).toEqual(wv.map(() => 1)); // λ = 0 is STE
  });
  it('MDGF: W ⊙ (M + (1 − M)β) forward, straight-through backward; β closed forms', () => {
    const w = f64(wv, [2, 4]);
    const { value, grads } = valueAndGrad((x: Tensor) => sum(decayMask(x, f64(mv, [2, 4]), 0.25)))(w);
    expect(value.dataSync()[0]).toBeCloseTo(
      wv.reduce((a, x, i) => a + x * (mv[i]! + (1 - mv[i]!) * 0.25), 0),
      14,
    );
    expect(host(grads)).toEqual(wv.map(() => 1));
    expect(mdgfBeta('exp', 1e-4, 10_000)).toBeCloseTo(Math.exp(-1), 15);
    expect(mdgfBeta('linear', 1e-3, 250)).toBeCloseTo(0.75, 15);
    expect(mdgfBeta('linear', 1e-3, 5000)).toBe(0);
    expect(mdgfBeta('step', 1e-3, 1)).toBe(0);
    expect(mdgfBeta('exp', 1e-3, -5)).toBe(1);
  });
});

describe('SDGF frames (spec §6.3 golden)', () => {
  it('sparsify 1:8 → 7:8, 4:8, 2:8, 1:8; fine 8:64, 4:32, 2:16, 1:8; densify 1:64 … 1:8', () => {
    expect(sdgfFrames('sparsify', 1, 8)).toEqual([
      [7, 8],
      [4, 8],
      [2, 8],
      [1, 8],
    ]);
    expect(sdgfFrames('sparsify', 2, 8)).toEqual([
      [7, 8],
      [4, 8],
      [2, 8],
    ]);
    expect(sdgfFrames('fine', 1, 8)).toEqual([
      [8, 64],
      [4, 32],
      [2, 16],
      [1, 8],
    ]);
    expect(sdgfFrames('densify', 1, 8)).toEqual([
      [1, 64],
      [1, 32],
      [1, 16],
      [1, 8],
    ]);
  });
});

describe('BDWP linear', () => {
  it('uses N:M along in forward, along out for dX, and a dense dW', () => {
    const [out, inF, batch] = [8, 8, 3];
    const wv = normals(out * inF, 11);
    const xv = normals(batch * inF, 12);
    const bv = normals(out, 13);
    const dyv = normals(batch * out, 14);
    const w = variable(f64(wv, [out, inF]));
    const x = variable(f64(xv, [batch, inF]));
    const b = variable(f64(bv, [out]));
    const dy = f64(dyv, [batch, out]);
    const { value, grads } = valueAndGrad(() => bdwpLinear(x, w, { keep: 2, of: 4, bias: b }))([x, w, b], dy);
    const { fwd, bwd } = bdwpMasks(w, 2, 4);
    expect(host(fwd)).toEqual(host(nmMask(w, { keep: 2, of: 4, axis: 'in' })));
    expect(host(bwd)).toEqual(host(nmMask(w, { keep: 2, of: 4, axis: 'out' })));
    const wf = mul(w, fwd);
    const wb = mul(w, bwd);
    const yRef = host(matmul(x, wf, { transposeB: true })).map((v, i) => v + bv[i % out]!);
    host(value).forEach((v, i) => {
      expect(v).toBeCloseTo(yRef[i]!, 12);
    });
    const dxRef = host(matmul(dy, wb));
    const dwRef = host(matmul(dy, x, { transposeA: true }));
    host(grads[0]!).forEach((v, i) => {
      expect(v).toBeCloseTo(dxRef[i]!, 12);
    });
    host(grads[1]!).forEach((v, i) => {
      expect(v).toBeCloseTo(dwRef[i]!, 12);
    });
    host(grads[2]!).forEach((v, i) => {
      expect(v).toBeCloseTo(
        dyv.filter((_, j) => j % out === i).reduce((a, c) => a + c, 0),
        12,
      );
    });
    // the forward and backward masks differ in general, so dX is not the transpose of the forward's
    expect(host(fwd)).not.toEqual(host(bwd));
  });
});

describe('SET/RigL update rule (spec §7.1), hand-computed', () => {
  it('drops the k smallest |W| of the active entries and grows the top-k scores among the rest', () => {
    const mask = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]);
    const w = [4, -1, 3, 0.5, 0, 0, 0, 0];
    const g = [0, 0, 0, 0, 5, 1, 2, 0];
    const u = dstUpdate(mask, w, g, 0.5);
    expect(Array.from(u.mask)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(u.grown)).toEqual([0, 0, 0, 0, 1, 0, 1, 0]);
    expect(u.dropped).toBe(2);
    expect(u.numGrown).toBe(2);
  });
  it('lets a just-dropped entry grow back (it keeps its weight and is not counted as new)', () => {
    const mask = Uint8Array.from([1, 1, 1, 0]);
    const w = [4, -1, 3, 0];
    const g = [0, 9, 0, 1];
    const u = dstUpdate(mask, w, g, 0.34); // k = floor(0.34·3) = 1: drop index 1, grow index 1 back
    expect(Array.from(u.mask)).toEqual([1, 1, 1, 0]);
    expect(u.numGrown).toBe(0);
  });
  it('keeps the count of active entries, with ties to the lower index', () => {
    const mask = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const u = dstUpdate(mask, [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], new Array(10).fill(1), 0.5);
    // drop the two highest-index ties (1, 1 at 2, 3), grow the two lowest-index ties among zeros (2, 3)
    expect(Array.from(u.mask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const noise = [0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0];
    const v = dstUpdate(mask, [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 3, 2], 0.5, noise);
    expect(Array.from(v.mask)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 1, 1]);
  });
});
