/** @internal Invariants shared by CSR and CSC (spec §2.2): pointers, index bounds, sortedness, index width. */
import { fail } from '../errors.js';
import { MAX_INDEX16_EXTENT } from '../internal/index-width.js';
import type { IndexWidth } from '../kernel-names.js';

/** Argument names of one compressed layout. */
export interface CompressedNames {
  /** Pointer array, e.g. `'rowPtr'`. */
  ptr: string;
  /** Index array, e.g. `'colIdx'`. */
  idx: string;
  /** What a major slice is called, e.g. `'row'`. */
  major: string;
}

/** Check pointers, index bounds and strictly increasing indices per major slice. */
export function checkCompressed(
  fn: string,
  names: CompressedNames,
  major: number,
  minor: number,
  ptr: Int32Array,
  idx: Int32Array,
): void {
  if (ptr.length !== major + 1) {
    fail(
      'SPARSELAND__KERNELS__LENGTH_MISMATCH',
      fn,
      names.ptr,
      `have length ${major + 1} (${names.major}s + 1)`,
      `length ${ptr.length}`,
    );
  }
  if (ptr[0] !== 0) fail('SPARSELAND__KERNELS__POINTER_INVALID', fn, `${names.ptr}[0]`, 'be 0', ptr[0]!);
  for (let i = 0; i < major; i++) {
    if (ptr[i + 1]! < ptr[i]!) {
      fail(
        'SPARSELAND__KERNELS__POINTER_INVALID',
        fn,
        `${names.ptr}[${i + 1}]`,
        `be ≥ ${names.ptr}[${i}] = ${ptr[i]} (pointers never decrease)`,
        ptr[i + 1]!,
      );
    }
  }
  if (ptr[major] !== idx.length) {
    fail(
      'SPARSELAND__KERNELS__POINTER_INVALID',
      fn,
      `${names.ptr}[${major}]`,
      `equal nnz = ${idx.length} (the length of ${names.idx})`,
      ptr[major]!,
    );
  }
  for (let i = 0; i < major; i++) {
    const end = ptr[i + 1]!;
    for (let p = ptr[i]!; p < end; p++) {
      const j = idx[p]!;
      if (j < 0 || j >= minor) {
        fail('SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE', fn, `${names.idx}[${p}]`, `lie in [0, ${minor})`, j);
      }
      if (p > ptr[i]! && j <= idx[p - 1]!) {
        fail(
          'SPARSELAND__KERNELS__INDEX_UNSORTED',
          fn,
          `${names.idx}[${p}]`,
          `be > ${names.idx}[${p - 1}] = ${idx[p - 1]} (strictly increasing within ${names.major} ${i})`,
          j,
        );
      }
    }
  }
}

/** Check that `width` is 32 or 16, and 16 only for extents up to 65 536. */
export function checkIndexWidth(width: unknown, extent: number, fn: string, what: string): IndexWidth {
  if (width !== 32 && width !== 16) {
    fail('SPARSELAND__KERNELS__INVALID_ARGUMENT', fn, 'indexWidth', 'be 32 or 16', String(width));
  }
  if (width === 16 && extent > MAX_INDEX16_EXTENT) {
    fail(
      'SPARSELAND__KERNELS__INDEX_WIDTH_INVALID',
      fn,
      'indexWidth',
      `be 32 when ${what} exceeds 65536 (16-bit indices address at most 65536)`,
      `16 with ${what} = ${extent}`,
    );
  }
  return width;
}

/** Rows sorted by length, descending, ties by index (Sputnik's row swizzle). */
export function rowOrderOf(ptr: Int32Array, major: number): Int32Array {
  const order = Int32Array.from({ length: major }, (_, i) => i);
  const len = (i: number) => ptr[i + 1]! - ptr[i]!;
  return order.sort((a, b) => len(b) - len(a) || a - b);
}
