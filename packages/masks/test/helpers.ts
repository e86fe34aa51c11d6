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
