// The Linear layer with a CSR weight W [rows, cols]: y[m, rows] = act(x · Wᵀ + bias), x [m, cols]
// (SparseLinear; DSMM with transposeB is the same kernel without bias and activation). The host hands xᵀ
// [cols, m] (x itself when m == 1); each weight row r is one csrRowProduct over xᵀ into the thread's
// scratch (m outputs), then bias, activation and a strided store into column r of y.

import { activate } from './act';
import { csrRowProduct } from './csr-rows';

/**
 * Weight rows `[tile * per, min(rows, (tile + 1) * per))`. Argument block (i32 words): out, rowPtr, colIdx,
 * values, xT, m, rows, per, indexWidth (32 or 16), bias (0: none), activation id. Scratch: `⌈m/4⌉·16` bytes.
 */
export function linear_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const xT = load<u32>(args, 16);
  const m = load<i32>(args, 20);
  const rows = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const wide = load<i32>(args, 32) != 16;
  const bias = load<u32>(args, 36);
  const act = load<i32>(args, 40);
  const r0 = tile * per;
  const r1 = min(rows, r0 + per);
  const stride = (<usize>rows) << 2;
  for (let r = r0; r < r1; r++) {
    const start = load<i32>(rowPtr + ((<usize>r) << 2));
    const end = load<i32>(rowPtr + ((<usize>(r + 1)) << 2));
    if (wide) csrRowProduct<i32>(scratch, start, end, colIdx, values, xT, m);
    else csrRowProduct<u16>(scratch, start, end, colIdx, values, xT, m);
    const bv = f32x4.splat(bias == 0 ? 0 : load<f32>(bias + ((<usize>r) << 2)));
    const dst = out + ((<usize>r) << 2);
    for (let j = 0; j < m; j += 4) {
      let y = v128.load(scratch + ((<usize>j) << 2));
      if (bias != 0) y = f32x4.add(y, bv);
      if (act != 0) y = activate(y, act);
      const d = dst + <usize>j * stride;
      store<f32>(d, f32x4.extract_lane(y, 0));
      if (j + 1 < m) store<f32>(d + stride, f32x4.extract_lane(y, 1));
      if (j + 2 < m) store<f32>(d + 2 * stride, f32x4.extract_lane(y, 2));
      if (j + 3 < m) store<f32>(d + 3 * stride, f32x4.extract_lane(y, 3));
    }
  }
}
