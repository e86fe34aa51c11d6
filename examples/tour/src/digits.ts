import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type Tensor, tensor } from '@sparseland/core';

/** The digits data set: 1797 8x8 images (pixel counts 0..16) and their labels 0..9. */
export interface Digits {
  /** Row-major `[n, 64]` pixel values scaled to [0, 1]. */
  x: Float32Array;
  /** `[n]` labels. */
  y: Int32Array;
  /** Number of images. */
  n: number;
}

/** Read the vendored `data/digits.csv.gz` (see data/README.md for its provenance). */
export function loadDigits(): Digits {
  const text = gunzipSync(readFileSync(new URL('../data/digits.csv.gz', import.meta.url))).toString('utf8');
  const rows = text.trim().split('\n');
  const x = new Float32Array(rows.length * 64);
  const y = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== 65 || cells.some((c) => !Number.isFinite(c)))
      throw new Error(`digits.csv.gz: bad row ${i + 1}`);
    for (let j = 0; j < 64; j++) x[i * 64 + j] = cells[j]! / 16;
    y[i] = cells[64]!;
  });
  return { x, y, n: rows.length };
}

/** A fixed split: a seeded shuffle of the indices, the last `testSize` of which form the test set. */
export function split(d: Digits, order: Int32Array, testSize: number): { train: Digits; test: Digits } {
  const take = (idx: Int32Array): Digits => {
    const x = new Float32Array(idx.length * 64);
    const y = new Int32Array(idx.length);
    idx.forEach((src, i) => {
      x.set(d.x.subarray(src * 64, src * 64 + 64), i * 64);
      y[i] = d.y[src]!;
    });
    return { x, y, n: idx.length };
  };
  const cut = d.n - testSize;
  return { train: take(order.subarray(0, cut)), test: take(order.subarray(cut)) };
}

/** The tour's digits MLP setup, shared by the sections that train it. */
export const DIGITS_MLP = { layers: [64, 128, 10], epochs: 30, batch: 64, testSize: 360, seed: 0 };

/** The images and labels at `idx`, as a `[n, 64]` float32 tensor and an int32 tensor. */
export function batchOf(d: Digits, idx: Int32Array): { x: Tensor; y: Tensor } {
  const x = new Float32Array(idx.length * 64);
  const y = new Int32Array(idx.length);
  idx.forEach((src, i) => {
    x.set(d.x.subarray(src * 64, src * 64 + 64), i * 64);
    y[i] = d.y[src]!;
  });
  return { x: tensor(x, { shape: [idx.length, 64] }), y: tensor(y) };
}
