import type { DType } from '../tensor/dtype.js';

/** Allowed deviation: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  /** Relative part, scaled by `|expected|`. */
  rtol: number;
  /** Absolute part, for values near zero. */
  atol: number;
}

/**
 * How a result was computed, which sets how far a backend may drift from an exact reference:
 *
 * - `elementwise`: one rounding per element (arithmetic, transcendental functions, casts, shape ops).
 * - `reduction`: sums over an axis (sum, mean, variance, norm, softmax, cumsum); a GPU accumulates
 *   in float32 in a different order, so the error grows with the axis length.
 * - `matmul`: dot products, like `reduction`, usually over longer axes and with fused multiply-adds.
 */
export type ToleranceKind = 'elementwise' | 'reduction' | 'matmul';

const EXACT: Tolerance = Object.freeze({ rtol: 0, atol: 0 });

/**
 * Tolerances per float dtype and {@link ToleranceKind}; integer and `bool` results are always exact.
 *
 * float32 elementwise allows `1e-5` relative: about 100 ulps, room for a GPU's approximate `exp`, `log`
 * and `tanh` while still catching a wrong formula. Reductions and matmul allow `1e-4` relative plus a
 * small absolute term for sums that cancel to about zero. float64 (a `cpu`-only reference dtype) is held
 * to near machine precision.
 */
export const TOLERANCES: Readonly<Record<'float32' | 'float64', Readonly<Record<ToleranceKind, Tolerance>>>> =
  Object.freeze({
    float32: Object.freeze({
      elementwise: Object.freeze({ rtol: 1e-5, atol: 1e-6 }),
      reduction: Object.freeze({ rtol: 1e-4, atol: 1e-5 }),
      matmul: Object.freeze({ rtol: 1e-4, atol: 1e-4 }),
    }),
    float64: Object.freeze({
      elementwise: Object.freeze({ rtol: 1e-12, atol: 1e-14 }),
      reduction: Object.freeze({ rtol: 1e-10, atol: 1e-12 }),
      matmul: Object.freeze({ rtol: 1e-10, atol: 1e-12 }),
    }),
  });

/**
 * The tolerance for results of `dtype` computed as `kind`: exact for `int32`, `uint8` and `bool`.
 *
 * @example
 * ```ts
 * toleranceFor('float32', 'matmul'); // { rtol: 1e-4, atol: 1e-4 }
 * toleranceFor('int32', 'matmul');   // { rtol: 0, atol: 0 }
 * ```
 */
export function toleranceFor(dtype: DType, kind: ToleranceKind = 'elementwise'): Tolerance {
  return dtype === 'float32' || dtype === 'float64' ? TOLERANCES[dtype][kind] : EXACT;
}
