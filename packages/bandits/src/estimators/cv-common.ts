/**
 * Cross-validated choice of alpha (and l1Ratio) shared by {@link LassoCV} and {@link ElasticNetCV}:
 * one alpha grid from the full data, one warm-started path per fold, mean test MSE, argmin, refit.
 *
 * @module
 */
import { bool, type Constraint, integer, interval, nullable } from '../base/constraints.js';
import type { FitContext, FitOutput } from '../base/linear-model.js';
import { invalidParam } from '../errors.js';
import { type Design, prepare, take, takeRows } from '../internal/design.js';
import type { Json } from '../internal/json.js';
import { prepareSparse, sparseAffine, takeSparseRows } from '../internal/sparse.js';
import { kFold } from '../model-selection/k-fold.js';
import { alphaGrid, pathOnDesign, resolvePathOptions } from '../paths/enet-path.js';
import { l1 } from '../penalties/l1.js';
import { CD_CONSTRAINTS, CD_DEFAULTS, type CdParams, fitCd } from './cd-common.js';

/** Parameters shared by the CV estimators (the CD parameters without `alpha`, plus the grid and folds). */
export interface CvParams extends Omit<CdParams, 'alpha'> {
  /** `alphaMin = eps·alphaMax` (default 1e-3). */
  eps: number;
  /** Grid size (default 100). */
  nAlphas: number;
  /** Explicit alphas instead of the grid (default null). */
  alphas: number[] | null;
  /** Number of folds (default 5). */
  cv: number;
  /** Shuffle rows (with `seed`) before splitting; scikit-learn's default `KFold` does not (default false). */
  shuffle: boolean;
}

/** @internal */
export const CV_DEFAULTS: CvParams = (() => {
  const { alpha: _a, ...rest } = CD_DEFAULTS;
  return { ...rest, eps: 1e-3, nAlphas: 100, alphas: null, cv: 5, shuffle: false };
})();

/** @internal */
export const CV_CONSTRAINTS: { readonly [K in keyof CvParams]-?: Constraint } = (() => {
  const { alpha: _a, ...rest } = CD_CONSTRAINTS;
  return {
    ...rest,
    eps: interval({ gt: 0 }),
    nAlphas: integer(1),
    alphas: nullable({
      expected: 'be a non-empty array of finite numbers >= 0',
      invalid: [[], [-1]],
      check: (v) =>
        Array.isArray(v) &&
        v.length > 0 &&
        v.every((a) => typeof a === 'number' && Number.isFinite(a) && a >= 0),
    }),
    cv: integer(2),
    shuffle: bool,
  };
})();

/** @internal */
export interface CvOutcome {
  fit: FitOutput;
  alpha: number;
  l1Ratio: number;
  alphas: Float64Array[];
  /** `[l1Ratio][alpha][fold]` test MSE. */
  mse: number[][][];
}

/** Runs the CV search and the final refit. @internal */
export function crossValidate(design: Design, ctx: FitContext, p: CvParams, l1Ratios: number[]): CvOutcome {
  const n = ctx.rows.rows;
  if (p.cv > n) throw invalidParam(ctx.fn, 'cv', `be <= the number of samples (${n})`, p.cv);
  const folds = kFold(n, p.cv, { shuffle: p.shuffle, seed: p.seed });
  const grids = l1Ratios.map((rho) =>
    p.alphas ? Float64Array.from(p.alphas).sort().reverse() : alphaGrid(design, rho, p.eps, p.nAlphas),
  );
  const mse: number[][][] = grids.map((g) => Array.from(g, () => new Array<number>(folds.length).fill(0)));
  const pw = ctx.sampleWeight;
  folds.forEach((fold, f) => {
    let swTrain: Float64Array | undefined;
    if (pw) {
      swTrain = take(pw, fold.train);
      const s = swTrain.reduce((a, b) => a + b, 0);
      if (s > 0) for (let i = 0; i < swTrain.length; i++) swTrain[i] = (swTrain[i]! * swTrain.length) / s;
      else swTrain = new Float64Array(swTrain.length).fill(1);
    }
    const prep = { fitIntercept: p.fitIntercept, standardize: p.standardize, sampleWeight: swTrain };
    const sp = ctx.sparse;
    const train = sp
      ? prepareSparse(takeSparseRows(sp, fold.train), take(ctx.y, fold.train), prep)
      : prepare(takeRows(ctx.rows, fold.train), take(ctx.y, fold.train), prep);
    const testSparse = sp ? takeSparseRows(sp, fold.test) : undefined;
    const testRows = sp
      ? { data: new Float64Array(0), rows: fold.test.length, cols: sp.cols }
      : takeRows(ctx.rows, fold.test);
    const testY = take(ctx.y, fold.test);
    const testW = pw ? take(pw, fold.test) : undefined;
    l1Ratios.forEach((rho, li) => {
      const opts = resolvePathOptions(
        {
          l1Ratio: rho,
          positive: p.positive,
          maxIter: p.maxIter,
          tol: p.tol,
          screening: p.screening,
          workingSet: p.workingSet,
          accel: p.accel,
          selection: p.selection,
          seed: p.seed,
        },
        rho,
        ctx.fn,
      );
      const path = pathOnDesign(train, grids[li]!, opts);
      path.coefs.forEach((coef, k) => {
        let num = 0;
        let den = 0;
        const sparsePred = testSparse ? sparseAffine(testSparse, coef, path.intercepts[k]!) : undefined;
        for (let i = 0; i < testRows.rows; i++) {
          let pred = path.intercepts[k]!;
          if (sparsePred) pred = sparsePred[i]!;
          else {
            const off = i * testRows.cols;
            for (let j = 0; j < testRows.cols; j++) pred += testRows.data[off + j]! * coef[j]!;
          }
          const s = testW ? testW[i]! : 1;
          num += s * (pred - testY[i]!) ** 2;
          den += s;
        }
        mse[li]![k]![f] = den > 0 ? num / den : 0;
      });
    });
  });
  let best = { li: 0, k: 0, v: Number.POSITIVE_INFINITY };
  mse.forEach((rows, li) => {
    rows.forEach((perFold, k) => {
      const m = perFold.reduce((a, b) => a + b, 0) / perFold.length;
      if (m < best.v) best = { li, k, v: m };
    });
  });
  const alpha = grids[best.li]![best.k]!;
  const l1Ratio = l1Ratios[best.li]!;
  const fit = fitCd(design, ctx, { ...p, alpha }, l1(), l1Ratio);
  return { fit, alpha, l1Ratio, alphas: grids, mse };
}

/** @internal */
export function cvExtra(o: CvOutcome, multi: boolean): Record<string, Json> {
  return {
    alpha: o.alpha,
    l1Ratio: o.l1Ratio,
    alphas: multi ? o.alphas.map((a) => Array.from(a)) : Array.from(o.alphas[0]!),
    msePath: multi ? o.mse : o.mse[0]!,
  };
}
