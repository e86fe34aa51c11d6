import { sizeOf, stridesOf } from '../../../internal/shape.js';
import { defineWasmKernel } from '../wasm-backend.js';
import { copyStrided, shiftOf, storedBits } from './common.js';

defineWasmKernel('Transpose', ({ inputs: { x }, attrs: { perm }, backend }) => {
  const shape = perm.map((p) => x.shape[p]!);
  const out = backend.output(shape, x.dtype);
  const inStrides = stridesOf(x.shape);
  copyStrided(
    backend,
    out.dataId.ptr,
    backend.ptr(x),
    shape,
    stridesOf(shape),
    perm.map((p) => inStrides[p]!),
    shiftOf(x.dtype),
  );
  return out;
});

defineWasmKernel('Slice', ({ inputs: { x }, attrs: { begin, size }, backend }) => {
  const out = backend.output(size, x.dtype);
  if (sizeOf(size) === 0) return out;
  const inStrides = stridesOf(x.shape);
  const shift = shiftOf(x.dtype);
  let base = 0;
  for (let i = 0; i < begin.length; i++) base += begin[i]! * inStrides[i]!;
  copyStrided(
    backend,
    out.dataId.ptr,
    backend.ptr(x) + (base << shift),
    size,
    stridesOf(size),
    inStrides,
    shift,
  );
  return out;
});

defineWasmKernel('Concat', ({ inputs: { tensors }, attrs: { axis }, backend }) => {
  const first = tensors[0]!;
  const outShape = [...first.shape];
  outShape[axis] = tensors.reduce((s, t) => s + t.shape[axis]!, 0);
  const out = backend.output(outShape, first.dtype);
  if (sizeOf(outShape) === 0) return out;
  const shift = shiftOf(first.dtype);
  const outStrides = stridesOf(outShape);
  let offset = 0;
  for (const t of tensors) {
    copyStrided(
      backend,
      out.dataId.ptr + ((offset * outStrides[axis]!) << shift),
      backend.ptr(t),
      t.shape,
      outStrides,
      stridesOf(t.shape),
      shift,
    );
    offset += t.shape[axis]!;
  }
  return out;
});

defineWasmKernel('Pad', ({ inputs: { x }, attrs: { paddings, value }, backend }) => {
  const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const out = backend.output(outShape, x.dtype);
  const total = sizeOf(outShape);
  if (total === 0) return out;
  const shift = shiftOf(x.dtype);
  const bits = storedBits(value, x.dtype);
  if (shift === 2) backend.k.fill32(out.dataId.ptr, total, bits);
  else backend.k.fill8(out.dataId.ptr, total, bits);
  const outStrides = stridesOf(outShape);
  let base = 0;
  for (let i = 0; i < x.shape.length; i++) base += paddings[i]![0] * outStrides[i]!;
  copyStrided(
    backend,
    out.dataId.ptr + (base << shift),
    backend.ptr(x),
    x.shape,
    outStrides,
    stridesOf(x.shape),
    shift,
  );
  return out;
});

defineWasmKernel('Tile', ({ inputs: { x }, attrs: { reps }, backend }) => {
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.output(outShape, x.dtype);
  if (sizeOf(outShape) === 0) return out;
  // out viewed as [reps0, d0, reps1, d1, ...]: the rep axes read x with stride 0
  const outStrides = stridesOf(outShape);
  const inStrides = stridesOf(x.shape);
  const shape: number[] = [];
  const dst: number[] = [];
  const src: number[] = [];
  x.shape.forEach((d, i) => {
    shape.push(reps[i]!, d);
    dst.push(d * outStrides[i]!, outStrides[i]!);
    src.push(0, inStrides[i]!);
  });
  copyStrided(backend, out.dataId.ptr, backend.ptr(x), shape, dst, src, shiftOf(x.dtype));
  return out;
});
