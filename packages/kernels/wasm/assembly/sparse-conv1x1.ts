// Sparse 1×1 convolution, XNNPACK-style (spec §3.6): Y[o, p] = clamp(sum_c W[o, c] * X[c, p] + bias[o])
// per image in CHW layout, W a CSR [cout, cin]. A work tile is a span of pixels of one image; inside it,
// 32-pixel strips (MR = 32, each output channel in two 16-pixel halves of 4 v128 accumulators; a last
// partial strip by 16, 4 and single pixels) are the outer loop: the strip of X (cin × 32 floats) is packed
// into scratch and stays in L1 while every output channel walks its nonzeros over it.
// The column indices are first turned into byte offsets of X's channel rows (conv_offsets). NHWC runs
// the same micro-kernel per 32-pixel strip between two in-L1 transposes: the strip's pixels [32, cin] into
// [cin, 32] scratch, the outputs [cout, 32] back into the strip's rows [32, cout].

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
 * words): out, x, rowPtr, offs (`c * 128`: rows of the packed strip), values, bias (0: none), cout, cin,
 * hw, span, spans, min (f32 bits), max (f32 bits), clamp (0/1). Scratch: `cin * 128` bytes.
 */
export function conv1x1_chw_f32_tile(args: usize, tile: i32, scratch: usize): void {
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
    // the strip of every input channel, packed at a 128-byte stride (channel rows hw apart in X would
    // fall into few L1 sets)
    const xs = scratch;
    if (width == MR) {
      for (let c = 0; c < cin; c++) {
        const src = xi + <usize>c * hwBytes + pb;
        const dst = xs + ((<usize>c) << 7);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        v128.store(dst, v128.load(src, 32), 32);
        v128.store(dst, v128.load(src, 48), 48);
        v128.store(dst, v128.load(src, 64), 64);
        v128.store(dst, v128.load(src, 80), 80);
        v128.store(dst, v128.load(src, 96), 96);
        v128.store(dst, v128.load(src, 112), 112);
      }
    } else {
      for (let c = 0; c < cin; c++)
        memory.copy(xs + ((<usize>c) << 7), xi + <usize>c * hwBytes + pb, (<usize>width) << 2);
    }
    if (width == MR) strip_rows(oi + pb, hwBytes, rowPtr, offs, values, bias, cout, xs, clamp, lo, hi);
    else partial_strip_rows(oi + pb, hwBytes, width, rowPtr, offs, values, bias, cout, xs, clamp, lo, hi);
  }
}

/**
 * NHWC work tile `tile`: image `tile / spans`, pixels `[(tile % spans) * span, +span)`. Argument block as
 * {@link conv1x1_chw_f32_tile} (offsets are `c * 128`: rows of the transposed strip). Scratch:
 * `(cin + cout) * 128` bytes.
 */
export function conv1x1_hwc_f32_tile(args: usize, tile: i32, scratch: usize): void {
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
  const xs = scratch; // [cin, MR]
  const ys = scratch + ((<usize>(cin * MR)) << 2); // [cout, MR]
  const inRow = (<usize>cin) << 2;
  const outRow = (<usize>cout) << 2;
  const xi = x + <usize>image * <usize>hw * inRow;
  const oi = out + <usize>image * <usize>hw * outRow;
  for (let p0 = pStart; p0 < pEnd; p0 += MR) {
    const width = min(MR, pEnd - p0);
    transpose_block(xs, MR << 2, xi + <usize>p0 * inRow, <i32>inRow, width, cin);
    if (width == MR) strip_rows(ys, MR << 2, rowPtr, offs, values, bias, cout, xs, clamp, lo, hi);
    else partial_strip_rows(ys, MR << 2, width, rowPtr, offs, values, bias, cout, xs, clamp, lo, hi);
    transpose_block(oi + <usize>p0 * outRow, <i32>outRow, ys, MR << 2, cout, width);
  }
}

