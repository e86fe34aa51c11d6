/**
 * FLOP and byte accounting (spec §5.1): each op has a `cost(...)` returning the work it does and the
 * minimum bytes it must move, each operand counted once.
 *
 * @module
 */
import type { IndexWidth } from '../kernel-names.js';

/** Work and minimum traffic of one op call. */
export interface Cost {
  /** Floating-point operations (a multiply-add counts 2). */
  flops: number;
  /** Minimum bytes moved: every operand read once and the result written once. */
  bytesMin: number;
}

/** Bytes of one value of `dtype`. */
export function valueBytes(dtype: string): number {
  return dtype === 'float64' ? 8 : 4;
}

/** Bytes of one stored index. */
export function indexBytes(width: IndexWidth): number {
  return width === 16 ? 2 : 4;
}

/**
 * Cost of the dense baseline `[m, k] × [k, n]`: `2·m·k·n` FLOPs and `(m·k + k·n + m·n)·bv` bytes (a dense
 * GEMV is `n = 1`: `M·K·bv + (K+M)·bv`).
 *
 * @example
 * ```ts
 * denseMatmulCost(4096, 4096, 1); // GEMV: { flops: 33554432, bytesMin: 67141632 }
 * ```
 */
export function denseMatmulCost(m: number, k: number, n: number, dtype = 'float32'): Cost {
  const bv = valueBytes(dtype);
  return { flops: 2 * m * k * n, bytesMin: (m * k + k * n + m * n) * bv };
}
