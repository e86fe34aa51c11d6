/**
 * Proximal operators of k-level structured sparsity (spec §8): the squared k-support norm's prox
 * (McDonald, Pontil & Stamos 2014, Alg. 1), the group sparse envelope built on it (WGSEF, Refael et al.;
 * mapping unconfirmed), and the hard top-k group baseline.
 *
 * @module
 */
import { type Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkInt, checkNumber, describe } from '../internal/checks.js';
import { readHost } from '../internal/host.js';
import { selectTop } from '../internal/select.js';
import { type GroupSpec, groupIds, groupNorms } from './groups.js';

/**
 * `prox_{β·½‖·‖²_ksup}(z)`: with `θ_i = clip(α|z_i| − β, 0, 1)` and `α` such that `Σ θ_i = k` (found between
 * the breakpoints `β/|z_i|`, `(β+1)/|z_i|` and interpolated), `ẑ_i = z_i·θ_i/(θ_i + β)`. When `k` is at
 * least the number of nonzeros, `θ = 1` on them (`ẑ = z/(1 + β)`).
 *
 * @param z - Values.
 * @param beta - `β > 0`.
 * @param k - Support size `k >= 1`.
 * @example
 * ```ts
 * kSupportSqProx([0, 5, 10, 15, 20], 3, 1); // Float64Array [0, 0, 0, 0, 5] (ModOpt KSupportNorm golden)
 * ```
 */
export function kSupportSqProx(z: ArrayLike<number>, beta: number, k: number): Float64Array {
  const fn = 'kSupportSqProx';
  if (z === null || typeof z !== 'object' || typeof z.length !== 'number') {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'z', 'be an array of numbers', describe(z));
  }
  const b = checkNumber(beta, fn, 'beta', Number.MIN_VALUE);
  const kk = checkInt(k, fn, 'k', 1);
  const n = z.length;
  const a = Float64Array.from(z, (v) => Math.abs(v));
  const theta = (alpha: number) => a.map((v) => Math.min(1, Math.max(0, alpha * v - b)));
  const sumAt = (alpha: number) => theta(alpha).reduce((s, v) => s + v, 0);
  const nonzero = a.filter((v) => v > 0).length;
  let th: Float64Array;
  if (kk >= nonzero) {
    th = a.map((v) => (v > 0 ? 1 : 0));
  } else {
    const bps = [...new Set(Array.from(a).flatMap((v) => (v > 0 ? [b / v, (b + 1) / v] : [])))].sort(
      (x, y) => x - y,
    );
    let lo = 0;
    let hi = bps[bps.length - 1]!;
    for (const bp of bps) {
      if (sumAt(bp) >= kk) {
        hi = bp;
        break;
      }
      lo = bp;
    }
    const sLo = sumAt(lo);
    const sHi = sumAt(hi);
    const alpha = sHi === sLo ? hi : lo + ((kk - sLo) * (hi - lo)) / (sHi - sLo);
    th = theta(alpha);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = th[i] === 0 ? 0 : (z[i]! * th[i]!) / (th[i]! + b);
  return out;
}

/** Options of {@link wgsefProx}. */
export interface WgsefProxOptions {
  /** Number of groups that may stay nonzero. */
  k: number;
  /** `β` (the prox parameter: step size times penalty weight). */
  beta: number;
  /** Per-group weights `ω_i` multiplying the group norms. Default 1. */
  weights?: ArrayLike<number>;
}

/**
 * Group sparse envelope prox (WGSEF, unconfirmed mapping, spec §8): `z_i = ω_i‖x_{G_i}‖₂`,
 * `ẑ = kSupportSqProx(z, β, k)`, `x_{G_i} ← x_{G_i}·ẑ_i/z_i`. At most `k` groups stay nonzero.
 *
 * @example
 * ```ts
 * wgsefProx([[0], [5], [10], [15], [20]], { axis: 'out' }, { k: 1, beta: 3 }).dataSync(); // [0, 0, 0, 0, 5]
 * ```
 */
export function wgsefProx(x: TensorLike, groups: GroupSpec, opts: WgsefProxOptions): Tensor {
  const fn = 'wgsefProx';
  const t = asTensor(x, fn, 'x');
  const { ids, count } = groupIds(t.shape, groups, fn);
  const v = readHost(t);
  const norms = groupNorms(v, ids, count);
  if (opts.weights !== undefined && opts.weights.length !== count) {
    fail(
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      fn,
      'opts.weights',
      `have one weight per group (${count})`,
      opts.weights.length,
    );
  }
  const z = norms.map((nv, g) => nv * (opts.weights === undefined ? 1 : opts.weights[g]!));
  const zh = kSupportSqProx(z, opts.beta, opts.k);
  const scale = z.map((zv, g) => (zv === 0 ? 0 : zh[g]! / zv));
  const out = t.dtype === 'float64' ? new Float64Array(v.length) : new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = ids[i]! < 0 ? v[i]! : v[i]! * scale[ids[i]!]!;
  const shape = t.shape;
  if (t !== x) t.dispose();
  return tensor(out, { shape });
}

/**
 * The hard prox baseline: keep the `k` groups with the largest L2 norm (ties to the lower group id), zero
 * the others.
 *
 * @example
 * ```ts
 * hardGroupTopK([[1, 1], [3, 0], [0, 2]], { axis: 'out' }, 2).dataSync(); // [0, 0, 3, 0, 0, 2]
 * ```
 */
export function hardGroupTopK(x: TensorLike, groups: GroupSpec, k: number): Tensor {
  const fn = 'hardGroupTopK';
  const t = asTensor(x, fn, 'x');
  const kk = checkInt(k, fn, 'k', 0);
  const { ids, count } = groupIds(t.shape, groups, fn);
  const v = readHost(t);
  const keepG = new Uint8Array(count);
  selectTop(groupNorms(v, ids, count), undefined, count, kk, keepG);
  const out = t.dtype === 'float64' ? new Float64Array(v.length) : new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = ids[i]! < 0 || keepG[ids[i]!] === 1 ? v[i]! : 0;
  const shape = t.shape;
  if (t !== x) t.dispose();
  return tensor(out, { shape });
}
