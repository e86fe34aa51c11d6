/**
 * Sparse-IFT's "Sparse Wide" iso-FLOP transformation for MLPs (spec §7.4; Thangarasa et al., "Sparse-IFT:
 * Sparse Iso-FLOP Transformations for Maximizing Training Efficiency", ICML 2024).
 *
 * @module
 */
import { nn, random } from '@sparseland/core';
import { fail } from '../errors.js';
import { checkInt, checkNumber, checkSparsity, describe } from '../internal/checks.js';

/** How wide: Sparse-IFT's sparsity `s` (the factor is `sqrt(1/(1 − s))`), or the width factor itself. */
export type IsoFlopWidth =
  | number
  | {
      /** Width factor `k` (>= 1) of the hidden layers. */
      factor: number;
    };

function resolveFactor(width: unknown, fn: string): number {
  if (typeof width === 'object' && width !== null && !Array.isArray(width)) {
    return checkNumber((width as { factor?: unknown }).factor, fn, 'width.factor', 1);
  }
  return Math.sqrt(1 / (1 - checkSparsity(width, fn, 'width')));
}

/** What {@link isoFlopWidePlan} returns: the widened sizes and the sparsity that keeps FLOPs at the dense model's. */
export interface IsoFlopPlan {
  /** Layer sizes of the widened model (input and output unchanged). */
  sizes: number[];
  /** The width factor `k` (Sparse-IFT: `sqrt(1/(1 − s))`). */
  factor: number;
  /** Density of each `Linear` weight, `(in·out)/(in'·out')`: every layer keeps its dense FLOPs. */
  densities: number[];
  /**
   * Sparsity of each weight by parameter name (`'layers.<i>.weight'`), for a recipe's distribution
   * `{ kind: 'uniform', overrides, customMode: 'verbatim' }`.
   */
  overrides: Record<string, number>;
  /** Overall weight sparsity of the widened model, `1 − F_dense/F_wide`. */
  sparsity: number;
  /**
   * Weight multiply-adds per example: the dense model's, the widened model's when dense, and the widened
   * model's at the planned densities (equal to `dense` up to one entry per layer). Biases and activations,
   * which grow with the width, are not counted.
   */
  flops: {
    /** The dense model's. */
    dense: number;
    /** The widened model's, dense. */
    wide: number;
    /** The widened model's at the planned densities. */
    sparse: number;
  };
}

function checkSizes(sizes: unknown, fn: string): number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'sizes',
      'be an array of at least two layer sizes (input, hidden..., output)',
      describe(sizes),
    );
  }
  return sizes.map((s, i) => checkInt(s, fn, `sizes[${i}]`, 1));
}

/**
 * Plan Sparse-IFT's Sparse Wide transformation of an MLP at sparsity `s`: every hidden width grows by
 * `k = sqrt(1/(1 − s))` (rounded down, as the reference code's `int(width·k)`), so a hidden-to-hidden layer
 * has `k²` times the weights and keeps the dense layer's FLOPs at density `1/k² = 1 − s`. The input and
 * output widths are fixed, so the first and last layers grow only `k`-fold; each layer gets the density
 * `(in·out)/(in'·out')` that keeps its own FLOPs equal to the dense layer's, and the widened model as a whole
 * has the dense model's FLOPs (its overall sparsity is below `s` when it has input or output layers).
 *
 * Reference: the paper's Sparse Wide family, `width_scaling_factor = sqrt(base_scaling)` with
 * `base_scaling = 1/(1 − s)` [code CerebrasResearch/Sparse-IFT:ComputerVision/CIFAR/models/cifar_resnet18.py]
 * (s = 0.9: 64 → 202 channels). Unlike the paper's ResNets, whose stem and classifier stay dense and
 * unwidened, an MLP's first and last layers touch the widened hidden units, so they are sparse here.
 *
 * @param sizes - Layer sizes of the dense MLP (input, hidden..., output).
 * @param width - Sparse-IFT's `s` in `[0, 1)`, or `{ factor }` (>= 1) to widen by a given factor (the
 *   hidden-to-hidden layers then sit at sparsity `1 − 1/k²`).
 * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_ARGUMENT` for fewer than two sizes;
 *   `OUT_OF_RANGE` for a bad size, sparsity or factor.
 * @example
 * ```ts
 * const plan = isoFlopWidePlan([64, 256, 256, 10], 0.9);
 * plan.sizes;     // [64, 809, 809, 10]   (k = sqrt(10) = 3.162)
 * plan.densities; // [0.3164, 0.1001, 0.3164]: each layer at its dense FLOPs
 * plan.flops;     // { dense: 84480, wide: 714347, sparse: 84480 }
 * plan.sparsity;  // 0.8817 (the first and last layers widen only k-fold)
 * isoFlopWidePlan([64, 256, 256, 10], { factor: 2 }).densities; // [0.5, 0.25, 0.5]
 * ```
 */
