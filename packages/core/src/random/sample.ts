import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { checkShape, sizeOf } from '../internal/shape.js';
import { type TensorLike, toTensor } from '../ops/create.js';
import { allocate, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { Rng } from './rng.js';

/** Where random draws come from: a generator, or a seed for a fresh one. One of the two is required. */
export type RandomSource = FromRng | FromSeed;

/** Draw from an existing generator (advancing it). */
export interface FromRng {
  /** The generator to draw from. */
  rng: Rng;
  /** Not allowed together with `rng`. */
  seed?: never;
}

/** Draw from a fresh generator seeded with `seed`. */
export interface FromSeed {
  /** Seed of a fresh generator. */
  seed: number;
  /** Not allowed together with `seed`. */
  rng?: never;
}

function source(src: RandomSource | undefined, fn: string): Rng {
  if (src?.rng instanceof Rng) return src.rng;
  if (src !== undefined && typeof src.seed === 'number') return new Rng(src.seed);
  throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
    fn,
    arg: 'opts',
    expected: 'give an explicit { seed } or { rng } (random draws are always seeded)',
    actual: src === undefined ? 'undefined' : JSON.stringify(Object.keys(src)),
  });
}

function floatDType(d: DType | undefined, fn: string): DType {
  const dtype = d ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'dtype',
      expected: "be 'float32' or 'float64'",
      actual: dtype,
    });
  }
  return dtype;
}

/**
 * Uniform samples in `[low, high)`.
 *
 * @example
 * ```ts
 * const u = uniform([2, 3], { seed: 42, low: -1, high: 1 });
 * ```
 */
export function uniform(
  shape: readonly number[],
  opts: RandomSource & { low?: number; high?: number; dtype?: DType },
): Tensor {
  const s = checkShape(shape, 'random.uniform');
  const rng = source(opts, 'random.uniform');
  const low = opts.low ?? 0;
  const high = opts.high ?? 1;
  if (!(high >= low) || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'random.uniform',
      arg: 'low, high',
      expected: 'be finite with low <= high',
      actual: `low ${low}, high ${high}`,
    });
  }
  const dtype = floatDType(opts.dtype, 'random.uniform');
  const out = allocate(dtype, sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * rng.next();
  return engine.makeTensor(out, s, dtype, 'random.uniform');
}

/**
 * Normal samples with mean `mean` and standard deviation `std`.
 *
 * @example
 * ```ts
 * const z = normal([1000], { seed: 1 }); // mean ~ 0, std ~ 1
 * ```
 */
export function normal(
  shape: readonly number[],
  opts: RandomSource & { mean?: number; std?: number; dtype?: DType },
): Tensor {
  const s = checkShape(shape, 'random.normal');
  const rng = source(opts, 'random.normal');
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  if (!(std >= 0) || !Number.isFinite(mean) || !Number.isFinite(std)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'random.normal',
      arg: 'std',
      expected: 'be finite and >= 0 (with a finite mean)',
      actual: `mean ${mean}, std ${std}`,
    });
  }
  const dtype = floatDType(opts.dtype, 'random.normal');
  const out = allocate(dtype, sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.nextNormal();
  return engine.makeTensor(out, s, dtype, 'random.normal');
}

/**
 * Draw `numSamples` int32 class indices per row of `logits` (`[classes]` or `[batch, classes]`,
 * unnormalised log-probabilities), with replacement.
 *
 * @example
 * ```ts
 * categorical(tensor([[0, 0, 10]]), 5, { seed: 3 }).dataSync(); // mostly 2s
 * ```
 */
export function categorical(logits: TensorLike, numSamples: number, opts: RandomSource): Tensor {
  // its own scope: a tensor made from JavaScript logits is a temporary
  return engine.tidy(() => {
    const t = toTensor(logits, 'logits', 'random.categorical');
    if (t.rank !== 1 && t.rank !== 2) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'random.categorical',
        arg: 'logits',
        expected: 'have rank 1 or 2',
        actual: t.rank,
      });
    }
    if (!Number.isInteger(numSamples) || numSamples < 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'random.categorical',
        arg: 'numSamples',
        expected: 'be a non-negative integer',
        actual: numSamples,
      });
    }
    const rng = source(opts, 'random.categorical');
    const values = engine.readSync(t, 'random.categorical');
    const k = t.shape[t.rank - 1]!;
    const rows = t.rank === 1 ? 1 : t.shape[0]!;
    const out = new Int32Array(rows * numSamples);
    const cdf = new Float64Array(k);
    for (let r = 0; r < rows; r++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) max = Math.max(max, values[r * k + j]!);
      let total = 0;
      for (let j = 0; j < k; j++) {
        total += Math.exp(values[r * k + j]! - max);
        cdf[j] = total;
      }
      if (!(total > 0) || !Number.isFinite(total)) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn: 'random.categorical',
          arg: `logits (row ${r})`,
          expected: 'have at least one finite logit and no NaN or +Infinity',
          actual: Array.from(values.subarray(r * k, (r + 1) * k)).join(', '),
        });
      }
      for (let s = 0; s < numSamples; s++) {
        const u = rng.next() * total;
        let lo = 0;
        let hi = k - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        out[r * numSamples + s] = lo;
      }
    }
    return engine.makeTensor(
      out,
      t.rank === 1 ? [numSamples] : [rows, numSamples],
      'int32',
      'random.categorical',
    );
  });
}

/**
 * A random permutation of `0..n-1` (int32), by Fisher-Yates.
 *
 * @example
 * ```ts
 * permutation(5, { seed: 0 }).dataSync(); // e.g. Int32Array [3, 0, 4, 1, 2]
 * ```
 */
export function permutation(n: number, opts: RandomSource): Tensor {
  if (!Number.isInteger(n) || n < 0) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'random.permutation',
      arg: 'n',
      expected: 'be a non-negative integer',
      actual: n,
    });
  }
  const rng = source(opts, 'random.permutation');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return engine.makeTensor(out, [n], 'int32', 'random.permutation');
}
