/**
 * MaskSparsity (CASIA-IVA-Lab/MaskSparsity; spec §8): regularise only the channels selected for pruning,
 * and Network Slimming's L1 on BN-γ as the unmasked special case.
 *
 * @module
 */
import { mul, scalar, sign, type Tensor, type TensorLike, tensor, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import {
  asTensor,
  checkNumber,
  checkObject,
  checkOneOf,
  checkSparsity,
  describe,
} from '../internal/checks.js';
import { readHost } from '../internal/host.js';
import { selectTop } from '../internal/select.js';
import { keepCountUnchecked } from '../rounding.js';

/** Options of {@link maskSparsityGrad}. */
export interface MaskSparsityGradOptions {
  /** `λ`. Default 5e-4 (the reference's global regularisation). */
  lambda?: number;
  /** `'l1'`: `λ·sign(γ)` (default); `'l2'`: `λ·γ`. */
  variant?: 'l1' | 'l2';
}

/**
 * The gradient MaskSparsity adds to a channel-scale vector γ: `λ·sign(γ) ⊙ P` (or `λ·γ ⊙ P`), with `P` the
 * channels selected for pruning; without `prune` it is Network Slimming's `λ·sign(γ)` on every channel.
 *
 * @param gamma - Per-channel scales (BN/LayerNorm γ, or any channel gate).
 * @param prune - Channels selected for pruning (bool or 0/1, γ's shape); default all.
 * @param opts - `lambda`, `variant`.
 * @returns A tensor to add to γ's gradient.
 * @example
 * ```ts
 * maskSparsityGrad([0.5, -0.2, 1], [false, true, false], { lambda: 0.1 }).dataSync(); // [0, -0.1, 0]
 * ```
 */
export function maskSparsityGrad(
  gamma: TensorLike,
  prune?: TensorLike,
  opts: MaskSparsityGradOptions = {},
): Tensor {
  const fn = 'maskSparsityGrad';
  checkObject(opts, fn, 'opts');
  const lambda = checkNumber(opts.lambda ?? 5e-4, fn, 'opts.lambda', 0);
  const variant = checkOneOf(opts.variant ?? 'l1', ['l1', 'l2'] as const, fn, 'opts.variant');
  return tidy(() => {
    const g = asTensor(gamma, fn, 'gamma');
    const base = variant === 'l1' ? sign(g) : g;
    let out = mul(base, scalar(lambda, g.dtype));
    if (prune !== undefined) {
      const p = asTensor(prune, fn, 'prune');
      if (p.shape.length !== g.shape.length || p.shape.some((d, i) => d !== g.shape[i])) {
        fail(
          'SPARSELAND__MASKS__SHAPE_MISMATCH',
          fn,
          'prune',
          `have gamma's shape [${g.shape.join(', ')}]`,
          describe(p),
        );
      }
      out = mul(
        out,
        tensor(
          Array.from(readHost(p), (v) => (v ? 1 : 0)),
          { shape: g.shape, dtype: g.dtype },
        ),
      );
    }
    return out;
  });
}

/** Options of {@link selectPruneChannels}. */
export interface SelectChannelsOptions {
  /** Fraction of all channels (over every tensor) to select, by smallest `|γ|`. */
  ratio?: number;
  /** Or: select channels with `|γ| < threshold` (the reference prunes at 0.01). */
  threshold?: number;
}

/**
 * The pruning set `P` of MaskSparsity: the channels with the smallest `|γ|` over every tensor (one global
 * ranking, ties to the earlier tensor and lower index), or those below a threshold.
 *
 * @param gammas - Per-channel scales by name.
 * @param opts - `ratio` or `threshold`.
 * @returns `bool` tensors by name, true = selected for pruning.
 * @example
 * ```ts
 * selectPruneChannels({ a: [0.9, 0.01], b: [0.5, 0.02] }, { ratio: 0.5 }); // a: [false, true], b: [false, true]
 * ```
 */
export function selectPruneChannels(
  gammas: Readonly<Record<string, TensorLike>>,
  opts: SelectChannelsOptions,
): Record<string, Tensor> {
  const fn = 'selectPruneChannels';
  checkObject(gammas, fn, 'gammas');
  checkObject(opts, fn, 'opts');
  if ((opts.ratio === undefined) === (opts.threshold === undefined)) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'opts',
      'give exactly one of ratio and threshold',
      describe(opts),
    );
  }
  const entries = Object.entries(gammas).map(([name, g]) => {
    const t = asTensor(g, fn, `gammas['${name}']`);
    const v = Array.from(readHost(t), (x) => Math.abs(x));
    const shape = t.shape;
    if (t !== g) t.dispose();
    return { name, v, shape };
  });
  const all = entries.flatMap((e) => e.v);
  const sel = new Uint8Array(all.length);
  if (opts.threshold !== undefined) {
    const thr = checkNumber(opts.threshold, fn, 'opts.threshold', 0);
    all.forEach((x, i) => {
      sel[i] = x < thr ? 1 : 0;
    });
  } else {
    const r = checkSparsity(opts.ratio, fn, 'opts.ratio');
    const keepN = r === 0 ? all.length : keepCountUnchecked(all.length, r, 'round');
    selectTop(all, undefined, all.length, keepN, sel);
    for (let i = 0; i < sel.length; i++) sel[i] = 1 - sel[i]!;
  }
  const out: Record<string, Tensor> = {};
  let off = 0;
  for (const e of entries) {
    out[e.name] = tensor(sel.slice(off, off + e.v.length), { shape: e.shape, dtype: 'bool' });
    off += e.v.length;
  }
  return out;
}
