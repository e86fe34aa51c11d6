// Softmax over the stored entries of each CSR row (SparseSoftmax) and its gradient (SparseSoftmaxGrad):
// f32x4 passes over a row's values (max; e = exp(scale·v − max) stored and summed; e / sum), scalar tails.
// Empty rows stay empty; a row whose logits are all −inf gives 0/0 = NaN, as the reference does.

const FAST_LO: f32 = -87.0;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
const MAGIC: f32 = 12583039.0;

/** `e^d` for `d <= 0` (NaN stays NaN; below −87 the result is 0), within 3 ulp (core's expFast). */
function expNonPositive(d: v128): v128 {
  const tiny = f32x4.lt(d, f32x4.splat(FAST_LO));
  const x = f32x4.pmax(d, f32x4.splat(FAST_LO));
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const s = i32x4.shl(t, 23);
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(8.317149244248867e-3);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.190727323293686e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.666722595691681e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.999907910823822e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(9.999998807907104e-1));
  return v128.andnot(f32x4.add(f32x4.mul(f32x4.mul(r, s), p), s), tiny);
}

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))`. Argument block (i32 words): out, rowPtr, values, rows,
 * per, scale (f32 bits).
 */
export function sparse_softmax_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const values = load<u32>(args, 8);
  const rows = load<i32>(args, 12);
  const per = load<i32>(args, 16);
  const scale = load<f32>(args, 20);
  const sv = f32x4.splat(scale);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let r = r0; r < r1; r++) {
    const start = load<i32>(rowPtr + ((<usize>r) << 2));
    const end = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    if (start == end) continue;
    let mv = f32x4.splat(-Infinity);
    let p = start;
    for (; p + 3 < end; p += 4) mv = f32x4.max(mv, f32x4.mul(sv, v128.load(values + ((<usize>p) << 2))));
    let mx = max(
      max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
      max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)),
    );
    for (; p < end; p++) mx = max(mx, scale * load<f32>(values + ((<usize>p) << 2)));
    if (mx == -Infinity) mx = 0;
    const mxv = f32x4.splat(mx);
    let sum = f32x4.splat(0);
    p = start;
    for (; p + 3 < end; p += 4) {
      const o = (<usize>p) << 2;
      const e = expNonPositive(f32x4.sub(f32x4.mul(sv, v128.load(values + o)), mxv));
      v128.store(out + o, e);
      sum = f32x4.add(sum, e);
    }
    let s =
      f32x4.extract_lane(sum, 0) +
      f32x4.extract_lane(sum, 1) +
      (f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3));
    for (; p < end; p++) {
      const o = (<usize>p) << 2;
      const e = f32x4.extract_lane(expNonPositive(f32x4.splat(scale * load<f32>(values + o) - mx)), 0);
      store<f32>(out + o, e);
      s += e;
    }
    const inv = f32x4.splat(s);
    p = start;
    for (; p + 3 < end; p += 4) {
      const o = (<usize>p) << 2;
      v128.store(out + o, f32x4.div(v128.load(out + o), inv));
    }
    for (; p < end; p++) {
      const o = (<usize>p) << 2;
      store<f32>(out + o, load<f32>(out + o) / s);
    }
  }
}

/**
 * `dx[p] = scale·y[p]·(dy[p] − Σ_row y·dy)` for rows `[tile * per, …)`. Argument block (i32 words): out,
 * rowPtr, y, dy, rows, per, scale (f32 bits).
 */
export function sparse_softmax_grad_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const y = load<u32>(args, 8);
  const dy = load<u32>(args, 12);
  const rows = load<i32>(args, 16);
  const per = load<i32>(args, 20);
  const scale = load<f32>(args, 24);
  const sv = f32x4.splat(scale);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let r = r0; r < r1; r++) {
    const start = load<i32>(rowPtr + ((<usize>r) << 2));
    const end = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    let acc = f32x4.splat(0);
    let p = start;
    for (; p + 3 < end; p += 4) {
      const o = (<usize>p) << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(y + o), v128.load(dy + o)));
    }
    let dot =
      f32x4.extract_lane(acc, 0) +
      f32x4.extract_lane(acc, 1) +
      (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; p < end; p++) {
      const o = (<usize>p) << 2;
      dot += load<f32>(y + o) * load<f32>(dy + o);
    }
    const dv = f32x4.splat(dot);
    p = start;
    for (; p + 3 < end; p += 4) {
      const o = (<usize>p) << 2;
      v128.store(out + o, f32x4.mul(f32x4.mul(sv, v128.load(y + o)), f32x4.sub(v128.load(dy + o), dv)));
    }
    for (; p < end; p++) {
      const o = (<usize>p) << 2;
      store<f32>(out + o, scale * load<f32>(y + o) * (load<f32>(dy + o) - dot));
    }
  }
}
