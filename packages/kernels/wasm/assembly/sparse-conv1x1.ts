// Sparse 1×1 convolution, XNNPACK-style (spec §3.6): Y[o, p] = clamp(sum_c W[o, c] * X[c, p] + bias[o])
// per image in CHW layout, W a CSR [cout, cin]. A work tile is a span of pixels of one image; inside it,
// 32-pixel strips (MR = 32: 8 v128 accumulators, then 16, 4 and single pixels) are the outer loop, so one
// strip of X (cin × 32 floats) stays in L1 while every output channel walks its nonzeros over it.
// The column indices are first turned into byte offsets of X's channel rows (conv_offsets). NHWC runs
// the same kernel between two transposes (transpose_f32_tile).

import { gather_rows } from './gather-rows';

/** Pixels per strip of the micro-kernel (MR). */
const MR: i32 = 32;

/** `dst[p] = colIdx[p] * stride` for `nnz` indices of `width` bits (32, or 16: two per int32, low first). */
export function conv_offsets(dst: usize, colIdx: usize, nnz: i32, width: i32, stride: u32): void {
  if (width == 16) {
    for (let p = 0; p < nnz; p++)
      store<u32>(dst + ((<usize>p) << 2), <u32>load<u16>(colIdx + ((<usize>p) << 1)) * stride);
  } else {
    for (let p = 0; p < nnz; p++)
      store<u32>(dst + ((<usize>p) << 2), load<u32>(colIdx + ((<usize>p) << 2)) * stride);
  }
}

/**
 * Work tile `tile`: image `tile / spans`, pixels `[(tile % spans) * span, +span)`. Argument block (i32
 * words): out, x, rowPtr, offs, values, bias (0: none), cout, cin, hw, span, spans, min (f32 bits),
 * max (f32 bits), clamp (0/1).
 */
export function conv1x1_chw_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const x = load<u32>(args, 4);
  const rowPtr = load<u32>(args, 8);
  const offs = load<u32>(args, 12);
  const values = load<u32>(args, 16);
  const bias = load<u32>(args, 20);
  const cout = load<i32>(args, 24);
  const cin = load<i32>(args, 28);
  const hw = load<i32>(args, 32);
  const span = load<i32>(args, 36);
  const spans = load<i32>(args, 40);
  const lo = load<f32>(args, 44);
  const hi = load<f32>(args, 48);
  const clamp = load<i32>(args, 52) != 0;
  const image = tile / spans;
  const pStart = (tile % spans) * span;
  const pEnd = min(hw, pStart + span);
  const hwBytes = (<usize>hw) << 2;
  const xi = x + <usize>image * <usize>cin * hwBytes;
  const oi = out + <usize>image * <usize>cout * hwBytes;
  for (let p0 = pStart; p0 < pEnd; p0 += MR) {
    const width = min(MR, pEnd - p0);
    const pb = (<usize>p0) << 2;
    for (let o = 0; o < cout; o++) {
      const e0 = load<i32>(rowPtr + ((<usize>o) << 2));
      const e1 = load<i32>(rowPtr + ((<usize>(o + 1)) << 2));
      const b: f32 = bias == 0 ? 0 : load<f32>(bias + ((<usize>o) << 2));
      gather_rows(
        oi + <usize>o * hwBytes + pb,
        width,
        values + ((<usize>e0) << 2),
        offs + ((<usize>e0) << 2),
        e1 - e0,
        xi + pb,
        false,
        b,
        clamp,
        lo,
        hi,
      );
    }
  }
}

/**
 * Transpose `[batch][r][c] -> [batch][c][r]`, rows `[tile * per, +per)` of the flattened `batch * r` source
 * rows... by 4×4 register blocks. Argument block (i32 words): dst, src, batch, r, c, per (in source rows,
 * a multiple of 4 unless it covers a whole image).
 */
export function transpose_f32_tile(args: usize, tile: i32): void {
  const dst = load<u32>(args);
  const src = load<u32>(args, 4);
  const batch = load<i32>(args, 8);
  const R = load<i32>(args, 12);
  const C = load<i32>(args, 16);
  const per = load<i32>(args, 20);
  const tilesPerImage = (R + per - 1) / per;
  const image = tile / tilesPerImage;
  if (image >= batch) return;
  const i0 = (tile % tilesPerImage) * per;
  const i1 = min(R, i0 + per);
  const plane = <usize>R * <usize>C;
  const s = src + ((plane * <usize>image) << 2);
  const d = dst + ((plane * <usize>image) << 2);
  const rb = (<usize>C) << 2; // source row bytes
  const db = (<usize>R) << 2; // destination row bytes
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    const r0 = s + <usize>i * rb;
    let j = 0;
    for (; j + 3 < C; j += 4) {
      const q = (<usize>j) << 2;
      const x0 = v128.load(r0 + q);
      const x1 = v128.load(r0 + rb + q);
      const x2 = v128.load(r0 + 2 * rb + q);
      const x3 = v128.load(r0 + 3 * rb + q);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const o = d + <usize>j * db + ((<usize>i) << 2);
      v128.store(o, i64x2.shuffle(t0, t1, 0, 2));
      v128.store(o + db, i64x2.shuffle(t0, t1, 1, 3));
      v128.store(o + 2 * db, i64x2.shuffle(t2, t3, 0, 2));
      v128.store(o + 3 * db, i64x2.shuffle(t2, t3, 1, 3));
    }
    for (; j < C; j++) {
      const o = d + <usize>j * db + ((<usize>i) << 2);
      const q = (<usize>j) << 2;
      store<f32>(o, load<f32>(r0 + q));
      store<f32>(o, load<f32>(r0 + rb + q), 4);
      store<f32>(o, load<f32>(r0 + 2 * rb + q), 8);
      store<f32>(o, load<f32>(r0 + 3 * rb + q), 12);
    }
  }
  for (; i < i1; i++) {
    const r0 = s + <usize>i * rb;
    for (let j = 0; j < C; j++)
      store<f32>(d + <usize>j * db + ((<usize>i) << 2), load<f32>(r0 + ((<usize>j) << 2)));
  }
}
