import { sizeOf } from '../../../internal/shape.js';
import { allocate } from '../../../tensor/dtype.js';
import { defineCpuKernel } from '../cpu-backend.js';
import { aroundAxis } from './reduce.js';

/** Ascending order with NaN last; ties keep index order (the sort is stable). */
function ascending(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

defineCpuKernel('Sort', ({ inputs: { x }, attrs: { axis, descending }, backend }) => {
  const v = backend.values(x);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const values = allocate(x.dtype, v.length);
  const indices = new Int32Array(v.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) order[j] = j;
      order.sort(
        (p, q) =>
          (descending
            ? -ascending(v[base + p * inner]!, v[base + q * inner]!)
            : ascending(v[base + p * inner]!, v[base + q * inner]!)) || p - q,
      );
      for (let j = 0; j < n; j++) {
        values[base + j * inner] = v[base + order[j]! * inner]!;
        indices[base + j * inner] = order[j]!;
      }
    }
  }
  return [backend.output(values, x.shape, x.dtype), backend.output(indices, x.shape, 'int32')];
});

defineCpuKernel('TopK', ({ inputs: { x }, attrs: { k, largest }, backend }) => {
  const v = backend.values(x);
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : v.length / n;
  const outShape = [...x.shape.slice(0, -1), k];
  const values = allocate(x.dtype, sizeOf(outShape));
  const indices = new Int32Array(values.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) order[j] = j;
    // NaN counts as the largest value, as in PyTorch's topk
    order.sort((p, q) => {
      const c = ascending(v[base + p]!, v[base + q]!);
      return (largest ? -c : c) || p - q;
    });
    for (let j = 0; j < k; j++) {
      values[r * k + j] = v[base + order[j]!]!;
      indices[r * k + j] = order[j]!;
    }
  }
  return [backend.output(values, outShape, x.dtype), backend.output(indices, outShape, 'int32')];
});

defineCpuKernel('Gather', ({ inputs: { x, indices }, attrs: { axis }, backend }) => {
  const v = backend.values(x);
  const idx = backend.values(indices);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const m = idx.length;
  const out = allocate(x.dtype, outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * n + idx[j]!) * inner;
      out.set(v.subarray(src, src + inner), (o * m + j) * inner);
    }
  }
  return backend.output(
    out,
    [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)],
    x.dtype,
  );
});

defineCpuKernel('ScatterAdd', ({ inputs: { x, indices, updates }, attrs: { axis }, backend }) => {
  const out = backend.values(x).slice();
  const idx = backend.values(indices);
  const u = backend.values(updates);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const dst = (o * n + idx[j]!) * inner;
      const src = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i]! += u[src + i]!;
    }
  }
  return backend.output(out, x.shape, x.dtype);
});

defineCpuKernel('OneHot', ({ inputs: { indices }, attrs: { depth, onValue, offValue, dtype }, backend }) => {
  const idx = backend.values(indices);
  const out = allocate(dtype, idx.length * depth);
  out.fill(offValue);
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i]!;
    if (c >= 0 && c < depth) out[i * depth + c] = onValue;
  }
  return backend.output(out, [...indices.shape, depth], dtype);
});
