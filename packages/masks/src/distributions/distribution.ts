/**
 * Layer-wise sparsity distributions (spec §3): how one global sparsity target becomes a density per
 * tensor. Every distribution is a value (JSON) with a `kind`; `overrides` fix some layers' sparsity.
 *
 * @module
 */

/** Options every distribution takes. */
export interface DistributionCommon {
  /**
   * Per-layer sparsity overrides by parameter name (0 = dense). With `customMode: 'budgeted'` (default) the
   * fixed layers count toward the global budget and the rest are re-solved; with `'verbatim'` they are set
   * outside the budget, as jaxpruner's `custom_sparsity_map` (the global total is then not preserved).
   */
  overrides?: Readonly<Record<string, number>>;
  /** How overrides meet the budget. Default `'budgeted'`. */
  customMode?: 'budgeted' | 'verbatim';
  /** Parameters forced dense inside the budget (the capping solve's initial dense set). */
  dense?: readonly string[];
}

/** The same sparsity in every layer. `firstLayerDense` is RigL's uniform (the first layer dense, the rest at `s`, not re-budgeted). */
export interface UniformDistribution extends DistributionCommon {
  /** Distribution discriminant. */
  kind: 'uniform';
  /** Keep the first eligible tensor dense. Default false. */
  firstLayerDense?: boolean;
}

/**
 * Erdős–Rényi-Kernel: density ∝ `(Σ shape_i / Π shape_i)^power`, capped at 1 with redistribution (spec §3).
 */
export interface ErkDistribution extends DistributionCommon {
  /** Distribution discriminant. */
  kind: 'erk';
  /** `erk_power_scale`: 1 is ERK, < 1 softens. Default 1. */
  power?: number;
}

/** Erdős–Rényi: density ∝ `(n_in + n_out)/(n_in·n_out)` from the first two dims (jaxpruner `include_kernel=false`). */
export interface ErDistribution extends DistributionCommon {
  /** Distribution discriminant. */
  kind: 'er';
}

/**
 * One threshold over every eligible tensor's scores (spec §3 "global"), optionally with each layer's scores
 * L2-normalised first (jaxpruner, eps 1e-8), and a cap on any one layer's sparsity (INC 0.98).
 */
export interface GlobalDistribution extends DistributionCommon {
  /** Distribution discriminant. */
  kind: 'global';
  /** Divide each layer's scores by their L2 norm (+1e-8) before pooling. Default false. */
  normalize?: boolean;
  /** No layer gets sparser than this (each keeps at least `keepCount(n, maxSparsity)`). Default: none (>= 1 entry). */
  maxSparsity?: number;
}

/** A layer-wise distribution. */
export type Distribution = UniformDistribution | ErkDistribution | ErDistribution | GlobalDistribution;
