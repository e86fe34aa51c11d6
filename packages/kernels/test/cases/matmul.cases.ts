/**
 * Data-driven cases for the sparse products, shared by every backend: seeded dense operands with odd
 * sizes, empty rows, fully dense and fully empty matrices (spec §7). Values are float32-exact.
 */
import { random } from '@sparseland/core';
import type { FormatOptions } from '../../src/index.js';

/** One product case: `A [rows, cols]` with the given density, times `B [cols, n]`. */
export interface MatmulCase {
  name: string;
  rows: number;
  cols: number;
  n: number;
  density: number;
  /** Force these rows to be empty. */
  emptyRows?: number[];
  seed: number;
}

/** The shapes every product runs on. */
export const MATMUL_CASES: MatmulCase[] = [
  { name: '1×1', rows: 1, cols: 1, n: 1, density: 1, seed: 1 },
  { name: 'odd 7×13 · 5, 30 %', rows: 7, cols: 13, n: 5, density: 0.3, seed: 2 },
  { name: 'empty rows 9×10 · 9', rows: 9, cols: 10, n: 9, density: 0.5, emptyRows: [0, 4, 8], seed: 3 },
  { name: 'fully dense 6×6 · 8', rows: 6, cols: 6, n: 8, density: 1, seed: 4 },
  { name: 'all zero 5×7 · 3', rows: 5, cols: 7, n: 3, density: 0, seed: 5 },
  { name: '0 rows', rows: 0, cols: 4, n: 3, density: 1, seed: 6 },
  { name: '0 cols', rows: 3, cols: 0, n: 2, density: 1, seed: 7 },
  { name: 'n = 0', rows: 3, cols: 4, n: 0, density: 0.5, seed: 8 },
  { name: 'tall 70×67 · 17, 10 %', rows: 70, cols: 67, n: 17, density: 0.1, seed: 9 },
  { name: 'wide 3×130 · 4, 20 %', rows: 3, cols: 130, n: 4, density: 0.2, seed: 10 },
];

/** Every format a product is tested in (N:M is applied to a pruned operand). */
export const FORMATS: FormatOptions[] = [
  { format: 'csr' },
  { format: 'csr', indexWidth: 16, rowOrder: true },
  { format: 'csc' },
  { format: 'coo' },
  { format: 'bsr', block: [1, 4] },
  { format: 'bsr', block: [4, 1] },
  { format: 'bsr', block: [4, 4] },
  { format: 'bsr', block: [3, 5] },
  { format: 'rowGroup', g: 8 },
  { format: 'nm', keep: 2, of: 4, prune: true },
  { format: 'nm', keep: 1, of: 4, prune: true },
  { format: 'nm', keep: 2, of: 8, prune: true },
  { format: 'bitmap64', axis: 'row' },
  { format: 'bitmap64', axis: 'col', pad: 8 },
];

/** Seeded float32-exact values in [-1, 1] (multiples of 1/64), `density` of them nonzero. */
export function sparseValues(size: number, density: number, seed: number): Float32Array {
  const rng = new random.Rng(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const keep = rng.next() < density;
    const v = Math.round((rng.next() * 2 - 1) * 64) / 64;
    out[i] = keep ? (v === 0 ? 1 / 64 : v) : 0;
  }
  return out;
}

/** The dense `A` of a case (empty rows applied). */
export function caseA(c: MatmulCase): Float32Array {
  const a = sparseValues(c.rows * c.cols, c.density, c.seed);
  for (const r of c.emptyRows ?? []) a.fill(0, r * c.cols, (r + 1) * c.cols);
  return a;
}

/** The dense `B` of a case. */
export function caseB(c: MatmulCase): Float32Array {
  return sparseValues(c.cols * c.n, 1, c.seed + 1000);
}
