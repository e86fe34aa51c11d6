/** `cpu` sparse softmax: two passes per row (max, then the sum of exponentials); empty rows stay empty. */
import { SparseSoftmax, SparseSoftmaxGrad } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** Row-wise softmax of `scale·values` over the stored entries of each row. */
export function sparseSoftmaxCsr(
  rows: number,
  rowPtr: Int32Array,
  values: FloatArray,
  scale: number,
  dst: FloatArray,
): FloatArray {
  for (let r = 0; r < rows; r++) {
    const start = rowPtr[r]!;
    const end = rowPtr[r + 1]!;
    if (start === end) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (let p = start; p < end; p++) max = Math.max(max, scale * values[p]!);
    if (max === Number.NEGATIVE_INFINITY) max = 0; // every logit −∞: exp gives 0/0 = NaN, as dense softmax does
    let sum = 0;
    for (let p = start; p < end; p++) sum += Math.exp(scale * values[p]! - max);
    for (let p = start; p < end; p++) dst[p] = Math.exp(scale * values[p]! - max) / sum;
  }
  return dst;
}

/** `dx[p] = scale·y[p]·(dy[p] − Σ_row y·dy)`. */
export function sparseSoftmaxGradCsr(
  rows: number,
  rowPtr: Int32Array,
  y: FloatArray,
  dy: FloatArray,
  scale: number,
  dst: FloatArray,
): FloatArray {
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) dot += y[p]! * dy[p]!;
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) dst[p] = scale * y[p]! * (dy[p]! - dot);
  }
  return dst;
}

/** Registration of {@link SparseSoftmax} on `cpu`. */
export const sparseSoftmaxOnCpu = defineCpuKernel(SparseSoftmax, ({ inputs, attrs, backend }) => {
  const out = allocFloat(inputs.values.dtype, attrs.nnz);
  sparseSoftmaxCsr(
    attrs.rows,
    backend.values(inputs.rowPtr) as Int32Array,
    backend.values(inputs.values) as FloatArray,
    attrs.scale,
    out,
  );
  return backend.output(out, [attrs.nnz], inputs.values.dtype);
});

/** Registration of {@link SparseSoftmaxGrad} on `cpu`. */
export const sparseSoftmaxGradOnCpu = defineCpuKernel(SparseSoftmaxGrad, ({ inputs, attrs, backend }) => {
  const out = allocFloat(inputs.y.dtype, attrs.nnz);
  sparseSoftmaxGradCsr(
    attrs.rows,
    backend.values(inputs.rowPtr) as Int32Array,
    backend.values(inputs.y) as FloatArray,
    backend.values(inputs.dy) as FloatArray,
    attrs.scale,
    out,
  );
  return backend.output(out, [attrs.nnz], inputs.y.dtype);
});
