import { describe, expect, it } from 'vitest';
import { isSparselandError, nn, type Tensor, tensor, valueAndGrad, variable } from '../../src/index.js';
import { maxAbsDiff, numericGrad } from './reference.js';

const LOGITS = [
  [2, -1, 0.5, 0],
  [-3, 4, 1, 1],
  [0.1, 0.2, 0.3, 0.4],
];
const LABELS = [0, 3, 2];

/** Per-row cross-entropy in float64 from the definition: -sum_c t_c (x_c - log sum_k exp x_k). */
function ceRef(logits: number[][], targets: number[][], eps = 0): number[] {
  return logits.map((row, n) => {
    const c = row.length;
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
    return -row.reduce((a, v, j) => a + ((1 - eps) * targets[n]![j]! + eps / c) * (v - lse), 0);
  });
}

function oneHotRef(labels: number[], c: number): number[][] {
  return labels.map((l) => Array.from({ length: c }, (_, j) => (j === l ? 1 : 0)));
}

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isSparselandError(e) ? e.code : `not a SparselandError: ${String(e)}`;
  }
  return undefined;
}

describe('crossEntropyWithLogits', () => {
  it('matches the float64 formula for int32 labels, every reduction', () => {
    const per = ceRef(LOGITS, oneHotRef(LABELS, 4));
    const x = f64(LOGITS);
    const y = i32(LABELS);
    expect(maxAbsDiff(nn.crossEntropyWithLogits(x, y, { reduction: 'none' }).dataSync(), per)).toBeLessThan(
      1e-14,
    );
    const total = per.reduce((a, v) => a + v, 0);
    expect(nn.crossEntropyWithLogits(x, y, { reduction: 'sum' }).dataSync()[0]).toBeCloseTo(total, 13);
    const mean = nn.crossEntropyWithLogits(x, y);
    expect(mean.shape).toEqual([]);
    expect(mean.dataSync()[0]).toBeCloseTo(total / 3, 13);
    // the doc example, in float32
    expect(
      nn
        .crossEntropyWithLogits(
          tensor([
            [2, 0],
            [0, 2],
          ]),
          i32([0, 1]),
        )
        .dataSync()[0],
    ).toBeCloseTo(Math.log1p(Math.exp(-2)), 6);
  });

  it('is stable for huge logits', () => {
    const loss = nn.crossEntropyWithLogits(
      tensor([
        [1000, 0],
        [-1000, 1000],
      ]),
      i32([1, 1]),
      { reduction: 'none' },
    );
    expect(Array.from(loss.dataSync(), (v) => v + 0)).toEqual([1000, 0]); // + 0 folds -0
  });

  it('accepts one-hot and probability targets, and label smoothing', () => {
    const probs = [
      [0.7, 0.1, 0.1, 0.1],
      [0, 0, 0.5, 0.5],
      [0.25, 0.25, 0.25, 0.25],
    ];
    const x = f64(LOGITS);
    expect(
      maxAbsDiff(
        nn.crossEntropyWithLogits(x, f64(probs), { reduction: 'none' }).dataSync(),
        ceRef(LOGITS, probs),
      ),
    ).toBeLessThan(1e-14);
    expect(nn.crossEntropyWithLogits(x, f64(oneHotRef(LABELS, 4))).dataSync()[0]).toBeCloseTo(
      nn.crossEntropyWithLogits(x, i32(LABELS)).dataSync()[0]!,
      14,
    );
    const smooth = nn.crossEntropyWithLogits(x, i32(LABELS), { labelSmoothing: 0.1, reduction: 'none' });
    expect(maxAbsDiff(smooth.dataSync(), ceRef(LOGITS, oneHotRef(LABELS, 4), 0.1))).toBeLessThan(1e-14);
    const smoothProbs = nn.crossEntropyWithLogits(x, f64(probs), { labelSmoothing: 0.3, reduction: 'none' });
    expect(maxAbsDiff(smoothProbs.dataSync(), ceRef(LOGITS, probs, 0.3))).toBeLessThan(1e-14);
  });

  it('gradients match central differences (int labels, smoothing, probabilities)', () => {
    const probs = [
      [0.7, 0.1, 0.1, 0.1],
      [0, 0, 0.5, 0.5],
      [0.25, 0.25, 0.25, 0.25],
    ];
    const cases: [string, Tensor, number[][], nn.CrossEntropyOptions][] = [
      ['int labels, mean', i32(LABELS), oneHotRef(LABELS, 4), {}],
      [
        'int labels, sum, smoothing',
        i32(LABELS),
        oneHotRef(LABELS, 4),
        { reduction: 'sum', labelSmoothing: 0.2 },
      ],
      ['probabilities, mean', f64(probs), probs, {}],
    ];
    for (const [name, labels, targets, opts] of cases) {
      const w = variable(f64(LOGITS));
      const { grads } = valueAndGrad((p: Tensor) => nn.crossEntropyWithLogits(p, labels, opts))(w);
      const eps = opts.labelSmoothing ?? 0;
      const f = (flat: Float64Array) => {
        const lg = [0, 1, 2].map((r) => Array.from(flat.subarray(r * 4, r * 4 + 4)));
        const per = ceRef(lg, targets, eps);
        const s = per.reduce((a, v) => a + v, 0);
        return opts.reduction === 'sum' ? s : s / per.length;
      };
      const num = numericGrad(f, LOGITS.flat());
      expect(maxAbsDiff(grads.dataSync(), num), name).toBeLessThan(1e-8);
      w.dispose();
    }
  });

  it('validates shapes, dtypes, label range and options', () => {
    const x = tensor(LOGITS);
    expect(codeOf(() => nn.crossEntropyWithLogits(tensor([1, 2]), i32([0])))).toBe(
      'SPARSELAND__CORE__SHAPE_MISMATCH',
    );
    expect(codeOf(() => nn.crossEntropyWithLogits(x, i32([0, 1])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(codeOf(() => nn.crossEntropyWithLogits(x, i32([0, 1, 4])))).toBe('SPARSELAND__CORE__OUT_OF_RANGE');
    expect(codeOf(() => nn.crossEntropyWithLogits(x, i32([0, -1, 2])))).toBe(
      'SPARSELAND__CORE__OUT_OF_RANGE',
    );
    expect(codeOf(() => nn.crossEntropyWithLogits(x, tensor([[1, 0, 0, 0]])))).toBe(
      'SPARSELAND__CORE__SHAPE_MISMATCH',
    );
    expect(codeOf(() => nn.crossEntropyWithLogits(x, f64(LOGITS)))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    expect(codeOf(() => nn.crossEntropyWithLogits(x, tensor([true, false, true])))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
    expect(codeOf(() => nn.crossEntropyWithLogits(tensor([[1, 2]], { dtype: 'int32' }), i32([0])))).toBe(
      'SPARSELAND__CORE__DTYPE_MISMATCH',
    );
    expect(codeOf(() => nn.crossEntropyWithLogits(x, i32(LABELS), { labelSmoothing: 1.5 }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(
      codeOf(() => nn.crossEntropyWithLogits(x, i32(LABELS), { reduction: 'max' as nn.Reduction })),
    ).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    try {
      nn.crossEntropyWithLogits(x, i32([0, 1, 4]));
    } catch (e) {
      expect((e as Error).message).toBe(
        "crossEntropyWithLogits: argument 'labels[2]' must be a class index in [0, 4); got 4.",
      );
    }
  });
});

describe('mse', () => {
  it('matches the formula for every reduction, and its gradient is 2 (p - t) / n', () => {
    const p = [1, 2.5, -3, 0];
    const t = [0.5, 2, 1, 0];
    const sq = p.map((v, i) => (v - t[i]!) ** 2);
    expect(maxAbsDiff(nn.mse(f64(p), f64(t), { reduction: 'none' }).dataSync(), sq)).toBe(0);
    expect(nn.mse(f64(p), f64(t), { reduction: 'sum' }).dataSync()[0]).toBeCloseTo(16.5, 14);
    expect(nn.mse(f64(p), f64(t)).dataSync()[0]).toBeCloseTo(16.5 / 4, 14);
    const w = variable(f64(p));
    const { grads } = valueAndGrad((q: Tensor) => nn.mse(q, f64(t)))(w);
    expect(
      maxAbsDiff(
        grads.dataSync(),
        p.map((v, i) => (2 * (v - t[i]!)) / 4),
      ),
    ).toBeLessThan(1e-15);
    w.dispose();
  });

  it('validates shapes and dtypes (no broadcasting)', () => {
    expect(codeOf(() => nn.mse(tensor([1, 2]), tensor([1])))).toBe('SPARSELAND__CORE__SHAPE_MISMATCH');
    expect(codeOf(() => nn.mse(tensor([1, 2]), f64([1, 2])))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    expect(codeOf(() => nn.mse(i32([1, 2]), i32([1, 2])))).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
  });
});
