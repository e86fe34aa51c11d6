/**
 * Registers every `wasm` kernel of this package: the only side-effect module of the wasm backend.
 *
 * @module
 */
import type { KernelConfig } from '../kernel-config.js';
import { bitmapMatmulOnWasm } from './BitmapMatMul.js';
import { bsrMatmulOnWasm } from './BSRMatMul.js';
import { fwhtOnWasm } from './FWHT.js';
import { nmMatmulOnWasm } from './NMMatMul.js';
import { sparseConv1x1OnWasm } from './SparseConv1x1.js';
import { spmvOnWasm } from './SpMV.js';

/** Every `wasm` kernel of `@sparseland/kernels`. */
export const WASM_KERNELS: readonly KernelConfig[] = [
  spmvOnWasm,
  // structured formats
  nmMatmulOnWasm,
  bsrMatmulOnWasm,
  bitmapMatmulOnWasm,
  sparseConv1x1OnWasm,
  fwhtOnWasm,
];

for (const k of WASM_KERNELS) k.register();
