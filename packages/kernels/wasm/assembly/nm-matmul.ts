// N:M sparse times dense (spec §2.4, §3.4): Y[r, :] = sum_j values[r, j] * X[col(r, j), :], where kept
// value j = g*keep + i of row r sits in column g*of + ((meta[r*W + j/per] >>> bits*(j%per)) & mask).
// The kept columns are walked in blocks of `gb` groups, small enough that the rows of X they touch stay
// in L1 while every row of the work tile uses them (Y accumulates across blocks): per (row, block) the
// positions are decoded into byte offsets of the X rows in the thread's scratch and summed by gather_rows
// with the values read in place; a block holding padding slots of the last group copies its values too and
// drops those slots.

import { gather_rows } from './gather-rows';

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))`. Argument block (i32 words): out, values, meta, b, rows,
 * cols, keep, of, n, per, bits, perWord, words, gb. Scratch: `8 * gb * keep` bytes.
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
  const gb = load<i32>(args, 52);
  const groups = (cols + groupSize - 1) / groupSize;
  const perRow = groups * keep;
  const mask: u32 = (1 << bits) - 1;
  const rowBytes = (<usize>n) << 2;
  const vals = scratch;
  const offs = scratch + ((<usize>(gb * keep)) << 2);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  if (groups == 0) {
    for (let r = r0; r < r1; r++)
      gather_rows(out + <usize>r * rowBytes, n, vals, offs, 0, b, false, 0, false, 0, 0);
    return;
  }
  for (let g0 = 0; g0 < groups; g0 += gb) {
    const g1 = min(groups, g0 + gb);
    const j0 = g0 * keep;
    for (let r = r0; r < r1; r++) {
      const src = values + ((<usize>r * <usize>perRow) << 2);
      let w = meta + ((<usize>(r * words + j0 / perWord)) << 2);
      let inWord = j0 % perWord;
      let word = load<u32>(w) >>> (bits * <u32>inWord);
      if (g1 < groups || cols % groupSize == 0) {
        // no padding slot in this block: only the offsets are decoded, the values are read in place
        const groupBytes = <u32>groupSize * <u32>rowBytes;
        const rb = <u32>rowBytes;
        let baseOff = <u32>(g0 * groupSize) * rb;
        let k = 0;
        for (let g = g0; g < g1; g++) {
          for (let i = 0; i < keep; i++) {
            if (inWord == perWord) {
              w += 4;
              word = load<u32>(w);
              inWord = 0;
            }
            store<u32>(offs + ((<usize>k) << 2), baseOff + (word & mask) * rb);
            word >>>= bits;
            inWord++;
            k++;
          }
          baseOff += groupBytes;
        }
        gather_rows(
          out + <usize>r * rowBytes,
          n,
          src + ((<usize>j0) << 2),
          offs,
          k,
          b,
          g0 > 0,
          0,
          false,
          0,
          0,
        );
        continue;
      }
      let k = 0;
      let j = j0;
      for (let g = g0; g < g1; g++) {
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
      gather_rows(out + <usize>r * rowBytes, n, vals, offs, k, b, g0 > 0, 0, false, 0, 0);
    }
  }
}
