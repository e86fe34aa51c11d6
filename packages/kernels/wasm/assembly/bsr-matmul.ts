// BSR sparse times dense (spec §2.2, §3.1): C[rows, n] = A·B with blocks [br, bc], each row-major.
// Four rows of a block row at a time share every load of B: a 4×8 register tile (8 v128 accumulators)
// over the stored blocks and their bc columns, like the dense micro-kernel; leftover rows run 1×8.
// Edge blocks are cut to the matrix (rows past `rows` are not written, columns past `cols` not read).

/**
 * Block rows `[tile * per, min(nbr, (tile + 1) * per))`. Argument block (i32 words): out, rowPtr, colIdx,
 * values, b, rows, cols, br, bc, n, per.
 */
export function bsr_matmul_f32_tile(args: usize, tile: i32): void {
  const out = load<u32>(args);
  const rowPtr = load<u32>(args, 4);
  const colIdx = load<u32>(args, 8);
  const values = load<u32>(args, 12);
  const b = load<u32>(args, 16);
  const rows = load<i32>(args, 20);
  const cols = load<i32>(args, 24);
  const br = load<i32>(args, 28);
  const bc = load<i32>(args, 32);
  const n = load<i32>(args, 36);
  const per = load<i32>(args, 40);
  const nbr = (rows + br - 1) / br;
  const I0 = tile * per;
  const I1 = min(nbr, I0 + per);
  const rowBytes = (<usize>n) << 2;
  const bcBytes = (<usize>bc) << 2;
  const blockBytes = (<usize>(br * bc)) << 2;
  for (let I = I0; I < I1; I++) {
    const h = min(br, rows - I * br);
    const p0 = load<i32>(rowPtr + ((<usize>I) << 2));
    const p1 = load<i32>(rowPtr + ((<usize>(I + 1)) << 2));
    let i = 0;
    for (; i + 3 < h; i += 4) {
      const o = out + <usize>(I * br + i) * rowBytes;
      const vrow = values + ((<usize>(i * bc)) << 2);
      rows4(o, rowBytes, b, rowBytes, colIdx, vrow, blockBytes, bcBytes, p0, p1, bc, cols);
    }
    for (; i < h; i++) {
      const o = out + <usize>(I * br + i) * rowBytes;
      const vrow = values + ((<usize>(i * bc)) << 2);
      rows1(o, rowBytes, b, rowBytes, colIdx, vrow, blockBytes, p0, p1, bc, cols);
    }
  }
}

// Four output rows at `o` (stride rowBytes); their values start at vrow in each block (row stride bcBytes).
function rows4(
  o: usize,
  rowBytes: usize,
  b: usize,
  bStride: usize,
  colIdx: usize,
  vrow: usize,
  blockBytes: usize,
  bcBytes: usize,
  p0: i32,
  p1: i32,
  bc: i32,
  cols: i32,
): void {
  const o1 = o + rowBytes;
  const o2 = o1 + rowBytes;
  const o3 = o2 + rowBytes;
  let q: usize = 0;
  for (; q + 32 <= rowBytes; q += 32) {
    let c00 = f32x4.splat(0);
    let c01 = f32x4.splat(0);
    let c10 = f32x4.splat(0);
    let c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0);
    let c21 = f32x4.splat(0);
    let c30 = f32x4.splat(0);
    let c31 = f32x4.splat(0);
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      for (let j = 0; j < w; j++) {
        const b0 = v128.load(s);
        const b1 = v128.load(s, 16);
        const a0 = v128.load32_splat(v);
        c00 = f32x4.add(c00, f32x4.mul(a0, b0));
        c01 = f32x4.add(c01, f32x4.mul(a0, b1));
        const a1 = v128.load32_splat(v + bcBytes);
        c10 = f32x4.add(c10, f32x4.mul(a1, b0));
        c11 = f32x4.add(c11, f32x4.mul(a1, b1));
        const a2 = v128.load32_splat(v + 2 * bcBytes);
        c20 = f32x4.add(c20, f32x4.mul(a2, b0));
        c21 = f32x4.add(c21, f32x4.mul(a2, b1));
        const a3 = v128.load32_splat(v + 3 * bcBytes);
        c30 = f32x4.add(c30, f32x4.mul(a3, b0));
        c31 = f32x4.add(c31, f32x4.mul(a3, b1));
        v += 4;
        s += bStride;
      }
    }
    v128.store(o + q, c00);
    v128.store(o + q, c01, 16);
    v128.store(o1 + q, c10);
    v128.store(o1 + q, c11, 16);
    v128.store(o2 + q, c20);
    v128.store(o2 + q, c21, 16);
    v128.store(o3 + q, c30);
    v128.store(o3 + q, c31, 16);
  }
  for (; q + 16 <= rowBytes; q += 16) {
    let c0v = f32x4.splat(0);
    let c1v = f32x4.splat(0);
    let c2v = f32x4.splat(0);
    let c3v = f32x4.splat(0);
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      for (let j = 0; j < w; j++) {
        const b0 = v128.load(s);
        c0v = f32x4.add(c0v, f32x4.mul(v128.load32_splat(v), b0));
        c1v = f32x4.add(c1v, f32x4.mul(v128.load32_splat(v + bcBytes), b0));
        c2v = f32x4.add(c2v, f32x4.mul(v128.load32_splat(v + 2 * bcBytes), b0));
        c3v = f32x4.add(c3v, f32x4.mul(v128.load32_splat(v + 3 * bcBytes), b0));
        v += 4;
        s += bStride;
      }
    }
    v128.store(o + q, c0v);
    v128.store(o1 + q, c1v);
    v128.store(o2 + q, c2v);
    v128.store(o3 + q, c3v);
  }
  for (; q < rowBytes; q += 4) {
    let s0: f32 = 0;
    let s1: f32 = 0;
    let s2: f32 = 0;
    let s3: f32 = 0;
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      for (let j = 0; j < w; j++) {
        const x = load<f32>(s);
        s0 += load<f32>(v) * x;
        s1 += load<f32>(v + bcBytes) * x;
        s2 += load<f32>(v + 2 * bcBytes) * x;
        s3 += load<f32>(v + 3 * bcBytes) * x;
        v += 4;
        s += bStride;
      }
    }
    store<f32>(o + q, s0);
    store<f32>(o1 + q, s1);
    store<f32>(o2 + q, s2);
    store<f32>(o3 + q, s3);
  }
}

