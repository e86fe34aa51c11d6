// Spec §4 and §13.2: LARS knots decrease, the Lasso at a knot (by coordinate descent) equals LARS, the
// path is linear in between, drops are real, and the breakpoints agree with ones located independently.
import { describe, expect, it } from 'vitest';
import { Lasso, LassoLars, larsPath } from '../src/index.js';
import { centre, fixtures, gaussianProblem, relErr, xty } from './helpers.js';

const small = gaussianProblem(21, 25, 6, 3, 0.5);

describe('LARS path', () => {
  it('knots decrease from alphaMax to 0 and the end point is least squares', () => {
    const r = larsPath(small.X, small.y, { method: 'lasso', fitIntercept: true });
    const { Xc, yc } = centre(small.X, small.y);
    expect(r.alphas[0]).toBeCloseTo(Math.max(...xty(Xc, yc).map(Math.abs)), 12);
    for (let k = 1; k < r.alphas.length; k++) expect(r.alphas[k]!).toBeLessThan(r.alphas[k - 1]!);
    expect(r.alphas.at(-1)).toBe(0);
    // normal equations at the end: Xcᵀ(yc − Xc w) = 0
    const w = r.coefs.at(-1)!;
    const res = yc.map((v, i) => v - Xc[i]!.reduce((a, x, j) => a + x * w[j]!, 0));
    for (const g of xty(Xc, res)) expect(Math.abs(g)).toBeLessThan(1e-10);
  });

  it('coordinate descent at every knot equals LARS, and the path is linear between knots', () => {
    const r = larsPath(small.X, small.y, { method: 'lasso', fitIntercept: true });
    for (let k = 1; k < r.alphas.length - 1; k++) {
      const cd = new Lasso({ alpha: r.alphas[k]!, tol: 1e-12, maxIter: 100_000 }).fit(small.X, small.y);
      expect(relErr(cd.coef, r.coefs[k]!)).toBeLessThan(1e-7);
      const mid = 0.5 * (r.alphas[k]! + r.alphas[k - 1]!);
      const interp = r.coefs[k]!.map((v, j) => 0.5 * (v + r.coefs[k - 1]![j]!));
      const cdMid = new Lasso({ alpha: mid, tol: 1e-12, maxIter: 100_000 }).fit(small.X, small.y);
      expect(relErr(cdMid.coef, interp)).toBeLessThan(1e-7);
    }
  });

  it('breakpoints agree with ones located independently (support changes of CD solutions, bisection)', () => {
    const r = larsPath(small.X, small.y, { method: 'lasso', fitIntercept: true });
    const support = (alpha: number) =>
      Array.from(new Lasso({ alpha, tol: 1e-13, maxIter: 100_000 }).fit(small.X, small.y).coef)
        .map((v) => (Math.abs(v) > 1e-9 ? Math.sign(v) : 0))
        .join(',');
    // scan a fine log grid from alphaMax down, bisect each support change to 1e-9 relative
    const amax = r.alphas[0]!;
    const found: number[] = [];
    let hi = amax * 0.999999;
    let sHi = support(hi);
    for (let t = 1; t <= 400; t++) {
      const lo = amax * 10 ** (-3 * (t / 400));
      const sLo = support(lo);
      if (sLo !== sHi) {
        let a = lo;
        let b = hi;
        while ((b - a) / b > 1e-10) {
          const m = Math.sqrt(a * b);
          if (support(m) === sHi) b = m;
          else a = m;
        }
        found.push(Math.sqrt(a * b));
      }
      hi = lo;
      sHi = sLo;
    }
    const interior = Array.from(r.alphas.subarray(1, -1)).filter((a) => a > amax * 1e-3);
    expect(found.length).toBe(interior.length);
    found.forEach((a, i) => {
      expect(Math.abs(a - interior[i]!) / interior[i]!).toBeLessThan(1e-7);
    });
  });

  it('drops are real on diabetes (Efron et al. 2004): a variable leaves the Lasso path and re-enters', () => {
    const p = fixtures().problems.diabetes!;
    const r = larsPath(p.X, p.y, { method: 'lasso', fitIntercept: true });
    const drops = r.events.filter((e) => e.kind === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    const dropped = drops[0]!;
    const reAdd = r.events.find(
      (e) => e.kind === 'add' && e.feature === dropped.feature && e.knot > dropped.knot,
    );
    expect(reAdd).toBeDefined();
    expect(r.coefs[dropped.knot]![dropped.feature]).toBe(0);
    // the sign flips across the drop
    const before = r.coefs[dropped.knot - 1]![dropped.feature]!;
    const after = r.coefs[reAdd!.knot + 1]![dropped.feature]!;
    expect(Math.sign(before)).toBe(-Math.sign(after));
    // the final active list is not the entry order
    const entryOrder = r.events.filter((e) => e.kind === 'add').map((e) => e.feature);
    expect(r.active).not.toEqual(entryOrder.slice(0, r.active.length));
    // plain LAR has no drops
    expect(
      larsPath(p.X, p.y, { method: 'lar', fitIntercept: true }).events.every((e) => e.kind === 'add'),
    ).toBe(true);
  });

  it('LassoLars stops at alpha by interpolation and certifies the Lasso solution', () => {
    const m = new LassoLars({ alpha: 0.05 }).fit(small.X, small.y);
    expect(m.alphas.at(-1)).toBe(0.05);
    expect(m.info.kktMax).toBeLessThan(1e-10);
    const cd = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(small.X, small.y);
    expect(relErr(m.coef, cd.coef)).toBeLessThan(1e-7);
    expect(m.intercept).toBeCloseTo(cd.intercept, 8);
    const noPath = new LassoLars({ alpha: 0.05, fitPath: false }).fit(small.X, small.y);
    expect(noPath.coefPath).toEqual([]);
    expect(Array.from(noPath.coef)).toEqual(Array.from(m.coef));
  });

  it('positive LassoLars keeps coefficients ≥ 0 and matches positive CD', () => {
    const m = new LassoLars({ alpha: 0.02, positive: true }).fit(small.X, small.y);
    expect(Array.from(m.coef).every((v) => v >= 0)).toBe(true);
    const cd = new Lasso({ alpha: 0.02, positive: true, tol: 1e-12 }).fit(small.X, small.y);
    expect(relErr(m.coef, cd.coef)).toBeLessThan(1e-7);
  });

  it('LassoLars with too few steps reports converged: false', () => {
    const m = new LassoLars({ alpha: 1e-4, maxIter: 2 });
    const warn = console.warn;
    console.warn = () => {};
    try {
      m.fit(small.X, small.y);
    } finally {
      console.warn = warn;
    }
    expect(m.info.converged).toBe(false);
    expect(m.info.nIter).toBe(2);
  });
});
