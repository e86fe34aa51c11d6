/**
 * `cpu` sparse 1×1 convolution: NCHW through XNNPACK's packed streams and an `8×nr` micro-kernel; NHWC
 * as a sparse Linear over pixels (spec §3.6).
 */
import type { DataId } from '@sparseland/core';
import { indexView } from '../../internal/index-width.js';
import { packSparseConv, type SparseConvPacking, sparseConvChw } from '../../internal/xnnpack.js';
import { SparseConv1x1 } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';
import { dsmmCsrT } from './DSMM.js';

// Buffers never change after they are written, so a packing is reusable while its buffers live.
const packings = new WeakMap<
  DataId,
  { structure: DataId; bias: DataId | undefined; packing: SparseConvPacking }
>();

/** Registration of {@link SparseConv1x1} on `cpu`. */
export const sparseConv1x1OnCpu = defineCpuKernel(SparseConv1x1, ({ inputs, attrs, backend }) => {
  const { rows: cout, cols: cin, nnz, indexWidth, layout, min, max } = attrs;
  const shape = inputs.x.shape;
  const [batch, h, w] =
    layout === 'NCHW' ? [shape[0]!, shape[2]!, shape[3]!] : [shape[0]!, shape[1]!, shape[2]!];
  const hw = h * w;
  const out = allocFloat(inputs.values.dtype, batch * cout * hw);
  const rowPtr = backend.values(inputs.rowPtr) as Int32Array;
  const colIdx = indexView(backend.values(inputs.colIdx) as Int32Array, indexWidth, nnz);
  const values = backend.values(inputs.values) as FloatArray;
  const bias = inputs.bias === undefined ? undefined : (backend.values(inputs.bias) as FloatArray);
  const x = backend.values(inputs.x) as FloatArray;
  if (layout === 'NCHW') {
    let cached = packings.get(inputs.values.dataId);
    if (
      cached === undefined ||
      cached.structure !== inputs.colIdx.dataId ||
      cached.bias !== inputs.bias?.dataId
    ) {
      cached = {
        structure: inputs.colIdx.dataId,
        bias: inputs.bias?.dataId,
        packing: packSparseConv(cout, cin, rowPtr, colIdx, values, bias),
      };
      packings.set(inputs.values.dataId, cached);
    }
    for (let n = 0; n < batch; n++)
      sparseConvChw(cached.packing, x, n * cin * hw, hw, min, max, out, n * cout * hw);
    return backend.output(out, [batch, cout, h, w], inputs.values.dtype);
  }
  const acc = new Float64Array(batch * hw * cout);
  dsmmCsrT(batch * hw, cout, cin, rowPtr, colIdx, values, x, acc);
  for (let k = 0; k < acc.length; k++) {
    const v = bias === undefined ? acc[k]! : acc[k]! + bias[k % cout]!;
    out[k] = Math.min(Math.max(v, min), max);
  }
  return backend.output(out, [batch, h, w, cout], inputs.values.dtype);
});