// Every output channel over one full 32-pixel strip xs ([cin, 32] at a 128-byte stride), results to
// out + o * outStride: the gather_rows loop inlined (no call, row pointers read once) and shaped for V8's
// register allocator. TurboFan issues a loop step's loads before its arithmetic, so a step holds 4
// accumulators, 2 splats and 8 rows of X: each strip is taken as two 16-pixel halves, two nonzeros per
// step (one step of 8 accumulators spilled one to the stack and ran ≈ 1.4× slower).
function strip_rows(
  out: usize,
  outStride: usize,
  rowPtr: usize,
  offs: usize,
  values: usize,
  bias: usize,
  cout: i32,
  xs: usize,
  clamp: bool,
  lo: f32,
  hi: f32,
): void {
  let e = load<i32>(rowPtr);
  let o = out;
  for (let r = 0; r < cout; r++) {
    const e1 = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    const z = f32x4.splat(bias == 0 ? 0 : load<f32>(bias + ((<usize>r) << 2)));
    const v0 = values + ((<usize>e) << 2);
    const o0 = offs + ((<usize>e) << 2);
    const pairsEnd = v0 + ((<usize>((e1 - e) & ~1)) << 2);
    for (let h: usize = 0; h < 128; h += 64) {
      const xh = xs + h;
      let a0 = z;
      let a1 = z;
      let a2 = z;
      let a3 = z;
      let vp = v0;
      let op = o0;
      while (vp < pairsEnd) {
        const v = v128.load32_splat(vp);
        const u = v128.load32_splat(vp, 4);
        const s = xh + <usize>load<u32>(op);
        const t = xh + <usize>load<u32>(op, 4);
        a0 = f32x4.add(a0, f32x4.add(f32x4.mul(v, v128.load(s)), f32x4.mul(u, v128.load(t))));
        a1 = f32x4.add(a1, f32x4.add(f32x4.mul(v, v128.load(s, 16)), f32x4.mul(u, v128.load(t, 16))));
        a2 = f32x4.add(a2, f32x4.add(f32x4.mul(v, v128.load(s, 32)), f32x4.mul(u, v128.load(t, 32))));
        a3 = f32x4.add(a3, f32x4.add(f32x4.mul(v, v128.load(s, 48)), f32x4.mul(u, v128.load(t, 48))));
        vp += 8;
        op += 8;
      }
      if ((e1 - e) & 1) {
        const v = v128.load32_splat(vp);
        const s = xh + <usize>load<u32>(op);
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(s)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(s, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(s, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(s, 48)));
      }
      if (clamp) {
        const vlo = f32x4.splat(lo);
        const vhi = f32x4.splat(hi);
        a0 = f32x4.min(f32x4.max(a0, vlo), vhi);
        a1 = f32x4.min(f32x4.max(a1, vlo), vhi);
        a2 = f32x4.min(f32x4.max(a2, vlo), vhi);
        a3 = f32x4.min(f32x4.max(a3, vlo), vhi);
      }
      const oh = o + h;
      v128.store(oh, a0);
      v128.store(oh, a1, 16);
      v128.store(oh, a2, 32);
      v128.store(oh, a3, 48);
    }
    o += outStride;
    e = e1;
  }
}

// strip_rows for a last strip of `width` < 32 pixels: one gather_rows per output channel.
function partial_strip_rows(
  out: usize,
  outStride: usize,
  width: i32,
  rowPtr: usize,
  offs: usize,
  values: usize,
  bias: usize,
  cout: i32,
  xs: usize,
  clamp: bool,
  lo: f32,
  hi: f32,
): void {
  for (let o = 0; o < cout; o++) {
    const e0 = load<i32>(rowPtr + ((<usize>o) << 2));
    const e1 = load<i32>(rowPtr + ((<usize>(o + 1)) << 2));
    const b: f32 = bias == 0 ? 0 : load<f32>(bias + ((<usize>o) << 2));
    gather_rows(
      out + <usize>o * outStride,
      width,
      values + ((<usize>e0) << 2),
      offs + ((<usize>e0) << 2),
      e1 - e0,
      xs,
      false,
      b,
      clamp,
      lo,
      hi,
    );
  }
}

// dst[j][i] = src[i][j] for i < rows, j < cols (strides in bytes), by 4×4 register blocks.
function transpose_block(dst: usize, dstStride: i32, src: usize, srcStride: i32, rows: i32, cols: i32): void {
  const sb = <usize>srcStride;
  const db = <usize>dstStride;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = src + <usize>i * sb;
    const d0 = dst + ((<usize>i) << 2);
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const q = (<usize>j) << 2;
      const x0 = v128.load(r0 + q);
      const x1 = v128.load(r0 + sb + q);
      const x2 = v128.load(r0 + 2 * sb + q);
      const x3 = v128.load(r0 + 3 * sb + q);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const o = d0 + <usize>j * db;
      v128.store(o, i64x2.shuffle(t0, t1, 0, 2));
      v128.store(o + db, i64x2.shuffle(t0, t1, 1, 3));
      v128.store(o + 2 * db, i64x2.shuffle(t2, t3, 0, 2));
      v128.store(o + 3 * db, i64x2.shuffle(t2, t3, 1, 3));
    }
    for (; j < cols; j++) {
      const o = d0 + <usize>j * db;
      const q = (<usize>j) << 2;
      store<f32>(o, load<f32>(r0 + q));
      store<f32>(o, load<f32>(r0 + sb + q), 4);
      store<f32>(o, load<f32>(r0 + 2 * sb + q), 8);
      store<f32>(o, load<f32>(r0 + 3 * sb + q), 12);
    }
  }
  for (; i < rows; i++) {
    const r0 = src + <usize>i * sb;
    for (let j = 0; j < cols; j++)
      store<f32>(dst + <usize>j * db + ((<usize>i) << 2), load<f32>(r0 + ((<usize>j) << 2)));
  }
}
