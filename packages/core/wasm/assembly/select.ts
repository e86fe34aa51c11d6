// Indexing and ordering: gather, scatter-add, one-hot, sort and top-k.
//
// Index values come from user data: every kernel here checks them against the axis length and skips
// (scatter-add), zero-fills (gather) or ignores (one-hot) those out of range, so no access leaves the
// buffers it was given.

const F32 = 0;
const I32 = 1;

/** `out[o, j, :] = x[o, idx[j], :]` for x `[outer, n, inner]` and `m` indices; out-of-range rows are zero. */
export function gather(
  out: usize,
  x: usize,
  idx: usize,
  outer: i32,
  n: i32,
  inner: i32,
  m: i32,
  shift: i32,
): void {
  const SH = <usize>shift;
  const rowBytes = (<usize>inner) << SH;
  if (rowBytes == 4) {
    // single 4-byte elements (a permutation of values, say): a load and a store each; memory.copy is a
    // call into the runtime, ≈ 25 ns per element
    for (let o = 0; o < outer; o++) {
      const src = x + ((<usize>o * <usize>n) << 2);
      const dst = out + ((<usize>o * <usize>m) << 2);
      for (let j = 0; j < m; j++) {
        const k = load<i32>(idx + ((<usize>j) << 2));
        if (k >= 0 && k < n) store<u32>(dst + ((<usize>j) << 2), load<u32>(src + ((<usize>k) << 2)));
        else store<u32>(dst + ((<usize>j) << 2), 0);
      }
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const k = load<i32>(idx + ((<usize>j) << 2));
      const dst = out + (<usize>o * <usize>m + <usize>j) * rowBytes;
      if (k >= 0 && k < n) memory.copy(dst, x + (<usize>o * <usize>n + <usize>k) * rowBytes, rowBytes);
      else memory.fill(dst, 0, rowBytes);
    }
  }
}

/**
 * `out[o, idx[j], :] += u[o, j, :]` for out `[outer, n, inner]` (already holding x) and updates
 * `[outer, m, inner]`; out-of-range indices are skipped.
 */
export function scatter_add(
  out: usize,
  idx: usize,
  u: usize,
  dt: i32,
  outer: i32,
  n: i32,
  inner: i32,
  m: i32,
): void {
  const SH: usize = dt == F32 || dt == I32 ? 2 : 0;
  const rowBytes = (<usize>inner) << SH;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const k = load<i32>(idx + ((<usize>j) << 2));
      if (k < 0 || k >= n) continue;
      const dst = out + (<usize>o * <usize>n + <usize>k) * rowBytes;
      const src = u + (<usize>o * <usize>m + <usize>j) * rowBytes;
      let i = 0;
      if (dt == F32) {
        for (; i + 4 <= inner; i += 4) {
          const p = (<usize>i) << 2;
          v128.store(dst + p, f32x4.add(v128.load(dst + p), v128.load(src + p)));
        }
        for (; i < inner; i++) {
          const p = (<usize>i) << 2;
          store<f32>(dst + p, load<f32>(dst + p) + load<f32>(src + p));
        }
      } else if (dt == I32) {
        for (; i + 4 <= inner; i += 4) {
          const p = (<usize>i) << 2;
          v128.store(dst + p, i32x4.add(v128.load(dst + p), v128.load(src + p)));
        }
        for (; i < inner; i++) {
          const p = (<usize>i) << 2;
          store<i32>(dst + p, load<i32>(dst + p) + load<i32>(src + p));
        }
      } else {
        for (; i < inner; i++) store<u8>(dst + <usize>i, load<u8>(dst + <usize>i) + load<u8>(src + <usize>i));
      }
    }
  }
}

/** One-hot rows of `depth` for `count` int32 indices; out-of-range indices give a row of `offBits`. */
export function one_hot(
  out: usize,
  idx: usize,
  count: i32,
  depth: i32,
  onBits: i32,
  offBits: i32,
  shift: i32,
): void {
  const total = count * depth;
  if (shift == 2) {
    const v = i32x4.splat(offBits);
    let i = 0;
    for (; i + 4 <= total; i += 4) v128.store(out + ((<usize>i) << 2), v);
    for (; i < total; i++) store<i32>(out + ((<usize>i) << 2), offBits);
  } else {
    memory.fill(out, <u8>offBits, <usize>total);
  }
  for (let r = 0; r < count; r++) {
    const c = load<i32>(idx + ((<usize>r) << 2));
    if (c < 0 || c >= depth) continue;
    const at = <usize>r * <usize>depth + <usize>c;
    if (shift == 2) store<i32>(out + (at << 2), onBits);
    else store<u8>(out + at, <u8>onBits);
  }
}

/** A 32-bit key whose unsigned order is the ascending order with NaN last (and -0 equal to +0). */
function keyOf(x: usize, at: usize, dt: i32): u32 {
  if (dt == F32) {
    const v = load<f32>(x + (at << 2));
    if (v != v) return 0xffffffff;
    const bits = reinterpret<u32>(v == 0 ? <f32>0 : v);
    return (bits & 0x80000000) != 0 ? ~bits : bits | 0x80000000;
  }
  if (dt == I32) return <u32>load<i32>(x + (at << 2)) ^ 0x80000000;
  return <u32>load<u8>(x + at);
}