// One output row at `o`; its values start at vrow in each block.
function rows1(
  o: usize,
  rowBytes: usize,
  b: usize,
  bStride: usize,
  colIdx: usize,
  vrow: usize,
  blockBytes: usize,
  p0: i32,
  p1: i32,
  bc: i32,
  cols: i32,
): void {
  let q: usize = 0;
  for (; q + 128 <= rowBytes; q += 128) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0);
    let a5 = f32x4.splat(0);
    let a6 = f32x4.splat(0);
    let a7 = f32x4.splat(0);
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      for (let j = 0; j < w; j++) {
        const a = v128.load32_splat(v);
        a0 = f32x4.add(a0, f32x4.mul(a, v128.load(s)));
        a1 = f32x4.add(a1, f32x4.mul(a, v128.load(s, 16)));
        a2 = f32x4.add(a2, f32x4.mul(a, v128.load(s, 32)));
        a3 = f32x4.add(a3, f32x4.mul(a, v128.load(s, 48)));
        a4 = f32x4.add(a4, f32x4.mul(a, v128.load(s, 64)));
        a5 = f32x4.add(a5, f32x4.mul(a, v128.load(s, 80)));
        a6 = f32x4.add(a6, f32x4.mul(a, v128.load(s, 96)));
        a7 = f32x4.add(a7, f32x4.mul(a, v128.load(s, 112)));
        v += 4;
        s += bStride;
      }
    }
    const oq = o + q;
    v128.store(oq, a0);
    v128.store(oq, a1, 16);
    v128.store(oq, a2, 32);
    v128.store(oq, a3, 48);
    v128.store(oq, a4, 64);
    v128.store(oq, a5, 80);
    v128.store(oq, a6, 96);
    v128.store(oq, a7, 112);
  }
  for (; q + 16 <= rowBytes; q += 16) {
    let c0v = f32x4.splat(0);
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      for (let j = 0; j < w; j++) {
        c0v = f32x4.add(c0v, f32x4.mul(v128.load32_splat(v), v128.load(s)));
        v += 4;
        s += bStride;
      }
    }
    v128.store(o + q, c0v);
  }
  for (; q < rowBytes; q += 4) {
    let s0: f32 = 0;
    let s1: f32 = 0;
    for (let p = p0; p < p1; p++) {
      const c0 = load<i32>(colIdx + ((<usize>p) << 2)) * bc;
      const w = min(bc, cols - c0);
      let v = vrow + <usize>p * blockBytes;
      let s = b + <usize>c0 * bStride + q;
      let j = 0;
      for (; j + 1 < w; j += 2) {
        s0 += load<f32>(v) * load<f32>(s);
        s1 += load<f32>(v, 4) * load<f32>(s + bStride);
        v += 8;
        s += 2 * bStride;
      }
      if (j < w) s0 += load<f32>(v) * load<f32>(s);
    }
    store<f32>(o + q, s0 + s1);
  }
}
