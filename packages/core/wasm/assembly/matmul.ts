// Batched float32 matmul: cache blocking (KC x NC panels of B, MC x KC blocks of A), packed panels, and a
// register-blocked 4 x 8 SIMD micro-kernel. Work splits into tiles (batch, MC rows, NC columns) of the output;
// each tile is computed entirely by one thread in a fixed order, so results do not depend on the thread count.
//
// Argument block (int32 at `args`), written by the host:
//   0 m, 1 n, 2 k, 3 batch, 4 a, 5 b, 6 c (byte addresses),
//   7 a row stride, 8 a col stride (elements of A(i, p)), 9 b row stride, 10 b col stride (B(p, j)),
//   11 batch offsets (address of batch x 2 int32: element offsets of A and B per batch), 12 tilesM, 13 tilesN,
//   14 row block, 15 column block (set by matmul_f32_tiles from the shape alone, never from the thread count)

export const MR = 4;
export const NR = 8;
export const MC = 128;
export const KC = 256;
export const NC = 256;

/** Bytes of scratch one thread needs: packed A block, packed B block, one edge tile. */
export function matmul_scratch_bytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/** Pack rows [i0, i0 + mc) x cols [p0, p0 + kc) of A into MR-row panels (zero-padded). */
function packA(dst: usize, a: usize, rs: i32, cs: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + ((<usize>(ir * kc)) << 2);
    if (rows == MR && cs == 1) {
      // row-major A: gather four rows per k
      const r0 = a + ((<usize>((i0 + ir) * rs + p0)) << 2);
      const rb = (<usize>rs) << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const q = (<usize>p) << 2;
        const x0 = v128.load(r0 + q);
        const x1 = v128.load(r0 + rb + q);
        const x2 = v128.load(r0 + 2 * rb + q);
        const x3 = v128.load(r0 + 3 * rb + q);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        const o = panel + ((<usize>p) << 4);
        v128.store(o, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(o, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(o, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(o, i64x2.shuffle(t2, t3, 1, 3), 48);
      }
      for (; p < kc; p++) {
        const o = panel + ((<usize>p) << 4);
        const q = (<usize>p) << 2;
        store<f32>(o, load<f32>(r0 + q));
        store<f32>(o + 4, load<f32>(r0 + rb + q));
        store<f32>(o + 8, load<f32>(r0 + 2 * rb + q));
        store<f32>(o + 12, load<f32>(r0 + 3 * rb + q));
      }
    } else if (rows == MR && rs == 1) {
      // column-major A (transposed): four consecutive rows are contiguous
      for (let p = 0; p < kc; p++) {
        v128.store(panel + ((<usize>p) << 4), v128.load(a + ((<usize>((p0 + p) * cs + i0 + ir)) << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = panel + ((<usize>(p * MR)) << 2);
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(a + ((<usize>((i0 + ir + r) * rs + (p0 + p) * cs)) << 2)) : 0;
          store<f32>(o + ((<usize>r) << 2), v);
        }
      }
    }
  }
}

/** Pack rows [p0, p0 + kc) x cols [j0, j0 + nc) of B into NR-column panels (zero-padded). */
function packB(dst: usize, b: usize, rs: i32, cs: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + ((<usize>(jr * kc)) << 2);
    if (cols == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        const s = b + ((<usize>((p0 + p) * rs + j0 + jr)) << 2);
        const o = panel + ((<usize>p) << 5);
        v128.store(o, v128.load(s));
        v128.store(o, v128.load(s, 16), 16);
      }
    } else if (cols == NR && rs == 1) {
      // transposed B: column j is contiguous along p; transpose 4 x 4 blocks
      for (let c = 0; c < NR; c += 4) {
        const s0 = b + ((<usize>((j0 + jr + c) * cs + p0)) << 2);
        const sb = (<usize>cs) << 2;
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const q = (<usize>p) << 2;
          const x0 = v128.load(s0 + q);
          const x1 = v128.load(s0 + sb + q);
          const x2 = v128.load(s0 + 2 * sb + q);
          const x3 = v128.load(s0 + 3 * sb + q);
          const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
          const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
          const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
          const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
          const o = panel + ((<usize>p) << 5) + ((<usize>c) << 2);
          v128.store(o, i64x2.shuffle(t0, t1, 0, 2));
          v128.store(o, i64x2.shuffle(t0, t1, 1, 3), 32);
          v128.store(o, i64x2.shuffle(t2, t3, 0, 2), 64);
          v128.store(o, i64x2.shuffle(t2, t3, 1, 3), 96);
        }
        for (; p < kc; p++) {
          const o = panel + ((<usize>p) << 5) + ((<usize>c) << 2);
          const q = (<usize>p) << 2;
          store<f32>(o, load<f32>(s0 + q));
          store<f32>(o + 4, load<f32>(s0 + sb + q));
          store<f32>(o + 8, load<f32>(s0 + 2 * sb + q));
          store<f32>(o + 12, load<f32>(s0 + 3 * sb + q));
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = panel + ((<usize>(p * NR)) << 2);
        for (let c = 0; c < NR; c++) {
          const v: f32 = c < cols ? load<f32>(b + ((<usize>((p0 + p) * rs + (j0 + jr + c) * cs)) << 2)) : 0;
          store<f32>(o + ((<usize>c) << 2), v);
        }
      }
    }
  }
}

/** C[4 x 8] (row stride `ldc` bytes) = (acc ? C : 0) + Apanel[4 x kc] * Bpanel[kc x 8]. */
function micro(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let a = pa;
  let b = pb;
  const end = pa + ((<usize>kc) << 4);
  while (a < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += 16;
    b += 32;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** Compute one output tile (batch, row block, column block). */
export function matmul_f32_tile(args: usize, tile: i32, scratch: usize): void {
  const m = load<i32>(args);
  const n = load<i32>(args, 4);
  const k = load<i32>(args, 8);
  const aBase = <usize>load<i32>(args, 16);
  const bBase = <usize>load<i32>(args, 20);
  const cBase = <usize>load<i32>(args, 24);
  const ars = load<i32>(args, 28);
  const acs = load<i32>(args, 32);
  const brs = load<i32>(args, 36);
  const bcs = load<i32>(args, 40);
  const offs = <usize>load<i32>(args, 44);
  const tilesM = load<i32>(args, 48);
  const tilesN = load<i32>(args, 52);
  const rowBlock = load<i32>(args, 56);
  const colBlock = load<i32>(args, 60);
  const perBatch = tilesM * tilesN;
  const bi = tile / perBatch;
  const rest = tile - bi * perBatch;
  const ti = rest / tilesN;
  const tj = rest - ti * tilesN;
  const i0 = ti * rowBlock;
  const j0 = tj * colBlock;
  const mc = min(rowBlock, m - i0);
  const nc = min(colBlock, n - j0);
  const a = aBase + ((<usize>load<i32>(offs + ((<usize>bi) << 3))) << 2);
  const b = bBase + ((<usize>load<i32>(offs + ((<usize>bi) << 3), 4)) << 2);
  const c = cBase + ((<usize>bi * <usize>m * <usize>n) << 2);
  const ldc = (<usize>n) << 2;
  const pA = scratch;
  const pB = scratch + ((<usize>(MC * KC)) << 2);
  const edge = pB + ((<usize>(KC * NC)) << 2);
  if (k == 0) {
    for (let i = 0; i < mc; i++)
      memory.fill(c + <usize>(i0 + i) * ldc + ((<usize>j0) << 2), 0, (<usize>nc) << 2);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const acc = p0 > 0;
    packB(pB, b, brs, bcs, p0, kc, j0, nc);
    packA(pA, a, ars, acs, i0, mc, p0, kc);
    for (let jr = 0; jr < nc; jr += NR) {
      const cols = min(NR, nc - jr);
      const pb = pB + ((<usize>(jr * kc)) << 2);
      for (let ir = 0; ir < mc; ir += MR) {
        const rows = min(MR, mc - ir);
        const pa = pA + ((<usize>(ir * kc)) << 2);
        const cp = c + <usize>(i0 + ir) * ldc + ((<usize>(j0 + jr)) << 2);
        if (rows == MR && cols == NR) {
          micro(pa, pb, kc, cp, ldc, acc);
        } else {
          micro(pa, pb, kc, edge, NR << 2, false);
          for (let r = 0; r < rows; r++) {
            for (let q = 0; q < cols; q++) {
              const dst = cp + <usize>r * ldc + ((<usize>q) << 2);
              const v = load<f32>(edge + ((<usize>(r * NR + q)) << 2));
              store<f32>(dst, acc ? load<f32>(dst) + v : v);
            }
          }
        }
      }
    }
  }
}

/** Number of tiles of a matmul whose argument block is at `args` (also stores the tile grid and block sizes). */
export function matmul_f32_tiles(args: usize): i32 {
  const m = load<i32>(args);
  const n = load<i32>(args, 4);
  const batch = load<i32>(args, 12);
  // medium products get smaller blocks, so that there are tiles for several threads
  const rowBlock = m >= 512 ? MC : MC / 2;
  const colBlock = n >= 512 ? NC : NC / 2;
  const tilesM = (m + rowBlock - 1) / rowBlock;
  const tilesN = (n + colBlock - 1) / colBlock;
  store<i32>(args, tilesM, 48);
  store<i32>(args, tilesN, 52);
  store<i32>(args, rowBlock, 56);
  store<i32>(args, colBlock, 60);
  return batch * tilesM * tilesN;
}

/** The whole matmul on this thread. */
export function matmul_f32(args: usize, scratch: usize): void {
  const tiles = matmul_f32_tiles(args);
  for (let t = 0; t < tiles; t++) matmul_f32_tile(args, t, scratch);
}

/**
 * Integer matmul (int32 wrapping, or uint8 modulo 256 when `shift` is 0) with the same argument block;
 * accumulates in int32, i-k-j order.
 */
export function matmul_int(args: usize, shift: i32): void {
  const m = load<i32>(args);
  const n = load<i32>(args, 4);
  const k = load<i32>(args, 8);
  const batch = load<i32>(args, 12);
  const aBase = <usize>load<i32>(args, 16);
  const bBase = <usize>load<i32>(args, 20);
  const cBase = <usize>load<i32>(args, 24);
  const ars = load<i32>(args, 28);
  const acs = load<i32>(args, 32);
  const brs = load<i32>(args, 36);
  const bcs = load<i32>(args, 40);
  const offs = <usize>load<i32>(args, 44);
  const SH = <usize>shift;
  for (let t = 0; t < batch; t++) {
    const ao = load<i32>(offs + ((<usize>t) << 3));
    const bo = load<i32>(offs + ((<usize>t) << 3), 4);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s: i32 = 0;
        for (let p = 0; p < k; p++) {
          const ai = <usize>(ao + i * ars + p * acs);
          const bj = <usize>(bo + p * brs + j * bcs);
          const x = SH == 2 ? load<i32>(aBase + (ai << 2)) : <i32>load<u8>(aBase + ai);
          const y = SH == 2 ? load<i32>(bBase + (bj << 2)) : <i32>load<u8>(bBase + bj);
          s += x * y;
        }
        const at = <usize>t * <usize>m * <usize>n + <usize>i * <usize>n + <usize>j;
        if (SH == 2) store<i32>(cBase + (at << 2), s);
        else store<u8>(cBase + at, <u8>s);
      }
    }
  }
}

// ---- matrix-vector products (m == 1 or n == 1): no packing, memory-bound streaming ---------------------

/** `out[r] = dot(M[r, 0..k), x)` for rows [r0, r1) of M (rows `ld` elements apart, contiguous along k). */
function dotRows(out: usize, mat: usize, ld: i32, x: usize, k: i32, r0: i32, r1: i32): void {
  const rowBytes = (<usize>ld) << 2;
  for (let r = r0; r < r1; r++) {
    const row = mat + <usize>r * rowBytes;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let p = 0;
    for (; p + 16 <= k; p += 16) {
      const o = (<usize>p) << 2;
      a0 = f32x4.add(a0, f32x4.mul(v128.load(row + o), v128.load(x + o)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(row + o, 16), v128.load(x + o, 16)));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(row + o, 32), v128.load(x + o, 32)));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(row + o, 48), v128.load(x + o, 48)));
    }
    for (; p + 4 <= k; p += 4) {
      const o = (<usize>p) << 2;
      a0 = f32x4.add(a0, f32x4.mul(v128.load(row + o), v128.load(x + o)));
    }
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    let acc =
      f32x4.extract_lane(s, 0) +
      f32x4.extract_lane(s, 1) +
      (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
    for (; p < k; p++) acc += load<f32>(row + ((<usize>p) << 2)) * load<f32>(x + ((<usize>p) << 2));
    store<f32>(out + ((<usize>r) << 2), acc);
  }
}

