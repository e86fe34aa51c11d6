import { sizeOf } from '../../../internal/shape.js';
import { defineWasmKernel } from '../wasm-backend.js';
import { cloneInfo, dtypeCode, shiftOf, storedBits } from './common.js';
import { aroundAxis } from './reduce.js';

defineWasmKernel('Gather', ({ inputs: { x, indices }, attrs: { axis }, backend }) => {
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = backend.output(shape, x.dtype);
  if (sizeOf(shape) === 0) return out;
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const m = sizeOf(indices.shape);
  backend.k.gather(
    out.dataId.ptr,
    backend.ptr(x),
    backend.ptr(indices),
    outer,
    n,
    inner,
    m,
    shiftOf(x.dtype),
  );
  return out;
});

defineWasmKernel('ScatterAdd', ({ inputs: { x, indices, updates }, attrs: { axis }, backend }) => {
  const out = cloneInfo(backend, x);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const m = sizeOf(indices.shape);
  if (outer * n * inner === 0 || m === 0) return out;
  backend.k.scatter_add(
    backend.ptr(out),
    backend.ptr(indices),
    backend.ptr(updates),
    dtypeCode(x.dtype, 'ScatterAdd'),
    outer,
    n,
    inner,
    m,
  );
  return out;
});

defineWasmKernel('OneHot', ({ inputs: { indices }, attrs: { depth, onValue, offValue, dtype }, backend }) => {
  dtypeCode(dtype, 'oneHot');
  const out = backend.output([...indices.shape, depth], dtype);
  const count = sizeOf(indices.shape);
  if (count * depth === 0) return out;
  backend.k.one_hot(
    out.dataId.ptr,
    backend.ptr(indices),
    count,
    depth,
    storedBits(onValue, dtype),
    storedBits(offValue, dtype),
    shiftOf(dtype),
  );
  return out;
});

defineWasmKernel('Sort', ({ inputs: { x }, attrs: { axis, descending }, backend }) => {
  const values = backend.output(x.shape, x.dtype);
  const indices = backend.output(x.shape, 'int32');
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  if (outer * n * inner === 0) return [values, indices];
  const scratch = backend.scratch(16 * n);
  backend.k.sort(
    values.dataId.ptr,
    indices.dataId.ptr,
    backend.ptr(x),
    dtypeCode(x.dtype, 'Sort'),
    outer,
    n,
    inner,
    descending ? 1 : 0,
    scratch,
  );
  return [values, indices];
});

defineWasmKernel('TopK', ({ inputs: { x }, attrs: { k, largest }, backend }) => {
  const shape = [...x.shape.slice(0, -1), k];
  const values = backend.output(shape, x.dtype);
  const indices = backend.output(shape, 'int32');
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  if (rows * k === 0) return [values, indices];
  const scratch = backend.scratch(16 * n);
  backend.k.top_k(
    values.dataId.ptr,
    indices.dataId.ptr,
    backend.ptr(x),
    dtypeCode(x.dtype, 'TopK'),
    rows,
    n,
    k,
    largest ? 1 : 0,
    scratch,
  );
  return [values, indices];
});
