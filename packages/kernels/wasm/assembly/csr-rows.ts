// The CSR × dense row product every CSR kernel of the wasm module shares: for one sparse row,
// dst[0, n) = Σ_p values[p] · B[colIdx[p], 0, n) with B row-major [*, n], vectorised across B's columns
// (f32x4, register blocks of 16 and 4 columns; the last n mod 4 columns as gathered dot products).

/** Column index `p` of an index array of type `I` (i32: 32-bit, u16: packed 16-bit), as a B row offset. */
export function colAt<I>(colIdx: usize, p: i32): usize {
  return <usize>load<I>(colIdx + ((<usize>p) << alignof<I>()));
}

/**
 * `dst[j] = Σ_{p in [start, end)} values[p] · b[colIdx[p]·n + j]` for `j < n` (`dst` may be any float32
 * buffer of `n` entries; every entry is written).
 */
export function csrRowProduct<I>(
  dst: usize,
  start: i32,
  end: i32,
  colIdx: usize,
  values: usize,
  b: usize,
  n: i32,
): void {
  const rowBytes = (<usize>n) << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    // 4 accumulators, two nonzeros per step: V8's TurboFan issues a step's loads before its arithmetic,
    // and 4 accumulators + 2 splats + 8 loads fit the 16 xmm registers (8 accumulators over 32 columns
    // spilled one to the stack, a store-forwarding chain per nonzero, and ran ≈ 1.4× slower)
    const bj = b + ((<usize>j) << 2);
    let c0 = f32x4.splat(0);
    let c1 = f32x4.splat(0);
    let c2 = f32x4.splat(0);
    let c3 = f32x4.splat(0);
    let p = start;
    for (; p + 1 < end; p += 2) {
      const v = v128.load32_splat(values + ((<usize>p) << 2));
      const u = v128.load32_splat(values + ((<usize>p) << 2), 4);
      const s = bj + colAt<I>(colIdx, p) * rowBytes;
      const t = bj + colAt<I>(colIdx, p + 1) * rowBytes;
      c0 = f32x4.add(c0, f32x4.add(f32x4.mul(v, v128.load(s)), f32x4.mul(u, v128.load(t))));
      c1 = f32x4.add(c1, f32x4.add(f32x4.mul(v, v128.load(s, 16)), f32x4.mul(u, v128.load(t, 16))));
      c2 = f32x4.add(c2, f32x4.add(f32x4.mul(v, v128.load(s, 32)), f32x4.mul(u, v128.load(t, 32))));
      c3 = f32x4.add(c3, f32x4.add(f32x4.mul(v, v128.load(s, 48)), f32x4.mul(u, v128.load(t, 48))));
    }
    if (p < end) {
      const v = v128.load32_splat(values + ((<usize>p) << 2));
      const s = bj + colAt<I>(colIdx, p) * rowBytes;
      c0 = f32x4.add(c0, f32x4.mul(v, v128.load(s)));
      c1 = f32x4.add(c1, f32x4.mul(v, v128.load(s, 16)));
      c2 = f32x4.add(c2, f32x4.mul(v, v128.load(s, 32)));
      c3 = f32x4.add(c3, f32x4.mul(v, v128.load(s, 48)));
    }
    const d = dst + ((<usize>j) << 2);
    v128.store(d, c0);
    v128.store(d, c1, 16);
    v128.store(d, c2, 32);
    v128.store(d, c3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const bj = b + ((<usize>j) << 2);
    let c0 = f32x4.splat(0);
    let c1 = f32x4.splat(0);
    let p = start;
    for (; p + 1 < end; p += 2) {
      const v0 = f32x4.splat(load<f32>(values + ((<usize>p) << 2)));
      const v1 = f32x4.splat(load<f32>(values + ((<usize>p) << 2), 4));
      c0 = f32x4.add(c0, f32x4.mul(v0, v128.load(bj + colAt<I>(colIdx, p) * rowBytes)));
      c1 = f32x4.add(c1, f32x4.mul(v1, v128.load(bj + colAt<I>(colIdx, p + 1) * rowBytes)));
    }
    if (p < end) {
      const v0 = f32x4.splat(load<f32>(values + ((<usize>p) << 2)));
      c0 = f32x4.add(c0, f32x4.mul(v0, v128.load(bj + colAt<I>(colIdx, p) * rowBytes)));
    }
    v128.store(dst + ((<usize>j) << 2), f32x4.add(c0, c1));
  }
  for (; j < n; j++) {
    store<f32>(
      dst + ((<usize>j) << 2),
      Gather.dot<I>(start, end, colIdx, values, b + ((<usize>j) << 2), rowBytes),
    );
  }
}

