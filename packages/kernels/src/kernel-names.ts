/**
 * The declaration of every kernel of `@sparseland/kernels`: its name, typed inputs and attributes,
 * added to core's {@link KernelTable} by declaration merging.
 *
 * Inputs are only tensors (the engine checks and tracks them); a sparse matrix travels as its
 * component tensors, and its host-side facts (shape, nnz, index width) as attributes. Public ops in
 * `src/ops/` validate and then call `runKernel`; each backend implements a kernel in
 * `src/backends/<backend>/<KernelName>.ts`.
 *
 * @module
 */
import type { Tensor } from '@sparseland/core';

/** Width of stored column (or row) indices: 16 packs two per int32 element, low half first. */
export type IndexWidth = 32 | 16;

/** Facts about a CSR operand that travel as attributes. */
export interface CsrAttrs {
  /** Rows of the sparse matrix. */
  rows: number;
  /** Columns of the sparse matrix. */
  cols: number;
  /** Stored entries. */
  nnz: number;
  /** Width of `colIdx` entries. */
  indexWidth: IndexWidth;
}

/** Fused activations of {@link SparseLinear}. */
export type Activation = 'none' | 'relu' | 'gelu' | 'silu' | 'sigmoid' | 'tanh';

/** Kernel name: CSR sparse matrix times dense vector, `y = alpha·A·x + beta·y0`. */
export const SpMV = 'SpMV' as const;
/** Inputs of {@link SpMV}. */
export interface SpMVInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
  /** Dense `[cols]`. */
  x: Tensor;
  /** Dense `[rows]`, present only when `beta != 0`. */
  y?: Tensor;
  /** int32 `[rows]`: rows by length, descending (the matrix's `rowOrder`); a scheduling hint only. */
  rowOrder?: Tensor;
}
/** Attributes of {@link SpMV}. */
export interface SpMVAttrs extends CsrAttrs {
  /** Scale of `A·x`. */
  alpha: number;
  /** Scale of `y0`. */
  beta: number;
}

/** Kernel name: CSR sparse times dense, `C[rows, n] = A·B` with `B [cols, n]`. */
export const SpMM = 'SpMM' as const;
/** Inputs of {@link SpMM}. */
export interface SpMMInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
  /** Dense `[cols, n]`. */
  b: Tensor;
  /** int32 `[rows]`: rows by length, descending (the matrix's `rowOrder`); a scheduling hint only. */
  rowOrder?: Tensor;
}

/** Kernel name: dense times CSR sparse, `C = X·B` (`X [m, rows]`) or `C = X·Bᵀ` (`X [m, cols]`). */
export const DSMM = 'DSMM' as const;
/** Inputs of {@link DSMM}. */
export interface DSMMInputs {
  /** Dense `[m, rows]`, or `[m, cols]` with `transposeB`. */
  a: Tensor;
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
}
/** Attributes of {@link DSMM}. */
export interface DSMMAttrs extends CsrAttrs {
  /** Multiply by the transpose of the sparse operand. */
  transposeB: boolean;
}

/** Kernel name: the Linear layer with a CSR weight, `y = act(x·Wᵀ + bias)`, `W [out, in]`. */
export const SparseLinear = 'SparseLinear' as const;
/** Inputs of {@link SparseLinear}. */
export interface SparseLinearInputs {
  /** Dense `[m, in]`. */
  x: Tensor;
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
  /** Dense `[out]`, when given. */
  bias?: Tensor;
}
/** Attributes of {@link SparseLinear}. */
export interface SparseLinearAttrs extends CsrAttrs {
  /** Activation applied last. */
  activation: Activation;
}

