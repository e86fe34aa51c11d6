// The inner loop the structured kernels share: one output row as a weighted sum of dense rows,
//   out[0..width) = init + sum_e vals[e] * src[e][0..width),   src[e] = b + offs[e] (byte offsets),
// with register accumulators over 16 output columns (4 v128), then 4 and single columns.
// init is `bias` (mode 0) or the current contents of out (mode 1); the result is clamped to [lo, hi]
// when `clamp` is set (NaN passes through, as Math.min/Math.max do).

/** Sum of `count` scaled rows into `width` floats at `out`; see the file comment. */
export function gather_rows(
  out: usize,
  width: i32,
  vals: usize,
  offs: usize,
  count: i32,
  b: usize,
  accumulate: bool,
  bias: f32,
  clamp: bool,
  lo: f32,
  hi: f32,
): void {
  const bytes = (<usize>width) << 2;
  const z = f32x4.splat(bias);
  const pairs = count & ~1;
  let q: usize = 0;
  for (; q + 64 <= bytes; q += 64) {
    // 16 columns in 4 accumulators, two entries per step: TurboFan issues a step's loads before its
    // arithmetic, so 4 accumulators, 2 splats and 8 loads fit the 16 xmm registers (8 accumulators over
    // 32 columns spilled and ran at half the speed)
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
    const bq = b + q;
    let e = 0;
    for (; e < pairs; e += 2) {
      const p = (<usize>e) << 2;
      const v = v128.load32_splat(vals + p);
      const u = v128.load32_splat(vals + p, 4);
      const s = bq + <usize>load<u32>(offs + p);
      const t = bq + <usize>load<u32>(offs + p, 4);
      a0 = f32x4.add(a0, f32x4.add(f32x4.mul(v, v128.load(s)), f32x4.mul(u, v128.load(t))));
      a1 = f32x4.add(a1, f32x4.add(f32x4.mul(v, v128.load(s, 16)), f32x4.mul(u, v128.load(t, 16))));
      a2 = f32x4.add(a2, f32x4.add(f32x4.mul(v, v128.load(s, 32)), f32x4.mul(u, v128.load(t, 32))));
      a3 = f32x4.add(a3, f32x4.add(f32x4.mul(v, v128.load(s, 48)), f32x4.mul(u, v128.load(t, 48))));
    }
    if (e < count) {
      const p = (<usize>e) << 2;
      const v = v128.load32_splat(vals + p);
      const s = bq + <usize>load<u32>(offs + p);
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
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; q + 16 <= bytes; q += 16) {
    // two accumulators over alternate entries hide the add latency
    const o = out + q;
    let a0 = accumulate ? v128.load(o) : z;
    let a1 = f32x4.splat(0);
    const bq = b + q;
    let e = 0;
    for (; e + 1 < count; e += 2) {
      const p = (<usize>e) << 2;
      const s0 = bq + <usize>load<u32>(offs + p);
      const s1 = bq + <usize>load<u32>(offs + p, 4);
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(vals + p), v128.load(s0)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(vals + p, 4), v128.load(s1)));
    }
    if (e < count) {
      const p = (<usize>e) << 2;
      const s0 = bq + <usize>load<u32>(offs + p);
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(vals + p), v128.load(s0)));
    }
    a0 = f32x4.add(a0, a1);
    if (clamp) a0 = f32x4.min(f32x4.max(a0, f32x4.splat(lo)), f32x4.splat(hi));
    v128.store(o, a0);
  }
  for (; q < bytes; q += 4) {
    // single columns (and matvecs): four accumulators over the entries
    const o = out + q;
    let s0: f32 = accumulate ? load<f32>(o) : bias;
    let s1: f32 = 0;
    let s2: f32 = 0;
    let s3: f32 = 0;
    const bq = b + q;
    let e = 0;
    for (; e + 3 < count; e += 4) {
      const p = (<usize>e) << 2;
      const v = vals + p;
      const f = offs + p;
      s0 += load<f32>(v) * load<f32>(bq + <usize>load<u32>(f));
      s1 += load<f32>(v, 4) * load<f32>(bq + <usize>load<u32>(f, 4));
      s2 += load<f32>(v, 8) * load<f32>(bq + <usize>load<u32>(f, 8));
      s3 += load<f32>(v, 12) * load<f32>(bq + <usize>load<u32>(f, 12));
    }
    for (; e < count; e++) {
      const p = (<usize>e) << 2;
      s0 += load<f32>(vals + p) * load<f32>(bq + <usize>load<u32>(offs + p));
    }
    let s = s0 + s1 + (s2 + s3);
    if (clamp) s = s != s ? s : min(max(s, lo), hi);
    store<f32>(o, s);
  }
}
