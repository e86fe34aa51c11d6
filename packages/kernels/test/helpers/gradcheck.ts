/**
 * A small float64 finite-difference gradient checker (core's `@sparseland/core/testing` one is not
 * published yet): compares `valueAndGrad` with central differences of `sum(f(inputs) ⊙ w)` for a fixed
 * random weighting `w`.
 */
import { mul, random, sum, type Tensor, tensor, tidy, valueAndGrad } from '@sparseland/core';
import { expect } from 'vitest';

/** Check the gradients of `f` at `inputs` (flat float64 arrays with shapes). */
export function checkGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: { values: ArrayLike<number>; shape: number[] }[],
  opts: { h?: number; rtol?: number; atol?: number; seed?: number } = {},
): void {
  const h = opts.h ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-7;
  const rng = new random.Rng(opts.seed ?? 1);
  tidy(() => {
    const xs = inputs.map((i) => tensor(Float64Array.from(i.values), { shape: i.shape, dtype: 'float64' }));
    const probe = f(...xs);
    const w = tensor(
      Float64Array.from({ length: probe.size }, () => rng.next() * 2 - 1),
      { shape: [...probe.shape], dtype: 'float64' },
    );
    const loss = (...a: Tensor[]) => sum(mul(f(...a), w));
    const { grads } = valueAndGrad((ps: Tensor[]) => loss(...ps))(xs);
    const analytic = (grads as Tensor[]).map((g) => g.dataSync() as Float64Array);
    inputs.forEach((input, which) => {
      for (let i = 0; i < input.values.length; i++) {
        const at = (delta: number) =>
          tidy(() => {
            const shifted = inputs.map((inp, j) => {
              const v = Float64Array.from(inp.values);
              if (j === which) v[i] = v[i]! + delta;
              return tensor(v, { shape: inp.shape, dtype: 'float64' });
            });
            return loss(...shifted).dataSync()[0]!;
          });
        const numeric = (at(h) - at(-h)) / (2 * h);
        const a = analytic[which]![i]!;
        const tol = atol + rtol * Math.max(Math.abs(a), Math.abs(numeric));
        if (!(Math.abs(a - numeric) <= tol)) {
          expect.fail(`input ${which}[${i}]: analytic ${a}, numeric ${numeric}`);
        }
      }
    });
  });
}