/** Kernel name: sampled dense-dense product `out[p] = ⟨A[row p], B[col p]⟩ (· scale[p])` on a CSR pattern. */
export const SDDMM = 'SDDMM' as const;
/** Inputs of {@link SDDMM}. */
export interface SDDMMInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Dense `[rows, k]`, or `[k, rows]` with `transposeA`. */
  a: Tensor;
  /** Dense `[cols, k]`, or `[k, cols]` with `transposeB`. */
  b: Tensor;
  /** Per-entry factors `[nnz]`, when scaling by the pattern's values. */
  scale?: Tensor;
}
/** Attributes of {@link SDDMM}. */
export interface SDDMMAttrs extends CsrAttrs {
  /** Length of the dot products. */
  k: number;
  /** `a` is stored `[k, rows]`. */
  transposeA: boolean;
  /** `b` is stored `[k, cols]`. */
  transposeB: boolean;
}

/** Kernel name: softmax over the stored entries of each CSR row. */
export const SparseSoftmax = 'SparseSoftmax' as const;
/** Inputs of {@link SparseSoftmax}. */
export interface SparseSoftmaxInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** Stored values `[nnz]`. */
  values: Tensor;
}
/** Attributes of {@link SparseSoftmax} and {@link SparseSoftmaxGrad}. */
export interface SparseSoftmaxAttrs {
  /** Rows. */
  rows: number;
  /** Stored entries. */
  nnz: number;
  /** Logits are `scale·values`. */
  scale: number;
}

/** Kernel name: gradient of {@link SparseSoftmax}, `dx = scale·y·(dy − Σ_row y·dy)`. */
export const SparseSoftmaxGrad = 'SparseSoftmaxGrad' as const;
/** Inputs of {@link SparseSoftmaxGrad}. */
export interface SparseSoftmaxGradInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** Softmax output `[nnz]`. */
  y: Tensor;
  /** Upstream gradient `[nnz]`. */
  dy: Tensor;
}

/** Kernel name: CSR structure transpose. Outputs `[colPtr [cols+1], rowIdx [nnz], perm [nnz]]` (int32), with `valuesᵀ = values[perm]`. */
export const CsrTranspose = 'CsrTranspose' as const;
/** Inputs of {@link CsrTranspose}. */
export interface CsrTransposeInputs {
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
}

/** Kernel name: N:M sparse times dense, `Y[rows, n] = W·X` with `X [cols, n]`. */
export const NMMatMul = 'NMMatMul' as const;
/** Inputs of {@link NMMatMul}. */
export interface NMMatMulInputs {
  /** Kept values `[rows, G·keep]`. */
  values: Tensor;
  /** Packed positions, int32 `[rows·W]`. */
  meta: Tensor;
  /** Dense `[cols, n]`. */
  b: Tensor;
}
/** Attributes of {@link NMMatMul}. */
export interface NMMatMulAttrs {
  /** Rows of W. */
  rows: number;
  /** Columns of W. */
  cols: number;
  /** N. */
  keep: number;
  /** M. */
  of: number;
}

/** Kernel name: BSR sparse times dense, `C[rows, n] = A·B` with `B [cols, n]`. */
export const BSRMatMul = 'BSRMatMul' as const;
/** Inputs of {@link BSRMatMul}. */
export interface BSRMatMulInputs {
  /** Block-row pointers `[nbr+1]`. */
  rowPtr: Tensor;
  /** Block-column indices `[nnzb]`. */
  colIdx: Tensor;
  /** Blocks `[nnzb·br·bc]`, each row-major. */
  values: Tensor;
  /** Dense `[cols, n]`. */
  b: Tensor;
}
/** Attributes of {@link BSRMatMul}. */
export interface BSRMatMulAttrs {
  /** Rows of A. */
  rows: number;
  /** Columns of A. */
  cols: number;
  /** Block rows. */
  br: number;
  /** Block columns. */
  bc: number;
}

/** Kernel name: Bitmap64 sparse times dense, `C[rows, n] = A·B` with `B [cols, n]`. */
export const BitmapMatMul = 'BitmapMatMul' as const;
/** Inputs of {@link BitmapMatMul}. */
export interface BitmapMatMulInputs {
  /** Two u32 words per tile, `[hi, lo]`, as int32 `[tiles·2]`. */
  bits: Tensor;
  /** Exclusive prefix of stored slots, `[tiles+1]`. */
  tileOffset: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
  /** Dense `[cols, n]`. */
  b: Tensor;
}
/** Attributes of {@link BitmapMatMul}. */
export interface BitmapMatMulAttrs {
  /** Rows of A. */
  rows: number;
  /** Columns of A. */
  cols: number;
  /** Tile direction. */
  axis: 'row' | 'col';
}

