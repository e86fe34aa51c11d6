// Sampled dense-dense product on a CSR pattern: out[p] = ⟨A[row p], B[col p]⟩ (· scale[p]) with A [rows, k]
// and B [cols, k] row-major (the host transposes stored-transposed operands first). Per row, A's row stays
// hot; four stored entries at a time share each f32x4 load of it.

import { colAt } from './csr-rows';

function hsum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

function rowsOf<I>(
  out: usize,
  rowPtr: usize,
  colIdx: usize,
  a: usize,
  b: usize,
  scale: usize,
  k: i32,
  r0: i32,
  r1: i32,
): void {
  const kb = (<usize>k) << 2;
  const k4 = k & ~3;
  for (let r = r0; r < r1; r++) {
    const start = load<i32>(rowPtr + ((<usize>r) << 2));
    const end = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    const ar = a + <usize>r * kb;
    let p = start;
    for (; p + 3 < end; p += 4) {
      const b0 = b + colAt<I>(colIdx, p) * kb;
      const b1 = b + colAt<I>(colIdx, p + 1) * kb;
      const b2 = b + colAt<I>(colIdx, p + 2) * kb;
      const b3 = b + colAt<I>(colIdx, p + 3) * kb;
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      let c2 = f32x4.splat(0);
      let c3 = f32x4.splat(0);
      for (let t = 0; t < k4; t += 4) {
        const o = (<usize>t) << 2;
        const av = v128.load(ar + o);
        c0 = f32x4.add(c0, f32x4.mul(av, v128.load(b0 + o)));
        c1 = f32x4.add(c1, f32x4.mul(av, v128.load(b1 + o)));
        c2 = f32x4.add(c2, f32x4.mul(av, v128.load(b2 + o)));
        c3 = f32x4.add(c3, f32x4.mul(av, v128.load(b3 + o)));
      }
      let d0 = hsum(c0);
      let d1 = hsum(c1);
      let d2 = hsum(c2);
      let d3 = hsum(c3);
      for (let t = k4; t < k; t++) {
        const o = (<usize>t) << 2;
        const at = load<f32>(ar + o);
        d0 += at * load<f32>(b0 + o);
        d1 += at * load<f32>(b1 + o);
        d2 += at * load<f32>(b2 + o);
        d3 += at * load<f32>(b3 + o);
      }
      const q = out + ((<usize>p) << 2);
      if (scale != 0) {
        const s = scale + ((<usize>p) << 2);
        d0 *= load<f32>(s);
        d1 *= load<f32>(s, 4);
        d2 *= load<f32>(s, 8);
        d3 *= load<f32>(s, 12);
      }
      store<f32>(q, d0);
      store<f32>(q, d1, 4);
      store<f32>(q, d2, 8);
      store<f32>(q, d3, 12);
    }
    for (; p < end; p++) {
      const b0 = b + colAt<I>(colIdx, p) * kb;
      let c0 = f32x4.splat(0);
      for (let t = 0; t < k4; t += 4) {
        const o = (<usize>t) << 2;
        c0 = f32x4.add(c0, f32x4.mul(v128.load(ar + o), v128.load(b0 + o)));
      }
      let d0 = hsum(c0);
      for (let t = k4; t < k; t++)
        d0 += load<f32>(ar + ((<usize>t) << 2)) * load<f32>(b0 + ((<usize>t) << 2));
      if (scale != 0) d0 *= load<f32>(scale + ((<usize>p) << 2));
      store<f32>(out + ((<usize>p) << 2), d0);
    }
  }
}

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of SDDMM. Argument block (i32 words): out, rowPtr,
 * colIdx, a, b, scale (0: none), rows, k, per, indexWidth (32 or 16).
 */
export function sddmm_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const a = load<u32>(args, 12);
  const b = load<u32>(args, 16);
  const scale = load<u32>(args, 20);
  const rows = load<i32>(args, 24);
  const k = load<i32>(args, 28);
  const per = load<i32>(args, 32);
  const wide = load<i32>(args, 36) != 16;
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  if (wide) rowsOf<i32>(out, rowPtr, colIdx, a, b, scale, k, r0, r1);
  else rowsOf<u16>(out, rowPtr, colIdx, a, b, scale, k, r0, r1);
}
