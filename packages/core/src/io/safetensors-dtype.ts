/**
 * Safetensors element types: their sizes, the official writer's order, and the conversions between
 * their little-endian bytes and Sparseland's typed arrays.
 *
 * @module
 */

import { allocate, type DType, type TypedArray } from '../tensor/dtype.js';

/**
 * Every element type the safetensors format defines, spelled as in a header's `"dtype"` field.
 *
 * The list and its order follow the official `Dtype` enum (huggingface/safetensors:
 * safetensors/src/tensor.rs), whose order the official writer uses to sort tensors (descending).
 */
export type SafetensorsDType =
  | 'BOOL'
  | 'F4'
  | 'F6_E2M3'
  | 'F6_E3M2'
  | 'U8'
  | 'I8'
  | 'F8_E5M2'
  | 'F8_E4M3'
  | 'F8_E8M0'
  | 'F8_E4M3FNUZ'
  | 'F8_E5M2FNUZ'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'C64'
  | 'F64'
  | 'I64'
  | 'U64';

/** @internal Every safetensors dtype in the official enum order, with its size in bits. */
export const SAFETENSORS_DTYPE_BITS: ReadonlyMap<SafetensorsDType, number> = new Map<
  SafetensorsDType,
  number
>([
  ['BOOL', 8],
  ['F4', 4],
  ['F6_E2M3', 6],
  ['F6_E3M2', 6],
  ['U8', 8],
  ['I8', 8],
  ['F8_E5M2', 8],
  ['F8_E4M3', 8],
  ['F8_E8M0', 8],
  ['F8_E4M3FNUZ', 8],
  ['F8_E5M2FNUZ', 8],
  ['I16', 16],
  ['U16', 16],
  ['F16', 16],
  ['BF16', 16],
  ['I32', 32],
  ['U32', 32],
  ['F32', 32],
  ['C64', 64],
  ['F64', 64],
  ['I64', 64],
  ['U64', 64],
]);

const ORDER = new Map([...SAFETENSORS_DTYPE_BITS.keys()].map((d, i) => [d, i]));

/** @internal Position of `d` in the official enum (the writer sorts tensors by descending position). */
export function safetensorsDTypeRank(d: SafetensorsDType): number {
  return ORDER.get(d)!;
}

/** @internal Whether `d` is a dtype the format defines. */
export function isSafetensorsDType(d: unknown): d is SafetensorsDType {
  return typeof d === 'string' && SAFETENSORS_DTYPE_BITS.has(d as SafetensorsDType);
}

/** @internal The safetensors dtype each Sparseland dtype is written as. */
export const SAFETENSORS_DTYPE_OF: Readonly<Record<DType, SafetensorsDType>> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  uint8: 'U8',
  bool: 'BOOL',
};

type SourceKind = 'bool' | 'int' | 'float';

interface Decodable {
  kind: SourceKind;
  bytes: number;
  /** Lossless target used when the caller names none; absent where no Sparseland dtype holds every value. */
  target?: DType;
}

/** @internal The dtypes `decodeSafetensors` can read, with their default (lossless) Sparseland dtype. */
export const DECODABLE: ReadonlyMap<SafetensorsDType, Decodable> = new Map<SafetensorsDType, Decodable>([
  ['BOOL', { kind: 'bool', bytes: 1, target: 'bool' }],
  ['U8', { kind: 'int', bytes: 1, target: 'uint8' }],
  ['I8', { kind: 'int', bytes: 1, target: 'int32' }],
  ['I16', { kind: 'int', bytes: 2, target: 'int32' }],
  ['U16', { kind: 'int', bytes: 2, target: 'int32' }],
  ['I32', { kind: 'int', bytes: 4, target: 'int32' }],
  ['U32', { kind: 'int', bytes: 4 }],
  ['I64', { kind: 'int', bytes: 8 }],
  ['U64', { kind: 'int', bytes: 8 }],
  ['F16', { kind: 'float', bytes: 2, target: 'float32' }],
  ['BF16', { kind: 'float', bytes: 2, target: 'float32' }],
  ['F32', { kind: 'float', bytes: 4, target: 'float32' }],
  ['F64', { kind: 'float', bytes: 8, target: 'float64' }],
]);

/** @internal Whether `target` may hold values of `source` (floats never turn into integers or booleans). */
export function canConvert(source: SafetensorsDType, target: DType): boolean {
  const d = DECODABLE.get(source);
  if (d === undefined) return false;
  return d.kind !== 'float' || target === 'float32' || target === 'float64';
}

/** @internal Whether this machine stores typed arrays little-endian (then same-layout data is copied as bytes). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const SAME_LAYOUT: Partial<Record<SafetensorsDType, DType>> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  U8: 'uint8',
};

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** @internal IEEE 754 binary16 bits to the (exactly representable) number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** @internal bfloat16 bits to the (exactly representable) number: the upper half of a float32. */
export function bfloat16ToNumber(h: number): number {
  u32Scratch[0] = (h << 16) >>> 0;
  return f32Scratch[0]!;
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
};

