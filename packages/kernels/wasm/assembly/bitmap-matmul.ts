// Bitmap64 sparse times dense (spec §2.5, §3.5): C[rows, n] = A·B. A tile is two u32 words [hi, lo]; lane l
// (0..63) is bit 31-l of hi or bit 63-l of lo, and the tile's stored values follow in lane order from
// tileOffset[t]. Set lanes are walked with clz and decoded into (value, byte offset of the B row) pairs in
// the thread's scratch, a chunk at a time at a time, then summed into output rows by gather_rows
// (the first chunk overwrites the row, later ones accumulate).
//  - axis 'row': a tile is 64 columns of one row; a work tile is a range of rows.
//  - axis 'col': a tile is 64 rows of one column; a work tile is a range of 64-row strips, each bucketed
//    per row (counting sort over the strip's lanes) before the sums.

import { gather_rows } from './gather-rows';

/** Tiles decoded per chunk, axis 'row' (scratch: `64 * 64 * 8` bytes). */
const ROW_CHUNK: i32 = 64;
/** Columns decoded per chunk, axis 'col' (scratch: `256 * 64 * 8 + 512` bytes). */
const COL_CHUNK: i32 = 256;

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of a row-axis matrix. Argument block (i32 words): out,
 * bits, tileOffset, values, b, rows, cols, n, per.
 */
export function bitmap_row_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const out = load<u32>(args);
  const bits = load<u32>(args, 4);
  const tileOffset = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const b = load<u32>(args, 16);
  const rows = load<i32>(args, 20);
  const cols = load<i32>(args, 24);
  const n = load<i32>(args, 28);
  const per = load<i32>(args, 32);
  const perLine = (cols + 63) >> 6;
  const rowBytes = (<usize>n) << 2;
  const vals = scratch;
  const offs = scratch + ((<usize>(ROW_CHUNK * 64)) << 2);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let r = r0; r < r1; r++) {
    const o = out + <usize>r * rowBytes;
    let first = true;
    let tt = 0;
    do {
      const tEnd = min(perLine, tt + ROW_CHUNK);
      let k = 0;
      for (; tt < tEnd; tt++) {
        const t = r * perLine + tt;
        let slot = load<i32>(tileOffset + ((<usize>t) << 2));
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          const base = (tt << 6) + (half << 5);
          while (w != 0) {
            const lz = clz<u32>(w);
            w &= ~(<u32>0x80000000 >>> lz);
            store<f32>(vals + ((<usize>k) << 2), load<f32>(values + ((<usize>slot) << 2)));
            store<u32>(offs + ((<usize>k) << 2), <u32>(base + <i32>lz) * <u32>rowBytes);
            slot++;
            k++;
          }
        }
      }
      gather_rows(o, n, vals, offs, k, b, !first, 0, false, 0, 0);
      first = false;
    } while (tt < perLine);
  }
}

/**
 * 64-row strips `[tile * per, min(strips, (tile + 1) * per))` of a column-axis matrix. Argument block (i32
 * words): out, bits, tileOffset, values, b, rows, cols, n, per.
 */
export function bitmap_col_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const out = load<u32>(args);
  const bits = load<u32>(args, 4);
  const tileOffset = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const b = load<u32>(args, 16);
  const rows = load<i32>(args, 20);
  const cols = load<i32>(args, 24);
  const n = load<i32>(args, 28);
  const per = load<i32>(args, 32);
  const strips = (rows + 63) >> 6;
  const rowBytes = (<usize>n) << 2;
  const count = scratch; // 64 i32: entries per lane in this chunk
  const start = scratch + 256; // 64 i32: fill positions
  const vals = scratch + 512;
  const offs = vals + ((<usize>(COL_CHUNK * 64)) << 2);
  const s0 = tile * per;
  const s1 = min(strips, s0 + per);
  for (let st = s0; st < s1; st++) {
    const h = min(64, rows - (st << 6));
    let c = 0;
    let first = true;
    do {
      const cEnd = min(cols, c + COL_CHUNK);
      memory.fill(count, 0, 256);
      for (let cc = c; cc < cEnd; cc++) {
        const t = cc * strips + st;
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          while (w != 0) {
            const lz = clz<u32>(w);
            w &= ~(<u32>0x80000000 >>> lz);
            const a = count + ((<usize>((half << 5) + <i32>lz)) << 2);
            store<i32>(a, load<i32>(a) + 1);
          }
        }
      }
      let sum = 0;
      for (let l = 0; l < 64; l++) {
        store<i32>(start + ((<usize>l) << 2), sum);
        sum += load<i32>(count + ((<usize>l) << 2));
      }
      for (let cc = c; cc < cEnd; cc++) {
        const t = cc * strips + st;
        let slot = load<i32>(tileOffset + ((<usize>t) << 2));
        const off = <u32>cc * <u32>rowBytes;
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          while (w != 0) {
            const lz = clz<u32>(w);
            w &= ~(<u32>0x80000000 >>> lz);
            const a = start + ((<usize>((half << 5) + <i32>lz)) << 2);
            const k = load<i32>(a);
            store<i32>(a, k + 1);
            store<f32>(vals + ((<usize>k) << 2), load<f32>(values + ((<usize>slot) << 2)));
            store<u32>(offs + ((<usize>k) << 2), off);
            slot++;
          }
        }
      }
      // start[l] now ends lane l's bucket
      for (let l = 0; l < h; l++) {
        const e = load<i32>(start + ((<usize>l) << 2));
        const cnt = load<i32>(count + ((<usize>l) << 2));
        const k0 = e - cnt;
        gather_rows(
          out + <usize>((st << 6) + l) * rowBytes,
          n,
          vals + ((<usize>k0) << 2),
          offs + ((<usize>k0) << 2),
          cnt,
          b,
          !first,
          0,
          false,
          0,
          0,
        );
      }
      first = false;
      c = cEnd;
    } while (c < cols);
  }
}
