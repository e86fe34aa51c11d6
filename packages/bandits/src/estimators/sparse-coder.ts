/**
 * Sparse coding against a fixed dictionary (scikit-learn's `SparseCoder`).
 *
 * @module
 */
import {
  bool,
  type Constraints,
  checkParams,
  integer,
  interval,
  nullable,
  oneOf,
} from '../base/constraints.js';
import { shapeMismatch } from '../errors.js';
import { type DenseMatrix, type MatrixLike, toRows } from '../internal/input.js';
import { denseColumns, spectralNormSq } from '../internal/linalg.js';
import { isPenalty } from '../penalties/index.js';
import { l1 } from '../penalties/l1.js';
import type { Penalty } from '../penalties/penalty.js';
import { coordinateDescent } from '../solvers/cd.js';
import { omp } from '../solvers/greedy.js';
import { proxGradCore } from '../solvers/prox-grad.js';

/** Parameters of {@link SparseCoder}. */
export interface SparseCoderParams {
  /** Dictionary, one atom per row: `nComponents × nFeatures`. */
  dictionary: MatrixLike;
  /**
   * `'fista'` (default) or `'ista'` on the Gram matrix `DDᵀ` (any penalty), `'cd'` (coordinate descent,
   * any penalty), `'omp'` (`nNonzero` atoms), or `'threshold'` (`S_α(Dx)`, scikit-learn's).
   */
  algorithm: 'fista' | 'ista' | 'cd' | 'omp' | 'threshold';
  /** Penalty strength on the `½‖x − Dᵀc‖²` scale (default 1; scikit-learn's `transform_alpha`). */
  alpha: number;
  /** Separable penalty (default `l1()`; `'fista'`, `'ista'` and `'cd'`). */
  penalty: Penalty;
  /** Atoms per code for `'omp'` (default `null`: `max(⌊nComponents/10⌋, 1)`). */
  nNonzero: number | null;
  /** Codes `≥ 0` (default false). */
  positive: boolean;
  /** Iterations (default 1000). */
  maxIter: number;
  /** Tolerance (default 1e-4). */
  tol: number;
}

const CONSTRAINTS: Constraints<Omit<SparseCoderParams, 'dictionary'>> = {
  algorithm: oneOf(['fista', 'ista', 'cd', 'omp', 'threshold']),
  alpha: interval({ min: 0 }),
  penalty: { expected: 'be a penalty object', invalid: ['l1'], check: isPenalty },
  nNonzero: nullable(integer(1)),
  positive: bool,
  maxIter: integer(1),
  tol: interval({ gt: 0 }),
};

/**
 * Codes `c` with `x ≈ Dᵀc` for each row `x` of `X`: `min_c ½‖x − Dᵀc‖² + α·Σ pen(c_j)` (or OMP /
 * thresholding), against a fixed dictionary `D` (`nComponents × nFeatures`, atoms as rows, as in
 * scikit-learn). The Gram matrix `DDᵀ` and its Lipschitz constant are computed once per coder.
 *
 * @example
 * ```ts
 * import { cel0, SparseCoder } from '@sparseland/bandits';
 * const coder = new SparseCoder({ dictionary: D, alpha: 0.1 });            // FISTA, ℓ1
 * const codes = coder.transform(X);                                         // { data, rows, cols }
 * new SparseCoder({ dictionary: D, alpha: 0.1, penalty: cel0() }).transform(X);
 * new SparseCoder({ dictionary: D, algorithm: 'omp', nNonzero: 5 }).transform(X);
 * ```
 */
export class SparseCoder {
  /** Defaults (the dictionary has none). */
  static readonly defaults: Omit<SparseCoderParams, 'dictionary'> = {
    algorithm: 'fista',
    alpha: 1,
    penalty: l1(),
    nNonzero: null,
    positive: false,
    maxIter: 1000,
    tol: 1e-4,
  };
  /** Parameters. */
  readonly params: Readonly<SparseCoderParams>;
  #cache: { D: Float64Array; k: number; m: number; G: Float64Array; L: number; atomSq: Float64Array } | null =
    null;

  /** Stores the parameters (validated at the first `transform`). */
  constructor(params: Partial<SparseCoderParams> & { dictionary: MatrixLike }) {
    this.params = Object.freeze({ ...SparseCoder.defaults, ...params });
  }

