/**
 * Registers every `webgpu` kernel of this package: the only side-effect module of the webgpu backend.
 *
 * @module
 */
import type { KernelConfig } from '../kernel-config.js';
import { bitmapMatmulOnWebGPU } from './BitmapMatMul.js';
import { bsrMatmulOnWebGPU } from './BSRMatMul.js';
import { csrTransposeOnWebGPU } from './CsrTranspose.js';
import { dsmmOnWebGPU } from './DSMM.js';
import { fwhtOnWebGPU } from './FWHT.js';
import { nmMatmulOnWebGPU } from './NMMatMul.js';
import { sddmmOnWebGPU } from './SDDMM.js';
import { sparseConv1x1OnWebGPU } from './SparseConv1x1.js';
import { sparseLinearOnWebGPU } from './SparseLinear.js';
import { sparseSoftmaxGradOnWebGPU, sparseSoftmaxOnWebGPU } from './SparseSoftmax.js';
import { spmmOnWebGPU } from './SpMM.js';
import { spmvOnWebGPU } from './SpMV.js';

/** Every `webgpu` kernel of `@sparseland/kernels` (float32; float64 operands run on `cpu`). */
export const WEBGPU_KERNELS: readonly KernelConfig[] = [
  spmvOnWebGPU,
  spmmOnWebGPU,
  dsmmOnWebGPU,
  sparseLinearOnWebGPU,
  sddmmOnWebGPU,
  sparseSoftmaxOnWebGPU,
  sparseSoftmaxGradOnWebGPU,
  csrTransposeOnWebGPU,
  nmMatmulOnWebGPU,
  bsrMatmulOnWebGPU,
  bitmapMatmulOnWebGPU,
  sparseConv1x1OnWebGPU,
  fwhtOnWebGPU,
];

for (const k of WEBGPU_KERNELS) k.register();
