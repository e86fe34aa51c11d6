// N:M sparse times dense (spec §2.4, §3.4): Y[r, :] = sum_j values[r, j] * X[col(r, j), :], where kept
// value j = g*keep + i of row r sits in column g*of + ((meta[r*W + j/per] >>> bits*(j%per)) & mask).
// The kept columns are walked in blocks of `gb` groups, small enough that the rows of X they touch stay
// in L1 while every row of the work tile uses them (Y accumulates across blocks).
//
// keep 1 or 2 with groups of a power of two (1:2, 1:4, 2:4, 2:8, ...) take the fused loop
// `Fused.pairs16`: the positions are decoded from the metadata word inside the multiply loop, two values
// per step, 16 columns in 4 registers. Register pressure decides the shape: V8's TurboFan issues every
// load of a loop step before the arithmetic, so a step may hold at most about 14 live vectors (4
// accumulators, 2 splats, 8 rows of X) before it spills (measured with `perf annotate`: 32-column steps
// spill and run at half the speed).
// Matvecs (n = 1) of those specs take whole rows (x stays in L1): 2:4 through `Fused.dot24`, one metadata
// byte picking two groups' entries of x by swizzles, the others through `Fused.dot`. On a 4096² 2:4
// matvec they run 3.5× (dot) and 4.4× (dot24) as fast as the offsets path, on par with the dense GEMV on
// two threads.
// Other specs, and the columns past the last multiple of 16, go through the offsets path: per (row,
// block) the positions are decoded into byte offsets of the X rows in the thread's scratch and summed by
// gather_rows with the values read in place; a block holding padding slots of the last group copies its
// values too and drops those slots.

import { gather_rows } from './gather-rows';

/**
 * Columns `[0, width)` (a multiple of 16) of one output row over the `count` kept values of a block when keep
 * is 1 or 2: each step decodes two positions from the metadata (`w`, the block starting on a word boundary)
 * and multiply-adds two rows of X into 4 register accumulators (16 columns), so no offsets go through memory.
 * Inlined with constant `keep` and `bits` for the common specs, so the decode is a few shifts and masks.
 */
class Fused {
  @inline static pairs16(
    out: usize,
    width: i32,
    vals: usize,
    w: usize,
    count: i32,
    x: usize,
    rb: usize,
    accumulate: bool,
    keep: i32,
    bits: u32,
  ): void {
    const mask: u32 = (1 << bits) - 1;
    const perWord: i32 = 32 / <i32>bits;
    const groupSize: usize = 1 << bits;
    // keep 2: both values of a step in one group; keep 1: in consecutive groups
    const d1: usize = keep == 1 ? groupSize * rb : 0;
    const step: usize = keep == 1 ? 2 * groupSize * rb : groupSize * rb;
    const bytes = (<usize>width) << 2;
    const z = f32x4.splat(0);
    for (let q: usize = 0; q < bytes; q += 64) {
      const o = out + q;
      let a0 = z;
      let a1 = z;
      let a2 = z;
      let a3 = z;
      if (accumulate) {
        a0 = v128.load(o);
        a1 = v128.load(o, 16);
        a2 = v128.load(o, 32);
        a3 = v128.load(o, 48);
      }
      let wp = w;
      let word: u32 = 0;
      let inWord = perWord;
      let s = x + q;
      let p = vals;
      const end = vals + ((<usize>(count & ~1)) << 2);
      for (; p < end; p += 8) {
        if (inWord == perWord) {
          word = load<u32>(wp);
          wp += 4;
          inWord = 0;
        }
        const s0 = s + <usize>(word & mask) * rb;
        const s1 = s + d1 + <usize>((word >>> bits) & mask) * rb;
        word >>>= bits << 1;
        inWord += 2;
        s += step;
        const v = v128.load32_splat(p);
        const u = v128.load32_splat(p, 4);
        a0 = f32x4.add(a0, f32x4.add(f32x4.mul(v, v128.load(s0)), f32x4.mul(u, v128.load(s1))));
        a1 = f32x4.add(a1, f32x4.add(f32x4.mul(v, v128.load(s0, 16)), f32x4.mul(u, v128.load(s1, 16))));
        a2 = f32x4.add(a2, f32x4.add(f32x4.mul(v, v128.load(s0, 32)), f32x4.mul(u, v128.load(s1, 32))));
        a3 = f32x4.add(a3, f32x4.add(f32x4.mul(v, v128.load(s0, 48)), f32x4.mul(u, v128.load(s1, 48))));
      }
      if (count & 1) {
        // keep 1, odd block: the last value alone
        if (inWord == perWord) word = load<u32>(wp);
        const s0 = s + <usize>(word & mask) * rb;
        const v = v128.load32_splat(p);
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(s0)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(s0, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(s0, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(s0, 48)));
      }
      v128.store(o, a0);
      v128.store(o, a1, 16);
      v128.store(o, a2, 32);
      v128.store(o, a3, 48);
    }
  }

