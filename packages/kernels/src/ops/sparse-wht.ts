/**
 * Recovering a K-sparse Walsh spectrum from few samples: SparseFHT (noiseless) and SPRIGHT (noisy)
 * peeling (spec §3.7; arXiv 1310.1803, 1508.06336). A host algorithm: samples come from a callback.
 *
 * @module
 */
import { random } from '@sparseland/core';
import { fwhtInPlace } from '../backends/cpu/FWHT.js';
import { fail } from '../errors.js';
import { popcount32 } from '../internal/bits.js';
import { checkInt, checkNumber, describe } from '../internal/checks.js';

/** Options of {@link sparseWht}. */
export interface SparseWhtOptions {
  /** log2 of the length: indices are n-bit, `1 ≤ n ≤ 30`. */
  n: number;
  /** Expected number of nonzero coefficients (sets the bins per group). */
  K: number;
  /** Subsampling groups C. Default 3. */
  groups?: number;
  /** log2 of the bins per group, `b ≤ n`. Default `min(n, ⌈log2 K⌉ + 1)` (B ≈ 2K). */
  bins?: number;
  /**
   * Random delay offsets R per group; each brings the n+1 delays `{r, r ⊕ e_1, …, r ⊕ e_n}` and a vote on
   * every bit. Default 1 (the offset 0: SparseFHT's `{0, e_1..e_n}`) without noise, 7 with noise.
   */
  delays?: number;
  /** Standard deviation of the noise in each sample; 0 for exact samples. Default 0. */
  noise?: number;
  /** Seed of the subsampling matrices and delays. Default 0. */
  seed?: number;
}

/** What {@link sparseWht} recovered. */
export interface SparseWhtResult {
  /** Indices of the recovered coefficients, increasing. */
  index: number[];
  /** Their values. */
  value: number[];
  /** Number of calls made to `sample`. */
  samples: number;
  /** Whether every bin was explained (zero-tons after peeling); false hints at a denser spectrum or more noise. */
  complete: boolean;
}

/** `⟨a, b⟩` over F₂: the parity of `popcount(a & b)`. */
function dot2(a: number, b: number): number {
  return popcount32(a & b) & 1;
}

/**
 * Recover the K-sparse Walsh spectrum `X` of a function `x: {0..2^n−1} → ℝ`, where
 * `x[m] = Σ_k X_k·(−1)^popcount(m & k)` (so `X = H·x / 2^n`), from `O(K log N)` samples of `x`:
 *
 * - C groups each hash the spectrum into `B = 2^b` bins with a random full-rank `M_c ∈ F₂^{n×b}`: the
 *   B-point FWHT of `ℓ ↦ x[M_c·ℓ ⊕ d]` gives `U_{c,d}[j] = Σ_{M_cᵀk = j} X_k·(−1)^⟨d,k⟩`.
 * - A bin is a singleton when its values over the delays are `X_k·(−1)^⟨d,k⟩` for one `k`: the signs of
 *   `U_{r⊕e_p}·U_r` vote each bit of `k`, the mean of `U_d·(−1)^⟨d,k⟩` gives `X_k`, and the residual must
 *   be at the noise floor (`noise²/B` per delay; ~0 without noise). Found coefficients are subtracted from
 *   their bins in every group, and peeling repeats until no singleton is left.
 *
 * Samples: `C·R·(n+1)·B` (e.g. 1 248 for n = 12, K = 10 without noise, against 4 096 for the full FWHT).
 *
 * @param sample - `m ↦ x[m]` for `0 ≤ m < 2^n` (may be noisy; called once per sample).
 * @param opts - `n`, `K` and the design (`groups`, `bins`, `delays`, `noise`, `seed`).
 * @throws `SparselandError` `SPARSELAND__KERNELS__INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * // x = 3·χ_5 − 2·χ_9 on 10-bit inputs, with χ_k(m) = (−1)^popcount(m & k)
 * const chi = (m: number, k: number) => { let p = 0; for (let v = m & k; v; v &= v - 1) p ^= 1; return p ? -1 : 1; };
 * sparseWht((m) => 3 * chi(m, 5) - 2 * chi(m, 9), { n: 10, K: 2 });
 * // { index: [5, 9], value: [3, -2], samples: 132, complete: true }
 * ```
 * @group Ops
 */
