// Spec §13.2 and §13.3: KKT residuals and duality gaps at the solution (computed here, independently of
// the solver), weak duality as a property, alphaMax, and the invariances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElasticNet, Lasso, lassoPath, mcp, SparseLinearRegression } from '../src/index.js';
import { enetCertificate } from '../src/solvers/certificates.js';
import {
  centre,
  enetObjective,
  expectAllClose,
  gaussianProblem,
  lassoCertificates,
  relErr,
  xty,
} from './helpers.js';

const problems = [
  { name: 'd > n', ...gaussianProblem(1, 40, 100, 5, 0.3) },
  { name: 'n > d', ...gaussianProblem(2, 120, 20, 4, 0.5) },
];

describe('certificates at the solution', () => {
  for (const prob of problems) {
    const { Xc, yc } = centre(prob.X, prob.y);
    const n = yc.length;
    const ynorm = yc.reduce((a, v) => a + v * v, 0) / n;
    const amax = Math.max(...xty(Xc, yc).map(Math.abs));
    for (const [Est, rho] of [
      [Lasso, 1],
      [ElasticNet, 0.5],
    ] as const) {
      for (const frac of [0.5, 0.1, 0.01]) {
        const alpha = (frac * amax) / rho;
        it(`${Est.name}(${prob.name}, α = ${frac}·alphaMax): KKT ≈ 0 and gap ≤ tol·‖y‖²/n`, () => {
          for (const tol of [1e-4, 1e-8]) {
            const m = new Est({ alpha, tol, ...(rho === 1 ? {} : { l1Ratio: rho }) }).fit(prob.X, prob.y);
            const c = lassoCertificates(Xc, yc, m.coef, alpha, rho);
            const info = m.info;
            expect(info.converged).toBe(true);
            expect(info.kktMax).toBeLessThanOrEqual(tol);
            expect(info.gap!).toBeLessThanOrEqual(tol * ynorm);
            expect(c.gap).toBeLessThanOrEqual(tol * ynorm * (1 + 1e-6) + 1e-12);
            expect(c.gap).toBeGreaterThanOrEqual(-1e-10 * ynorm);
            expect(Math.abs(c.gap - info.gap!)).toBeLessThan(1e-9 * ynorm);
            // raw KKT in the 1/n scale: bounded by kktMax·max‖x_j‖/√n·‖y‖/√n
            const colNorm = Math.max(
              ...Xc[0]!.map((_, j) => Math.sqrt(Xc.reduce((a, r) => a + r[j]! ** 2, 0) / n)),
            );
            expect(c.kkt).toBeLessThanOrEqual(info.kktMax * colNorm * Math.sqrt(ynorm) * (1 + 1e-9) + 1e-14);
            expect(info.objective.at(-1)).toBeCloseTo(c.primal, 10);
          }
        });
      }
    }
  }

  it('alphaMax gives w = 0; just below it exactly one non-zero, at argmax |x_jᵀy|', () => {
    const { X, y } = problems[0]!;
    const { Xc, yc } = centre(X, y);
    const corr = xty(Xc, yc).map(Math.abs);
    const amax = Math.max(...corr);
    const jmax = corr.indexOf(amax);
    expect(Array.from(new Lasso({ alpha: amax }).fit(X, y).coef).every((v) => v === 0)).toBe(true);
    expect(Array.from(new Lasso({ alpha: 2 * amax }).fit(X, y).coef).every((v) => v === 0)).toBe(true);
    const below = new Lasso({ alpha: amax * (1 - 1e-3), tol: 1e-10 }).fit(X, y).coef;
    const nz = Array.from(below)
      .map((v, j) => [v, j] as const)
      .filter(([v]) => v !== 0);
    expect(nz.length).toBe(1);
    expect(nz[0]![1]).toBe(jmax);
    const path = lassoPath(X, y, { fitIntercept: true, nAlphas: 5 });
    expect(path.alphas[0]).toBeCloseTo(amax, 12);
    expect(Array.from(path.coefs[0]!).every((v) => v === 0)).toBe(true);
  });

  it('weak duality: the gap of any w is ≥ 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (n, d, seed, alpha, rho) => {
          const { X, y } = gaussianProblem(seed, n, d, Math.min(d, 2), 1, 0);
          const w = gaussianProblem(seed + 1, 1, d, d, 0, 0).w.map((v) => v * 0.5);
          const { Xc, yc } = centre(X, y);
          const colMajor = new Float64Array(n * d);
          for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) colMajor[j * n + i] = Xc[i]![j]!;
          const ours = enetCertificate(
            colMajor,
            n,
            d,
            Float64Array.from(yc),
            Float64Array.from(w),
            alpha,
            rho,
          );
          const ref = lassoCertificates(Xc, yc, w, alpha, rho);
          const scale = 1e-10 * (1 + ref.primal);
          expect(ours.gap).toBeGreaterThanOrEqual(-scale);
          expect(ref.gap).toBeGreaterThanOrEqual(-scale);
          expect(Math.abs(ours.gap - ref.gap)).toBeLessThan(scale);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it('the reported gap is ≥ 0 even far from convergence', () => {
    const { X, y } = problems[1]!;
    const ynorm = centre(X, y).yc.reduce((a, v) => a + v * v, 0) / y.length;
    for (const maxIter of [1, 2, 3, 5]) {
      const m = new Lasso({ alpha: 0.01, maxIter, tol: 1e-12, workingSet: false, screening: 'none' });
      m.fit(X, y);
      expect(m.info.gap!).toBeGreaterThanOrEqual(-1e-12 * ynorm);
    }
  });
});

