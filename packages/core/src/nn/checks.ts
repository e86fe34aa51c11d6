import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape } from '../internal/shape.js';
import { Rng } from '../random/rng.js';
import type { RandomSource } from '../random/sample.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Float dtypes a layer's parameters may have. */
export type ParamDType = 'float32' | 'float64';

/** Options every randomly initialised layer takes: an explicit random source and the parameter dtype. */
export type InitOptions = RandomSource & {
  /** Parameter dtype. Default `'float32'` (`'float64'` is cpu-only, for reference checks). */
  dtype?: ParamDType;
};

/** @internal The generator of `{ rng }`, or a fresh one from `{ seed }`; INVALID_ARGUMENT when neither. */
export function resolveRng(opts: unknown, fn: string): Rng {
  const o = opts as { rng?: unknown; seed?: unknown } | undefined;
  if (o !== null && typeof o === 'object') {
    if (o.rng instanceof Rng) return o.rng;
    if (o.rng === undefined && typeof o.seed === 'number') return new Rng(o.seed);
  }
  throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
    fn,
    arg: 'opts',
    expected: 'give an explicit { seed } or { rng } (parameter initialisation is always seeded)',
    actual: o === null || typeof o !== 'object' ? String(o) : `keys ${JSON.stringify(Object.keys(o))}`,
  });
}

/** @internal The parameter dtype option, `'float32'` by default. */
export function resolveDType(dtype: unknown, fn: string): ParamDType {
  const d = dtype ?? 'float32';
  if (d !== 'float32' && d !== 'float64') {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'dtype',
      expected: "be 'float32' or 'float64'",
      actual: String(d),
    });
  }
  return d;
}

/** @internal A size: an integer `>= min`. */
export function checkSize(value: unknown, fn: string, arg: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: `be an integer >= ${min}`,
      actual: typeof value === 'number' ? value : String(value),
    });
  }
  return value;
}

/** @internal A finite positive number (e.g. `eps`). */
export function checkPositive(value: unknown, fn: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a finite number > 0',
      actual: typeof value === 'number' ? value : String(value),
    });
  }
  return value;
}

/** @internal A boolean option. */
export function checkBool(value: unknown, fn: string, arg: string): boolean {
  if (typeof value !== 'boolean') {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a boolean',
      actual: String(value),
    });
  }
  return value;
}

/**
 * @internal Check a layer input: a live tensor of the layer's float dtype, with rank in `ranks` (any rank
 * >= 1 when omitted) and last axis `lastDim`.
 */
export function checkInput(
  x: unknown,
  fn: string,
  arg: string,
  want: { dtype: string; lastDim: number; rank?: number; layout?: string; what?: string },
): Tensor {
  if (!(x instanceof Tensor)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg,
      expected: 'be a Tensor',
      actual: x === null ? 'null' : typeof x,
    });
  }
  x.assertLive(fn);
  if (want.rank !== undefined ? x.rank !== want.rank : x.rank < 1) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg,
      expected:
        want.rank === undefined
          ? 'have rank >= 1'
          : `have rank ${want.rank}${want.layout === undefined ? '' : ` (${want.layout})`}`,
      actual: fmtShape(x.shape),
    });
  }
  if (x.shape[x.rank - 1] !== want.lastDim) {
    throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
      fn,
      arg,
      expected: `have last dimension ${want.lastDim}${want.what === undefined ? '' : ` (${want.what})`}`,
      actual: fmtShape(x.shape),
    });
  }
  if (x.dtype !== want.dtype) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg,
      expected: `have the layer's dtype ${want.dtype}`,
      actual: x.dtype,
    });
  }
  return x;
}

/** @internal Values of `t` when its backend reads synchronously; `undefined` on GPU backends. */
export function readIfSync(t: Tensor, fn: string): TypedArray | undefined {
  try {
    return engine.readSync(t, fn);
  } catch (e) {
    if (e instanceof SparselandError && e.code === 'SPARSELAND__CORE__SYNC_UNSUPPORTED') return undefined;
    throw e;
  }
}
