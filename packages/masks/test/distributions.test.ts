import { tensor } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import { erkDensities, globalMask, keepCount, layerDensities } from '../src/index.js';
import { count, expectCode, host, normals } from './helpers.js';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Independent ERK reference: raw, then cap the largest-raw layers one group at a time. */
function erkReference(shapes: number[][], s: number, power = 1): number[] {
  const raw = shapes.map((sh) => (sh.reduce((a, b) => a + b, 0) / size(sh)) ** power);
  const dense = new Set<number>();
  for (;;) {
    const free = shapes.map((_, i) => i).filter((i) => !dense.has(i));
    const budget =
      (1 - s) * shapes.reduce((a, sh) => a + size(sh), 0) -
      [...dense].reduce((a, i) => a + size(shapes[i]!), 0);
    const eps = budget / free.reduce((a, i) => a + raw[i]! * size(shapes[i]!), 0);
    const top = Math.max(...free.map((i) => raw[i]!));
    if (eps * top > 1) {
      for (const i of free) if (raw[i] === top) dense.add(i);
      continue;
    }
    return shapes.map((_, i) => (dense.has(i) ? 1 : eps * raw[i]!));
  }
}

describe('ERK densities (spec §3)', () => {
  it('gives equal densities to equal shapes, and 1 − s for a single layer', () => {
    expect(
      erkDensities(
        [
          [100, 100],
          [100, 100],
        ],
        0.9,
      ),
    ).toEqual([0.09999999999999998, 0.09999999999999998]);
    const [d] = erkDensities([[64, 32]], 0.75);
    expect(d).toBeCloseTo(0.25, 14);
  });
  it('is proportional to (Σ shape)/(Π shape) when nothing caps', () => {
    const shapes = [
      [256, 64],
      [256, 256],
      [10, 256],
    ];
    const d = erkDensities(shapes, 0.5);
    const raw = shapes.map((s) => (s[0]! + s[1]!) / (s[0]! * s[1]!));
    // closed form: eps = 0.5·Σn / Σ raw·n ; here the small last layer caps, so check the reference instead
    expect(d).toEqual(erkReference(shapes, 0.5));
    expect(d[2]).toBe(1);
    expect(d[0]! / d[1]!).toBeCloseTo(raw[0]! / raw[1]!, 12);
  });
  it('caps at density 1, redistributes, and hits the budget exactly (Σ d·n = (1−s)·Σ n)', () => {
    const shapes = [
      [8, 3, 3, 3],
      [16, 8, 3, 3],
      [32, 16, 3, 3],
      [64, 32, 3, 3],
      [10, 64],
    ];
    for (const s of [0.5, 0.8, 0.9, 0.95, 0.99]) {
      const d = erkDensities(shapes, s);
      expect(d).toEqual(erkReference(shapes, s));
      const total = shapes.reduce((a, sh) => a + size(sh), 0);
      const kept = d.reduce((a, x, i) => a + x * size(shapes[i]!), 0);
      expect(kept).toBeCloseTo((1 - s) * total, 6);
      for (const x of d) expect(x > 0 && x <= 1).toBe(true);
    }
    // the known case: [10,10] is capped and the big layer takes the rest
    expect(
      erkDensities(
        [
          [10, 10],
          [1000, 1000],
        ],
        0.5,
      ),
    ).toEqual([1, (0.5 * 1_000_100 - 100) / 1_000_000]);
  });
  it('has a dense set that is monotone in s (denser targets cap more layers)', () => {
    const shapes = [
      [16, 3, 3, 3],
      [32, 16, 3, 3],
      [64, 32, 3, 3],
      [10, 64],
      [512, 512],
    ];
    let prev = new Set<number>();
    for (const s of [0.95, 0.9, 0.8, 0.6, 0.4, 0.2]) {
      const dense = new Set(erkDensities(shapes, s).flatMap((x, i) => (x === 1 ? [i] : [])));
      for (const i of prev) expect(dense.has(i)).toBe(true);
      prev = dense;
    }
  });
  it('softens with power < 1 and honours forced-dense layers inside the budget', () => {
    const shapes = [
      [64, 16],
      [256, 256],
    ];
    const hard = erkDensities(shapes, 0.9);
    const soft = erkDensities(shapes, 0.9, { power: 0.5 });
    expect(soft[0]! / soft[1]!).toBeLessThan(hard[0]! / hard[1]!);
    expect(soft).toEqual(erkReference(shapes, 0.9, 0.5));
    const forced = erkDensities(shapes, 0.9, { dense: [0] });
    expect(forced[0]).toBe(1);
    expect(forced[1]).toBeCloseTo((0.1 * (1024 + 65536) - 1024) / 65536, 14);
  });
  it('rejects bad arguments', () => {
    expectCode(() => erkDensities([[4, 4]], 1), 'SPARSELAND__MASKS__OUT_OF_RANGE');
    expectCode(() => erkDensities([], 0.5), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    expectCode(() => erkDensities([[4, 0]], 0.5), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
    expectCode(() => erkDensities([[4, 4]], 0.5, { dense: [3] }), 'SPARSELAND__MASKS__OUT_OF_RANGE');
  });
});

describe('layerDensities', () => {
  const params = [
    { name: 'fc1.weight', shape: [256, 64] },
    { name: 'fc2.weight', shape: [256, 256] },
    { name: 'fc3.weight', shape: [10, 256] },
  ];
  const total = 256 * 64 + 256 * 256 + 10 * 256;
  it('uniform gives 1 − s everywhere; RigL first-layer-dense keeps the rest at s', () => {
    expect(Object.values(layerDensities(params, 0.8, 'uniform')).map((d) => d.toFixed(12))).toEqual([
      '0.200000000000',
      '0.200000000000',
      '0.200000000000',
    ]);
    expect(layerDensities(params, 0.8, { kind: 'uniform', firstLayerDense: true })).toEqual({
      'fc1.weight': 1,
      'fc2.weight': 1 - 0.8,
      'fc3.weight': 1 - 0.8,
    });
  });
  it('budgeted overrides keep the global total; verbatim ones do not (jaxpruner)', () => {
    const b = layerDensities(params, 0.8, { kind: 'uniform', overrides: { 'fc3.weight': 0 } });
    expect(b['fc3.weight']).toBe(1);
    const kept = b['fc1.weight']! * 256 * 64 + b['fc2.weight']! * 256 * 256 + 2560;
    expect(kept).toBeCloseTo(0.2 * total, 6);
    expect(b['fc1.weight']).toBeCloseTo(b['fc2.weight']!, 14);
    const v = layerDensities(params, 0.8, {
      kind: 'erk',
      overrides: { 'fc3.weight': 0 },
      customMode: 'verbatim',
    });
    expect(v['fc3.weight']).toBe(1);
    const keptV = v['fc1.weight']! * 256 * 64 + v['fc2.weight']! * 256 * 256;
    expect(keptV).toBeCloseTo(0.2 * (256 * 64 + 256 * 256), 6);
  });
  it('ER uses the first two dims only', () => {
    const d = layerDensities(
      [
        { name: 'a', shape: [16, 8, 3, 3] },
        { name: 'b', shape: [16, 8, 1, 1] },
      ],
      0.5,
      'er',
    );
    expect(d.a).toBeCloseTo(d.b!, 14);
  });
  it('refuses global (it needs scores), unknown names and overrides that leave no budget', () => {
    expectCode(
      () => layerDensities(params, 0.8, 'global'),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      'allocates from scores',
    );
    expectCode(
      () => layerDensities(params, 0.8, 'erkk' as never),
      'SPARSELAND__MASKS__UNKNOWN_NAME',
      'be a known distribution (uniform, erk, er, global); add one with registerDistribution()',
    );
    expectCode(
      () => layerDensities(params, 0.8, { kind: 'uniform', overrides: { 'fc9.weight': 0 } }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
    expectCode(
      () => layerDensities(params, 0.99, { kind: 'uniform', overrides: { 'fc2.weight': 0 } }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
    expectCode(
      () => layerDensities(params, 0.5, { kind: 'erk', power: -1 } as never),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
    expectCode(
      () => layerDensities(params, 0.5, { kind: 'erk', pow: 1 } as never),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
  });
});

describe('globalMask', () => {
  it('keeps the largest entries across tensors with one threshold', () => {
    const m = globalMask(
      {
        a: [
          [1, 2],
          [3, 4],
        ],
        b: [[10, 0.5]],
      },
      { sparsity: 0.5 },
    );
    expect(host(m.a!)).toEqual([0, 0, 1, 1]);
    expect(host(m.b!)).toEqual([1, 0]);
  });
  it('equals magnitude pruning of the concatenation, with exact counts', () => {
    const a = normals(300, 1);
    const b = normals(500, 2).map((x) => 3 * x);
    const m = globalMask(
      {
        a: tensor(a, { shape: [10, 30], dtype: 'float64' }),
        b: tensor(b, { shape: [20, 25], dtype: 'float64' }),
      },
      { sparsity: 0.9 },
    );
    const all = [...a, ...b].map(Math.abs);
    const k = keepCount(800, 0.9);
    // reference: each tensor keeps its top entry (no layer collapses), the rest by one global ranking
    const ref = new Array(800).fill(0);
    const argmax = (lo: number, hi: number) => {
      let best = lo;
      for (let i = lo; i < hi; i++) if (all[i]! > all[best]!) best = i;
      return best;
    };
    ref[argmax(0, 300)] = 1;
    ref[argmax(300, 800)] = 1;
    const order = all
      .map((v, i) => [v, i] as const)
      .filter(([, i]) => ref[i] === 0)
      .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    for (const [, i] of order.slice(0, k - 2)) ref[i] = 1;
    const ma = host(m.a!);
    const mb = host(m.b!);
    expect(count(ma) + count(mb)).toBe(k);
    expect([...ma, ...mb]).toEqual(ref);
    // b's larger scale takes most of the budget
    expect(count(mb)).toBeGreaterThan(count(ma));
  });
  it('normalises per tensor and caps per-layer sparsity', () => {
    const a = normals(100, 3).map((x) => x / 100);
    const b = normals(100, 4);
    const plain = globalMask({ a: tensor(a), b: tensor(b) }, { sparsity: 0.5 });
    expect(count(host(plain.a!))).toBeLessThan(5);
    const norm = globalMask({ a: tensor(a), b: tensor(b) }, { sparsity: 0.5, normalize: true });
    expect(Math.abs(count(host(norm.a!)) - 50)).toBeLessThan(15);
    const capped = globalMask({ a: tensor(a), b: tensor(b) }, { sparsity: 0.5, maxSparsity: 0.8 });
    expect(count(host(capped.a!))).toBe(20);
    expect(count(host(capped.a!)) + count(host(capped.b!))).toBe(100);
  });
  it('ranks units of structured patterns (channels) globally, and refuses N:M', () => {
    const m = globalMask(
      {
        a: [
          [1, 1],
          [5, 5],
        ],
        b: [
          [2, 2],
          [0, 0],
        ],
      },
      { sparsity: 0.5, pattern: { kind: 'channel' } },
    );
    expect(host(m.a!)).toEqual([0, 0, 1, 1]);
    expect(host(m.b!)).toEqual([1, 1, 0, 0]);
    expectCode(
      () => globalMask({ a: [[1, 2, 3, 4]] }, { sparsity: 0.5, pattern: { kind: 'nm', keep: 2, of: 4 } }),
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
    );
  });
});