describe('invariances', () => {
  const { X, y } = problems[1]!;
  const d = X[0]!.length;

  it('a column permutation permutes w', () => {
    const perm = Array.from({ length: d }, (_, j) => (j * 7 + 3) % d);
    const Xp = X.map((r) => perm.map((j) => r[j]!));
    const a = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(X, y).coef;
    const b = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(Xp, y).coef;
    expectAllClose(
      b,
      perm.map((j) => a[j]!),
      1e-9,
    );
  });

  it('scaling y and α by c scales the Lasso solution by c (the ridge term of ElasticNet does not scale)', () => {
    for (const c of [0.01, 3, 250]) {
      const a = new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(X, y).coef;
      const b = new Lasso({ alpha: 0.05 * c, tol: 1e-10 }).fit(
        X,
        y.map((v) => v * c),
      ).coef;
      expect(
        relErr(
          b,
          Array.from(a, (v) => v * c),
        ),
      ).toBeLessThan(1e-8);
    }
  });

  it('a duplicated column: equal halves under ElasticNet, equal objective under Lasso', () => {
    const Xd = X.map((r) => [...r, r[0]!]);
    const en = new ElasticNet({ alpha: 0.05, l1Ratio: 0.5, tol: 1e-12 }).fit(Xd, y).coef;
    expect(en[0]).toBeCloseTo(en[d]!, 9);
    expect(Math.abs(en[0]!)).toBeGreaterThan(0);
    const la = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(Xd, y);
    const base = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(X, y);
    const o1 = enetObjective(Xd, y, la.coef, la.intercept, 0.05);
    const o2 = enetObjective(X, y, base.coef, base.intercept, 0.05);
    expect(Math.abs(o1 - o2) / o2).toBeLessThan(1e-10);
    expect(la.coef[0]! + la.coef[d]!).toBeCloseTo(base.coef[0]!, 8);
  });

  it('non-convex penalties: KKT (prox fixed point) holds at exit', () => {
    const m = new SparseLinearRegression({ alpha: 0.05, penalty: mcp({ gamma: 3 }), tol: 1e-8 }).fit(X, y);
    expect(m.info.converged).toBe(true);
    expect(m.info.kktMax).toBeLessThanOrEqual(1e-8);
    expect(m.info.gap).toBeUndefined();
  });
});
