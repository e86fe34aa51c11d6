import { sizeOf, stridesOf } from '../../../internal/shape.js';
import { allocate, type DType, type TypedArray } from '../../../tensor/dtype.js';
import { defineCpuKernel } from '../cpu-backend.js';

/**
 * Visit every index of `shape` in row-major order, with one running offset per stride list.
 * `visit(k, offsets)` is called with the flat output position `k`.
 */
function odometer(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  visit: (k: number, offsets: number[]) => void,
): void {
  const size = sizeOf(shape);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const offsets = strides.map(() => 0);
  for (let k = 0; k < size; k++) {
    visit(k, offsets);
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      for (let j = 0; j < offsets.length; j++) offsets[j]! += strides[j]![ax]!;
      if (idx[ax]! < shape[ax]!) break;
      for (let j = 0; j < offsets.length; j++) offsets[j]! -= strides[j]![ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
}

/** `values` of `shape` with axes permuted by `perm`, as a fresh array. */
export function transposeValues(
  values: TypedArray,
  shape: readonly number[],
  perm: readonly number[],
  dtype: DType,
): TypedArray {
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = stridesOf(shape);
  const out = allocate(dtype, values.length);
  odometer(outShape, [perm.map((p) => inStrides[p]!)], (k, [o]) => {
    out[k] = values[o!]!;
  });
  return out;
}

defineCpuKernel('Transpose', ({ inputs: { x }, attrs: { perm }, backend }) =>
  backend.output(
    transposeValues(backend.values(x), x.shape, perm, x.dtype),
    perm.map((p) => x.shape[p]!),
    x.dtype,
  ),
);

defineCpuKernel('Slice', ({ inputs: { x }, attrs: { begin, size }, backend }) => {
  const v = backend.values(x);
  const inStrides = stridesOf(x.shape);
  const out = allocate(x.dtype, sizeOf(size));
  let base = 0;
  for (let i = 0; i < begin.length; i++) base += begin[i]! * inStrides[i]!;
  odometer(size, [inStrides], (k, [o]) => {
    out[k] = v[base + o!]!;
  });
  return backend.output(out, size, x.dtype);
});

defineCpuKernel('Concat', ({ inputs: { tensors }, attrs: { axis }, backend }) => {
  const first = tensors[0]!;
  const outShape = [...first.shape];
  outShape[axis] = tensors.reduce((s, t) => s + t.shape[axis]!, 0);
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  const out = allocate(first.dtype, sizeOf(outShape));
  const rowOut = outShape[axis]! * inner;
  let col = 0;
  for (const t of tensors) {
    const v = backend.values(t);
    const rowIn = t.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) out.set(v.subarray(o * rowIn, (o + 1) * rowIn), o * rowOut + col);
    col += rowIn;
  }
  return backend.output(out, outShape, first.dtype);
});

defineCpuKernel('Pad', ({ inputs: { x }, attrs: { paddings, value }, backend }) => {
  const v = backend.values(x);
  const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const out = allocate(x.dtype, sizeOf(outShape));
  out.fill(value);
  const outStrides = stridesOf(outShape);
  let base = 0;
  for (let i = 0; i < x.shape.length; i++) base += paddings[i]![0] * outStrides[i]!;
  odometer(x.shape, [outStrides], (k, [o]) => {
    out[base + o!] = v[k]!;
  });
  return backend.output(out, outShape, x.dtype);
});

defineCpuKernel('Tile', ({ inputs: { x }, attrs: { reps }, backend }) => {
  const v = backend.values(x);
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const inStrides = stridesOf(x.shape);
  const out = allocate(x.dtype, sizeOf(outShape));
  const rank = outShape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < out.length; k++) {
    let o = 0;
    for (let ax = 0; ax < rank; ax++) o += (idx[ax]! % x.shape[ax]!) * inStrides[ax]!;
    out[k] = v[o]!;
    for (let ax = rank - 1; ax >= 0; ax--) {
      if (++idx[ax]! < outShape[ax]!) break;
      idx[ax] = 0;
    }
  }
  return backend.output(out, outShape, x.dtype);
});
