/**
 * What every fit reports about its solver run.
 *
 * @module
 */

/**
 * Solver diagnostics of a fit (`estimator.info`).
 *
 * `kktMax` is the largest KKT residual scaled to a correlation: for coordinate `j` the distance of
 * `x_jᵀr/n − α(1−ρ)w_j` to `λ·∂pen(w_j)` (for non-convex penalties: the prox fixed-point residual in the same
 * units), divided by `(‖x_j‖/√n)·(‖y_c‖/√n)`. It is scale-free, so `kktMax ≤ tol` means the same thing for any
 * units of `X` and `y`.
 */
export interface FitInfo {
  /** Iterations run (epochs for coordinate descent, steps for LARS/OMP/IHT, updates for ARD). */
  nIter: number;
  /** Whether the stopping rule was met before the iteration cap. */
  converged: boolean;
  /** Largest scaled KKT residual at the solution (see above). */
  kktMax: number;
  /** Duality gap `P − D` in the `1/(2n)` scale (convex penalised problems only). */
  gap?: number;
  /** Primal objective at each check, in order; the last entry is the objective at the returned solution. */
  objective: number[];
  /** Features removed for good by gap-safe screening in the final solve. */
  screened?: number;
}