/**
 * `Σ_{p in [start, end)} values[p] · B[colIdx[p]]` where `B[c]` is the float32 at `b + c·stride`, eight
 * entries per step: B's entries loaded one by one (load32_zero) and paired into two f32x4 by shuffles
 * (unpcklps, movlhps), two accumulators; a scalar tail. SpMV runs one per row (stride 4). On the SpMV
 * benchmark, inserting the entries into lanes (load32_lane: a chain of two-uop inserts per vector) took
 * 1.35× as long, and four scalar accumulators 1.15×. Inlined, so SpMV's constant stride becomes a shift.
 */
export class Gather {
  @inline static dot<I>(start: i32, end: i32, colIdx: usize, values: usize, b: usize, stride: usize): f32 {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let p = start;
    for (; p + 7 < end; p += 8) {
      const x0 = v128.load32_zero(b + colAt<I>(colIdx, p) * stride);
      const x1 = v128.load32_zero(b + colAt<I>(colIdx, p + 1) * stride);
      const x2 = v128.load32_zero(b + colAt<I>(colIdx, p + 2) * stride);
      const x3 = v128.load32_zero(b + colAt<I>(colIdx, p + 3) * stride);
      const x4 = v128.load32_zero(b + colAt<I>(colIdx, p + 4) * stride);
      const x5 = v128.load32_zero(b + colAt<I>(colIdx, p + 5) * stride);
      const x6 = v128.load32_zero(b + colAt<I>(colIdx, p + 6) * stride);
      const x7 = v128.load32_zero(b + colAt<I>(colIdx, p + 7) * stride);
      const g0 = i64x2.shuffle(i32x4.shuffle(x0, x1, 0, 4, 1, 5), i32x4.shuffle(x2, x3, 0, 4, 1, 5), 0, 2);
      const g1 = i64x2.shuffle(i32x4.shuffle(x4, x5, 0, 4, 1, 5), i32x4.shuffle(x6, x7, 0, 4, 1, 5), 0, 2);
      const v = values + ((<usize>p) << 2);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(v), g0));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(v, 16), g1));
    }
    const a = f32x4.add(a0, a1);
    let s =
      f32x4.extract_lane(a, 0) +
      f32x4.extract_lane(a, 1) +
      (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
    for (; p < end; p++)
      s += load<f32>(values + ((<usize>p) << 2)) * load<f32>(b + colAt<I>(colIdx, p) * stride);
    return s;
  }
}

/** `dst [cols, rows] = srcᵀ` for a row-major `src [rows, cols]`, in 16×16 blocks (both sides stay in cache). */
export function transpose_f32(dst: usize, src: usize, rows: i32, cols: i32): void {
  for (let i0 = 0; i0 < rows; i0 += 16) {
    const i1 = min(rows, i0 + 16);
    for (let j0 = 0; j0 < cols; j0 += 16) {
      const j1 = min(cols, j0 + 16);
      for (let i = i0; i < i1; i++) {
        const s = src + ((<usize>i * <usize>cols) << 2);
        for (let j = j0; j < j1; j++) {
          store<f32>(dst + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(s + ((<usize>j) << 2)));
        }
      }
    }
  }
}
