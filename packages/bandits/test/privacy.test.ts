// Local differential privacy (spec §11, §13.6): calibration (classic and analytic Gaussian, Laplace), the
// noise actually added, clipping, privacy accounting, the non-private limit, and error rates in n and ε.
import { isSparselandError, random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { gaussianSigma, LdpIht, NonInteractiveLdpRegression, PrivacyAccountant } from '../src/index.js';
import { analyticDelta, erfc, normalCdf } from '../src/privacy/mechanisms.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSparselandError(e) ? e.code : String(e);
  }
  return undefined;
}

/** Bounded design (uniform on [−1, 1], so clipping at 1 is exact), θ* = (½, −½, 0, …), σ = 0.1. */
function problem(seed: number, n: number, d: number) {
  const rng = new random.Rng(seed);
  const theta = new Float64Array(d);
  theta[0] = 0.5;
  theta[1] = -0.5;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = 2 * rng.next() - 1;
      X[i * d + j] = v;
      s += v * theta[j]!;
    }
    y[i] = s + 0.1 * rng.nextNormal();
  }
  return { X: { data: X, rows: n, cols: d }, y, theta };
}
const err = (a: Float64Array, b: Float64Array) => Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0));

describe('calibration', () => {
  it('erfc and Φ agree with reference values', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(erfc(6) / 2.151973671249891e-17).toBeCloseTo(1, 11);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });

  it('classic Gaussian for ε ≤ 1; analytic above, exactly at the δ boundary and tighter', () => {
    expect(gaussianSigma(2, 0.5, 1e-5)).toBeCloseTo((2 * Math.sqrt(2 * Math.log(1.25e5))) / 0.5, 12);
    for (const eps of [2, 5]) {
      const s = gaussianSigma(1, eps, 1e-6);
      expect(analyticDelta(1, s, eps)).toBeLessThanOrEqual(1e-6);
      expect(analyticDelta(1, s * 0.999, eps)).toBeGreaterThan(1e-6);
      expect(s).toBeLessThan(gaussianSigma(1, eps, 1e-6, 'classic'));
    }
    expect(gaussianSigma(1, 0.5, 1e-5, 'analytic')).toBeLessThan(gaussianSigma(1, 0.5, 1e-5));
    expect(gaussianSigma(1, Number.POSITIVE_INFINITY, 1e-5)).toBe(0);
    expect(code(() => gaussianSigma(1, 0, 1e-5))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => gaussianSigma(1, 1, 1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => gaussianSigma(-1, 1, 0.1))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
  });

  it('the noise users add has the calibrated variance (within 3%, 10⁵ draws) and clipping holds', () => {
    for (const mechanism of ['gaussian', 'laplace'] as const) {
      const model = new NonInteractiveLdpRegression({
        epsilon: 1,
        delta: 1e-5,
        mechanism,
        clipX: 1,
        clipY: 1,
      });
      const rng = new random.Rng(3);
      const d = 4;
      const zeros = new Float64Array(d);
      let s1 = 0;
      let s2 = 0;
      let n1 = 0;
      let n2 = 0;
      for (let k = 0; k < 10_000; k++) {
        const r = NonInteractiveLdpRegression.privatize(zeros, 0, model.params, rng);
        for (const v of r.xx) {
          s1 += v * v;
          n1++;
        }
        for (const v of r.xy) {
          s2 += v * v;
          n2++;
        }
      }
      model.fitReports([{ xx: new Float64Array(10), xy: new Float64Array(4) }], 4);
      const { sigma1, sigma2 } = model.info;
      expect(n1).toBe(100_000);
      expect(Math.abs(s1 / n1 / sigma1 ** 2 - 1)).toBeLessThan(0.03);
      expect(Math.abs(s2 / n2 / sigma2 ** 2 - 1)).toBeLessThan(0.05);
      const half = 0.5;
      if (mechanism === 'gaussian') {
        expect(sigma1).toBeCloseTo(gaussianSigma(2 * 1 * 4, half, 0.5e-5), 10);
        expect(sigma2).toBeCloseTo(gaussianSigma(2 * Math.sqrt(4), half, 0.5e-5), 10);
      } else {
        expect(sigma1).toBeCloseTo((Math.SQRT2 * (4 * 5)) / half, 10);
        expect(sigma2).toBeCloseTo((Math.SQRT2 * (2 * 4)) / half, 10);
      }
    }
    const exact = new NonInteractiveLdpRegression({
      epsilon: Number.POSITIVE_INFINITY,
      clipX: 2,
      clipY: 0.5,
    });
    const r = NonInteractiveLdpRegression.privatize([5, -1, -7], 3, exact.params, new random.Rng(1));
    expect(Array.from(r.xx)).toEqual([4, -2, -4, 1, 2, 4]);
    expect(Array.from(r.xy)).toEqual([1, -0.5, -1]);
  });
});