/**
 * `out[c] = sum_p x[p] * M[p, c]` for columns [c0, c1) of M (rows `ld` elements apart, contiguous along c):
 * row by row (p ascending), so M streams contiguously and the output block stays in cache.
 */
function axpyCols(out: usize, x: usize, mat: usize, ld: i32, k: i32, c0: i32, c1: i32): void {
  const rowBytes = (<usize>ld) << 2;
  const o = out + ((<usize>c0) << 2);
  const len = c1 - c0;
  memory.fill(o, 0, (<usize>len) << 2);
  let q = mat + ((<usize>c0) << 2);
  for (let p = 0; p < k; p++, q += rowBytes) {
    const xs = load<f32>(x + ((<usize>p) << 2));
    const s = f32x4.splat(xs);
    let c = 0;
    for (; c + 16 <= len; c += 16) {
      const at = (<usize>c) << 2;
      v128.store(o + at, f32x4.add(v128.load(o + at), f32x4.mul(s, v128.load(q + at))));
      v128.store(o + at, f32x4.add(v128.load(o + at, 16), f32x4.mul(s, v128.load(q + at, 16))), 16);
      v128.store(o + at, f32x4.add(v128.load(o + at, 32), f32x4.mul(s, v128.load(q + at, 32))), 32);
      v128.store(o + at, f32x4.add(v128.load(o + at, 48), f32x4.mul(s, v128.load(q + at, 48))), 48);
    }
    for (; c + 4 <= len; c += 4) {
      const at = (<usize>c) << 2;
      v128.store(o + at, f32x4.add(v128.load(o + at), f32x4.mul(s, v128.load(q + at))));
    }
    for (; c < len; c++) {
      const at = (<usize>c) << 2;
      store<f32>(o + at, load<f32>(o + at) + xs * load<f32>(q + at));
    }
  }
}

