// CSR sparse matrix times dense vector: y[i] = alpha * sum_p values[p] * x[colIdx[p]] + beta * y0[i].

/**
 * Rows `[tile * per, min(rows, (tile + 1) * per))` of SpMV. Argument block (i32 words): out, rowPtr, colIdx,
 * values, x, y0 (0: none), rows, per, alpha (f32 bits), beta (f32 bits), indexWidth (32 or 16).
 */
export function spmv_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const x = load<u32>(args, 16);
  const y0 = load<u32>(args, 20);
  const rows = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const alpha = load<f32>(args, 32);
  const beta = load<f32>(args, 36);
  const shift: u32 = load<i32>(args, 40) == 16 ? 1 : 2;
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  for (let i = r0; i < r1; i++) {
    const start = load<i32>(rowPtr + ((<usize>i) << 2));
    const end = load<i32>(rowPtr + ((<usize>(i + 1)) << 2));
    let a0: f32 = 0;
    let a1: f32 = 0;
    let a2: f32 = 0;
    let a3: f32 = 0;
    let p = start;
    if (shift == 2) {
      for (; p + 3 < end; p += 4) {
        const v = values + ((<usize>p) << 2);
        const c = colIdx + ((<usize>p) << 2);
        a0 += load<f32>(v) * load<f32>(x + ((<usize>load<i32>(c)) << 2));
        a1 += load<f32>(v, 4) * load<f32>(x + ((<usize>load<i32>(c, 4)) << 2));
        a2 += load<f32>(v, 8) * load<f32>(x + ((<usize>load<i32>(c, 8)) << 2));
        a3 += load<f32>(v, 12) * load<f32>(x + ((<usize>load<i32>(c, 12)) << 2));
      }
    }
    for (; p < end; p++) {
      const c =
        shift == 2 ? load<i32>(colIdx + ((<usize>p) << 2)) : <i32>load<u16>(colIdx + ((<usize>p) << 1));
      a0 += load<f32>(values + ((<usize>p) << 2)) * load<f32>(x + ((<usize>c) << 2));
    }
    const s = alpha * (a0 + a1 + (a2 + a3));
    store<f32>(out + ((<usize>i) << 2), y0 == 0 ? s : s + beta * load<f32>(y0 + ((<usize>i) << 2)));
  }
}
