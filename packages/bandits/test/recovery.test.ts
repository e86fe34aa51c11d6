// Spec §13.4: exact sign recovery by the Lasso is sharp at n* = 2s·log(d − s) for Σ = I (Wainwright 2009):
// with λ = 2σ√(2 log d / n), the probability is small at n*/2 and large at 2n*. OMP, HTP and MCP are
// reported alongside (the assertions on them are loose: they are not the subject of the theorem).
import { random } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  HardThresholdingPursuit,
  Lasso,
  mcp,
  OrthogonalMatchingPursuit,
  SparseLinearRegression,
} from '../src/index.js';

const d = 256;
const s = 4;
const sigma = 0.5;
const nStar = 2 * s * Math.log(d - s);

function problem(n: number, seed: number): { X: number[][]; y: number[]; w: number[] } {
  const rng = new random.Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.nextNormal()));
  const support = new Set<number>();
  while (support.size < s) support.add(rng.nextInt(d));
  const w = new Array<number>(d).fill(0);
  for (const j of support) w[j] = rng.next() < 0.5 ? -1 : 1;
  const y = X.map((r) => r.reduce((a, v, j) => a + v * w[j]!, 0) + sigma * rng.nextNormal());
  return { X, y, w };
}

const signsMatch = (coef: Float64Array, w: number[]) =>
  Array.from(coef).every((v, j) => Math.sign(v) === Math.sign(w[j]!));

function recoveryRate(theta: number, reps: number, seed0: number) {
  const n = Math.round(theta * nStar);
  const lam = 2 * sigma * Math.sqrt((2 * Math.log(d)) / n);
  const hits = { lasso: 0, omp: 0, htp: 0, mcp: 0 };
  for (let rep = 0; rep < reps; rep++) {
    const { X, y, w } = problem(n, seed0 + rep);
    if (signsMatch(new Lasso({ alpha: lam, fitIntercept: false }).fit(X, y).coef, w)) hits.lasso++;
    if (rep < 50) {
      if (
        signsMatch(new OrthogonalMatchingPursuit({ nNonzeroCoefs: s, fitIntercept: false }).fit(X, y).coef, w)
      ) {
        hits.omp++;
      }
      if (
        signsMatch(new HardThresholdingPursuit({ nNonzeroCoefs: s, fitIntercept: false }).fit(X, y).coef, w)
      ) {
        hits.htp++;
      }
      const m = new SparseLinearRegression({ alpha: lam, penalty: mcp(), fitIntercept: false });
      if (signsMatch(m.fit(X, y).coef, w)) hits.mcp++;
    }
  }
  const other = Math.min(reps, 50);
  return { n, lasso: hits.lasso / reps, omp: hits.omp / other, htp: hits.htp / other, mcp: hits.mcp / other };
}

describe('support recovery around the sample threshold (d = 256, s = 4, σ = 0.5, 200 repetitions)', () => {
  it('Lasso: P(exact signs) < 0.2 at n*/2 and > 0.85 at 2n*', () => {
    const below = recoveryRate(0.5, 200, 10_000);
    const above = recoveryRate(2, 200, 20_000);
    console.info(
      `n* = ${nStar.toFixed(1)}; P(exact signs) at n = ${below.n}: lasso ${below.lasso}, omp ${below.omp}, ` +
        `htp ${below.htp}, mcp ${below.mcp}; at n = ${above.n}: lasso ${above.lasso}, omp ${above.omp}, ` +
        `htp ${above.htp}, mcp ${above.mcp}`,
    );
    expect(below.lasso).toBeLessThan(0.2);
    expect(above.lasso).toBeGreaterThan(0.85);
    // reported methods: all recover well above the threshold
    expect(above.omp).toBeGreaterThan(0.85);
    expect(above.mcp).toBeGreaterThan(0.85);
    expect(above.htp).toBeGreaterThan(0.5);
  }, 60_000);
});