/**
 * Tile of a batched float32 matrix-vector product. args (int32): 0 mode (0: dot rows, 1: axpy columns),
 * 1 out, 2 M, 3 x (byte addresses), 4 M row stride, 5 k, 6 outputs per batch, 7 outputs per tile,
 * 8 tiles per batch, 9 batch offsets (pairs of element offsets of M and x).
 */
export function gemv_f32_tile(args: usize, tile: i32): void {
  const mode = load<i32>(args);
  const out = <usize>load<i32>(args, 4);
  const mat = <usize>load<i32>(args, 8);
  const x = <usize>load<i32>(args, 12);
  const ld = load<i32>(args, 16);
  const k = load<i32>(args, 20);
  const count = load<i32>(args, 24);
  const per = load<i32>(args, 28);
  const tiles = load<i32>(args, 32);
  const offs = <usize>load<i32>(args, 36);
  const b = tile / tiles;
  const u0 = (tile - b * tiles) * per;
  const u1 = min(count, u0 + per);
  const m = mat + ((<usize>load<i32>(offs + ((<usize>b) << 3))) << 2);
  const v = x + ((<usize>load<i32>(offs + ((<usize>b) << 3), 4)) << 2);
  const o = out + ((<usize>b * <usize>count) << 2);
  if (mode == 0) dotRows(o, m, ld, v, k, u0, u1);
  else axpyCols(o, v, m, ld, k, u0, u1);
}
