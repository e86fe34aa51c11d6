/** @internal Reading a dense matrix (and an optional mask) into row-major entries. */
import { Tensor, type TensorLike, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { describe, isValueDType } from '../internal/checks.js';
import { readFloat } from '../internal/host.js';
import type { Entries } from './base.js';

/** A dense matrix read for conversion: its tensor, host values and the entries to store. */
export interface DenseSource {
  /** The dense `[rows, cols]` tensor values are gathered from (the caller's tensor when it passed one). */
  source: Tensor;
  /** Whether `source` was made here (the caller disposes it after gathering). */
  owned: boolean;
  /** Host copy of the values. */
  host: Float32Array | Float64Array;
  /** Entries where the mask is set (`x ≠ 0` without a mask), row-major. */
  entries: Entries;
}

/** Check and read a dense matrix argument. */
export function denseMatrix(x: TensorLike, fn: string, arg = 'x'): { t: Tensor; owned: boolean } {
  let t: Tensor;
  let owned = false;
  if (x instanceof Tensor) {
    x.assertLive(fn);
    t = x;
    if (!isValueDType(t.dtype)) {
      fail('SPARSELAND__KERNELS__DTYPE_MISMATCH', fn, arg, 'have dtype float32 or float64', t.dtype);
    }
  } else {
    if (!(Array.isArray(x) || ArrayBuffer.isView(x))) {
      fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, arg, 'be a 2-D tensor or nested arrays', describe(x));
    }
    t = tensor(x as Exclude<TensorLike, Tensor>, {
      dtype: x instanceof Float64Array ? 'float64' : 'float32',
    });
    owned = true;
  }
  if (t.rank !== 2) {
    if (owned) t.dispose();
    fail('SPARSELAND__KERNELS__SHAPE_MISMATCH', fn, arg, 'be a 2-D matrix', `shape [${t.shape.join(', ')}]`);
  }
  return { t, owned };
}

/** Read `x` and pick its stored entries: where `mask` is nonzero, else where `x ≠ 0` (NaN counts as nonzero). */
export function denseSource(x: TensorLike, mask: TensorLike | undefined, fn: string): DenseSource {
  const { t, owned } = denseMatrix(x, fn);
  const host = readFloat(t);
  let keep: ArrayLike<number | boolean> = host;
  if (mask !== undefined) {
    const m = maskTensor(mask, t, owned, fn);
    try {
      keep = m.t.dataSync();
    } finally {
      if (m.owned) m.t.dispose();
    }
  }
  return { source: t, owned, host, entries: pickEntries(t, keep) };
}

/**
 * {@link denseSource} for any backend: `x` (and the mask) are read with `await data()`, so it works where
 * `dataSync()` does not (`webgpu`). The caller disposes `source` when `owned` (it is made outside any `tidy`).
 */
export async function denseSourceAsync(
  x: TensorLike,
  mask: TensorLike | undefined,
  fn: string,
): Promise<DenseSource> {
  const { t, owned } = denseMatrix(x, fn);
  try {
    const host = (await t.data()) as Float32Array | Float64Array;
    let keep: ArrayLike<number | boolean> = host;
    if (mask !== undefined) {
      const m = maskTensor(mask, t, false, fn);
      try {
        keep = await m.t.data();
      } finally {
        if (m.owned) m.t.dispose();
      }
    }
    return { source: t, owned, host, entries: pickEntries(t, keep) };
  } catch (e) {
    if (owned && !t.isDisposed) t.dispose();
    throw e;
  }
}

/** The mask as a tensor of `t`'s shape (`owned`: made here, for the caller to free); throws on a shape mismatch. */
function maskTensor(mask: TensorLike, t: Tensor, ownedX: boolean, fn: string): { t: Tensor; owned: boolean } {
  const [rows, cols] = t.shape as [number, number];
  let m: Tensor;
  if (mask instanceof Tensor) {
    mask.assertLive(fn);
    m = mask;
  } else {
    m = tensor(mask as Exclude<TensorLike, Tensor>);
  }
  if (!(m.rank === 2 && m.shape[0] === rows && m.shape[1] === cols)) {
    const shape = `[${m.shape.join(', ')}]`;
    if (!(mask instanceof Tensor)) m.dispose();
    if (ownedX) t.dispose();
    fail('SPARSELAND__KERNELS__SHAPE_MISMATCH', fn, 'mask', `have x's shape [${rows}, ${cols}]`, shape);
  }
  return { t: m, owned: !(mask instanceof Tensor) };
}

/** The row-major entries of `t [rows, cols]` where `keep` is nonzero. */
function pickEntries(t: Tensor, keep: ArrayLike<number | boolean>): Entries {
  const [rows, cols] = t.shape as [number, number];
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] !== 0 && keep[i] !== false) n++;
  const row = new Int32Array(n);
  const col = new Int32Array(n);
  const src = new Int32Array(n);
  let p = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const v = keep[k];
      if (v !== 0 && v !== false) {
        row[p] = r;
        col[p] = c;
        src[p++] = k;
      }
    }
  }
  return { rows, cols, row, col, src };
}