export function isoFlopWidePlan(sizes: readonly number[], width: IsoFlopWidth): IsoFlopPlan {
  const fn = 'isoFlopWidePlan';
  const base = checkSizes(sizes, fn);
  const factor = resolveFactor(width, fn);
  const wide = base.map((w, i) => (i === 0 || i === base.length - 1 ? w : Math.floor(w * factor + 1e-9)));
  const densities: number[] = [];
  const overrides: Record<string, number> = {};
  let dense = 0;
  let wideFlops = 0;
  let sparse = 0;
  for (let l = 0; l + 1 < base.length; l++) {
    const n = base[l]! * base[l + 1]!;
    const nWide = wide[l]! * wide[l + 1]!;
    const d = Math.min(1, n / nWide);
    densities.push(d);
    overrides[`layers.${l}.weight`] = 1 - d;
    dense += n;
    wideFlops += nWide;
    sparse += Math.max(1, Math.round(nWide * d));
  }
  return {
    sizes: wide,
    factor,
    densities,
    overrides,
    sparsity: 1 - sparse / wideFlops,
    flops: { dense, wide: wideFlops, sparse },
  };
}

/** Options of {@link isoFlopWiden}. */
export interface IsoFlopWidenOptions {
  /** Seed of the new model's initialisation (or pass `rng`). */
  seed?: number;
  /** Random source of the new model's initialisation. */
  rng?: random.Rng;
}

/**
 * Sparse-IFT's Sparse Wide transformation of an `nn.MLP`: a new, freshly initialised MLP with the same
 * activation, bias and dtype whose hidden layers are `k = sqrt(1/(1 − s))` times wider, and the plan whose
 * per-layer sparsities make its FLOPs equal to the dense model's (see {@link isoFlopWidePlan}). Train it
 * sparse from the start (the paper uses RigL; static random masks also work) with the plan's overrides.
 *
 * @param model - The dense MLP (only its sizes, activation, bias and dtype are read).
 * @param width - Sparse-IFT's `s` in `[0, 1)`, or `{ factor }` (>= 1).
 * @param opts - `seed` or `rng` for the new model's initialisation (default seed 0).
 * @returns The widened model (the caller disposes it) and the plan.
 * @example
 * ```ts
 * const { model: wide, plan } = isoFlopWiden(new nn.MLP([64, 256, 256, 10], { seed: 0 }), 0.9, { seed: 1 });
 * const sp = new Sparsifier(wide, {
 *   sparsity: plan.sparsity,
 *   scorer: 'random',
 *   distribution: { kind: 'uniform', overrides: plan.overrides, customMode: 'verbatim' },
 *   method: { kind: 'rigl', interval: 100, end: 7500 },
 * }, { optimizer });
 * ```
 */
export function isoFlopWiden(
  model: nn.MLP,
  width: IsoFlopWidth,
  opts: IsoFlopWidenOptions = {},
): {
  /** The widened, freshly initialised MLP. */
  model: nn.MLP;
  /** Its per-layer densities and FLOP counts. */
  plan: IsoFlopPlan;
} {
  const fn = 'isoFlopWiden';
  if (!(model instanceof nn.MLP)) {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'model', 'be an nn.MLP', describe(model));
  }
  const plan = isoFlopWidePlan(model.sizes, width);
  const first = model.layers[0]!;
  const rng = opts.rng ?? new random.Rng(opts.seed ?? 0);
  const wide = new nn.MLP(plan.sizes, {
    activation: model.activation,
    bias: first.bias !== undefined,
    dtype: first.weight.dtype as 'float32' | 'float64',
    rng,
  });
  return { model: wide, plan };
}