export function sparseWht(sample: (index: number) => number, opts: SparseWhtOptions): SparseWhtResult {
  const fn = 'sparseWht';
  if (typeof sample !== 'function')
    fail(
      'SPARSELAND__KERNELS__INVALID_ARGUMENT',
      fn,
      'sample',
      'be a function of the index',
      describe(sample),
    );
  if (typeof opts !== 'object' || opts === null)
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts', 'be { n, K, ... }', describe(opts));
  const n = checkInt(opts.n, fn, 'opts.n', 1, 30);
  const K = checkInt(opts.K, fn, 'opts.K', 1, 2 ** n);
  const C = checkInt(opts.groups ?? 3, fn, 'opts.groups', 1, 16);
  const b = checkInt(opts.bins ?? Math.min(n, Math.ceil(Math.log2(K)) + 1), fn, 'opts.bins', 1, n);
  const noise = checkNumber(opts.noise ?? 0, fn, 'opts.noise');
  if (noise < 0) fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'opts.noise', 'be ≥ 0', noise);
  const R = checkInt(opts.delays ?? (noise > 0 ? 7 : 1), fn, 'opts.delays', 1, 64);
  const seed = checkInt(opts.seed ?? 0, fn, 'opts.seed', 0, 2 ** 32 - 1);
  const rng = new random.Rng(seed);
  const B = 2 ** b;
  const full = 2 ** n - 1;
  const randomWord = () => rng.nextUint32() & full;

  // ---- design: per group a full-rank M (b columns of n bits) and the delays ----
  const Ms: number[][] = [];
  const delays: number[][] = [];
  for (let c = 0; c < C; c++) {
    let cols: number[];
    do {
      cols = Array.from({ length: b }, randomWord);
    } while (rank2(cols) < b);
    Ms.push(cols);
    const ds: number[] = [];
    for (let i = 0; i < R; i++) {
      const r = R === 1 && noise === 0 ? 0 : randomWord();
      ds.push(r);
      for (let p = 0; p < n; p++) ds.push(r ^ (1 << p));
    }
    delays.push(ds);
  }
  const hash = (c: number, k: number) => {
    let j = 0;
    const cols = Ms[c]!;
    for (let i = 0; i < b; i++) j |= dot2(cols[i]!, k) << i;
    return j;
  };

  // ---- sample and transform: U[c][d·B + j] ----
  let samples = 0;
  const U: Float64Array[] = [];
  const buf = new Float64Array(B);
  for (let c = 0; c < C; c++) {
    const ds = delays[c]!;
    const u = new Float64Array(ds.length * B);
    const cols = Ms[c]!;
    for (let di = 0; di < ds.length; di++) {
      for (let l = 0; l < B; l++) {
        let m = ds[di]!;
        for (let i = 0; i < b; i++) if ((l >>> i) & 1) m ^= cols[i]!;
        const v = sample(m);
        samples++;
        buf[l] = typeof v === 'number' ? v : Number.NaN;
      }
      fwhtInPlace(buf, 0, B);
      for (let j = 0; j < B; j++) u[di * B + j] = buf[j]! / B;
    }
    U.push(u);
  }

  // ---- thresholds ----
  let scale = 0;
  for (const u of U) for (let i = 0; i < u.length; i++) scale = Math.max(scale, Math.abs(u[i]!));
  const floor = noise > 0 ? (noise * noise) / B : (1e-9 * (1 + scale)) ** 2; // per-delay noise energy in a bin
  const zeroT = noise > 0 ? 1.6 * floor : floor;
  const singleT = noise > 0 ? 1.6 * floor : floor;

  // ---- peeling ----
  const found = new Map<number, number>();
  const subtract = (k: number, v: number) => {
    for (let c = 0; c < C; c++) {
      const j = hash(c, k);
      const ds = delays[c]!;
      const u = U[c]!;
      for (let di = 0; di < ds.length; di++) u[di * B + j]! -= dot2(ds[di]!, k) ? -v : v;
    }
  };
  const energy = (c: number, j: number) => {
    const u = U[c]!;
    const D = delays[c]!.length;
    let e = 0;
    for (let di = 0; di < D; di++) e += u[di * B + j]! ** 2;
    return e / D;
  };
  const maxRounds = 4 + 2 * K;
  let progress = true;
  for (let round = 0; round < maxRounds && progress; round++) {
    progress = false;
    for (let c = 0; c < C; c++) {
      const u = U[c]!;
      const ds = delays[c]!;
      const D = ds.length;
      for (let j = 0; j < B; j++) {
        if (!(energy(c, j) > zeroT)) continue;
        // vote each bit of k from the R delay offsets
        let k = 0;
        for (let p = 0; p < n; p++) {
          let votes = 0;
          for (let i = 0; i < R; i++) {
            const base = i * (n + 1);
            const prod = u[base * B + j]! * u[(base + 1 + p) * B + j]!;
            // U_{r⊕e_p} / U_r = (−1)^{k_p}, whatever r is
            votes += prod < 0 ? 1 : -1;
          }
          if (votes > 0) k |= 1 << p;
        }
        k >>>= 0;
        if (hash(c, k) !== j) continue;
        let v = 0;
        for (let di = 0; di < D; di++) v += dot2(ds[di]!, k) ? -u[di * B + j]! : u[di * B + j]!;
        v /= D;
        if (!(v * v > zeroT)) continue;
        let res = 0;
        for (let di = 0; di < D; di++) res += (u[di * B + j]! - (dot2(ds[di]!, k) ? -v : v)) ** 2;
        if (!(res / D <= singleT)) continue;
        found.set(k, (found.get(k) ?? 0) + v);
        subtract(k, v);
        progress = true;
      }
    }
  }
  let complete = true;
  for (let c = 0; c < C && complete; c++)
    for (let j = 0; j < B; j++) if (energy(c, j) > zeroT) complete = false;
  const index = [...found.keys()].filter((k) => found.get(k)! !== 0).sort((a, b2) => a - b2);
  return { index, value: index.map((k) => found.get(k)!), samples, complete };
}

/** Rank over F₂ of a list of n-bit vectors. */
function rank2(vectors: readonly number[]): number {
  const pivot = new Array<number>(31).fill(0);
  let rank = 0;
  for (let v of vectors) {
    for (let bit = 30; bit >= 0 && v !== 0; bit--) {
      if (((v >>> bit) & 1) === 0) continue;
      if (pivot[bit] === 0) {
        pivot[bit] = v;
        rank++;
        break;
      }
      v ^= pivot[bit]!;
    }
  }
  return rank;
}
