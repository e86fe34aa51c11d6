/** Tolerance checks of spec §7. */
import { expect } from 'vitest';

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * f32 matmul tolerance of spec §7: `|err| ≤ 1e-5·√K·max|a|·max|b|` per output (plus a tiny absolute floor);
 * float64 results are held to 1e-12 relative.
 */
export function expectMatmulClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  k: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  dtype: 'float32' | 'float64' = 'float32',
): void {
  expect(actual.length).toBe(expected.length);
  const scale =
    Math.max(1, Math.sqrt(Math.max(k, 1))) * Math.max(maxAbs(a), 1e-30) * Math.max(maxAbs(b), 1e-30);
  const tol = dtype === 'float64' ? 1e-12 * scale : 1e-5 * scale + 1e-30;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!);
    if (!(err <= tol))
      expect.fail(`output ${i}: got ${actual[i]}, expected ${expected[i]} (|err| ${err} > ${tol})`);
  }
}

/** Elementwise `|a − e| ≤ atol + rtol·|e|`. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-5,
  atol = 1e-6,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e);
    if (!(err <= atol + rtol * Math.abs(e)) && !(Number.isNaN(e) && Number.isNaN(actual[i]!))) {
      expect.fail(`entry ${i}: got ${actual[i]}, expected ${e} (|err| ${err})`);
    }
  }
}

/** Bit-exact equality of float arrays (distinguishes NaN payload-free NaN, and −0 from 0). */
export function expectBitExact(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i]))
      expect.fail(`entry ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}
