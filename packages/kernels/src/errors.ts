/**
 * Error codes of `@sparseland/kernels`, added to core's {@link SparselandErrorContexts} by declaration
 * merging, and the helper that throws them.
 *
 * Every code carries an {@link ArgumentContext} (`fn`, `arg`, `expected`, `actual`), so messages read
 * "fn: argument 'arg' must <expected>; got <actual>.". Codes are append-only.
 *
 * @module
 */
import { type ArgumentContext, SparselandError } from '@sparseland/core';

declare module '@sparseland/core' {
  interface SparselandErrorContexts {
    /** An option or argument has an invalid value (e.g. `keep > of`, a block of 0, an unknown activation). */
    SPARSELAND__KERNELS__INVALID_ARGUMENT: ArgumentContext;
    /** A dense operand's shape does not fit the sparse matrix (inner dimensions, bias length, ...). */
    SPARSELAND__KERNELS__SHAPE_MISMATCH: ArgumentContext;
    /** Values or a dense operand have a dtype the op does not accept, or dtypes differ. */
    SPARSELAND__KERNELS__DTYPE_MISMATCH: ArgumentContext;
    /** A structure array has the wrong length for the shape or nnz. */
    SPARSELAND__KERNELS__LENGTH_MISMATCH: ArgumentContext;
    /** A pointer array (`rowPtr`, `colPtr`, `tileOffset`) does not start at 0, decreases, or does not end at the count. */
    SPARSELAND__KERNELS__POINTER_INVALID: ArgumentContext;
    /** An index lies outside its extent. */
    SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE: ArgumentContext;
    /** Indices that must strictly increase do not (unsorted or duplicated). */
    SPARSELAND__KERNELS__INDEX_UNSORTED: ArgumentContext;
    /** 16-bit indices were requested for an extent above 65 536. */
    SPARSELAND__KERNELS__INDEX_WIDTH_INVALID: ArgumentContext;
    /** A BSR edge block holds a nonzero outside the matrix shape. */
    SPARSELAND__KERNELS__BLOCK_EDGE_NONZERO: ArgumentContext;
    /** N:M metadata is malformed: positions out of the group, not increasing, stray bits, or a nonzero in padding. */
    SPARSELAND__KERNELS__NM_GROUP_INVALID: ArgumentContext;
    /** Bitmap64 tiles are malformed: bits past the edge, offsets that disagree with the popcount, nonzero padding. */
    SPARSELAND__KERNELS__BITMAP_INVALID: ArgumentContext;
    /** `rowOrder` is not the rows sorted by length (descending, ties by index). */
    SPARSELAND__KERNELS__ROW_ORDER_INVALID: ArgumentContext;
    /** The target format cannot hold the entries exactly (e.g. more than N nonzeros in an N:M group) and pruning was not requested. */
    SPARSELAND__KERNELS__NOT_REPRESENTABLE: ArgumentContext;
    /** A format name is unknown. */
    SPARSELAND__KERNELS__UNKNOWN_FORMAT: ArgumentContext;
    /** A sparse matrix was used after `dispose()` (or after a `tidy` that did not keep it). */
    SPARSELAND__KERNELS__DISPOSED: ArgumentContext;
  }
}

/** Every error code of `@sparseland/kernels`. */
export type KernelsErrorCode =
  | 'SPARSELAND__KERNELS__INVALID_ARGUMENT'
  | 'SPARSELAND__KERNELS__SHAPE_MISMATCH'
  | 'SPARSELAND__KERNELS__DTYPE_MISMATCH'
  | 'SPARSELAND__KERNELS__LENGTH_MISMATCH'
  | 'SPARSELAND__KERNELS__POINTER_INVALID'
  | 'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE'
  | 'SPARSELAND__KERNELS__INDEX_UNSORTED'
  | 'SPARSELAND__KERNELS__INDEX_WIDTH_INVALID'
  | 'SPARSELAND__KERNELS__BLOCK_EDGE_NONZERO'
  | 'SPARSELAND__KERNELS__NM_GROUP_INVALID'
  | 'SPARSELAND__KERNELS__BITMAP_INVALID'
  | 'SPARSELAND__KERNELS__ROW_ORDER_INVALID'
  | 'SPARSELAND__KERNELS__NOT_REPRESENTABLE'
  | 'SPARSELAND__KERNELS__UNKNOWN_FORMAT'
  | 'SPARSELAND__KERNELS__DISPOSED';

/** @internal Throw a kernels error with an argument context. */
export function fail(
  code: KernelsErrorCode,
  fn: string,
  arg: string,
  expected: string,
  actual: string | number | boolean | null,
): never {
  throw new SparselandError(code, { fn, arg, expected, actual });
}
