// Fast Walsh–Hadamard transform along rows of length N = 2^n (spec §3.7), natural order, in place in the
// output. Stages h = 1 and 2 run inside each v128 (shuffles) while copying the input; the stages h ≥ 4 run
// two at a time (radix-4 butterflies on four v128 at j, j+h, j+2h, j+3h), first on contiguous blocks of
// BLOCK floats (they stay in L1/L2: the Kronecker split H_{AB} = H_A ⊗ H_B), then over the whole row.
// The scale (1, 1/√N or 1/N) is applied by the last pass. Rows go to the threads whole, or, when there are
// fewer rows than threads, the blocks and then each whole-row pass are split over the threads.

/** Floats per cache block of the first passes (16 KiB). */
const BLOCK: i32 = 4096;

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))`. Argument block (i32 words): out, x, rows, len, per,
 * scale (f32 bits).
 */
export function fwht_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const x = load<u32>(args, 4);
  const rows = load<i32>(args, 8);
  const len = load<i32>(args, 12);
  const per = load<i32>(args, 16);
  const scale = load<f32>(args, 20);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let r = r0; r < r1; r++) {
    const o = out + ((<usize>r * <usize>len) << 2);
    const s = x + ((<usize>r * <usize>len) << 2);
    if (len < 4) {
      if (len == 1) store<f32>(o, load<f32>(s) * scale);
      else {
        const a = load<f32>(s);
        const c = load<f32>(s, 4);
        store<f32>(o, (a + c) * scale);
        store<f32>(o, (a - c) * scale, 4);
      }
      continue;
    }
    fwht_row(o, s, len, scale);
  }
}

function fwht_row(o: usize, s: usize, len: i32, scale: f32): void {
  const block = min(len, BLOCK);
  const sc = f32x4.splat(scale);
  const scaled = scale != 1;
  const bytes = (<usize>len) << 2;
  for (let b0: usize = 0; b0 < bytes; b0 += (<usize>block) << 2)
    fwht_block(o + b0, s + b0, block, sc, scaled && block == len);
  // stages block <= h < len over the whole row
  let h = block;
  while (h < len) {
    if (h * 4 <= len) {
      radix4(o, len, h, sc, scaled && h * 4 == len);
      h <<= 2;
    } else {
      radix2(o, len, h, sc, scaled && h * 2 == len);
      h <<= 1;
    }
  }
}

// Stages h < len of `len` (≥ 4) floats copied from s to o; the last stage times `sc` when `scaleLast`.
function fwht_block(o: usize, s: usize, len: i32, sc: v128, scaleLast: bool): void {
  const bytes = (<usize>len) << 2;
  const m1 = f32x4(1, -1, 1, -1);
  const m2 = f32x4(1, 1, -1, -1);
  const first = scaleLast && len == 4;
  for (let q: usize = 0; q < bytes; q += 16) {
    const v = v128.load(s + q);
    // h = 1: [a+b, a-b, c+d, c-d]
    const t = f32x4.add(i32x4.shuffle(v, v, 0, 0, 2, 2), f32x4.mul(i32x4.shuffle(v, v, 1, 1, 3, 3), m1));
    // h = 2
    const u = f32x4.add(i32x4.shuffle(t, t, 0, 1, 0, 1), f32x4.mul(i32x4.shuffle(t, t, 2, 3, 2, 3), m2));
    v128.store(o + q, first ? f32x4.mul(u, sc) : u);
  }
  let h = 4;
  while (h < len) {
    if (h * 4 <= len) {
      radix4(o, len, h, sc, scaleLast && h * 4 == len);
      h <<= 2;
    } else {
      radix2(o, len, h, sc, scaleLast && h * 2 == len);
      h <<= 1;
    }
  }
}

/**
 * One row split over the threads, first part: blocks `[tile * per, +per)` of BLOCK floats (of all rows,
 * `len` a multiple of BLOCK), their stages h < BLOCK. Argument block (i32 words): out, x, blocks, per.
 */
export function fwht_blocks_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const x = load<u32>(args, 4);
  const blocks = load<i32>(args, 8);
  const per = load<i32>(args, 12);
  const b1 = min(blocks, tile * per + per);
  const one = f32x4.splat(1);
  for (let b = tile * per; b < b1; b++) {
    const off = (<usize>b * <usize>BLOCK) << 2;
    fwht_block(out + off, x + off, BLOCK, one, false);
  }
}

/**
 * One row split over the threads, second part: one radix-`radix` pass at stage h (≥ BLOCK) over every row,
 * butterfly units (of `radix` v128) `[tile * per, +per)`. Argument block (i32 words): out, rows, len, h,
 * radix, per, scale (f32 bits), scaled (0/1).
 */
export function fwht_pass_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rows = load<i32>(args, 4);
  const len = load<i32>(args, 8);
  const h = load<i32>(args, 12);
  const radix = load<i32>(args, 16);
  const per = load<i32>(args, 20);
  const sc = f32x4.splat(load<f32>(args, 24));
  const scaled = load<i32>(args, 28) != 0;
  const hv = h >> 2; // v128 per h
  const groups = len / (radix * h); // per row
  const perRow = groups * hv;
  const u0 = tile * per;
  const u1 = min(rows * perRow, u0 + per);
  if (u0 >= u1) return;
  let row = u0 / perRow;
  let g = (u0 % perRow) / hv;
  let qv = (u0 % perRow) % hv;
  const hb = (<usize>h) << 2;
  for (let u = u0; u < u1; u++) {
    const p = out + ((<usize>row * <usize>len) << 2) + <usize>g * <usize>radix * hb + ((<usize>qv) << 4);
    if (radix == 4) {
      Butterfly.radix4(p, hb, sc, scaled);
    } else {
      Butterfly.radix2(p, hb, sc, scaled);
    }
    if (++qv == hv) {
      qv = 0;
      if (++g == groups) {
        g = 0;
        row++;
      }
    }
  }
}

// The v128 butterflies at p with h floats (hb bytes) between their inputs, results times `sc` when `scaled`
// (@inline: written once, expanded into every pass loop).
class Butterfly {
  // Stages h and 2h: the four f32x4 at p, p + hb, p + 2hb, p + 3hb.
  @inline static radix4(p: usize, hb: usize, sc: v128, scaled: bool): void {
    const a = v128.load(p);
    const b = v128.load(p + hb);
    const c = v128.load(p + 2 * hb);
    const d = v128.load(p + 3 * hb);
    const ab = f32x4.add(a, b);
    const amb = f32x4.sub(a, b);
    const cd = f32x4.add(c, d);
    const cmd = f32x4.sub(c, d);
    let y0 = f32x4.add(ab, cd);
    let y1 = f32x4.add(amb, cmd);
    let y2 = f32x4.sub(ab, cd);
    let y3 = f32x4.sub(amb, cmd);
    if (scaled) {
      y0 = f32x4.mul(y0, sc);
      y1 = f32x4.mul(y1, sc);
      y2 = f32x4.mul(y2, sc);
      y3 = f32x4.mul(y3, sc);
    }
    v128.store(p, y0);
    v128.store(p + hb, y1);
    v128.store(p + 2 * hb, y2);
    v128.store(p + 3 * hb, y3);
  }

  // Stage h: the two f32x4 at p and p + hb.
  @inline static radix2(p: usize, hb: usize, sc: v128, scaled: bool): void {
    const a = v128.load(p);
    const b = v128.load(p + hb);
    let y0 = f32x4.add(a, b);
    let y1 = f32x4.sub(a, b);
    if (scaled) {
      y0 = f32x4.mul(y0, sc);
      y1 = f32x4.mul(y1, sc);
    }
    v128.store(p, y0);
    v128.store(p + hb, y1);
  }
}

// Stages h and 2h on `len` floats at p (h ≥ 4, 4h ≤ len), results times `sc` when `scaled`.
function radix4(p: usize, len: i32, h: i32, sc: v128, scaled: bool): void {
  const hb = (<usize>h) << 2;
  const end = (<usize>len) << 2;
  for (let g: usize = 0; g < end; g += 4 * hb) {
    for (let q: usize = g; q < g + hb; q += 16) Butterfly.radix4(p + q, hb, sc, scaled);
  }
}

// Stage h on `len` floats at p (h ≥ 4, 2h ≤ len), results times `sc` when `scaled`.
function radix2(p: usize, len: i32, h: i32, sc: v128, scaled: bool): void {
  const hb = (<usize>h) << 2;
  const end = (<usize>len) << 2;
  for (let g: usize = 0; g < end; g += 2 * hb) {
    for (let q: usize = g; q < g + hb; q += 16) Butterfly.radix2(p + q, hb, sc, scaled);
  }
}
