// The inner loop the structured kernels share: one output row as a weighted sum of dense rows,
//   out[0..width) = init + sum_e vals[e] * src[e][0..width),   src[e] = b + offs[e] (byte offsets),
// with register accumulators over 32 output columns (8 v128), then 16, 4 and single columns.
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
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  let q: usize = 0;
  for (; q + 128 <= bytes; q += 128) {
    const o = out + q;
    let a0 = z;
    let a1 = z;
    let a2 = z;
    let a3 = z;
    let a4 = z;
    let a5 = z;
    let a6 = z;
    let a7 = z;
    if (accumulate) {
      a0 = v128.load(o);
      a1 = v128.load(o, 16);
      a2 = v128.load(o, 32);
      a3 = v128.load(o, 48);
      a4 = v128.load(o, 64);
      a5 = v128.load(o, 80);
      a6 = v128.load(o, 96);
      a7 = v128.load(o, 112);
    }
    const bq = b + q;
    for (let e = 0; e < count; e++) {
      const v = v128.load32_splat(vals + ((<usize>e) << 2));
      const s = bq + <usize>load<u32>(offs + ((<usize>e) << 2));
      a0 = f32x4.add(a0, f32x4.mul(v, v128.load(s)));
      a1 = f32x4.add(a1, f32x4.mul(v, v128.load(s, 16)));
      a2 = f32x4.add(a2, f32x4.mul(v, v128.load(s, 32)));
      a3 = f32x4.add(a3, f32x4.mul(v, v128.load(s, 48)));
      a4 = f32x4.add(a4, f32x4.mul(v, v128.load(s, 64)));
      a5 = f32x4.add(a5, f32x4.mul(v, v128.load(s, 80)));
      a6 = f32x4.add(a6, f32x4.mul(v, v128.load(s, 96)));
      a7 = f32x4.add(a7, f32x4.mul(v, v128.load(s, 112)));
    }
    if (clamp) {
      a0 = f32x4.min(f32x4.max(a0, vlo), vhi);
      a1 = f32x4.min(f32x4.max(a1, vlo), vhi);
      a2 = f32x4.min(f32x4.max(a2, vlo), vhi);
      a3 = f32x4.min(f32x4.max(a3, vlo), vhi);
      a4 = f32x4.min(f32x4.max(a4, vlo), vhi);
      a5 = f32x4.min(f32x4.max(a5, vlo), vhi);
      a6 = f32x4.min(f32x4.max(a6, vlo), vhi);
      a7 = f32x4.min(f32x4.max(a7, vlo), vhi);
    }
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
    v128.store(o, a4, 64);
    v128.store(o, a5, 80);
    v128.store(o, a6, 96);
    v128.store(o, a7, 112);
  }
  if (q + 64 <= bytes) {
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
    for (let e = 0; e < count; e++) {
      const v = v128.load32_splat(vals + ((<usize>e) << 2));
      const s = bq + <usize>load<u32>(offs + ((<usize>e) << 2));
      a0 = f32x4.add(a0, f32x4.mul(v, v128.load(s)));
      a1 = f32x4.add(a1, f32x4.mul(v, v128.load(s, 16)));
      a2 = f32x4.add(a2, f32x4.mul(v, v128.load(s, 32)));
      a3 = f32x4.add(a3, f32x4.mul(v, v128.load(s, 48)));
    }
    if (clamp) {
      a0 = f32x4.min(f32x4.max(a0, vlo), vhi);
      a1 = f32x4.min(f32x4.max(a1, vlo), vhi);
      a2 = f32x4.min(f32x4.max(a2, vlo), vhi);
      a3 = f32x4.min(f32x4.max(a3, vlo), vhi);
    }
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
    q += 64;
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
    if (clamp) a0 = f32x4.min(f32x4.max(a0, vlo), vhi);
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