/** Sort `n` u64 at `a` ascending, using `b` (n u64) as scratch; the result ends up in `a`. */
function sortU64(a: usize, b: usize, n: i32): void {
  // insertion sort runs of 16
  const RUN = 16;
  for (let s = 0; s < n; s += RUN) {
    const e = min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const v = load<u64>(a + ((<usize>i) << 3));
      let j = i - 1;
      while (j >= s && load<u64>(a + ((<usize>j) << 3)) > v) {
        store<u64>(a + ((<usize>(j + 1)) << 3), load<u64>(a + ((<usize>j) << 3)));
        j--;
      }
      store<u64>(a + ((<usize>(j + 1)) << 3), v);
    }
  }
  let src = a;
  let dst = b;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      const mid = min(lo + w, n);
      const hi = min(lo + (w << 1), n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const x = load<u64>(src + ((<usize>i) << 3));
        const y = load<u64>(src + ((<usize>j) << 3));
        if (y < x) {
          store<u64>(dst + ((<usize>k) << 3), y);
          j++;
        } else {
          store<u64>(dst + ((<usize>k) << 3), x);
          i++;
        }
        k++;
      }
      if (i < mid) memory.copy(dst + ((<usize>k) << 3), src + ((<usize>i) << 3), (<usize>(mid - i)) << 3);
      else if (j < hi) memory.copy(dst + ((<usize>k) << 3), src + ((<usize>j) << 3), (<usize>(hi - j)) << 3);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != a) memory.copy(a, src, (<usize>n) << 3);
}

function copyElem(dst: usize, di: usize, src: usize, si: usize, shift: usize): void {
  if (shift == 2) store<i32>(dst + (di << 2), load<i32>(src + (si << 2)));
  else store<u8>(dst + di, load<u8>(src + si));
}

/**
 * Stable sort of `[outer, n, inner]` along the middle axis: values and int32 indices. NaN sorts last
 * (first when descending). `scratch` holds 2n u64.
 */
export function sort(
  values: usize,
  indices: usize,
  x: usize,
  dt: i32,
  outer: i32,
  n: i32,
  inner: i32,
  descending: bool,
  scratch: usize,
): void {
  const SH: usize = dt == F32 || dt == I32 ? 2 : 0;
  const keys = scratch;
  const tmp = scratch + ((<usize>n) << 3);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>o * <usize>n * <usize>inner + <usize>i;
      for (let j = 0; j < n; j++) {
        let k = keyOf(x, base + <usize>j * <usize>inner, dt);
        if (descending) k = ~k;
        store<u64>(keys + ((<usize>j) << 3), ((<u64>k) << 32) | <u64>j);
      }
      sortU64(keys, tmp, n);
      for (let j = 0; j < n; j++) {
        const src = <usize>(<u32>load<u64>(keys + ((<usize>j) << 3)));
        const at = base + <usize>j * <usize>inner;
        copyElem(values, at, x, base + src * <usize>inner, SH);
        store<i32>(indices + (at << 2), <i32>src);
      }
    }
  }
}

/** Sift the root of a max-heap of `size` u64 down. */
function siftDown(h: usize, size: i32): void {
  let i = 0;
  const v = load<u64>(h);
  while (true) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && load<u64>(h + ((<usize>(c + 1)) << 3)) > load<u64>(h + ((<usize>c) << 3))) c++;
    const cv = load<u64>(h + ((<usize>c) << 3));
    if (cv <= v) break;
    store<u64>(h + ((<usize>i) << 3), cv);
    i = c;
  }
  store<u64>(h + ((<usize>i) << 3), v);
}

/**
 * `k` largest (or smallest) of each row of `[rows, n]`, in order, ties by index; NaN counts as the
 * largest. `scratch` holds 2n u64.
 */
export function top_k(
  values: usize,
  indices: usize,
  x: usize,
  dt: i32,
  rows: i32,
  n: i32,
  k: i32,
  largest: bool,
  scratch: usize,
): void {
  const SH: usize = dt == F32 || dt == I32 ? 2 : 0;
  const keys = scratch;
  const tmp = scratch + ((<usize>n) << 3);
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>n;
    let count = n;
    if (k * 8 < n) {
      // max-heap of the k smallest composite keys seen so far
      let size = 0;
      for (let j = 0; j < n; j++) {
        let key = keyOf(x, base + <usize>j, dt);
        if (largest) key = ~key;
        const c = ((<u64>key) << 32) | <u64>j;
        if (size < k) {
          // sift up
          let i = size++;
          while (i > 0) {
            const p = (i - 1) >> 1;
            const pv = load<u64>(keys + ((<usize>p) << 3));
            if (pv >= c) break;
            store<u64>(keys + ((<usize>i) << 3), pv);
            i = p;
          }
          store<u64>(keys + ((<usize>i) << 3), c);
        } else if (k > 0 && c < load<u64>(keys)) {
          store<u64>(keys, c);
          siftDown(keys, size);
        }
      }
      count = size;
    } else {
      for (let j = 0; j < n; j++) {
        let key = keyOf(x, base + <usize>j, dt);
        if (largest) key = ~key;
        store<u64>(keys + ((<usize>j) << 3), ((<u64>key) << 32) | <u64>j);
      }
    }
    sortU64(keys, tmp, count);
    for (let j = 0; j < k && j < count; j++) {
      const src = <usize>(<u32>load<u64>(keys + ((<usize>j) << 3)));
      const at = <usize>r * <usize>k + <usize>j;
      copyElem(values, at, x, base + src, SH);
      store<i32>(indices + (at << 2), <i32>src);
    }
  }
}