  #prepare(fn: string) {
    if (this.#cache) return this.#cache;
    const { dictionary: _d, ...rest } = this.params;
    checkParams(rest, CONSTRAINTS, fn);
    const Drows = toRows(this.params.dictionary, fn, 'dictionary');
    const k = Drows.rows;
    const m = Drows.cols;
    const D = Float64Array.from(Drows.data); // row-major k × m = column-major m × k (atoms as columns of Dᵀ)
    const G = new Float64Array(k * k);
    const atomSq = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += D[a * m + i]! * D[b * m + i]!;
        G[a * k + b] = s;
        G[b * k + a] = s;
      }
      atomSq[a] = G[a * k + a]!;
    }
    // λ_max(G) = ‖Dᵀ‖₂² (D row-major k × m is Dᵀ column-major m × k)
    const L = spectralNormSq(denseColumns(D, m), m, k);
    this.#cache = { D, k, m, G, L: 1.02 * L, atomSq };
    return this.#cache;
  }

  /** Number of atoms. */
  get nComponents(): number {
    return this.#prepare('SparseCoder.nComponents').k;
  }

  /**
   * Codes for every row of `X` (`nSamples × nFeatures`), as a row-major `nSamples × nComponents` matrix.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for bad parameters,
   *   `…__SHAPE_MISMATCH` when `X` has another width than the dictionary.
   */
  transform(X: MatrixLike): DenseMatrix & {
    /** Row-major codes, `nSamples·nComponents` entries. */
    data: Float64Array;
  } {
    const fn = 'SparseCoder.transform';
    const { D, k, m, G, L, atomSq } = this.#prepare(fn);
    const rows = toRows(X, fn);
    if (rows.cols !== m)
      throw shapeMismatch(fn, 'X', `have ${m} columns (the dictionary's width)`, rows.cols);
    const p = this.params;
    const out = new Float64Array(rows.rows * k);
    const colA = Float64Array.from(atomSq, (s) => Math.sqrt(s));
    const x = new Float64Array(m);
    const b = new Float64Array(k);
    for (let s = 0; s < rows.rows; s++) {
      x.set(rows.data.subarray(s * m, (s + 1) * m));
      for (let a = 0; a < k; a++) {
        let acc = 0;
        for (let i = 0; i < m; i++) acc += D[a * m + i]! * x[i]!;
        b[a] = acc;
      }
      let code: Float64Array;
      if (p.algorithm === 'threshold') {
        code = b.map((z) => {
          const v = Math.sign(z) * Math.max(Math.abs(z) - p.alpha, 0);
          return p.positive ? Math.max(v, 0) : v;
        });
      } else if (p.algorithm === 'omp' || p.algorithm === 'cd') {
        const prob = { n: m, d: k, X: D, y: Float64Array.from(x), colSq: atomSq };
        if (p.algorithm === 'omp') {
          code = omp(prob, Math.min(p.nNonzero ?? Math.max(Math.floor(k / 10), 1), k, m), null).w;
        } else {
          code = coordinateDescent(prob, {
            alpha: p.alpha / m,
            l1Ratio: 1,
            penalty: p.penalty,
            positive: p.positive,
            maxIter: p.maxIter,
            tol: p.tol,
            selection: 'cyclic',
            screening: p.penalty.convex ? 'gap' : 'none',
            workingSet: true,
            accel: 'anderson',
          }).w;
        }
      } else {
        // ½cᵀGc − bᵀc: gradient Gc − b
        const smooth = {
          d: k,
          L,
          grad(v: Float64Array, g: Float64Array) {
            for (let a = 0; a < k; a++) {
              let acc = -b[a]!;
              for (let c = 0; c < k; c++) acc += G[a * k + c]! * v[c]!;
              g[a] = acc;
            }
          },
          value(w: Float64Array) {
            let q = 0;
            for (let a = 0; a < k; a++) {
              if (w[a] === 0) continue;
              let acc = 0;
              for (let c = 0; c < k; c++) acc += G[a * k + c]! * w[c]!;
              q += w[a]! * (0.5 * acc - b[a]!);
            }
            return q;
          },
        };
        let xx = 0;
        for (const v of x) xx += v * v;
        const sx = Math.sqrt(xx) || 1;
        code = proxGradCore(
          smooth,
          {
            penalty: p.penalty,
            lambda: p.alpha,
            colA,
            kktScale: Float64Array.from(colA, (a) => a * sx),
            positive: p.positive,
            maxIter: p.maxIter,
            tol: p.tol,
            step: L > 0 ? 1 / L : 1,
            accelerate: p.algorithm === 'fista',
          },
          new Float64Array(k),
        ).w;
      }
      out.set(code, s * k);
    }
    return { data: out, rows: rows.rows, cols: k };
  }
}
