/**
 * Update sparsity and rank between two checkpoints (spec §9.2: "RL finetunes small subnetworks").
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkNumber, checkObject, describe } from '../internal/checks.js';
import { readHost } from '../internal/host.js';

/** Per-tensor result of {@link updateSparsity}. */
export interface TensorUpdate {
  /** Name. */
  name: string;
  /** Entries. */
  size: number;
  /** Entries with `|B − A| <= atol`. */
  unchanged: number;
  /** Fraction unchanged (the update's sparsity). */
  sparsity: number;
  /** Fraction changed (the reference's per-layer number). */
  density: number;
  /** Fraction of exact zeros in `B`. */
  zeroFraction: number;
}

/** What {@link updateSparsity} returns. */
export interface UpdateSparsity {
  /** Per tensor present in both, in `A`'s order. */
  tensors: TensorUpdate[];
  /** Entry-weighted fraction unchanged over every compared tensor. */
  sparsity: number;
  /** Unweighted mean of the per-tensor `density` (the reference's aggregate). */
  meanDensity: number;
  /** Names only in `A`. */
  missingInB: string[];
  /** Names only in `B`. */
  missingInA: string[];
  /** The changed-entry masks (`bool`), when `masks: true` (the caller disposes them). */
  changed?: Record<string, Tensor>;
}

/**
 * How much of a model an update touched: entries with `|B − A| <= atol` count as unchanged (compared in
 * float64 from the stored values). In bf16 one ulp exceeds 1e-5 for `|w| >= 2^-9`, so `atol = 1e-5` is
 * nearly exact equality there; report both.
 *
 * @param a - Tensors before, by name.
 * @param b - Tensors after, by name.
 * @param opts - `atol` (default 1e-5), `masks` (return the changed masks).
 * @example
 * ```ts
 * updateSparsity({ w: [1, 2, 3] }, { w: [1, 2.5, 3] }).sparsity; // 2/3
 * ```
 */
export function updateSparsity(
  a: Readonly<Record<string, TensorLike>>,
  b: Readonly<Record<string, TensorLike>>,
  opts: { atol?: number; masks?: boolean } = {},
): UpdateSparsity {
  const fn = 'updateSparsity';
  checkObject(a, fn, 'a');
  checkObject(b, fn, 'b');
  const atol = checkNumber(opts.atol ?? 1e-5, fn, 'opts.atol', 0);
  const tensors: TensorUpdate[] = [];
  const changed: Record<string, Tensor> = {};
  for (const [name, av] of Object.entries(a)) {
    const bv = b[name];
    if (bv === undefined) continue;
    const ta = asTensor(av, fn, `a['${name}']`);
    const tb = asTensor(bv, fn, `b['${name}']`);
    if (ta.shape.length !== tb.shape.length || ta.shape.some((d, i) => d !== tb.shape[i])) {
      fail(
        'SPARSELAND__MASKS__SHAPE_MISMATCH',
        fn,
        `b['${name}']`,
        `have shape [${ta.shape.join(', ')}]`,
        describe(tb),
      );
    }
    const x = readHost(ta);
    const y = readHost(tb);
    const ch = new Uint8Array(x.length);
    let same = 0;
    let zeros = 0;
    for (let i = 0; i < x.length; i++) {
      if (Math.abs(y[i]! - x[i]!) <= atol || (Number.isNaN(x[i]!) && Number.isNaN(y[i]!))) same++;
      else ch[i] = 1;
      if (y[i] === 0) zeros++;
    }
    if (opts.masks === true) changed[name] = tensor(ch, { shape: ta.shape, dtype: 'bool' });
    const n = x.length;
    tensors.push({
      name,
      size: n,
      unchanged: same,
      sparsity: n === 0 ? 1 : same / n,
      density: n === 0 ? 0 : 1 - same / n,
      zeroFraction: n === 0 ? 0 : zeros / n,
    });
    if (ta !== av) ta.dispose();
    if (tb !== bv) tb.dispose();
  }
  const size = tensors.reduce((s, t) => s + t.size, 0);
  const out: UpdateSparsity = {
    tensors,
    sparsity: size === 0 ? 1 : tensors.reduce((s, t) => s + t.unchanged, 0) / size,
    meanDensity: tensors.length === 0 ? 0 : tensors.reduce((s, t) => s + t.density, 0) / tensors.length,
    missingInB: Object.keys(a).filter((n) => !Object.hasOwn(b, n)),
    missingInA: Object.keys(b).filter((n) => !Object.hasOwn(a, n)),
  };
  if (opts.masks === true) out.changed = changed;
  return out;
}

/**
 * Numerical rank of a 2-D update `Δ` (e.g. `B − A` of one weight): Householder QR with column pivoting in
 * float64, counting diagonal entries above `tol·|R₀₀|` (default `tol = max(m, n)·2^-52`, or pass a looser
 * one for float32 data).
 *
 * @example
 * ```ts
 * updateRank([[1, 2], [2, 4]]); // 1
 * ```
 */
export function updateRank(delta: TensorLike, opts: { tol?: number } = {}): number {
  const fn = 'updateRank';
  const t = asTensor(delta, fn, 'delta');
  if (t.rank !== 2) fail('SPARSELAND__MASKS__SHAPE_MISMATCH', fn, 'delta', 'be a 2-D matrix', describe(t));
  const [m, n] = t.shape as [number, number];
  const a = Float64Array.from(readHost(t));
  if (t !== delta) t.dispose();
  const tol = checkNumber(opts.tol ?? Math.max(m, n) * 2 ** -52, fn, 'opts.tol', 0);
  // column norms for pivoting
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) norms[j]! += a[i * n + j]! ** 2;
  const steps = Math.min(m, n);
  let r0 = 0;
  let rank = 0;
  for (let k = 0; k < steps; k++) {
    // pivot: the remaining column with the largest norm (recomputed for accuracy)
    let p = k;
    let best = -1;
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += a[i * n + j]! ** 2;
      norms[j] = s;
      if (s > best) {
        best = s;
        p = j;
      }
    }
    if (p !== k) for (let i = 0; i < m; i++) [a[i * n + k], a[i * n + p]] = [a[i * n + p]!, a[i * n + k]!];
    const alpha = Math.sqrt(best);
    if (k === 0) r0 = alpha;
    if (alpha === 0 || alpha <= tol * r0) break;
    rank++;
    // Householder reflection zeroing a[k+1.., k]
    const x0 = a[k * n + k]!;
    const v0 = x0 + (x0 >= 0 ? alpha : -alpha);
    const v = new Float64Array(m - k);
    v[0] = v0;
    for (let i = k + 1; i < m; i++) v[i - k] = a[i * n + k]!;
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (vv === 0) continue;
    for (let j = k; j < n; j++) {
      let d = 0;
      for (let i = k; i < m; i++) d += v[i - k]! * a[i * n + j]!;
      const f = (2 * d) / vv;
      for (let i = k; i < m; i++) a[i * n + j]! -= f * v[i - k]!;
    }
  }
  return rank;
}
