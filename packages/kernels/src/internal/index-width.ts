/** 16-bit index packing: two indices per int32 element, low half first (spec §1). */
import type { IndexWidth } from '../kernel-names.js';

/** Largest extent 16-bit indices may address. */
export const MAX_INDEX16_EXTENT = 65536;

/** Number of int32 elements that hold `n` indices of `width` bits. */
export function packedLength(n: number, width: IndexWidth): number {
  return width === 16 ? Math.ceil(n / 2) : n;
}

/** Pack indices (each < 65 536) two per int32, low half first. */
export function pack16(indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(packedLength(indices.length, 16));
  const view = new Uint16Array(out.buffer);
  for (let i = 0; i < indices.length; i++) view[i] = indices[i]!;
  return out;
}

/** The stored indices as a typed array to read: the array itself (32) or a `Uint16Array` view (16). */
export function indexView(stored: Int32Array, width: IndexWidth, n: number): Int32Array | Uint16Array {
  return width === 16 ? new Uint16Array(stored.buffer, stored.byteOffset, n) : stored;
}

/** The indices decoded into a fresh `Int32Array` of length `n`. */
export function unpackIndices(stored: Int32Array, width: IndexWidth, n: number): Int32Array {
  return width === 16 ? Int32Array.from(indexView(stored, 16, n)) : stored.slice(0, n);
}
