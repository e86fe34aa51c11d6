/**
 * Optimality certificates of an ElasticNet solution on a prepared design (spec §1.2), computed from
 * scratch: primal objective, duality gap and the scaled KKT residual. Used by the non-CD solvers (LARS) to
 * report `info`, and by the tests.
 *
 * @module
 */
import { colDot, residual } from '../internal/linalg.js';

/** @internal */
export interface Certificate {
  objective: number;
  gap: number;
  kktMax: number;
}

/**
 * Certificates of `w` for `(1/2n)‖y − Xw‖² + αρ‖w‖₁ + (α(1−ρ)/2)‖w‖²` on a column-major design.
 * @internal
 */
export function enetCertificate(
  X: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  w: Float64Array,
  alpha: number,
  l1Ratio = 1,
  positive = false,
): Certificate {
  const lambda = alpha * l1Ratio;
  const beta = n * alpha * (1 - l1Ratio);
  const A = n * lambda;
  const r = residual(X, n, d, y, w);
  let rr = 0;
  let ry = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    rr += r[i]! * r[i]!;
    ry += r[i]! * y[i]!;
    yy += y[i]! * y[i]!;
  }
  const sy = Math.sqrt(yy / n) || 1;
  let ww = 0;
  let l1 = 0;
  let dual = 0;
  let kktMax = 0;
  for (let j = 0; j < d; j++) {
    const wj = w[j]!;
    ww += wj * wj;
    l1 += Math.abs(wj);
    const cj = colDot(X, n, j, r) - beta * wj;
    dual = Math.max(dual, positive ? cj : Math.abs(cj));
    const g = cj / n;
    const v =
      wj !== 0
        ? Math.abs(g - lambda * Math.sign(wj))
        : positive
          ? Math.max(g - lambda, 0)
          : Math.max(Math.abs(g) - lambda, 0);
    const cn = Math.sqrt(colDot(X, n, j, X.subarray(j * n, (j + 1) * n)) / n);
    if (cn > 0) kktMax = Math.max(kktMax, v / (cn * sy));
  }
  const objective = (rr + beta * ww) / (2 * n) + lambda * l1;
  let gap = Number.NaN;
  if (A > 0) {
    const s = dual > A ? A / dual : 1;
    gap = (0.5 * (rr + beta * ww) * (1 + s * s) + A * l1 - s * ry) / n;
  }
  return { objective, gap, kktMax };
}
