/**
 * The WGSL float32 math of the `webgpu` kernels on dense sweeps, against float64 references of the float32
 * inputs at the elementwise tolerance: `sin`/`cos` over every magnitude up to 3e38 (exact argument
 * reduction), and the functions whose GPU built-ins are unspecified or inexact.
 */
import { describe, expect, it } from 'vitest';
import {
  cos,
  erf,
  exp,
  floorDiv,
  gelu,
  log1p,
  mod,
  pow,
  sin,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '../../src/index.js';
import { compareClose, toleranceFor } from '../../src/testing/index.js';
import { divmodRef, powRef } from '../cases/binary.cases.js';
import { erfRef } from '../helpers/reference.js';
import { useWebGPU } from './gpu.js';

/** `count` values spread log-uniformly over `[lo, hi]`, both signs, rounded to float32. */
function magnitudes(count: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    const v = lo * (hi / lo) ** (i / (count - 1));
    out[2 * i] = v;
    out[2 * i + 1] = -v * 1.0000001;
  }
  return out;
}

async function check(op: (x: Tensor) => Tensor, xs: Float32Array, ref: (x: number) => number): Promise<void> {
  const y = tidy(() => op(tensor(xs)));
  const got = await y.data();
  y.dispose();
  const want = Float32Array.from(xs, (v) => ref(v));
  const report = compareClose(got, want, toleranceFor('float32'));
  if (!report.ok) expect.fail(`x = ${xs[report.index!]}: ${report.message}`);
}

describe('webgpu float32 math', () => {
  useWebGPU();

  it('sin and cos reduce every argument exactly, up to 3e38', async () => {
    const xs = magnitudes(4000, 1e-6, 3e38);
    await check(sin, xs, Math.sin);
    await check(cos, xs, Math.cos);
    // multiples of pi/2, where the reduced argument cancels most
    const near = Float32Array.from({ length: 2000 }, (_, i) => (Math.PI / 2) * (i - 1000));
    await check(sin, near, Math.sin);
    await check(cos, near, Math.cos);
  });

  it('exp, tanh, log1p, erf and gelu over their ranges', async () => {
    const xs = Float32Array.from({ length: 4001 }, (_, i) => -20 + i / 100);
    await check(exp, xs, Math.exp);
    await check(tanh, xs, Math.tanh);
    await check(erf, xs, erfRef);
    await check(gelu, xs, (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)));
    const small = magnitudes(1000, 1e-8, 1e30).filter((v) => v > -1);
    await check(log1p, small, Math.log1p);
  });

  it('pow, mod and floorDiv against IEEE / NumPy references', async () => {
    const a = Float32Array.from({ length: 900 }, (_, i) => (i % 30) * 0.7 - 10);
    const b = Float32Array.from({ length: 900 }, (_, i) => Math.floor(i / 30) * 0.31 - 4.5);
    const run = async (op: (x: Tensor, y: Tensor) => Tensor, ref: (x: number, y: number) => number) => {
      const y = tidy(() => op(tensor(a), tensor(b)));
      const got = await y.data();
      y.dispose();
      const want = Float32Array.from(a, (v, i) => ref(v, b[i]!));
      const report = compareClose(got, want, toleranceFor('float32'));
      if (!report.ok) expect.fail(`(${a[report.index!]}, ${b[report.index!]}): ${report.message}`);
    };
    await run(pow, powRef);
    await run(mod, (x, y) => divmodRef(x, y)[1]);
    await run(floorDiv, (x, y) => divmodRef(x, y)[0]);
  });
});
