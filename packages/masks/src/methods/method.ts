/**
 * The contract of a training method (spec §6 Updater hooks), as a `Sparsifier` uses it.
 *
 * Two storages cover every method:
 * - `'masked'`: pruned weights are stored as zeros; gradients are masked and `w ⊙= M` runs after every
 *   optimizer step (static masks, gradual/one-shot pruning, IMP, SET/RigL). The gradient the model produces
 *   is then the dense `∂L/∂(W ⊙ M)` RigL grows by.
 * - `'dense'`: the dense weights are kept; before each forward the `Sparsifier` swaps the effective weights
 *   (`forward`) into the parameters and afterwards swaps the dense ones back and maps the gradient with
 *   `backward` (STE, SR-STE, progressive gradient flow) — exactly what the `customGrad` ops
 *   ({@link ste}, {@link srste}, {@link decayMask}) do for functional code.
 *
 * @module
 */
import type { Tensor } from '@sparseland/core';
import type { Pattern } from '../types.js';

/** Masked dense training with masks from the schedule (the default method). */
export interface PruneMethod {
  /** Method discriminant. */
  kind: 'prune';
}

/** Straight-through estimator: masks re-selected from the dense weights every step, gradient passed through. */
export interface SteMethod {
  /** Method discriminant. */
  kind: 'ste';
}

/** SR-STE (Zhou et al. 2021): STE plus `λ_w·(1 − M) ⊙ W` added to the gradient. */
export interface SrsteMethod {
  /** Method discriminant. */
  kind: 'srste';
  /** `λ_w`. Default 2e-4. */
  lambda?: number;
}

/**
 * Progressive gradient flow, MDGF (Bambhaniya et al. 2024): `W_eff = W ⊙ (M + (1 − M)·β(τ))`, STE
 * backward, `τ = t − denseSteps`; dense before `denseSteps`, `β = 0` from `fineTuneStep`.
 */
export interface MdgfMethod {
  /** Method discriminant. */
  kind: 'mdgf';
  /** `β_linear = max(0, 1 − ατ)`, `β_exp = e^(−ατ)`, `'step'`: `β ≡ 0`. Default `'exp'`. */
  decay?: 'linear' | 'exp' | 'step';
  /** `α`. Default 2e-4 (the reference CLI's `decay_coef`). */
  alpha?: number;
  /** Dense steps before the sparse phase. Default 0. */
  denseSteps?: number;
  /** First step of the binary fine-tuning phase (`β = 0`). Default: none. */
  fineTuneStep?: number;
}

/**
 * Progressive gradient flow, SDGF: binary STE masks whose N:M pattern steps through equal-length frames
 * over `sparseSteps` (after `denseSteps` dense steps), ending at the recipe's N:M.
 */
export interface SdgfMethod {
  /** Method discriminant. */
  kind: 'sdgf';
  /** `'sparsify'` (M−1):M → M/2:M → … → N:M; `'fine'` 8N:8M → 4N:4M → 2N:2M → N:M; `'densify'` N:8M → N:4M → N:2M → N:M. */
  variant?: 'sparsify' | 'fine' | 'densify';
  /** Dense steps first. Default 0. */
  denseSteps?: number;
  /** Length `T` of the sparse phase split into frames. */
  sparseSteps: number;
}

/** Bidirectional N:M (BDWP, Fang et al. 2023): N:M along `'in'` in the forward, along `'out'` for `dX`. */
export interface BdwpMethod {
  /** Method discriminant. */
  kind: 'bdwp';
}

/** Options of SET and RigL (spec §7.1). */
export interface DstOptions {
  /** Initial drop fraction `f0`. Default 0.3. */
  dropFraction?: number;
  /** Annealing of the drop fraction. Default `'cosine'`. */
  decay?: 'constant' | 'cosine';
  /** Steps between topology updates `ΔT`. Default 100. */
  interval?: number;
  /** First update step. Default 0. */
  begin?: number;
  /** Step at which updates stop (exclusive); negative = never. Default -1. */
  end?: number;
  /** Value of grown weights. Only `'zeros'` (the default of both papers). */
  growInit?: 'zeros';
  /** Standard deviation of the seeded normal noise added to drop scores (RigL uses 1e-5). Default 0. */
  noise?: number;
}

/** SET (Mocanu et al. 2018): drop the smallest `|W|`, grow at random. */
export interface SetMethod extends DstOptions {
  /** Method discriminant. */
  kind: 'set';
}

/** RigL (Evci et al. 2020): drop the smallest `|W|`, grow the largest `|∂L/∂(W ⊙ M)|`. */
export interface RiglMethod extends DstOptions {
  /** Method discriminant. */
  kind: 'rigl';
}

/** Every built-in method. */
export type MethodSpec =
  | PruneMethod
  | SteMethod
  | SrsteMethod
  | MdgfMethod
  | SdgfMethod
  | BdwpMethod
  | SetMethod
  | RiglMethod;

/** One training method. */
export interface MethodImpl<
  M extends {
    /** Registry name of the spec. */
    kind: string;
  } = MethodSpec,
> {
  /** The `kind` it handles. */
  readonly kind: M['kind'];
  /** Check a method value and fill in its defaults. */
  validate(m: Record<string, unknown>, fn: string, arg: string): M;
  /** How weights are stored (see the module doc). */
  readonly storage: 'masked' | 'dense';
  /** Dense storage: masks are re-selected from the dense weights before every forward (default true). */
  readonly reselect?: boolean;
  /** Check the recipe's pattern (e.g. N:M only), throwing a clear error otherwise. */
  checkPattern?(m: M, pattern: Pattern, fn: string): void;
  /** The pattern in force at step `t`, or `null` for dense (default: the recipe's). */
  patternAt?(m: M, pattern: Pattern, t: number): Pattern | null;
  /** Dense storage: the weights the forward sees (default `w ⊙ mask`). `mask` is 0/1 of `w`'s dtype. */
  forward?(m: M, w: Tensor, mask: Tensor, t: number): Tensor;
  /** Dense storage: the gradient for the stored weights from the one w.r.t. the forward weights (default: unchanged). */
  backward?(m: M, g: Tensor, w: Tensor, mask: Tensor, t: number): Tensor;
  /** Dynamic sparse training: the topology update rule. */
  readonly dst?: {
    /** How grown entries are chosen. */
    grow: 'gradient' | 'random';
    /** Whether step `t` updates the topology. */
    isUpdate(m: M, t: number): boolean;
    /** Drop fraction at step `t`. */
    fraction(m: M, t: number): number;
  };
  /** Replaces the forward of the `nn.Linear` layers that own the pruned weights (BDWP). */
  readonly linearForward?: boolean;
}
