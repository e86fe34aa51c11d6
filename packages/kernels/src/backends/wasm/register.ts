/**
 * Registers every `wasm` kernel of this package: the only side-effect module of the wasm backend.
 *
 * @module
 */
import type { KernelConfig } from '../kernel-config.js';
import { bitmapMatmulOnWasm } from './BitmapMatMul.js';
import { bsrMatmulOnWasm } from './BSRMatMul.js';
import { csrTransposeOnWasm } from './CsrTranspose.js';
import { dsmmOnWasm } from './DSMM.js';
import { fwhtOnWasm } from './FWHT.js';
import { nmMatmulOnWasm } from './NMMatMul.js';
import { sddmmOnWasm } from './SDDMM.js';
import { sparseConv1x1OnWasm } from './SparseConv1x1.js';
import { sparseLinearOnWasm } from './SparseLinear.js';
import { sparseSoftmaxOnWasm } from './SparseSoftmax.js';
import { sparseSoftmaxGradOnWasm } from './SparseSoftmaxGrad.js';
import { spmmOnWasm } from './SpMM.js';
import { spmvOnWasm } from './SpMV.js';

/** Every `wasm` kernel of `@sparseland/kernels`. */
export const WASM_KERNELS: readonly KernelConfig[] = [
  spmvOnWasm,
  spmmOnWasm,
  dsmmOnWasm,
  sparseLinearOnWasm,
  sddmmOnWasm,
  sparseSoftmaxOnWasm,
  sparseSoftmaxGradOnWasm,
  csrTransposeOnWasm,
  // structured formats
  nmMatmulOnWasm,
  bsrMatmulOnWasm,
  bitmapMatmulOnWasm,
  sparseConv1x1OnWasm,
  fwhtOnWasm,
];

for (const k of WASM_KERNELS) k.register();
