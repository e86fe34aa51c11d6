/** `cpu` SparseLinear: `act(x·Wᵀ + bias)` with CSR `W [out, in]`, bias and activation fused per output. */

import { indexView } from '../../internal/index-width.js';
import { activationFn } from '../../internal/math.js';
import { SparseLinear } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';
import { dsmmCsrT } from './DSMM.js';

/** Registration of {@link SparseLinear} on `cpu`. */
export const sparseLinearOnCpu = defineCpuKernel(SparseLinear, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth, activation } = attrs;
  const m = inputs.x.shape[0]!;
  const out = allocFloat(inputs.values.dtype, m * rows);
  // accumulate in float64, then add the bias and apply the activation before the one rounding store
  const acc = new Float64Array(m * rows);
  dsmmCsrT(
    m,
    rows,
    cols,
    backend.values(inputs.rowPtr) as Int32Array,
    indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz),
    backend.values(inputs.values) as FloatArray,
    backend.values(inputs.x) as FloatArray,
    acc,
  );
  const bias = inputs.bias === undefined ? undefined : (backend.values(inputs.bias) as FloatArray);
  const act = activationFn(activation);
  for (let i = 0; i < m; i++) {
    for (let r = 0; r < rows; r++) {
      const k = i * rows + r;
      out[k] = act(bias === undefined ? acc[k]! : acc[k]! + bias[r]!);
    }
  }
  return backend.output(out, [m, rows], inputs.values.dtype);
});