  /**
   * `Σ_j vals[j] · x[col(j)]` over the first `count` kept values of a row whose metadata starts at `w`
   * (keep 1 or 2, as {@link Fused.pairs16}): eight values per step, their x entries loaded one by one and
   * paired into two f32x4 by shuffles (as the SpMV gather), the values read as two f32x4; one metadata
   * check per step.
   */
  @inline static dot(vals: usize, w: usize, count: i32, x: usize, keep: i32, bits: u32): f32 {
    const mask: u32 = (1 << bits) - 1;
    const perWord: i32 = 32 / <i32>bits;
    const groupBytes: usize = ((<usize>1) << bits) << 2;
    const d1: usize = keep == 1 ? groupBytes : 0;
    const step: usize = keep == 1 ? 2 * groupBytes : groupBytes;
    let wp = w;
    let word: u32 = 0;
    let inWord = perWord;
    let s = x;
    let p = vals;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    // steps of eight values when a step never straddles a metadata word (1, 2 or 4 bits per position);
    // otherwise (2:8's 3 bits) the values one by one below
    const end8 = perWord % 8 == 0 ? vals + ((<usize>(count & ~7)) << 2) : vals;
    for (; p < end8; p += 32) {
      if (inWord == perWord) {
        word = load<u32>(wp);
        wp += 4;
        inWord = 0;
      }
      const x0 = v128.load32_zero(s + ((<usize>(word & mask)) << 2));
      const x1 = v128.load32_zero(s + d1 + ((<usize>((word >>> bits) & mask)) << 2));
      const x2 = v128.load32_zero(s + step + ((<usize>((word >>> (2 * bits)) & mask)) << 2));
      const x3 = v128.load32_zero(s + step + d1 + ((<usize>((word >>> (3 * bits)) & mask)) << 2));
      const x4 = v128.load32_zero(s + 2 * step + ((<usize>((word >>> (4 * bits)) & mask)) << 2));
      const x5 = v128.load32_zero(s + 2 * step + d1 + ((<usize>((word >>> (5 * bits)) & mask)) << 2));
      const x6 = v128.load32_zero(s + 3 * step + ((<usize>((word >>> (6 * bits)) & mask)) << 2));
      const x7 = v128.load32_zero(s + 3 * step + d1 + ((<usize>((word >>> (7 * bits)) & mask)) << 2));
      // (a shift by 32 for 4-bit positions leaves the word as is; the next step reloads it anyway)
      word >>>= 8 * bits;
      inWord += 8;
      s += 4 * step;
      const g0 = i64x2.shuffle(i32x4.shuffle(x0, x1, 0, 4, 1, 5), i32x4.shuffle(x2, x3, 0, 4, 1, 5), 0, 2);
      const g1 = i64x2.shuffle(i32x4.shuffle(x4, x5, 0, 4, 1, 5), i32x4.shuffle(x6, x7, 0, 4, 1, 5), 0, 2);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(p), g0));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(p, 16), g1));
    }
    const a = f32x4.add(a0, a1);
    let sum: f32 =
      f32x4.extract_lane(a, 0) +
      f32x4.extract_lane(a, 1) +
      (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
    const end = vals + ((<usize>count) << 2);
    for (; p < end; p += 4) {
      // the last values one by one; keep 1 walks groups one value at a time here
      if (inWord == perWord) {
        word = load<u32>(wp);
        wp += 4;
        inWord = 0;
      }
      sum += load<f32>(p) * load<f32>(s + ((<usize>(word & mask)) << 2));
      word >>>= bits;
      inWord++;
      if (keep == 1 || (inWord & 1) == 0) s += groupBytes;
    }
    return sum;
  }

  /**
   * Swizzle controls of 2:4 matvecs, 16 bytes per metadata byte `m` (the positions of two groups: p0, p1 in
   * bits 0-3, p0', p1' in bits 4-7): lanes 0 and 1 pick bytes `4p + [0, 4)` of the first group's four
   * floats, lanes 2 and 3 bytes `16 + 4p' + [0, 4)`, which select nothing from it (i8x16.swizzle gives 0 for
   * indices ≥ 16) and, XORed with 16, pick from the second group's floats while lanes 0 and 1 drop out.
   */
  @inline static swizzleTable(t: usize): void {
    for (let m: u32 = 0; m < 256; m++) {
      const e = t + ((<usize>m) << 4);
      store<u32>(e, (m & 3) * 0x04040404 + 0x03020100);
      store<u32>(e, ((m >> 2) & 3) * 0x04040404 + 0x03020100, 4);
      store<u32>(e, ((m >> 4) & 3) * 0x04040404 + 0x13121110, 8);
      store<u32>(e, (m >> 6) * 0x04040404 + 0x13121110, 12);
    }
  }

  /**
   * {@link Fused.dot} for 2:4 over `pairs` pairs of whole groups (4 values and 8 floats of x each), with
   * the controls of {@link Fused.swizzleTable} at `t`: per pair one metadata byte, two f32x4 loads of x,
   * two swizzles, one multiply-add; two accumulators.
   */
  @inline static dot24(vals: usize, meta: usize, pairs: i32, x: usize, t: usize): f32 {
    const flip = i8x16.splat(16);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let k = 0;
    for (; k + 1 < pairs; k += 2) {
      const xs = x + ((<usize>k) << 5);
      const c0 = v128.load(t + ((<usize>load<u8>(meta + <usize>k)) << 4));
      const c1 = v128.load(t + ((<usize>load<u8>(meta + <usize>k, 1)) << 4));
      const g0 = v128.or(
        i8x16.swizzle(v128.load(xs), c0),
        i8x16.swizzle(v128.load(xs, 16), v128.xor(c0, flip)),
      );
      const g1 = v128.or(
        i8x16.swizzle(v128.load(xs, 32), c1),
        i8x16.swizzle(v128.load(xs, 48), v128.xor(c1, flip)),
      );
      const v = vals + ((<usize>k) << 4);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(v), g0));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(v, 16), g1));
    }
    if (k < pairs) {
      const xs = x + ((<usize>k) << 5);
      const c0 = v128.load(t + ((<usize>load<u8>(meta + <usize>k)) << 4));
      const g0 = v128.or(
        i8x16.swizzle(v128.load(xs), c0),
        i8x16.swizzle(v128.load(xs, 16), v128.xor(c0, flip)),
      );
      a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + ((<usize>k) << 4)), g0));
    }
    const a = f32x4.add(a0, a1);
    return (
      f32x4.extract_lane(a, 0) +
      f32x4.extract_lane(a, 1) +
      (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3))
    );
  }
}

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
  // keep 1 or 2, groups of a power of two (no spare code), blocks starting on metadata words, at least 16
  // columns: the fused loop
  const fused =
    n >= 16 && keep <= 2 && groupSize == 1 << bits && (perWord & 1) == 0 && (gb * keep) % perWord == 0;
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
  if (n == 1 && keep <= 2 && groupSize == 1 << bits && (perWord & 1) == 0) {
    // matvec: whole rows (x stays in L1), positions decoded in the loop; a last group cut by the shape
    // takes its values one by one, skipping positions outside it
    const full = cols / groupSize;
    const swizzle = keep == 2 && groupSize == 4;
    if (swizzle) Fused.swizzleTable(scratch);
    for (let r = r0; r < r1; r++) {
      const src = values + ((<usize>r * <usize>perRow) << 2);
      const w = meta + ((<usize>(r * words)) << 2);
      let y: f32 = 0;
      if (swizzle) {
        // 2:4: pairs of groups by swizzles, then an odd last whole group
        y = Fused.dot24(src, w, full >> 1, b, scratch);
        if (full & 1) {
          const j = (full - 1) * 2;
          const word = load<u32>(w + ((<usize>(j >> 4)) << 2)) >>> (2 * <u32>(j & 15));
          const xg = b + ((<usize>((full - 1) * 4)) << 2);
          y += load<f32>(src + ((<usize>j) << 2)) * load<f32>(xg + ((<usize>(word & 3)) << 2));
          y += load<f32>(src + ((<usize>(j + 1)) << 2)) * load<f32>(xg + ((<usize>((word >>> 2) & 3)) << 2));
        }
      } else if (keep == 1 && groupSize == 4) y = Fused.dot(src, w, full, b, 1, 2);
      else if (keep == 1 && groupSize == 2) y = Fused.dot(src, w, full, b, 1, 1);
      else if (keep == 2 && groupSize == 8) y = Fused.dot(src, w, full * 2, b, 2, 3);
      else y = Fused.dot(src, w, full * keep, b, keep, bits);
      for (let j = full * keep; j < perRow; j++) {
        const c =
          full * groupSize +
          <i32>((load<u32>(w + ((<usize>(j / perWord)) << 2)) >>> (bits * <u32>(j % perWord))) & mask);
        if (c < cols) y += load<f32>(src + ((<usize>j) << 2)) * load<f32>(b + ((<usize>c) << 2));
      }
      store<f32>(out + ((<usize>r) << 2), y);
    }
    return;
  }
  for (let g0 = 0; g0 < groups; g0 += gb) {
    const g1 = min(groups, g0 + gb);
    const j0 = g0 * keep;
    for (let r = r0; r < r1; r++) {
      const src = values + ((<usize>r * <usize>perRow) << 2);
      let w = meta + ((<usize>(r * words + j0 / perWord)) << 2);
      // columns [c0, n) still to do after the fused loop
      let c0: usize = 0;
      if (fused && (g1 < groups || cols % groupSize == 0)) {
        const n16 = n & ~15;
        const o = out + <usize>r * rowBytes;
        const v = src + ((<usize>j0) << 2);
        const cnt = (g1 - g0) * keep;
        const x = b + <usize>(g0 * groupSize) * rowBytes;
        if (keep == 2 && groupSize == 4) Fused.pairs16(o, n16, v, w, cnt, x, rowBytes, g0 > 0, 2, 2);
        else if (keep == 1 && groupSize == 4) Fused.pairs16(o, n16, v, w, cnt, x, rowBytes, g0 > 0, 1, 2);
        else if (keep == 1 && groupSize == 2) Fused.pairs16(o, n16, v, w, cnt, x, rowBytes, g0 > 0, 1, 1);
        else if (keep == 2 && groupSize == 8) Fused.pairs16(o, n16, v, w, cnt, x, rowBytes, g0 > 0, 2, 3);
        else Fused.pairs16(o, n16, v, w, cnt, x, rowBytes, g0 > 0, keep, bits);
        if (n16 == n) continue;
        c0 = (<usize>n16) << 2;
      }
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
          out + <usize>r * rowBytes + c0,
          n - <i32>(c0 >> 2),
          src + ((<usize>j0) << 2),
          offs,
          k,
          b + c0,
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