describe('privacy accounting', () => {
  it('reports what each user spends; the accountant refuses overspending', () => {
    const p = problem(1, 500, 3);
    const g = new NonInteractiveLdpRegression({ epsilon: 2, delta: 1e-6 }).fit(p.X, p.y).privacy;
    expect(g.model).toBe('local');
    expect(g.releases.length).toBe(2);
    expect(g.releases.reduce((a, r) => a + r.epsilon, 0)).toBeCloseTo(2, 14);
    expect(g.releases.reduce((a, r) => a + r.delta, 0)).toBeCloseTo(1e-6, 20);
    expect(g.epsilon).toBeCloseTo(2, 14);
    const l = new NonInteractiveLdpRegression({ epsilon: 1, mechanism: 'laplace' }).fit(p.X, p.y).privacy;
    expect(l.delta).toBe(0);
    const iht = new LdpIht({ epsilon: 0.5, sparsity: 1 }).fit(p.X, p.y).privacy;
    expect(iht.releases.length).toBe(1);
    expect(iht.epsilon).toBe(0.5);

    const acc = new PrivacyAccountant({ epsilon: 1, delta: 1e-5 });
    const rel = {
      label: 'a',
      mechanism: 'gaussian' as const,
      epsilon: 0.6,
      delta: 5e-6,
      sensitivity: 1,
      noise: 1,
    };
    acc.spend(rel);
    expect(acc.remaining.epsilon).toBeCloseTo(0.4, 14);
    expect(code(() => acc.spend(rel))).toBe('SPARSELAND__BANDITS__PRIVACY_BUDGET');
    expect(() => acc.spend(rel)).toThrow(/over the budget ε = 1/);
    expect(code(() => acc.spend({ ...rel, epsilon: 0.1, delta: 6e-6 }))).toBe(
      'SPARSELAND__BANDITS__PRIVACY_BUDGET',
    );
    expect(acc.report().releases.length).toBe(1);
    expect(code(() => new PrivacyAccountant({ epsilon: 0 }))).toBe('SPARSELAND__BANDITS__INVALID_INPUT');
    expect(code(() => new PrivacyAccountant({ epsilon: 1, delta: 1 }))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
  });
});

describe('estimators', () => {
  it('ε → ∞ with wide clipping returns the non-private least-squares estimate exactly', () => {
    const p = problem(2, 300, 4);
    const m = new NonInteractiveLdpRegression({
      epsilon: Number.POSITIVE_INFINITY,
      clipX: 10,
      clipY: 10,
    }).fit(p.X, p.y);
    expect(m.info.lambda).toBe(0);
    // least squares through the normal equations
    const d = 4;
    const G = new Float64Array(d * d);
    const b = new Float64Array(d);
    for (let i = 0; i < 300; i++) {
      for (let a = 0; a < d; a++) {
        b[a] = b[a]! + p.X.data[i * d + a]! * p.y[i]!;
        for (let c = 0; c < d; c++)
          G[a * d + c] = G[a * d + c]! + p.X.data[i * d + a]! * p.X.data[i * d + c]!;
      }
    }
    // solve by Gaussian elimination
    const A = Array.from({ length: d }, (_, r) => [...Array.from(G.slice(r * d, r * d + d)), b[r]!]);
    for (let c = 0; c < d; c++) {
      for (let r = c + 1; r < d; r++) {
        const f = A[r]![c]! / A[c]![c]!;
        for (let k = c; k <= d; k++) A[r]![k]! -= f * A[c]![k]!;
      }
    }
    const ols = new Array<number>(d).fill(0);
    for (let r = d - 1; r >= 0; r--) {
      let s = A[r]![d]!;
      for (let k = r + 1; k < d; k++) s -= A[r]![k]! * ols[k]!;
      ols[r] = s / A[r]![r]!;
    }
    m.coef.forEach((v, j) => {
      expect(v).toBeCloseTo(ols[j]!, 10);
    });
    expect(Array.from(m.predict([[1, 0, 0, 0]]))[0]).toBeCloseTo(ols[0]!, 10);
    const q = problem(2, 4000, 4);
    const iht = new LdpIht({
      epsilon: Number.POSITIVE_INFINITY,
      sparsity: 2,
      clipX: 1,
      clipY: 2,
      stepSize: 1.5,
      batches: 20,
    });
    iht.fit(q.X, q.y);
    expect(err(iht.coef, q.theta)).toBeLessThan(0.05);
    expect(iht.path.length).toBe(20);
  });

  it('non-interactive: error falls like n^{-1/2} (slope in log n within [−0.8, −0.3])', () => {
    const run = (n: number) => {
      let e = 0;
      for (let s = 0; s < 4; s++) {
        const p = problem(10 + s, n, 4);
        const m = new NonInteractiveLdpRegression({
          epsilon: 16,
          mechanism: 'laplace',
          clipX: 1,
          clipY: 2,
          c: 0.25,
          seed: s,
        });
        e += err(m.fit(p.X, p.y).coef, p.theta) / 4;
      }
      return e;
    };
    const slope = Math.log(run(160_000) / run(10_000)) / Math.log(16);
    expect(slope).toBeGreaterThan(-0.8);
    expect(slope).toBeLessThan(-0.3);
  });

  it('non-interactive: error falls like 1/ε (slope in log ε within [−1.3, −0.7])', () => {
    const run = (eps: number) => {
      let e = 0;
      for (let s = 0; s < 3; s++) {
        const p = problem(20 + s, 40_000, 4);
        const m = new NonInteractiveLdpRegression({
          epsilon: eps,
          mechanism: 'laplace',
          clipX: 1,
          clipY: 2,
          c: 0.25,
          seed: s,
        });
        e += err(m.fit(p.X, p.y).coef, p.theta) / 3;
      }
      return e;
    };
    const slope = Math.log(run(32) / run(8)) / Math.log(4);
    expect(slope).toBeGreaterThan(-1.3);
    expect(slope).toBeLessThan(-0.7);
  });

  it('the public-features variant removes the noise on Σ̂ and is more accurate', () => {
    const base = { epsilon: 8, mechanism: 'laplace' as const, clipX: 1, clipY: 2, c: 0.25 };
    let ePriv = 0;
    let ePub = 0;
    for (let s = 0; s < 2; s++) {
      const p = problem(30 + s, 40_000, 8);
      const pub = problem(40 + s, 5000, 8).X;
      const priv = new NonInteractiveLdpRegression({ ...base, seed: s }).fit(p.X, p.y);
      const withPublic = new NonInteractiveLdpRegression({ ...base, seed: s }).fit(p.X, p.y, {
        publicX: pub,
      });
      expect(withPublic.info.sigma1).toBe(0);
      ePriv += err(priv.coef, p.theta);
      ePub += err(withPublic.coef, p.theta);
    }
    expect(ePub).toBeLessThan(0.7 * ePriv);
  });

  it('LDP-IHT: error falls with n and the support is found', () => {
    const e = (n: number) => {
      const p = problem(40, n, 4);
      const m = new LdpIht({
        epsilon: 8,
        delta: 1 / n,
        sparsity: 2,
        clipX: 1,
        clipY: 2,
        clipGrad: 2,
        stepSize: 1.5,
      }).fit(p.X, p.y);
      return { e: err(m.coef, p.theta), coef: m.coef };
    };
    const small = e(10_000);
    const large = e(160_000);
    expect(large.e).toBeLessThan(0.5 * small.e);
    expect(large.coef[0]).toBeGreaterThan(0.3);
    expect(large.coef[1]).toBeLessThan(-0.3);
  });

  it('validation', () => {
    const p = problem(3, 50, 3);
    expect(code(() => new NonInteractiveLdpRegression({ epsilon: 0 }).fit(p.X, p.y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new NonInteractiveLdpRegression({ delta: 1 }).fit(p.X, p.y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new NonInteractiveLdpRegression({ clipX: 0 }).fit(p.X, p.y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new NonInteractiveLdpRegression({ mechanism: 'rr' as 'laplace' }).fit(p.X, p.y))).toBe(
      'SPARSELAND__BANDITS__INVALID_PARAM',
    );
    expect(code(() => new NonInteractiveLdpRegression().fit(p.X, [1, 2]))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    expect(code(() => new NonInteractiveLdpRegression().fit(p.X, p.y, { publicX: [[1, 2]] }))).toBe(
      'SPARSELAND__BANDITS__SHAPE_MISMATCH',
    );
    expect(code(() => new NonInteractiveLdpRegression().fitReports([], 3))).toBe(
      'SPARSELAND__BANDITS__INVALID_INPUT',
    );
    expect(
      code(() =>
        new NonInteractiveLdpRegression().fitReports(
          [{ xx: new Float64Array(2), xy: new Float64Array(3) }],
          3,
        ),
      ),
    ).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
    expect(code(() => new NonInteractiveLdpRegression().coef)).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    expect(code(() => new NonInteractiveLdpRegression().privacy)).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    expect(code(() => new LdpIht({ sparsity: 4 }).fit(p.X, p.y))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new LdpIht({ batches: 51 }).fit(p.X, p.y))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new LdpIht({ radius: 0 }).fit(p.X, p.y))).toBe('SPARSELAND__BANDITS__INVALID_PARAM');
    expect(code(() => new LdpIht().coef)).toBe('SPARSELAND__BANDITS__NOT_FITTED');
    const fitted = new LdpIht({ sparsity: 1, mechanism: 'laplace' }).fit(p.X, p.y);
    expect(code(() => fitted.predict([[1, 2]]))).toBe('SPARSELAND__BANDITS__SHAPE_MISMATCH');
  });
});
