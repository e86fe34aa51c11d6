import { isSparselandError, SparselandError, tensor, tidy } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  Bitmap64Matrix,
  BsrMatrix,
  CooMatrix,
  CscMatrix,
  CsrMatrix,
  convert,
  fromDense,
  type KernelsErrorCode,
  NmMatrix,
  toDense,
  transpose,
  validate,
} from '../../src/index.js';

const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

/** [description, thunk, expected code, expected arg (substring)] */
type Case = [string, () => unknown, KernelsErrorCode | 'SPARSELAND__CORE__DISPOSED', string?];

const csr = { shape: [2, 3] as [number, number], rowPtr: [0, 1, 3], colIdx: [2, 0, 1], values: [1, 2, 3] };
const csc = { shape: [3, 2] as [number, number], colPtr: [0, 1, 3], rowIdx: [2, 0, 1], values: [1, 2, 3] };
const bsr = {
  shape: [3, 3] as [number, number],
  block: [2, 2] as [number, number],
  rowPtr: [0, 1, 1],
  colIdx: [1],
  values: [1, 0, 2, 0],
};
const nm = {
  shape: [1, 6] as [number, number],
  keep: 2,
  of: 4,
  values: [1, 2, 3, 0],
  positions: [0, 3, 1, 2],
};
const bm = {
  shape: [1, 3] as [number, number],
  axis: 'row' as const,
  bits: [0xa0000000, 0],
  tileOffset: [0, 2],
  values: [1, 2],
};

