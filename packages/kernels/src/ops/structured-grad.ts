/**
 * Gradients of the structured products (BSR, N:M, Bitmap64 `A` times dense `B`).
 *
 * Each format runs its own forward kernel; the backward pass runs on the CSR pattern of `A`'s stored
 * slots, built from the host structure only when a gradient is asked for: `dB = Aᵀ·dC` (a transposed SpMM)
 * and `dvalues = SDDMM(dC, B)` at the stored slots, scattered back into the format's value layout (slots
 * outside the shape, N:M padding and Bitmap64 padding get 0).
 *
 * @module
 */
import { customGrad, gather, reshape, scatterAdd, type Tensor, zeros } from '@sparseland/core';
import { type Entries, TRUSTED } from '../formats/base.js';
import { Bitmap64Matrix } from '../formats/bitmap.js';
import { BsrMatrix } from '../formats/bsr.js';
import { NmMatrix } from '../formats/nm.js';
import { sddmmOn, spmmTransposed } from '../gradients.js';
import { structureTensor } from '../internal/host.js';
import type { CsrAttrs } from '../kernel-names.js';

/** A matrix whose product has its own kernel but whose gradient goes through its CSR pattern. */
export type StructuredMatrix = BsrMatrix | NmMatrix | Bitmap64Matrix;

/** The structure tensors of `a`, in the order {@link withStructure} takes them. */
function structureOf(a: StructuredMatrix): Tensor[] {
  switch (a.kind) {
    case 'bsr':
      return [a.rowPtr, a.colIdx];
    case 'nm':
      return [a.meta];
    case 'bitmap64':
      return [a.bits, a.tileOffset];
  }
}

/** `a` over the given values and structure tensors (the copies saved for the backward pass). */
function withStructure(a: StructuredMatrix, values: Tensor, s: Tensor[]): StructuredMatrix {
  switch (a.kind) {
    case 'bsr':
      return new BsrMatrix(TRUSTED, a.shape, a.block, a.nnz, a.nnzb, s[0]!, s[1]!, values);
    case 'nm':
      return new NmMatrix(TRUSTED, a.shape, a, a.nnz, values, s[0]!);
    case 'bitmap64':
      return new Bitmap64Matrix(TRUSTED, a.shape, a.axis, a.pad, a.nnz, s[0]!, s[1]!, values);
  }
}

/** CSR arrays of `e` (entries come row-major, sorted by column within a row) and each entry's value slot. */
function csrPattern(e: Entries): { rowPtr: Int32Array; colIdx: Int32Array; src: Int32Array } {
  const rowPtr = new Int32Array(e.rows + 1);
  for (let q = 0; q < e.row.length; q++) rowPtr[e.row[q]! + 1]!++;
  for (let r = 0; r < e.rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  return { rowPtr, colIdx: e.col, src: e.src };
}

/**
 * `A·B` by `forward(A's values, B, A's structure tensors)`, differentiable with respect to `A`'s values and
 * `B` (see the module comment). Outside a gradient tape this is `forward` itself.
 */
export function structuredMatmul(
  a: StructuredMatrix,
  b: Tensor,
  forward: (values: Tensor, b: Tensor, structure: Tensor[]) => Tensor,
): Tensor {
  return customGrad((values: Tensor, rhs: Tensor, ...structure: Tensor[]) => ({
    value: forward(values, rhs, structure),
    gradFunc: (dy, [v, x, ...s]) => {
      const p = csrPattern(withStructure(a, v!, s as Tensor[]).entries());
      const attrs: CsrAttrs = { rows: a.rows, cols: a.cols, nnz: p.colIdx.length, indexWidth: 32 };
      const none = s.map(() => null);
      if (attrs.nnz === 0) return [zeros(v!.shape, v!.dtype), zeros(x!.shape, x!.dtype), ...none];
      const rowPtr = structureTensor(p.rowPtr);
      const colIdx = structureTensor(p.colIdx);
      const src = structureTensor(p.src);
      const dB = spmmTransposed(rowPtr, colIdx, gather(reshape(v!, [v!.size]), src), attrs, dy);
      const dv = sddmmOn(rowPtr, colIdx, attrs, dy, x!, x!.shape[1]!, false, false);
      return [reshape(scatterAdd(zeros([v!.size], v!.dtype), src, dv), v!.shape), dB, ...none];
    },
  }))(a.values, b, ...structureOf(a));
}
