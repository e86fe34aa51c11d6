/**
 * Element types, their storage, and the promotion rules between them.
 *
 * @module
 */

/**
 * Element type of a tensor.
 *
 * `float32`, `int32`, `uint8` and `bool` run on every backend. `float64` is a reference dtype
 * available on the `cpu` backend only: it exists for gradient checks and float64 estimators.
 */
export type DType = 'float32' | 'int32' | 'uint8' | 'bool' | 'float64';

/** The typed array that stores each dtype (`bool` is stored as 0/1 bytes). */
export interface DTypeStorage {
  /** 32-bit floats. */
  float32: Float32Array;
  /** 32-bit signed integers. */
  int32: Int32Array;
  /** Bytes. */
  uint8: Uint8Array;
  /** 0/1 bytes. */
  bool: Uint8Array;
  /** 64-bit floats (cpu only). */
  float64: Float64Array;
}

/** Any typed array a tensor can be stored in. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** Every dtype, in promotion order (later wins). */
export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };

/** Whether `d` names a dtype. */
export function isDType(d: unknown): d is DType {
  return typeof d === 'string' && d in RANK;
}

/** Whether `d` is a floating-point dtype. */
export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** Bytes per element of `d`. */
export function bytesPerElement(d: DType): number {
  return d === 'float64' ? 8 : d === 'float32' || d === 'int32' ? 4 : 1;
}

/** A zero-filled typed array for `size` elements of dtype `d`. */
export function allocate<D extends DType>(d: D, size: number): DTypeStorage[D] {
  switch (d) {
    case 'float32':
      return new Float32Array(size) as DTypeStorage[D];
    case 'float64':
      return new Float64Array(size) as DTypeStorage[D];
    case 'int32':
      return new Int32Array(size) as DTypeStorage[D];
    default:
      return new Uint8Array(size) as DTypeStorage[D];
  }
}

/** The wider of two dtypes (`bool < uint8 < int32 < float32 < float64`). */
export function promote(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Dtype of arithmetic results: `bool` operands compute in `int32`. */
export function arithmeticDType(a: DType, b: DType): DType {
  const d = promote(a, b);
  return d === 'bool' ? 'int32' : d;
}
