/**
 * `@sparseland/kernels`: sparse formats (CSR, CSC, COO, BSR, N:M, Bitmap64 tiles, row groups), exact
 * conversions between them, and sparse ops declared once in core's kernel registry and implemented per
 * backend (`cpu` for all; `webgpu` WGSL kernels for all, see `WEBGPU_KERNELS`; `wasm` one file per kernel).
 * On `webgpu`, build matrices with `await fromDenseAsync(x, opts)` or `fromArrays` (see the README).
 *
 * @example
 * ```ts
 * import { tensor } from '@sparseland/core';
 * import { fromDense, sparseLinear, spmm } from '@sparseland/kernels';
 *
 * const w = fromDense([[1, 0, 0, 2], [0, 0, 3, 0]], { format: 'csr' }); // host-side shape and nnz
 * spmm(w, tensor([[1], [1], [1], [1]])).dataSync();                      // Float32Array [3, 3]
 * sparseLinear(tensor([[1, 1, 1, 1]]), w, { bias: [0, -4], activation: 'relu' }).dataSync(); // [3, 0]
 * w.dispose();
 * ```
 *
 * @packageDocumentation
 */
import './register.js';

export { CPU_KERNELS } from './backends/cpu/register.js';
export { WEBGPU_KERNELS } from './backends/webgpu/register.js';
export { defineKernel, type KernelConfig } from './backends/kernel-config.js';
export type { KernelsErrorCode } from './errors.js';
export { SPARSE_FORMATS, type SparseFormat, SparseMatrixBase } from './formats/base.js';
export {
  type Bitmap64Arrays,
  Bitmap64Matrix,
  type Bitmap64Options,
  type Bitmap64Tensors,
  type BitmapAxis,
} from './formats/bitmap.js';
export { type BsrArrays, BsrMatrix, type BsrOptions, type BsrTensors } from './formats/bsr.js';
export {
  type ConvertOptions,
  convert,
  DEFAULT_ROW_GROUP,
  type FormatOptions,
  type FromDenseOptions,
  fromDense,
  fromDenseAsync,
  type MatrixOf,
  type SparseMatrix,
  type TargetFormat,
  toDense,
  transpose,
  validate,
} from './formats/convert.js';
export { type CooArrays, CooMatrix, type CooOptions, type CooTensors } from './formats/coo.js';
export { type CscArrays, CscMatrix, type CscOptions, type CscTensors } from './formats/csc.js';
export { type CsrArrays, CsrMatrix, type CsrOptions, type CsrTensors } from './formats/csr.js';
export {
  type NMGeometry,
  type NMSpec,
  type NmArrays,
  type NmFromDense,
  NmMatrix,
  type NmOptions,
  type NmTensors,
  nmFromDense,
  nmGeometry,
  nmPack,
  nmUnpack,
} from './formats/nm.js';
// formats
export type { ValueDType } from './internal/checks.js';
export {
  type Activation,
  BitmapMatMul,
  type BitmapMatMulAttrs,
  type BitmapMatMulInputs,
  BSRMatMul,
  type BSRMatMulAttrs,
  type BSRMatMulInputs,
  type CsrAttrs,
  CsrTranspose,
  type CsrTransposeInputs,
  DSMM,
  type DSMMAttrs,
  type DSMMInputs,
  FWHT,
  type FWHTAttrs,
  type FWHTInputs,
  type IndexWidth,
  NMMatMul,
  type NMMatMulAttrs,
  type NMMatMulInputs,
  SDDMM,
  type SDDMMAttrs,
  type SDDMMInputs,
  SparseConv1x1,
  type SparseConv1x1Attrs,
  type SparseConv1x1Inputs,
  SparseLinear,
  type SparseLinearAttrs,
  type SparseLinearInputs,
  SparseSoftmax,
  type SparseSoftmaxAttrs,
  SparseSoftmaxGrad,
  type SparseSoftmaxGradInputs,
  type SparseSoftmaxInputs,
  SpMM,
  type SpMMInputs,
  SpMV,
  type SpMVAttrs,
  type SpMVInputs,
  type WhtNorm,
} from './kernel-names.js';
export { bitmapMatmul, bitmapMatvec } from './ops/bitmap-matmul.js';
export { bsrMatmul } from './ops/bsr-matmul.js';
// ops
export { type Cost, denseMatmulCost } from './ops/cost.js';
export { type FWHTOptions, fwht, sparseInputWht, WHT_NORMS } from './ops/fwht.js';
export { nmMatmul } from './ops/nm-matmul.js';
export { type SDDMMOptions, sddmm } from './ops/sddmm.js';
export {
  type SparseConv1x1Options,
  sparseConv1x1,
  useSparseConv1x1,
  xnnpackBlockSize,
} from './ops/sparse-conv1x1.js';
export { ACTIVATIONS, type SparseLinearOptions, sparseLinear } from './ops/sparse-linear.js';
export { type SparseSoftmaxOptions, sparseSoftmax } from './ops/sparse-softmax.js';
export { type SparseWhtOptions, type SparseWhtResult, sparseWht } from './ops/sparse-wht.js';
export { dsmm, spmm } from './ops/spmm.js';
export { type SpMVOptions, spmv } from './ops/spmv.js';

/**
 * The version of `@sparseland/kernels`, equal to `version` in its package.json.
 *
 * A test checks that the two agree, so bump both together.
 *
 * @example
 * ```ts
 * import { VERSION } from '@sparseland/kernels';
 * console.log(VERSION); // '0.0.0'
 * ```
 */
export const VERSION = '0.0.0';
