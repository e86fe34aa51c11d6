/**
 * Realised sparsity and mask dynamics (spec §1.6, §9.4).
 *
 * @module
 */
import { nn, type TensorLike } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkObject, describe } from '../internal/checks.js';
import { readHost } from '../internal/host.js';

/** Zeros of one tensor. */
export interface TensorSparsity {
  /** Name. */
  name: string;
  /** Entries. */
  size: number;
  /** Exact zeros (`-0` included). */
  zeros: number;
  /** `zeros / size`. */
  sparsity: number;
}

/** What {@link realizedSparsity} returns. */
export interface SparsityStats {
  /** Per tensor, in order. */
  tensors: TensorSparsity[];
  /** Over all the tensors: `Σ zeros / Σ size`. */
  sparsity: number;
  /** Entries in all. */
  size: number;
  /** Zeros in all. */
  zeros: number;
}

/**
 * The realised sparsity (exact zeros) of a model's parameters or of named tensors — what a run reports,
 * whatever the masks say.
 *
 * @param weights - A module (its named parameters) or tensors by name.
 * @param opts - `names`: only these (default all).
 * @example
 * ```ts
 * realizedSparsity(model).tensors.map((t) => [t.name, t.sparsity]);
 * ```
 */
export function realizedSparsity(
  weights: nn.Module | Readonly<Record<string, TensorLike>>,
  opts: { names?: readonly string[] } = {},
): SparsityStats {
  const fn = 'realizedSparsity';
  const all = weights instanceof nn.Module ? weights.namedParameters() : checkObject(weights, fn, 'weights');
  const names = opts.names ?? Object.keys(all);
  const tensors = names.map((name) => {
    const w = all[name] as TensorLike | undefined;
    if (w === undefined)
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'opts.names', 'name tensors of weights', name);
    const t = asTensor(w, fn, `weights['${name}']`);
    const v = readHost(t);
    let zeros = 0;
    for (let i = 0; i < v.length; i++) if (v[i] === 0) zeros++;
    if (t !== w) t.dispose();
    return { name, size: v.length, zeros, sparsity: v.length === 0 ? 0 : zeros / v.length };
  });
  const size = tensors.reduce((a, t) => a + t.size, 0);
  const zeros = tensors.reduce((a, t) => a + t.zeros, 0);
  return { tensors, size, zeros, sparsity: size === 0 ? 0 : zeros / size };
}

function hostBits(
  m: TensorLike | Uint8Array,
  fn: string,
  arg: string,
): { v: ArrayLike<number>; shape: readonly number[] } {
  if (m instanceof Uint8Array) return { v: m, shape: [m.length] };
  const t = asTensor(m, fn, arg);
  const v = Array.from(readHost(t), (x) => (x ? 1 : 0));
  const shape = t.shape;
  if (t !== m) t.dispose();
  return { v, shape };
}

function pair(a: TensorLike | Uint8Array, b: TensorLike | Uint8Array, fn: string) {
  const A = hostBits(a, fn, 'a');
  const B = hostBits(b, fn, 'b');
  if (A.v.length !== B.v.length)
    fail('SPARSELAND__MASKS__SHAPE_MISMATCH', fn, 'b', `have ${A.v.length} entries like a`, describe(b));
  return [A.v, B.v] as const;
}

/**
 * Entries whose mask value differs between two masks (SR-STE's SAD, spec §9.4).
 *
 * @example
 * ```ts
 * maskFlips([1, 0, 1, 0], [1, 1, 0, 0]); // 2
 * ```
 */
export function maskFlips(a: TensorLike | Uint8Array, b: TensorLike | Uint8Array): number {
  const [x, y] = pair(a, b, 'maskFlips');
  let c = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) c++;
  return c;
}

/** What {@link maskOverlap} returns. */
export interface MaskOverlap {
  /** `|A ∩ B| / |A|`. */
  overlap: number;
  /** The chance level `|B| / n` (independent random masks of the same densities). */
  chance: number;
}

/**
 * Overlap of two masks, `|A ∩ B| / |A|`, beside the chance level `|B|/n` (spec §9.4; the RL paper's exact
 * definition is unconfirmed).
 *
 * @example
 * ```ts
 * maskOverlap([1, 1, 0, 0], [1, 0, 1, 0]); // { overlap: 0.5, chance: 0.5 }
 * ```
 */
export function maskOverlap(a: TensorLike | Uint8Array, b: TensorLike | Uint8Array): MaskOverlap {
  const [x, y] = pair(a, b, 'maskOverlap');
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < x.length; i++) {
    na += x[i]!;
    nb += y[i]!;
    both += x[i]! & y[i]!;
  }
  return { overlap: na === 0 ? 0 : both / na, chance: x.length === 0 ? 0 : nb / x.length };
}
