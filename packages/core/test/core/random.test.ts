/** Seeded random numbers: reproducible streams and the right distributions (within statistical bounds). */
import { describe, expect, it } from 'vitest';
import { dispose, isSparselandError, memory, random, type Tensor, tensor, tidy } from '../../src/index.js';

const { Rng } = random;
const N = 20000;

function take(t: Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const stdOf = (v: number[]) => {
  const m = meanOf(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
};

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    const sb = Array.from({ length: 8 }, () => b.nextUint32());
    const sc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    // the high 32 bits of a seed matter too
    expect(new Rng(2 ** 32).nextUint32()).not.toBe(new Rng(0).nextUint32());
  });

  it('draws uint32s, floats in [0, 1) and unbiased integers in [0, n)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const u = rng.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
      const f = rng.next();
      expect(f >= 0 && f < 1).toBe(true);
      const k = rng.nextInt(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    // every residue of nextInt(3) appears about a third of the time
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[rng.nextInt(3)]!++;
    for (const c of counts) expect(Math.abs(c - N / 3)).toBeLessThan(5 * Math.sqrt((N * 2) / 9));
  });

  it('split() derives a deterministic child stream that differs from the parent', () => {
    const p1 = new Rng(5);
    const p2 = new Rng(5);
    const c1 = p1.split();
    const c2 = p2.split();
    const child = Array.from({ length: 4 }, () => c1.nextUint32());
    expect(child).toEqual(Array.from({ length: 4 }, () => c2.nextUint32()));
    expect(child).not.toEqual(Array.from({ length: 4 }, () => p1.nextUint32()));
  });
});

describe('random.uniform', () => {
  it('is reproducible per seed, and different across seeds', () => {
    expect(take(random.uniform([5], { seed: 9 }))).toEqual(take(random.uniform([5], { seed: 9 })));
    expect(take(random.uniform([5], { seed: 9 }))).not.toEqual(take(random.uniform([5], { seed: 10 })));
  });

  it('continues the stream of a shared generator', () => {
    const rng = new Rng(3);
    const first = take(random.uniform([3], { rng }));
    const second = take(random.uniform([3], { rng }));
    expect([...first, ...second]).toEqual(take(random.uniform([6], { rng: new Rng(3) })));
  });

  it('stays in [low, high) with the mean and spread of a uniform distribution', () => {
    const v = take(random.uniform([N], { seed: 1, low: -1, high: 3 }));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(3);
    const sd = 4 / Math.sqrt(12);
    expect(Math.abs(meanOf(v) - 1)).toBeLessThan((5 * sd) / Math.sqrt(N));
    expect(Math.abs(stdOf(v) - sd)).toBeLessThan(0.03);
    // each quarter of the range holds about a quarter of the draws
    for (let q = 0; q < 4; q++) {
      const frac = v.filter((x) => x >= q - 1 && x < q).length / N;
      expect(Math.abs(frac - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / N));
    }
  });

  it('makes float32 by default, float64 on request, and any shape', () => {
    const a = random.uniform([2, 3], { seed: 1 });
    const b = random.uniform([], { seed: 1, dtype: 'float64' });
    const c = random.uniform([0, 4], { seed: 1 });
    expect([a.dtype, a.shape]).toEqual(['float32', [2, 3]]);
    expect([b.dtype, b.shape]).toEqual(['float64', []]);
    expect(c.size).toBe(0);
    dispose([a, b, c]);
  });

  it('low == high gives that value', () => {
    expect(take(random.uniform([3], { seed: 2, low: 5, high: 5 }))).toEqual([5, 5, 5]);
  });
});

describe('random.normal', () => {
  it('is reproducible per seed', () => {
    expect(take(random.normal([7], { seed: 4 }))).toEqual(take(random.normal([7], { seed: 4 })));
    expect(take(random.normal([7], { seed: 4 }))).not.toEqual(take(random.normal([7], { seed: 5 })));
  });

  it('has the requested mean and standard deviation (n = 20000)', () => {
    const v = take(random.normal([N], { seed: 11, mean: 2, std: 3, dtype: 'float64' }));
    expect(Math.abs(meanOf(v) - 2)).toBeLessThan((5 * 3) / Math.sqrt(N));
    expect(Math.abs(stdOf(v) - 3)).toBeLessThan((5 * 3) / Math.sqrt(2 * N));
    // about 68.27% within one standard deviation, 95.45% within two
    const within = (k: number) => v.filter((x) => Math.abs(x - 2) < 3 * k).length / N;
    expect(Math.abs(within(1) - 0.6827)).toBeLessThan(5 * Math.sqrt((0.68 * 0.32) / N));
    expect(Math.abs(within(2) - 0.9545)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / N));
  });

  it('std 0 gives the mean', () => {
    expect(take(random.normal([3], { seed: 1, mean: -1, std: 0 }))).toEqual([-1, -1, -1]);
  });
});

