/**
 * Registers every `cpu` kernel of this package: the only side-effect module of the cpu backend.
 *
 * @module
 */
import type { KernelConfig } from '../kernel-config.js';
import { bitmapMatmulOnCpu } from './BitmapMatMul.js';
import { bsrMatmulOnCpu } from './BSRMatMul.js';
import { csrTransposeOnCpu } from './CsrTranspose.js';
import { dsmmOnCpu } from './DSMM.js';
import { fwhtOnCpu } from './FWHT.js';
import { nmMatmulOnCpu } from './NMMatMul.js';
import { sddmmOnCpu } from './SDDMM.js';
import { sparseConv1x1OnCpu } from './SparseConv1x1.js';
import { sparseLinearOnCpu } from './SparseLinear.js';
import { sparseSoftmaxGradOnCpu, sparseSoftmaxOnCpu } from './SparseSoftmax.js';
import { spmmOnCpu } from './SpMM.js';
import { spmvOnCpu } from './SpMV.js';

/** Every `cpu` kernel of `@sparseland/kernels`. */
export const CPU_KERNELS: readonly KernelConfig[] = [
  spmvOnCpu,
  spmmOnCpu,
  dsmmOnCpu,
  sparseLinearOnCpu,
  sddmmOnCpu,
  sparseSoftmaxOnCpu,
  sparseSoftmaxGradOnCpu,
  csrTransposeOnCpu,
  nmMatmulOnCpu,
  bsrMatmulOnCpu,
  bitmapMatmulOnCpu,
  sparseConv1x1OnCpu,
  fwhtOnCpu,
];

for (const k of CPU_KERNELS) k.register();
