/**
 * Value types shared by every part of the package: axis names, parameter references, sparsity patterns
 * and rounding modes (spec §1, §4, §11). Patterns are plain discriminated unions, so they serialise to
 * JSON unchanged.
 *
 * @module
 */

/**
 * An axis of a parameter, by role or by position. `'out'` and `'in'` are the output and input (reduction)
 * axes of a weight, `'kh'`/`'kw'` the kernel height and width of a convolution; a number is a position
 * (negative counts from the end).
 */
export type AxisName = 'out' | 'in' | 'kh' | 'kw' | number;

/**
 * What the package knows of a parameter: its name, shape and the role of each axis (spec §1.5, §11).
 *
 * @example
 * ```ts
 * const fc: ParamRef = { name: 'fc1.weight', shape: [256, 64], layout: ['out', 'in'] }; // torch Linear
 * const flax: ParamRef = { name: 'Dense_0/kernel', shape: [64, 256], layout: ['in', 'out'] };
 * ```
 */
export interface ParamRef {
  /** Dotted name, e.g. `'layers.0.weight'`. */
  name: string;
  /** Shape of the parameter. */
  shape: readonly number[];
  /** Role of each axis (same length as `shape`). */
  layout: readonly AxisName[];
  /** Parameters that must share this one's channel mask (residual adds); not yet used by the patterns. */
  coupledWith?: readonly string[];
}

/** Every entry is its own unit: the top entries by score are kept. */
export interface UnstructuredPattern {
  /** Pattern discriminant. */
  kind: 'unstructured';
}

/**
 * N:M sparsity: keep `keep` (N) of every `of` (M) consecutive entries along `axis` (spec §1.4). Never a
 * bare `"2:4"` string: see {@link parseNM} for strings and their keep/prune convention.
 */
export interface NMPattern {
  /** Pattern discriminant. */
  kind: 'nm';
  /** N: entries kept per group, `1 <= keep <= of`. */
  keep: number;
  /** M: group length. */
  of: number;
  /** Axis the groups run along. Default `'in'` (what sparse tensor cores accelerate for `y = W x`). */
  axis?: AxisName;
  /**
   * When the axis length is not a multiple of `of`: `'zero'` (default) treats the last group as padded with
   * entries that are never kept, so it keeps `min(keep, length)` of its real entries (ASP's zero padding);
   * `'error'` throws (jaxpruner).
   */
  pad?: 'zero' | 'error';
}

/**
 * Transposable N:M (spec §4): in every `of × of` block of the (`'out'`, `'in'`) plane each row and each
 * column keeps `keep`, so the mask is N:M along `'in'` (for `W x`) and along `'out'` (for `Wᵀ dy`).
 */
export interface NMTransposablePattern {
  /** Pattern discriminant. */
  kind: 'nmTransposable';
  /** N: entries kept per row and per column of a block, `1 <= keep <= of`. */
  keep: number;
  /** M: block side. */
  of: number;
  /**
   * `false` (default): ASP's greedy search; `true`: the best of every valid block pattern by score sum
   * (`of <= 4`; 90 patterns for 2:4), as ASP's `mn_2d_best`.
   */
  exact?: boolean;
}

/** How a block's, row group's or channel's entry scores pool into one score. */
export type Pool = 'avg' | 'max' | 'l1' | 'l2';

/**
 * Blocks of `out × in` entries (torch.ao `sparse_block_shape=(out, in)`; INC `"4x1"` = 4 out × 1 in),
 * scored by pooling their entries' scores; the top blocks are kept. Edge blocks may be smaller. Axes other
 * than `'out'` and `'in'` (e.g. a convolution's kernel axes) are batch axes: blocks never span them.
 */
export interface BlockPattern {
  /** Pattern discriminant. */
  kind: 'block';
  /** Block extent along `'out'`. */
  out: number;
  /** Block extent along `'in'`. */
  in: number;
  /** Pooling of entry scores. Default `'avg'` (jaxpruner, TFMOT). */
  pool?: Pool;
}

/**
 * Whole channels along `axis` (filters for `'out'`, input channels for `'in'`), scored by the L1 or L2
 * norm of their entries' scores (with magnitude scores: Li et al. 2017's filter norms).
 */
export interface ChannelPattern {
  /** Pattern discriminant. */
  kind: 'channel';
  /** Axis whose indices are the channels. Default `'out'`. */
  axis?: AxisName;
  /** Norm of the entry scores. Default `'l1'`. */
  norm?: 'l1' | 'l2';
}

/**
 * Row groups (GQSA, spec §4): `g` consecutive entries along `'in'` in each row form a unit (a BSR block
 * `[1, g]` in `@sparseland/kernels`).
 */
export interface RowGroupPattern {
  /** Pattern discriminant. */
  kind: 'rowGroup';
  /** Entries per group. */
  g: number;
  /** Keep the same number of groups in every row (default true); otherwise one ranking over the tensor. */
  rowBalanced?: boolean;
  /** Fraction of groups kept; overrides the sparsity given by the distribution when set. */
  keepFrac?: number;
  /** Pooling of entry scores. Default `'l2'`. */
  pool?: Pool;
}

/** Which entries form units and how many survive: a discriminated union, serialisable as JSON. */
export type Pattern =
  | UnstructuredPattern
  | NMPattern
  | NMTransposablePattern
  | BlockPattern
  | ChannelPattern
  | RowGroupPattern;

/**
 * How a fraction becomes a count (spec §1.2): `'round'` (default, jaxpruner) keeps
 * `max(1, round(n·(1−s)))`; `'floor'` prunes `floor(s·n)` entries (jaxpruner ERK); `'ceil'` prunes
 * `ceil(s·n)` (open_lth). At least one entry is always kept.
 */
export type Rounding = 'round' | 'floor' | 'ceil';