describe('random.categorical', () => {
  it('draws classes with probabilities softmax(logits) (chi-square bound)', () => {
    const logits = tensor([0, Math.log(2), Math.log(3), Number.NEGATIVE_INFINITY]);
    const draws = take(random.categorical(logits, N, { seed: 6 }));
    logits.dispose();
    const counts = [0, 0, 0, 0];
    for (const d of draws) counts[d]!++;
    expect(counts[3]).toBe(0);
    const p = [1 / 6, 2 / 6, 3 / 6];
    const chi2 = p.reduce((s, pi, i) => s + (counts[i]! - N * pi) ** 2 / (N * pi), 0);
    // 2 degrees of freedom: P(chi2 > 20) is about 5e-5
    expect(chi2).toBeLessThan(20);
  });

  it('draws each row of a batch from its own distribution, as int32', () => {
    const logits = tensor([
      [10, -10, -10],
      [-10, -10, 10],
    ]);
    const t = random.categorical(logits, 50, { seed: 7 });
    expect([t.dtype, t.shape]).toEqual(['int32', [2, 50]]);
    const v = take(t);
    expect(v.slice(0, 50).filter((c) => c === 0).length).toBeGreaterThan(45);
    expect(v.slice(50).filter((c) => c === 2).length).toBeGreaterThan(45);
    logits.dispose();
  });

  it('is reproducible per seed and accepts JavaScript logits', () => {
    expect(take(random.categorical([1, 2, 3], 20, { seed: 8 }))).toEqual(
      take(random.categorical([1, 2, 3], 20, { seed: 8 })),
    );
    expect(take(random.categorical([1, 2, 3], 0, { seed: 8 }))).toEqual([]);
  });
});

describe('random.permutation', () => {
  it('is a permutation of 0..n-1, reproducible per seed', () => {
    const p = take(random.permutation(100, { seed: 12 }));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(take(random.permutation(100, { seed: 12 }))).toEqual(p);
    expect(take(random.permutation(100, { seed: 13 }))).not.toEqual(p);
    expect(take(random.permutation(0, { seed: 1 }))).toEqual([]);
    expect(take(random.permutation(1, { seed: 1 }))).toEqual([0]);
  });

  it('puts each element in each position about equally often', () => {
    const rng = new Rng(14);
    const firsts = [0, 0, 0, 0];
    const trials = 8000;
    for (let i = 0; i < trials; i++) {
      const t = random.permutation(4, { rng });
      firsts[t.dataSync()[0]!]!++;
      t.dispose();
    }
    for (const c of firsts) expect(Math.abs(c - trials / 4)).toBeLessThan(5 * Math.sqrt(trials * (3 / 16)));
  });
});

describe('random draws are always seeded', () => {
  it('fails with INVALID_ARGUMENT without a seed or a generator', () => {
    const attempts: [string, () => unknown][] = [
      ['random.uniform', () => random.uniform([2], {} as never)],
      ['random.normal', () => random.normal([2], undefined as never)],
      ['random.categorical', () => random.categorical([0, 1], 2, {} as never)],
      ['random.permutation', () => random.permutation(3, { rng: 'not a generator' } as never)],
    ];
    const before = memory().numTensors;
    for (const [fn, attempt] of attempts) {
      let error: unknown;
      try {
        tidy(attempt); // frees the logits tensor made from JavaScript values
      } catch (e) {
        error = e;
      }
      expect(isSparselandError(error, 'SPARSELAND__CORE__INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${fn.replace('.', '\\.')}: argument 'opts' must give an explicit \\{ seed \\} or \\{ rng \\}`,
        ),
      );
    }
    expect(memory().numTensors).toBe(before);
  });
});
