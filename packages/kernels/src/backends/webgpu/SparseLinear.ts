/**
 * `webgpu` SparseLinear, `y = act(x·Wᵀ + bias)` with CSR `W [out, in]`: the row-dot kernel of {@link DSMM}
 * with the bias and the activation fused into the store (one pass, no intermediate tensor).
 *
 * @module
 */
import { SparseLinear } from '../../kernel-names.js';
import { defineWebGPUKernel } from './common.js';
import { runRowDot } from './DSMM.js';

/** Registration of {@link SparseLinear} on `webgpu` (float32). */
export const sparseLinearOnWebGPU = defineWebGPUKernel(SparseLinear, ({ inputs, attrs, backend }) => {
  const { rows, cols, indexWidth, activation } = attrs;
  const m = inputs.x.shape[0]!;
  return runRowDot(
    backend,
    { indexWidth, bias: inputs.bias !== undefined, activation, name: SparseLinear },
    {
      ptr: inputs.rowPtr,
      idx: inputs.colIdx,
      vals: inputs.values,
      x: inputs.x,
      ...(inputs.bias === undefined ? {} : { bias: inputs.bias }),
    },
    m,
    rows,
    cols,
  );
});
