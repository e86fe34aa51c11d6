// Fused layer norm and RMS norm over the last axis of float32 [rows, n], one row at a time: the statistics
// passes read the row from memory once and the later passes find it in L1, so memory sees one read of x and
// one write of y. Every loop keeps four independent vectors in flight (the adds' latency, not their count,
// bounds a loop with one accumulator).

/** Vector helpers, inlined where they are used. */
@final
class N {
  /** Sum of the four lanes of each of four accumulators, in float64. */
  @inline static lanes4(a0: v128, a1: v128, a2: v128, a3: v128): f64 {
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    return (
      <f64>f32x4.extract_lane(s, 0) +
      <f64>f32x4.extract_lane(s, 1) +
      <f64>f32x4.extract_lane(s, 2) +
      <f64>f32x4.extract_lane(s, 3)
    );
  }

  /** `y = (x - mean) * rstd * w + b` for one vector at byte offset `q`. */
  @inline static lnStore(yr: usize, xr: usize, w: usize, b: usize, q: usize, mv: v128, sv: v128): void {
    const h = f32x4.mul(f32x4.sub(v128.load(xr + q), mv), sv);
    v128.store(yr + q, f32x4.add(f32x4.mul(h, v128.load(w + q)), v128.load(b + q)));
  }
}

/** Sum of `n` float32 values at `x`: sixteen float32 lanes, combined in float64. */
function rowSum(x: usize, n: i32): f64 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const p = x + ((<usize>j) << 2);
    a0 = f32x4.add(a0, v128.load(p));
    a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p, 32));
    a3 = f32x4.add(a3, v128.load(p, 48));
  }
  for (; j + 4 <= n; j += 4) a0 = f32x4.add(a0, v128.load(x + ((<usize>j) << 2)));
  let acc = N.lanes4(a0, a1, a2, a3);
  for (; j < n; j++) acc += <f64>load<f32>(x + ((<usize>j) << 2));
  return acc;
}

/** Sum of squares of `x - c` over `n` float32 values (sixteen lanes, combined in float64). */
function rowSquares(x: usize, n: i32, c: f32): f64 {
  const cv = f32x4.splat(c);
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const p = x + ((<usize>j) << 2);
    const d0 = f32x4.sub(v128.load(p), cv);
    const d1 = f32x4.sub(v128.load(p, 16), cv);
    const d2 = f32x4.sub(v128.load(p, 32), cv);
    const d3 = f32x4.sub(v128.load(p, 48), cv);
    a0 = f32x4.add(a0, f32x4.mul(d0, d0));
    a1 = f32x4.add(a1, f32x4.mul(d1, d1));
    a2 = f32x4.add(a2, f32x4.mul(d2, d2));
    a3 = f32x4.add(a3, f32x4.mul(d3, d3));
  }
  for (; j + 4 <= n; j += 4) {
    const d = f32x4.sub(v128.load(x + ((<usize>j) << 2)), cv);
    a0 = f32x4.add(a0, f32x4.mul(d, d));
  }
  let acc = N.lanes4(a0, a1, a2, a3);
  for (; j < n; j++) {
    const d = <f64>(load<f32>(x + ((<usize>j) << 2)) - c);
    acc += d * d;
  }
  return acc;
}

/** `out = (x - mean) * rstd * w + b` for rows [r0, r1) of float32 [rows, n]. */
export function layer_norm_rows(
  out: usize,
  x: usize,
  w: usize,
  b: usize,
  n: i32,
  eps: f32,
  r0: i32,
  r1: i32,
): void {
  for (let r = r0; r < r1; r++) {
    const off = (<usize>r * <usize>n) << 2;
    const xr = x + off;
    const yr = out + off;
    const mean = <f32>(rowSum(xr, n) / <f64>n);
    const variance = rowSquares(xr, n, mean) / <f64>n;
    const rstd = <f32>(1 / Math.sqrt(variance + <f64>eps));
    const mv = f32x4.splat(mean);
    const sv = f32x4.splat(rstd);
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      const q = (<usize>j) << 2;
      N.lnStore(yr, xr, w, b, q, mv, sv);
      N.lnStore(yr, xr, w, b, q + 16, mv, sv);
      N.lnStore(yr, xr, w, b, q + 32, mv, sv);
      N.lnStore(yr, xr, w, b, q + 48, mv, sv);
    }
    for (; j + 4 <= n; j += 4) N.lnStore(yr, xr, w, b, (<usize>j) << 2, mv, sv);
    for (; j < n; j++) {
      const q = (<usize>j) << 2;
      store<f32>(yr + q, (load<f32>(xr + q) - mean) * rstd * load<f32>(w + q) + load<f32>(b + q));
    }
  }
}

/** `out = x / sqrt(mean(x^2) + eps) * w` for rows [r0, r1) of float32 [rows, n]. */
export function rms_norm_rows(out: usize, x: usize, w: usize, n: i32, eps: f32, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const off = (<usize>r * <usize>n) << 2;
    const xr = x + off;
    const yr = out + off;
    const inv = <f32>(1 / Math.sqrt(rowSquares(xr, n, 0) / <f64>n + <f64>eps));
    const iv = f32x4.splat(inv);
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      const q = (<usize>j) << 2;
      v128.store(yr + q, f32x4.mul(f32x4.mul(v128.load(xr + q), iv), v128.load(w + q)));
      v128.store(yr + q, f32x4.mul(f32x4.mul(v128.load(xr + q, 16), iv), v128.load(w + q, 16)), 16);
      v128.store(yr + q, f32x4.mul(f32x4.mul(v128.load(xr + q, 32), iv), v128.load(w + q, 32)), 32);
      v128.store(yr + q, f32x4.mul(f32x4.mul(v128.load(xr + q, 48), iv), v128.load(w + q, 48)), 48);
    }
    for (; j + 4 <= n; j += 4) {
      const q = (<usize>j) << 2;
      v128.store(yr + q, f32x4.mul(f32x4.mul(v128.load(xr + q), iv), v128.load(w + q)));
    }
    for (; j < n; j++) {
      const q = (<usize>j) << 2;
      store<f32>(yr + q, load<f32>(xr + q) * inv * load<f32>(w + q));
    }
  }
}
/** Tile of a threaded layer norm: args: out, x, w, b, n, eps (float32 bits), rows, rows per tile. */
export function layer_norm_tile(args: usize, tile: i32): void {
  const rows = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const r0 = tile * per;
  layer_norm_rows(
    <usize>load<i32>(args),
    <usize>load<i32>(args, 4),
    <usize>load<i32>(args, 8),
    <usize>load<i32>(args, 12),
    load<i32>(args, 16),
    load<f32>(args, 20),
    r0,
    min(rows, r0 + per),
  );
}

/** Tile of a threaded RMS norm: args: out, x, w, n, eps (float32 bits), rows, rows per tile. */
export function rms_norm_tile(args: usize, tile: i32): void {
  const rows = load<i32>(args, 20);
  const per = load<i32>(args, 24);
  const r0 = tile * per;
  rms_norm_rows(
    <usize>load<i32>(args),
    <usize>load<i32>(args, 4),
    <usize>load<i32>(args, 8),
    load<i32>(args, 12),
    load<f32>(args, 16),
    r0,
    min(rows, r0 + per),
  );
}
