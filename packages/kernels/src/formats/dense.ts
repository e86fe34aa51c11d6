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
  const [rows, cols] = t.shape as [number, number];
  const host = readFloat(t);
  let keep: ArrayLike<number | boolean> = host;
  if (mask !== undefined) {
    let m: Tensor;
    if (mask instanceof Tensor) {
      mask.assertLive(fn);
      m = mask;
    } else {
      m = tensor(mask as Exclude<TensorLike, Tensor>);
    }
    const same = m.rank === 2 && m.shape[0] === rows && m.shape[1] === cols;
    const mv = same ? m.dataSync() : undefined;
    const shape = `[${m.shape.join(', ')}]`;
    if (!(mask instanceof Tensor)) m.dispose();
    if (mv === undefined) {
      if (owned) t.dispose();
      fail('SPARSELAND__KERNELS__SHAPE_MISMATCH', fn, 'mask', `have x's shape [${rows}, ${cols}]`, shape);
    }
    keep = mv;
  }
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
  return { source: t, owned, host, entries: { rows, cols, row, col, src } };
}
