import type { TensorInfo } from '../../../backend/backend.js';
import { SparselandError } from '../../../errors/sparseland-error.js';
import { stridesOf } from '../../../internal/shape.js';
import type { DType } from '../../../tensor/dtype.js';
import type { WasmBackend } from '../wasm-backend.js';
import { f32Bits } from './tiles.js';

/** The kernels' code for float32. */
export const F32 = 0;
/** The kernels' code for int32. */
export const I32 = 1;
/** The kernels' code for uint8. */
export const U8 = 2;
/** The kernels' code for bool (bytes 0 and 1). */
export const BOOL = 3;

/** The kernels' code for a dtype; float64 never reaches the wasm backend. */
export function dtypeCode(d: DType, kernel: string): number {
  switch (d) {
    case 'float32':
      return F32;
    case 'int32':
      return I32;
    case 'uint8':
      return U8;
    case 'bool':
      return BOOL;
    default:
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn: kernel,
        arg: 'dtype',
        expected: "be a dtype backend 'wasm' supports (float32, int32, uint8, bool; float64 is cpu-only)",
        actual: d,
      });
  }
}

/** log2 of the element size: 2 for 4-byte dtypes, 0 for bytes. */
export function shiftOf(d: DType): number {
  return d === 'float32' || d === 'int32' ? 2 : 0;
}

/**
 * Drop size-1 axes and merge neighbouring axes that every operand walks contiguously (stride[i] ==
 * stride[i + 1] * shape[i + 1]), so kernels loop over as few axes as possible.
 */
export function coalesce(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let ax = 0; ax < shape.length; ax++) {
    const d = shape[ax]!;
    if (d === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, j) => s[ax]! * d === outStrides[j]![last]!)) {
      // axis `last` steps by exactly one whole run of this axis: merge
      outShape[last] = outShape[last]! * d;
      for (let j = 0; j < strides.length; j++) outStrides[j]![last] = strides[j]![ax]!;
    } else {
      outShape.push(d);
      for (let j = 0; j < strides.length; j++) outStrides[j]!.push(strides[j]![ax]!);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * `dst[sum(i * dstStrides)] = src[sum(i * srcStrides)]` over every index of `shape` (element strides,
 * addresses in bytes), through the kernels' N-d copy; 2-D (batched) transposes of 4-byte elements take the
 * blocked SIMD transpose.
 */
export function copyStrided(
  backend: WasmBackend,
  dst: number,
  src: number,
  shape: readonly number[],
  dstStrides: readonly number[],
  srcStrides: readonly number[],
  shift: number,
): void {
  if (shape.some((d) => d === 0)) return;
  const c = coalesce(shape, [dstStrides, srcStrides]);
  const rank = c.shape.length;
  const [sd, ss] = c.strides as [number[], number[]];
  if (shift === 2 && (rank === 2 || rank === 3)) {
    const b = rank === 3 ? c.shape[0]! : 1;
    const p = rank - 2;
    const rowsOut = c.shape[p]!;
    const colsOut = c.shape[p + 1]!;
    const plane = rowsOut * colsOut;
    const batchOk = rank === 2 || (sd[0] === plane && ss[0] === plane);
    if (batchOk && sd[p] === colsOut && sd[p + 1] === 1 && ss[p] === 1 && ss[p + 1] === rowsOut) {
      // out[r, c] = x[c, r] with x [colsOut, rowsOut]
      backend.k.transpose32(dst, src, b, colsOut, rowsOut);
      return;
    }
  }
  const args = backend.args([...c.shape, ...sd, ...ss, ...new Array<number>(rank).fill(0)]);
  backend.k.copy_nd(dst, src, args, rank, shift);
}

/** Contiguous copy of a tensor's data into a new buffer of the same shape and dtype. */
export function cloneInfo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const out = backend.output(x.shape, x.dtype);
  backend.copyWithin(out.dataId.ptr, backend.ptr(x), out.dataId.bytes);
  return out;
}

/** Row-major strides (re-exported for the kernel files). */
export { stridesOf };

/** The bit pattern a dtype stores for `value` (float32 rounding, ToInt32, ToUint8), as an int32. */
export function storedBits(value: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return f32Bits(value);
    case 'int32':
      return Int32Array.of(value)[0]!;
    default:
      return Uint8Array.of(value)[0]!;
  }
}
