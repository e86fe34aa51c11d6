/**
 * Registers every `wasm` kernel of this package: the only side-effect module of the wasm backend.
 *
 * @module
 */
import type { KernelConfig } from '../kernel-config.js';
import { spmvOnWasm } from './SpMV.js';

/** Every `wasm` kernel of `@sparseland/kernels`. */
export const WASM_KERNELS: readonly KernelConfig[] = [spmvOnWasm];

for (const k of WASM_KERNELS) k.register();
