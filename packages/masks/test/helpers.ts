/** Test helpers: seeded host data and counting. */
import { isSparselandError, random, type Tensor } from '@sparseland/core';
import { expect } from 'vitest';

/** `n` seeded normal draws. */
export function normals(n: number, seed: number): number[] {
  const rng = new random.Rng(seed);
  return Array.from({ length: n }, () => rng.nextNormal());
}

/** Host copy of a tensor as numbers. */
export function host(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>, Number);
}

/** Count of nonzeros. */
export function count(a: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) c++;
  return c;
}

/** Expect `f` to throw a SparselandError with this code (and optionally a message fragment). */
export function expectCode(f: () => unknown, code: string, fragment?: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(isSparselandError(caught), `expected a SparselandError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  if (fragment !== undefined) expect((caught as Error).message).toContain(fragment);
}

/** Nonzeros of every group of `of` along the last axis of a 2-D host array. */
export function groupCounts(m: ArrayLike<number>, cols: number, of: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.length / cols; r++)
    for (let g = 0; g < cols; g += of) {
      let c = 0;
      for (let j = g; j < Math.min(cols, g + of); j++) c += m[r * cols + j]! === 0 ? 0 : 1;
      out.push(c);
    }
  return out;
}
