// N:M sparse times dense (spec §2.4, §3.4): Y[r, :] = sum_j values[r, j] * X[col(r, j), :], where kept
// value j = g*keep + i of row r sits in column g*of + ((meta[r*W + j/per] >>> bits*(j%per)) & mask).
// Each row's positions are decoded once into (value, byte offset of the X row) pairs in the thread's
// scratch (slots in the zero padding of the last group are dropped), then summed by gather_rows.

import { gather_rows } from './gather-rows';

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))`. Argument block (i32 words): out, values, meta, b, rows,
 * cols, keep, of, n, per, bits, perWord, words. Scratch: `8 * G * keep` bytes.
 */
export function nm_matmul_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const out = load<u32>(args);
  const values = load<u32>(args, 4);
  const meta = load<u32>(args, 8);
  const b = load<u32>(args, 12);
  const rows = load<i32>(args, 16);
  const cols = load<i32>(args, 20);
  const keep = load<i32>(args, 24);
  const groupSize = load<i32>(args, 28);
  const n = load<i32>(args, 32);
  const per = load<i32>(args, 36);
  const bits = load<u32>(args, 40);
  const perWord = load<i32>(args, 44);
  const words = load<i32>(args, 48);
  const groups = (cols + groupSize - 1) / groupSize;
  const perRow = groups * keep;
  const mask: u32 = (1 << bits) - 1;
  const rowBytes = (<usize>n) << 2;
  const vals = scratch;
  const offs = scratch + ((<usize>perRow) << 2);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let r = r0; r < r1; r++) {
    const src = values + ((<usize>r * <usize>perRow) << 2);
    let w = meta + ((<usize>r * <usize>words) << 2);
    let word = perRow > 0 ? load<u32>(w) : 0;
    let inWord = 0;
    let k = 0;
    let j = 0;
    for (let g = 0; g < groups; g++) {
      const base = g * groupSize;
      for (let i = 0; i < keep; i++) {
        if (inWord == perWord) {
          w += 4;
          word = load<u32>(w);
          inWord = 0;
        }
        const c = base + <i32>(word & mask);
        word >>>= bits;
        inWord++;
        if (c < cols) {
          store<f32>(vals + ((<usize>k) << 2), load<f32>(src + ((<usize>j) << 2)));
          store<u32>(offs + ((<usize>k) << 2), <u32>c * <u32>rowBytes);
          k++;
        }
        j++;
      }
    }
    gather_rows(out + <usize>r * rowBytes, n, vals, offs, k, b, false, 0, false, 0, 0);
  }
}