/** Kernel name: 1×1 convolution with a sparse CSR weight `[cout, cin]` and clamp, NCHW or NHWC. */
export const SparseConv1x1 = 'SparseConv1x1' as const;
/** Inputs of {@link SparseConv1x1}. */
export interface SparseConv1x1Inputs {
  /** Activations `[batch, cin, h, w]` (NCHW) or `[batch, h, w, cin]` (NHWC). */
  x: Tensor;
  /** int32 `[rows + 1]` row pointers. */
  rowPtr: Tensor;
  /** int32 column indices (`[nnz]`, or packed `[⌈nnz/2⌉]` with 16-bit indices). */
  colIdx: Tensor;
  /** Stored values (float32/float64). */
  values: Tensor;
  /** `[cout]`, when given. */
  bias?: Tensor;
}
/** Attributes of {@link SparseConv1x1}. */
export interface SparseConv1x1Attrs extends CsrAttrs {
  /** Activation layout. */
  layout: 'NCHW' | 'NHWC';
  /** Lower clamp (`-Infinity` for none). */
  min: number;
  /** Upper clamp (`Infinity` for none). */
  max: number;
}

/** Scaling of the Walsh–Hadamard transform: 1, `1/√N` or `1/N`. */
export type WhtNorm = 'none' | 'ortho' | 'inverse';

/** Kernel name: fast Walsh–Hadamard transform along the last axis (natural order). */
export const FWHT = 'FWHT' as const;
/** Inputs of {@link FWHT}. */
export interface FWHTInputs {
  /** `[..., N]`, N a power of two. */
  x: Tensor;
}
/** Attributes of {@link FWHT}. */
export interface FWHTAttrs {
  /** Normalisation. */
  norm: WhtNorm;
}

declare module '@sparseland/core' {
  interface KernelTable {
    /** CSR × vector, `y = α·A·x + β·y0`. */
    [SpMV]: { inputs: SpMVInputs; attrs: SpMVAttrs };
    /** CSR × dense. */
    [SpMM]: { inputs: SpMMInputs; attrs: CsrAttrs };
    /** Dense × CSR (or CSRᵀ). */
    [DSMM]: { inputs: DSMMInputs; attrs: DSMMAttrs };
    /** `act(x·Wᵀ + bias)` with CSR `W`. */
    [SparseLinear]: { inputs: SparseLinearInputs; attrs: SparseLinearAttrs };
    /** Sampled dense-dense product on a CSR pattern. */
    [SDDMM]: { inputs: SDDMMInputs; attrs: SDDMMAttrs };
    /** Row-wise softmax over CSR entries. */
    [SparseSoftmax]: { inputs: SparseSoftmaxInputs; attrs: SparseSoftmaxAttrs };
    /** Gradient of the sparse softmax. */
    [SparseSoftmaxGrad]: { inputs: SparseSoftmaxGradInputs; attrs: SparseSoftmaxAttrs };
    /** CSR structure transpose (counting sort). */
    [CsrTranspose]: { inputs: CsrTransposeInputs; attrs: CsrAttrs };
    /** N:M × dense. */
    [NMMatMul]: { inputs: NMMatMulInputs; attrs: NMMatMulAttrs };
    /** BSR × dense. */
    [BSRMatMul]: { inputs: BSRMatMulInputs; attrs: BSRMatMulAttrs };
    /** Bitmap64 × dense. */
    [BitmapMatMul]: { inputs: BitmapMatMulInputs; attrs: BitmapMatMulAttrs };
    /** Sparse 1×1 convolution. */
    [SparseConv1x1]: { inputs: SparseConv1x1Inputs; attrs: SparseConv1x1Attrs };
    /** Fast Walsh–Hadamard transform. */
    [FWHT]: { inputs: FWHTInputs; attrs: FWHTAttrs };
  }
}