const cases: Case[] = [
  // CSR from arrays
  [
    'CSR: not an object',
    () => CsrMatrix.fromArrays(null as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'a',
  ],
  [
    'CSR: bad shape',
    () => CsrMatrix.fromArrays({ ...csr, shape: [2, -1] }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'shape',
  ],
  [
    'CSR: 3-D shape',
    () => CsrMatrix.fromArrays({ ...csr, shape: [1, 2, 3] as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'shape',
  ],
  [
    'CSR: index width 8',
    () => CsrMatrix.fromArrays({ ...csr, indexWidth: 8 as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'indexWidth',
  ],
  [
    'CSR: 16-bit indices past 65 536 columns',
    () => CsrMatrix.fromArrays({ shape: [1, 65537], rowPtr: [0, 0], colIdx: [], values: [], indexWidth: 16 }),
    'SPARSELAND__KERNELS__INDEX_WIDTH_INVALID',
    'indexWidth',
  ],
  [
    'CSR: fractional pointer',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: [0, 1.5, 3] }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'rowPtr[1]',
  ],
  [
    'CSR: pointers not an array',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: 3 as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'rowPtr',
  ],
  [
    'CSR: int32 values dtype',
    () => CsrMatrix.fromArrays({ ...csr, dtype: 'int32' as never }),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'dtype',
  ],
  [
    'CSR: a string value',
    () => CsrMatrix.fromArrays({ ...csr, values: [1, '2', 3] as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'values[1]',
  ],
  [
    'CSR: rowPtr too short',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: [0, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'rowPtr',
  ],
  [
    'CSR: rowPtr[0] ≠ 0',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: [1, 1, 3] }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'rowPtr[0]',
  ],
  [
    'CSR: decreasing rowPtr',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: [0, 3, 2] }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'rowPtr[2]',
  ],
  [
    'CSR: rowPtr does not end at nnz',
    () => CsrMatrix.fromArrays({ ...csr, rowPtr: [0, 1, 2] }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'rowPtr[2]',
  ],
  [
    'CSR: column ≥ cols',
    () => CsrMatrix.fromArrays({ ...csr, colIdx: [3, 0, 1] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'colIdx[0]',
  ],
  [
    'CSR: negative column',
    () => CsrMatrix.fromArrays({ ...csr, colIdx: [2, -1, 1] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'colIdx[1]',
  ],
  [
    'CSR: unsorted columns',
    () => CsrMatrix.fromArrays({ ...csr, colIdx: [2, 1, 0] }),
    'SPARSELAND__KERNELS__INDEX_UNSORTED',
    'colIdx[2]',
  ],
  [
    'CSR: duplicate column',
    () => CsrMatrix.fromArrays({ ...csr, colIdx: [2, 1, 1] }),
    'SPARSELAND__KERNELS__INDEX_UNSORTED',
    'colIdx[2]',
  ],
  [
    'CSR: values length',
    () => CsrMatrix.fromArrays({ ...csr, values: [1, 2] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  // CSR from tensors
  [
    'CSR tensors: not an object',
    () => CsrMatrix.fromTensors(undefined as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    't',
  ],
  [
    'CSR tensors: rowPtr not a tensor',
    () =>
      CsrMatrix.fromTensors({ shape: [1, 1], rowPtr: [0, 0] as never, colIdx: i32([]), values: tensor([]) }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'rowPtr',
  ],
  [
    'CSR tensors: float rowPtr',
    () =>
      CsrMatrix.fromTensors({ shape: [1, 1], rowPtr: tensor([0, 0]), colIdx: i32([]), values: tensor([]) }),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'rowPtr',
  ],
  [
    'CSR tensors: 2-D colIdx',
    () =>
      CsrMatrix.fromTensors({
        shape: [1, 1],
        rowPtr: i32([0, 1]),
        colIdx: tensor([[0]], { dtype: 'int32' }),
        values: tensor([1]),
      }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'colIdx',
  ],
  [
    'CSR tensors: int values',
    () => CsrMatrix.fromTensors({ shape: [1, 1], rowPtr: i32([0, 1]), colIdx: i32([0]), values: i32([1]) }),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'values',
  ],
  [
    'CSR tensors: 2-D values',
    () =>
      CsrMatrix.fromTensors({ shape: [1, 1], rowPtr: i32([0, 1]), colIdx: i32([0]), values: tensor([[1]]) }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'CSR tensors: packed colIdx length',
    () =>
      CsrMatrix.fromTensors({
        shape: [1, 4],
        rowPtr: i32([0, 3]),
        colIdx: i32([0, 1, 2]),
        values: tensor([1, 2, 3]),
        indexWidth: 16,
      }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'colIdx',
  ],
  [
    'CSR tensors: stray upper half (odd nnz)',
    () =>
      CsrMatrix.fromTensors({
        shape: [1, 4],
        rowPtr: i32([0, 1]),
        colIdx: i32([1 << 16]),
        values: tensor([1]),
        indexWidth: 16,
      }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'colIdx',
  ],
  [
    'CSR tensors: wrong rowOrder',
    () =>
      CsrMatrix.fromTensors({
        shape: [2, 2],
        rowPtr: i32([0, 1, 3]),
        colIdx: i32([0, 0, 1]),
        values: tensor([1, 2, 3]),
        rowOrder: i32([0, 1]),
      }),
    'SPARSELAND__KERNELS__ROW_ORDER_INVALID',
    'rowOrder',
  ],
  [
    'CSR tensors: disposed values',
    () => {
      const v = tensor([1]);
      v.dispose();
      return CsrMatrix.fromTensors({ shape: [1, 1], rowPtr: i32([0, 1]), colIdx: i32([0]), values: v });
    },
    'SPARSELAND__CORE__DISPOSED',
  ],
  // CSC
  [
    'CSC: colPtr length',
    () => CscMatrix.fromArrays({ ...csc, colPtr: [0, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'colPtr',
  ],
  [
    'CSC: row ≥ rows',
    () => CscMatrix.fromArrays({ ...csc, rowIdx: [3, 0, 1] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'rowIdx[0]',
  ],
  [
    'CSC: unsorted rows',
    () => CscMatrix.fromArrays({ ...csc, rowIdx: [2, 1, 0] }),
    'SPARSELAND__KERNELS__INDEX_UNSORTED',
    'rowIdx[2]',
  ],
  [
    'CSC: values length',
    () => CscMatrix.fromArrays({ ...csc, values: [1] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'CSC: 16-bit with rows > 65 536',
    () => CscMatrix.fromArrays({ shape: [70000, 1], colPtr: [0, 0], rowIdx: [], values: [], indexWidth: 16 }),
    'SPARSELAND__KERNELS__INDEX_WIDTH_INVALID',
    'indexWidth',
  ],
  [
    'CSC tensors: decreasing colPtr',
    () =>
      CscMatrix.fromTensors({ shape: [2, 2], colPtr: i32([0, 2, 1]), rowIdx: i32([0]), values: tensor([1]) }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'colPtr[2]',
  ],
  [
    'CSC tensors: packed length',
    () =>
      CscMatrix.fromTensors({
        shape: [2, 1],
        colPtr: i32([0, 2]),
        rowIdx: i32([0, 1]),
        values: tensor([1, 2]),
        indexWidth: 16,
      }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'rowIdx',
  ],
  // COO
  [
    'COO: col length',
    () => CooMatrix.fromArrays({ shape: [2, 2], row: [0, 1], col: [0], values: [1, 2] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'col',
  ],
  [
    'COO: values length',
    () => CooMatrix.fromArrays({ shape: [2, 2], row: [0], col: [0], values: [1, 2] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'COO: row out of range',
    () => CooMatrix.fromArrays({ shape: [2, 2], row: [2], col: [0], values: [1] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'row[0]',
  ],
  [
    'COO: col out of range',
    () => CooMatrix.fromArrays({ shape: [2, 2], row: [0, 1], col: [0, -1], values: [1, 1] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'col[1]',
  ],
  [
    'COO tensors: float row',
    () => CooMatrix.fromTensors({ shape: [2, 2], row: tensor([0]), col: i32([0]), values: tensor([1]) }),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'row',
  ],
  // BSR
  [
    'BSR: block 0',
    () => BsrMatrix.fromArrays({ ...bsr, block: [0, 2] }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'block[0]',
  ],
  [
    'BSR: block not a pair',
    () => BsrMatrix.fromArrays({ ...bsr, block: 2 as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'block',
  ],
  [
    'BSR: rowPtr length (block rows + 1)',
    () => BsrMatrix.fromArrays({ ...bsr, rowPtr: [0, 1] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'rowPtr',
  ],
  [
    'BSR: block column out of the grid',
    () => BsrMatrix.fromArrays({ ...bsr, colIdx: [2] }),
    'SPARSELAND__KERNELS__INDEX_OUT_OF_RANGE',
    'colIdx[0]',
  ],
  [
    'BSR: values length',
    () => BsrMatrix.fromArrays({ ...bsr, values: [1, 2, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'BSR: nonzero outside the shape',
    () => BsrMatrix.fromArrays({ ...bsr, values: [1, 5, 2, 0] }),
    'SPARSELAND__KERNELS__BLOCK_EDGE_NONZERO',
    'values[1]',
  ],
  [
    'BSR tensors: nonzero outside the shape',
    () =>
      BsrMatrix.fromTensors({
        ...bsr,
        rowPtr: i32([0, 0, 1]),
        colIdx: i32([0]),
        values: tensor([1, 2, 3, 0]),
      }),
    'SPARSELAND__KERNELS__BLOCK_EDGE_NONZERO',
    'values[2]',
  ],
  // N:M
  [
    'NM: keep > of',
    () => NmMatrix.fromArrays({ ...nm, keep: 5 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'keep',
  ],
  [
    'NM: keep 0',
    () => NmMatrix.fromArrays({ ...nm, keep: 0 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'keep',
  ],
  ['NM: of 0', () => NmMatrix.fromArrays({ ...nm, of: 0 }), 'SPARSELAND__KERNELS__INVALID_ARGUMENT', 'of'],
  [
    'NM: axis out',
    () => NmMatrix.fromArrays({ ...nm, axis: 'out' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'axis',
  ],
  [
    'NM: a "2:4" string is never accepted',
    () => fromDense([[1, 2]], '2:4' as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts',
  ],
  [
    'NM: both positions and meta',
    () => NmMatrix.fromArrays({ ...nm, meta: [0] }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'positions',
  ],
  [
    'NM: neither positions nor meta',
    () => NmMatrix.fromArrays({ ...nm, positions: undefined as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'positions',
  ],
  [
    'NM: positions length (group count)',
    () => NmMatrix.fromArrays({ ...nm, positions: [0, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'positions',
  ],
  [
    'NM: position ≥ of',
    () => NmMatrix.fromArrays({ ...nm, positions: [0, 4, 1, 2] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'positions[1]',
  ],
  [
    'NM: values length',
    () => NmMatrix.fromArrays({ ...nm, values: [1, 2, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'NM: positions not increasing',
    () => NmMatrix.fromArrays({ ...nm, positions: [3, 0, 1, 2] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'meta (row 0, group 0)',
  ],
  [
    'NM: duplicate position',
    () => NmMatrix.fromArrays({ ...nm, positions: [1, 1, 1, 2] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'meta (row 0, group 0)',
  ],
  [
    'NM: nonzero in the padding',
    () => NmMatrix.fromArrays({ ...nm, positions: [0, 3, 1, 2], values: [1, 2, 3, 4] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'values[3]',
  ],
  [
    'NM: meta length',
    () => NmMatrix.fromArrays({ ...nm, positions: undefined, meta: [0, 0] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'meta',
  ],
  [
    'NM: stray meta bits past the last position',
    () => NmMatrix.fromArrays({ ...nm, positions: undefined, meta: [0b1001_1100 | (1 << 20)] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'meta[0]',
  ],
  [
    'NM: position ≥ of in meta (of = 3)',
    () => NmMatrix.fromArrays({ shape: [1, 3], keep: 1, of: 3, values: [1], meta: [3] }),
    'SPARSELAND__KERNELS__NM_GROUP_INVALID',
    'meta (row 0, kept value 0)',
  ],
  [
    'NM: more than keep nonzeros without prune',
    () => fromDense([[1, 2, 3, 0]], { format: 'nm', keep: 2, of: 4 }),
    'SPARSELAND__KERNELS__NOT_REPRESENTABLE',
    'x',
  ],
  [
    'NM tensors: values shape',
    () => NmMatrix.fromTensors({ shape: [1, 4], keep: 1, of: 4, values: tensor([1]), meta: i32([0]) }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  // Bitmap64
  [
    'Bitmap: axis',
    () => Bitmap64Matrix.fromArrays({ ...bm, axis: 'diag' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'axis',
  ],
  [
    'Bitmap: pad 4',
    () => Bitmap64Matrix.fromArrays({ ...bm, pad: 4 as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'pad',
  ],
  [
    'Bitmap: bits length',
    () => Bitmap64Matrix.fromArrays({ ...bm, bits: [0xa0000000] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'bits',
  ],
  [
    'Bitmap: tileOffset length',
    () => Bitmap64Matrix.fromArrays({ ...bm, tileOffset: [0, 2, 2] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'tileOffset',
  ],
  [
    'Bitmap: tileOffset[0] ≠ 0',
    () => Bitmap64Matrix.fromArrays({ ...bm, tileOffset: [1, 2] }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'tileOffset[0]',
  ],
  [
    'Bitmap: offsets disagree with popcount',
    () => Bitmap64Matrix.fromArrays({ ...bm, tileOffset: [0, 3], values: [1, 2, 0] }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'tileOffset[1]',
  ],
  [
    'Bitmap: offsets not padded to 8',
    () => Bitmap64Matrix.fromArrays({ ...bm, pad: 8 }),
    'SPARSELAND__KERNELS__POINTER_INVALID',
    'tileOffset[1]',
  ],
  [
    'Bitmap: lane past the edge',
    () => Bitmap64Matrix.fromArrays({ ...bm, bits: [0xb0000000, 0], tileOffset: [0, 3], values: [1, 2, 3] }),
    'SPARSELAND__KERNELS__BITMAP_INVALID',
    'bits (tile 0)',
  ],
  [
    'Bitmap: lane ≥ 32 past the edge',
    () =>
      Bitmap64Matrix.fromArrays({
        shape: [1, 40],
        axis: 'row',
        bits: [0, 1],
        tileOffset: [0, 1],
        values: [1],
      }),
    'SPARSELAND__KERNELS__BITMAP_INVALID',
    'bits (tile 0)',
  ],
  [
    'Bitmap: nonzero padding slot',
    () => Bitmap64Matrix.fromArrays({ ...bm, pad: 8, tileOffset: [0, 8], values: [1, 2, 0, 0, 0, 0, 0, 9] }),
    'SPARSELAND__KERNELS__BITMAP_INVALID',
    'values[7]',
  ],
  [
    'Bitmap: values length',
    () => Bitmap64Matrix.fromArrays({ ...bm, values: [1, 2, 3] }),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  // generic entry points
  [
    'fromDense: unknown format',
    () => fromDense([[1]], { format: 'ell' } as never),
    'SPARSELAND__KERNELS__UNKNOWN_FORMAT',
    'opts.format',
  ],
  [
    'fromDense: no options',
    () => fromDense([[1]], undefined as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts',
  ],
  [
    'fromDense: 1-D input',
    () => fromDense([1, 2], { format: 'csr' }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'x',
  ],
  [
    'fromDense: int32 input',
    () => fromDense(tensor([[1]], { dtype: 'int32' }), { format: 'csr' }),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'x',
  ],
  [
    'fromDense: a string',
    () => fromDense('x' as never, { format: 'csr' }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'x',
  ],
  [
    'fromDense: mask shape',
    () => fromDense([[1, 2]], { format: 'csr', mask: [[1]] }),
    'SPARSELAND__KERNELS__SHAPE_MISMATCH',
    'mask',
  ],
  [
    'fromDense: bad BSR block',
    () => fromDense([[1]], { format: 'bsr', block: [1, 0] }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.block[1]',
  ],
  [
    'fromDense: BSR without block',
    () => fromDense([[1]], { format: 'bsr' } as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.block',
  ],
  [
    'fromDense: row group 0',
    () => fromDense([[1]], { format: 'rowGroup', g: 0 }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.g',
  ],
  [
    'fromDense: bitmap axis',
    () => fromDense([[1]], { format: 'bitmap64', axis: 'x' as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.axis',
  ],
  [
    'fromDense: bitmap pad',
    () => fromDense([[1]], { format: 'bitmap64', pad: 2 as never }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    'opts.pad',
  ],
  [
    'fromDense: 16-bit CSR past 65 536 columns',
    () =>
      fromDense(tensor(new Float32Array(65537), { shape: [1, 65537] }), { format: 'csr', indexWidth: 16 }),
    'SPARSELAND__KERNELS__INDEX_WIDTH_INVALID',
    'indexWidth',
  ],
  [
    'convert: not a matrix',
    () => convert({} as never, { format: 'csr' }),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    's',
  ],
  [
    'convert: unknown format',
    () => convert(fromDense([[1]], { format: 'csr' }), { format: 'dia' } as never),
    'SPARSELAND__KERNELS__UNKNOWN_FORMAT',
    'opts.format',
  ],
  [
    'toDense: disposed matrix',
    () => {
      const m = fromDense([[1]], { format: 'csr' });
      m.dispose();
      return toDense(m);
    },
    'SPARSELAND__KERNELS__DISPOSED',
    's',
  ],
  [
    'transpose: not a matrix',
    () => transpose(tensor([[1]]) as never),
    'SPARSELAND__KERNELS__INVALID_ARGUMENT',
    's',
  ],
  [
    'withValues: wrong length',
    () => fromDense([[1, 2]], { format: 'csr' }).withValues(tensor([1])),
    'SPARSELAND__KERNELS__LENGTH_MISMATCH',
    'values',
  ],
  [
    'withValues: int values',
    () => fromDense([[1]], { format: 'coo' }).withValues(i32([1])),
    'SPARSELAND__KERNELS__DTYPE_MISMATCH',
    'values',
  ],
];

describe('every invalid structure is rejected with the code of the broken invariant', () => {
  for (const [what, thunk, code, arg] of cases) {
    it(what, () => {
      tidy(() => {
        let error: unknown;
        try {
          thunk();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SparselandError);
        const e = error as SparselandError;
        expect(e.code).toBe(code);
        if (arg !== undefined) {
          expect(isSparselandError(e, code as KernelsErrorCode)).toBe(true);
          const ctx = e.context as { arg: string; fn: string };
          expect(ctx.arg).toBe(arg);
          expect(e.message).toContain(`argument '${arg}' must`);
        }
      });
    });
  }

  it('the valid fixtures themselves build (so each case breaks one invariant)', () => {
    tidy(() => {
      for (const m of [
        CsrMatrix.fromArrays(csr),
        CscMatrix.fromArrays(csc),
        BsrMatrix.fromArrays(bsr),
        NmMatrix.fromArrays(nm),
        Bitmap64Matrix.fromArrays(bm),
        Bitmap64Matrix.fromArrays({ ...bm, pad: 8, tileOffset: [0, 8], values: [1, 2, 0, 0, 0, 0, 0, 0] }),
        NmMatrix.fromArrays({ ...nm, positions: undefined, meta: [0b1001_1100] }),
      ]) {
        validate(m);
      }
      expect(toDense(NmMatrix.fromArrays(nm)).arraySync()).toEqual([[1, 0, 0, 2, 0, 3]]);
    });
  });

  it('validate() catches a COO that claims to be canonical but is not', () => {
    tidy(() => {
      const m = CooMatrix.fromArrays({ shape: [2, 2], row: [0, 1], col: [0, 1], values: [1, 2] });
      // swap the row tensor behind the matrix's back
      (m as unknown as { row: unknown }).row = i32([1, 0]);
      expect(() => validate(m)).toThrow(/canonical/);
    });
  });

  it('the error codes type-check through declaration merging', () => {
    try {
      CsrMatrix.fromArrays({ ...csr, colIdx: [2, 1, 0] });
    } catch (e) {
      if (isSparselandError(e, 'SPARSELAND__KERNELS__INDEX_UNSORTED')) {
        const arg: string = e.context.arg; // typed ArgumentContext
        expect(arg).toBe('colIdx[2]');
        return;
      }
    }
    expect.fail('no INDEX_UNSORTED error');
  });

  it('unknown codes do not type-check', () => {
    // @ts-expect-error not a declared code
    expect(isSparselandError(new Error('x'), 'SPARSELAND__KERNELS__NO_SUCH_CODE')).toBe(false);
  });
});
