// Fast Walsh–Hadamard transform along rows of length N = 2^n (spec §3.7), natural order, in place in the
// output. Stages h = 1 and 2 run inside each v128 (shuffles) while copying the input; the stages h ≥ 4 run
// two at a time (radix-4 butterflies on four v128 at j, j+h, j+2h, j+3h), first on contiguous blocks of
// BLOCK floats (they stay in L1/L2: the Kronecker split H_{AB} = H_A ⊗ H_B), then over the whole row.
// The scale (1, 1/√N or 1/N) is applied by the last pass.

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
  const bytes = (<usize>len) << 2;
  const block = min(len, BLOCK);
  // the stages after the first two, counted to know which pass is last
  let stages = 0;
  for (let h = 4; h < len; h <<= 1) stages++;
  const sc = f32x4.splat(scale);
  const scaled = scale != 1;
  const m1 = f32x4(1, -1, 1, -1);
  const m2 = f32x4(1, 1, -1, -1);
  const first = stages == 0 && scaled;
  for (let q: usize = 0; q < bytes; q += 16) {
    const v = v128.load(s + q);
    // h = 1: [a+b, a-b, c+d, c-d]
    const t = f32x4.add(i32x4.shuffle(v, v, 0, 0, 2, 2), f32x4.mul(i32x4.shuffle(v, v, 1, 1, 3, 3), m1));
    // h = 2
    const u = f32x4.add(i32x4.shuffle(t, t, 0, 1, 0, 1), f32x4.mul(i32x4.shuffle(t, t, 2, 3, 2, 3), m2));
    v128.store(o + q, first ? f32x4.mul(u, sc) : u);
  }
  let done = 0;
  // stages 4 <= h < block, block by block
  for (let b0: usize = 0; b0 < bytes; b0 += (<usize>block) << 2) {
    let d = 0;
    let h = 4;
    while (h < block) {
      if (h * 4 <= block) {
        d += 2;
        radix4(o + b0, block, h, sc, scaled && done + d == stages);
        h <<= 2;
      } else {
        d += 1;
        radix2(o + b0, block, h, sc, scaled && done + d == stages);
        h <<= 1;
      }
    }
    if (b0 + ((<usize>block) << 2) >= bytes) done += d;
  }
  // stages block <= h < len over the whole row
  let h = block;
  while (h < len) {
    if (h * 4 <= len) {
      done += 2;
      radix4(o, len, h, sc, scaled && done == stages);
      h <<= 2;
    } else {
      done += 1;
      radix2(o, len, h, sc, scaled && done == stages);
      h <<= 1;
    }
  }
}

// Stages h and 2h on `len` floats at p (h ≥ 4, 4h ≤ len), results times `sc` when `scaled`.
function radix4(p: usize, len: i32, h: i32, sc: v128, scaled: bool): void {
  const hb = (<usize>h) << 2;
  const end = (<usize>len) << 2;
  for (let g: usize = 0; g < end; g += 4 * hb) {
    for (let q: usize = g; q < g + hb; q += 16) {
      const a = v128.load(p + q);
      const b = v128.load(p + q + hb);
      const c = v128.load(p + q + 2 * hb);
      const d = v128.load(p + q + 3 * hb);
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
      v128.store(p + q, y0);
      v128.store(p + q + hb, y1);
      v128.store(p + q + 2 * hb, y2);
      v128.store(p + q + 3 * hb, y3);
    }
  }
}

// Stage h on `len` floats at p (h ≥ 4, 2h ≤ len), results times `sc` when `scaled`.
function radix2(p: usize, len: i32, h: i32, sc: v128, scaled: bool): void {
  const hb = (<usize>h) << 2;
  const end = (<usize>len) << 2;
  for (let g: usize = 0; g < end; g += 2 * hb) {
    for (let q: usize = g; q < g + hb; q += 16) {
      const a = v128.load(p + q);
      const b = v128.load(p + q + hb);
      let y0 = f32x4.add(a, b);
      let y1 = f32x4.sub(a, b);
      if (scaled) {
        y0 = f32x4.mul(y0, sc);
        y1 = f32x4.mul(y1, sc);
      }
      v128.store(p + q, y0);
      v128.store(p + q + hb, y1);
    }
  }
}
