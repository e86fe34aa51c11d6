// PreconditionedLasso (spec §12) and the random-supports protocol (a report: structure only).
import { isSparselandError } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { checkEstimator, Lasso, PreconditionedLasso, randomSupportsProtocol } from '../src/index.js';
import { gaussianProblem, orthogonalDesign } from './helpers.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('PreconditionedLasso', () => {
  const { X, y } = gaussianProblem(3, 60, 12, 3, 0.2);

  it("'none' is the Lasso; on an orthogonal design 'whiten' is too", () => {
    const a = new PreconditionedLasso({ alpha: 0.05, preconditioner: 'none', tol: 1e-12 }).fit(X, y);
    const b = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(X, y);
    a.coef.forEach((v, j) => {
      expect(v).toBeCloseTo(b.coef[j]!, 10);
    });
    const H = orthogonalDesign(16, 7);
    const t = H.map((r, i) => r[0]! - 2 * r[3]! + 0.1 * Math.sin(i));
    const w = new PreconditionedLasso({
      alpha: 0.1,
      preconditioner: 'whiten',
      fitIntercept: false,
      tol: 1e-12,
    }).fit(H, t);
    const l = new Lasso({ alpha: 0.1, fitIntercept: false, tol: 1e-12 }).fit(H, t);
    w.coef.forEach((v, j) => {
      expect(v).toBeCloseTo(l.coef[j]!, 10);
    });
  });

  it("with α → 0, 'whiten' and 'puffer' give least squares (n ≥ d)", () => {
    const ols = new Lasso({ alpha: 0, tol: 1e-14, maxIter: 100_000 }).fit(X, y).coef;
    for (const preconditioner of ['whiten', 'puffer'] as const) {
      const m = new PreconditionedLasso({ alpha: 1e-12, preconditioner, tol: 1e-14, maxIter: 100_000 }).fit(
        X,
        y,
      );
      m.coef.forEach((v, j) => {
        expect(v).toBeCloseTo(ols[j]!, 6);
      });
    }
  });

  it('a user matrix P = diag(c) is the Lasso on rescaled columns, mapped back', () => {
    const c = Array.from({ length: 12 }, (_, j) => 1 + j / 4);
    const P = c.map((v, i) => c.map((_, j) => (i === j ? v : 0)));
    const m = new PreconditionedLasso({ alpha: 0.05, preconditioner: P, tol: 1e-12 }).fit(X, y);
    const Xs = X.map((r) => r.map((v, j) => v * c[j]!));
    const l = new Lasso({ alpha: 0.05, tol: 1e-12 }).fit(Xs, y);
    m.coef.forEach((v, j) => {
      expect(v).toBeCloseTo(c[j]! * l.coef[j]!, 9);
    });
    expect(code(() => new PreconditionedLasso({ preconditioner: [[1]] }).fit(X, y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new PreconditionedLasso({ preconditioner: 'qr' as 'none' }).fit(X, y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
  });

  it("'puffer' also runs with n < d", () => {
    const p = gaussianProblem(4, 20, 40, 3, 0.1);
    const m = new PreconditionedLasso({ alpha: 0.01, preconditioner: 'puffer' }).fit(p.X, p.y);
    expect(m.coef.every(Number.isFinite)).toBe(true);
    expect(m.score(p.X, p.y)).toBeGreaterThan(0.9);
  });

  for (const preconditioner of ['none', 'columnNormalize', 'whiten', 'puffer'] as const) {
    it(`checkEstimator (${preconditioner})`, () => {
      const ran = checkEstimator(new PreconditionedLasso({ alpha: 0.05, preconditioner }), {
        tighten: { tol: 1e-11, maxIter: 100_000 },
        sampleWeights: preconditioner !== 'puffer', // puffer rescales by √n, which duplicated rows change
      });
      expect(ran.length).toBeGreaterThanOrEqual(12);
    });
  }
});

describe('randomSupportsProtocol', () => {
  it('reports the prediction error of every method on every design and N', () => {
    const rows = randomSupportsProtocol({
      d: 16,
      k: 3,
      Ns: [20, 40],
      reps: 2,
      methods: ['lasso', 'whiten', 'omp', 'mcp', 'puffer'],
    });
    expect(rows.length).toBe(3 * 2 * 5);
    for (const r of rows) {
      expect(Number.isFinite(r.predictionError)).toBe(true);
      expect(r.predictionError).toBeGreaterThanOrEqual(0);
      expect(r.stdErr).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(rows.map((r) => r.design))).toEqual(
      new Set(['scaled', 'nearDependent', 'blockCorrelated']),
    );
    expect(code(() => randomSupportsProtocol({ d: 2 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => randomSupportsProtocol({ k: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => randomSupportsProtocol({ Ns: [] }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => randomSupportsProtocol({ reps: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => randomSupportsProtocol({ sigma: -1 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });
});
