// Bitmap64 sparse times dense (spec §2.5, §3.5): C[rows, n] = A·B. A tile is two u32 words [hi, lo]; lane l
// (0..63) is bit 31-l of hi or bit 63-l of lo, and the tile's stored values follow in lane order from
// tileOffset[t].
// Set lanes are walked lowest bit first (ctz; lane 31 - tz of a half, slots counted down from the
// half's end) and decoded into (value, byte offset of the B row) pairs in the thread's
// scratch, then summed into output rows by gather_rows. The columns are taken in blocks small enough that
// the rows of B they touch stay in L1 while every output row of the work tile uses them; the first block
// overwrites the output rows, later ones accumulate.
//  - axis 'row': a tile is 64 columns of one row; a work tile is a range of rows, a block `bt` tiles.
//  - axis 'col': a tile is 64 rows of one column; a work tile is a range of 64-row strips, a block `bt`
//    columns of a strip, bucketed per row (counting sort over the strip's lanes) before the sums.

import { gather_rows } from './gather-rows';

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of a row-axis matrix. Argument block (i32 words): out,
 * bits, tileOffset, values, b, rows, cols, n, per, bt. Scratch: `bt * 64 * 8` bytes.
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
  const bt = load<i32>(args, 36);
  const perLine = (cols + 63) >> 6;
  const rowBytes = (<usize>n) << 2;
  const vals = scratch;
  const offs = scratch + ((<usize>(bt * 64)) << 2);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  if (n == 1) {
    // matvec: sum straight from the set lanes (two accumulators, one per half of each tile)
    for (let r = r0; r < r1; r++) {
      let s0: f32 = 0;
      let s1: f32 = 0;
      for (let tt = 0; tt < perLine; tt++) {
        const t = r * perLine + tt;
        const hiW = load<u32>(bits + ((<usize>(2 * t)) << 2));
        const loW = load<u32>(bits + ((<usize>(2 * t + 1)) << 2));
        // lowest set bit first: lane 31 - tz of the half, slots counted down from the half's end
        let v = values + ((<usize>(load<i32>(tileOffset + ((<usize>t) << 2)) + <i32>popcnt<u32>(hiW))) << 2);
        let w = hiW;
        let xe = b + ((<usize>((tt << 6) + 31)) << 2);
        while (w != 0) {
          const tz = <usize>ctz<u32>(w);
          w &= w - 1;
          v -= 4;
          s0 += load<f32>(v) * load<f32>(xe - (tz << 2));
        }
        v += (<usize>(popcnt<u32>(hiW) + popcnt<u32>(loW))) << 2;
        w = loW;
        xe += 128;
        while (w != 0) {
          const tz = <usize>ctz<u32>(w);
          w &= w - 1;
          v -= 4;
          s1 += load<f32>(v) * load<f32>(xe - (tz << 2));
        }
      }
      store<f32>(out + ((<usize>r) << 2), s0 + s1);
    }
    return;
  }
  if (perLine == 0) {
    for (let r = r0; r < r1; r++)
      gather_rows(out + <usize>r * rowBytes, n, vals, offs, 0, b, false, 0, false, 0, 0);
    return;
  }
  for (let t0 = 0; t0 < perLine; t0 += bt) {
    const t1 = min(perLine, t0 + bt);
    for (let r = r0; r < r1; r++) {
      let k = 0;
      for (let tt = t0; tt < t1; tt++) {
        const t = r * perLine + tt;
        let slot = load<i32>(tileOffset + ((<usize>t) << 2));
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          const last = (tt << 6) + (half << 5) + 31;
          slot += <i32>popcnt<u32>(w);
          let sl = slot;
          // lowest set bit first: lane 31 - tz of the half, slots counted down from the half's end
          while (w != 0) {
            const tz = <i32>ctz<u32>(w);
            w &= w - 1;
            sl--;
            store<f32>(vals + ((<usize>k) << 2), load<f32>(values + ((<usize>sl) << 2)));
            store<u32>(offs + ((<usize>k) << 2), <u32>(last - tz) * <u32>rowBytes);
            k++;
          }
        }
      }
      gather_rows(out + <usize>r * rowBytes, n, vals, offs, k, b, t0 > 0, 0, false, 0, 0);
    }
  }
}

/**
 * 64-row strips `[tile * per, min(strips, (tile + 1) * per))` of a column-axis matrix. Argument block (i32
 * words): out, bits, tileOffset, values, b, rows, cols, n, per, bt. Scratch: `bt * 64 * 8 + 512` bytes.
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
  const bt = load<i32>(args, 36);
  const strips = (rows + 63) >> 6;
  const rowBytes = (<usize>n) << 2;
  const count = scratch; // 64 i32: entries per lane in this chunk
  const start = scratch + 256; // 64 i32: fill positions
  const vals = scratch + 512;
  const offs = vals + ((<usize>(bt * 64)) << 2);
  const s0 = tile * per;
  const s1 = min(strips, s0 + per);
  if (n == 1) {
    // matvec: columns outer (the values are read in storage order), the tile's strips inner, each set
    // lane accumulated straight into its output row
    const y = out + ((<usize>(s0 << 6)) << 2);
    memory.fill(y, 0, (<usize>(min(rows, s1 << 6) - (s0 << 6))) << 2);
    for (let c = 0; c < cols; c++) {
      const xc = load<f32>(b + ((<usize>c) << 2));
      for (let st = s0; st < s1; st++) {
        const t = c * strips + st;
        let slot = load<i32>(tileOffset + ((<usize>t) << 2));
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          const laneEnd = out + ((<usize>((st << 6) + (half << 5) + 31)) << 2);
          slot += <i32>popcnt<u32>(w);
          let v = values + ((<usize>slot) << 2);
          while (w != 0) {
            const tz = <usize>ctz<u32>(w);
            w &= w - 1;
            v -= 4;
            const a = laneEnd - (tz << 2);
            store<f32>(a, load<f32>(a) + load<f32>(v) * xc);
          }
        }
      }
    }
    return;
  }
  for (let st = s0; st < s1; st++) {
    const h = min(64, rows - (st << 6));
    let c = 0;
    let first = true;
    do {
      const cEnd = min(cols, c + bt);
      memory.fill(count, 0, 256);
      for (let cc = c; cc < cEnd; cc++) {
        const t = cc * strips + st;
        for (let half = 0; half < 2; half++) {
          let w = load<u32>(bits + ((<usize>(2 * t + half)) << 2));
          const laneEnd = count + ((<usize>((half << 5) + 31)) << 2);
          while (w != 0) {
            const a = laneEnd - ((<usize>ctz<u32>(w)) << 2);
            w &= w - 1;
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
          const laneEnd = start + ((<usize>((half << 5) + 31)) << 2);
          slot += <i32>popcnt<u32>(w);
          let sl = slot;
          while (w != 0) {
            const a = laneEnd - ((<usize>ctz<u32>(w)) << 2);
            w &= w - 1;
            sl--;
            const k = load<i32>(a);
            store<i32>(a, k + 1);
            store<f32>(vals + ((<usize>k) << 2), load<f32>(values + ((<usize>sl) << 2)));
            store<u32>(offs + ((<usize>k) << 2), off);
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