/**
 * @internal Read `count` elements of `source` starting at `bytes[byteOffset]` (any alignment) into a
 * fresh typed array of `target`. Integer targets are range-checked (`fail` is called with the reason),
 * float targets round to nearest, `bool` targets take every non-zero value as true.
 *
 * @param littleEndianHost - When true and the layouts agree, the bytes are copied wholesale; tests pass
 *   false to exercise the element-wise `DataView` path that a big-endian host would take.
 */
export function readTensorData(
  bytes: Uint8Array,
  byteOffset: number,
  count: number,
  source: SafetensorsDType,
  target: DType,
  fail: (reason: string) => never,
  littleEndianHost = HOST_LITTLE_ENDIAN,
): TypedArray {
  const info = DECODABLE.get(source)!;
  const out = allocate(target, count);
  if (count === 0) return out;
  const byteLength = count * info.bytes;
  if (littleEndianHost && SAME_LAYOUT[source] === target) {
    // `out` is a fresh, aligned buffer, so an unaligned source offset is no problem here.
    new Uint8Array(out.buffer, out.byteOffset, byteLength).set(
      bytes.subarray(byteOffset, byteOffset + byteLength),
    );
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, byteLength);
  const range = INT_RANGE[target];
  const store = (i: number, v: number): void => {
    if (target === 'bool') out[i] = v !== 0 ? 1 : 0;
    else if (range !== undefined && (v < range[0] || v > range[1])) {
      fail(`value ${v} at flat index ${i} of ${source} data does not fit ${target}`);
    } else out[i] = v;
  };
  switch (source) {
    case 'BOOL':
    case 'U8':
      for (let i = 0; i < count; i++) store(i, view.getUint8(i));
      break;
    case 'I8':
      for (let i = 0; i < count; i++) store(i, view.getInt8(i));
      break;
    case 'I16':
      for (let i = 0; i < count; i++) store(i, view.getInt16(2 * i, true));
      break;
    case 'U16':
      for (let i = 0; i < count; i++) store(i, view.getUint16(2 * i, true));
      break;
    case 'I32':
      for (let i = 0; i < count; i++) store(i, view.getInt32(4 * i, true));
      break;
    case 'U32':
      for (let i = 0; i < count; i++) store(i, view.getUint32(4 * i, true));
      break;
    case 'I64':
    case 'U64':
      for (let i = 0; i < count; i++) {
        const big = source === 'I64' ? view.getBigInt64(8 * i, true) : view.getBigUint64(8 * i, true);
        if (range !== undefined && (big < BigInt(range[0]) || big > BigInt(range[1]))) {
          fail(`value ${big} at flat index ${i} of ${source} data does not fit ${target}`);
        }
        store(i, target === 'bool' ? (big === 0n ? 0 : 1) : Number(big));
      }
      break;
    case 'F16':
      for (let i = 0; i < count; i++) store(i, halfToNumber(view.getUint16(2 * i, true)));
      break;
    case 'BF16':
      for (let i = 0; i < count; i++) store(i, bfloat16ToNumber(view.getUint16(2 * i, true)));
      break;
    case 'F32':
      for (let i = 0; i < count; i++) store(i, view.getFloat32(4 * i, true));
      break;
    case 'F64':
      for (let i = 0; i < count; i++) store(i, view.getFloat64(8 * i, true));
      break;
    default:
      fail(`dtype '${source}' cannot be decoded`);
  }
  return out;
}

/**
 * @internal Write the values of a tensor of `dtype` as little-endian bytes at `out[pos]`.
 *
 * @param littleEndianHost - As in {@link readTensorData}.
 */
export function writeTensorData(
  out: Uint8Array,
  pos: number,
  values: TypedArray,
  dtype: DType,
  littleEndianHost = HOST_LITTLE_ENDIAN,
): void {
  if (littleEndianHost && dtype !== 'bool') {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), pos);
    return;
  }
  const n = values.length;
  const view = new DataView(
    out.buffer,
    out.byteOffset + pos,
    n * (dtype === 'float64' ? 8 : dtype === 'bool' || dtype === 'uint8' ? 1 : 4),
  );
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    switch (dtype) {
      case 'float32':
        view.setFloat32(4 * i, v, true);
        break;
      case 'float64':
        view.setFloat64(8 * i, v, true);
        break;
      case 'int32':
        view.setInt32(4 * i, v, true);
        break;
      case 'uint8':
        view.setUint8(i, v);
        break;
      default:
        view.setUint8(i, v !== 0 ? 1 : 0);
    }
  }
}
