/**
 * `wasm` SparseLinear: `act(x·Wᵀ + bias)` with CSR `W`; weight rows split over the threads, each a row product
 * across the batch (f32x4) with bias and activation applied before the one store. Batch 1 is a gather GEMV.
 */
import { SparseLinear } from '../../kernel-names.js';
import { runLinear } from './linear-run.js';
import { defineWasmKernelConfig } from './module.js';

/** Registration of {@link SparseLinear} on `wasm` (float32; float64 operands live on `cpu`). */
export const sparseLinearOnWasm = defineWasmKernelConfig(SparseLinear, ({ inputs, attrs, backend }) =>
  runLinear(backend, inputs.x, inputs, attrs, inputs.bias, attrs.activation),
);
