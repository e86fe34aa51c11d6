import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf } from '../../../internal/shape.js';
import type { ReduceKernel } from '../../../kernel-names.js';
import { allocate, type DType, type TypedArray } from '../../../tensor/dtype.js';
import { type CpuBackend, defineCpuKernel } from '../cpu-backend.js';
import { transposeValues } from './layout.js';

/**
 * `x` laid out as `[outer, n, inner]` around `axis`: the shape every axis-wise kernel (softmax, cumsum,
 * argmax, sort) works in.
 */
export function aroundAxis(
  shape: readonly number[],
  axis: number,
): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

/** `x`'s values with the reduced axes moved last: `[kept..., reduced...]`, plus the kept and reduced sizes. */
function reducedLast(
  backend: CpuBackend,
  x: TensorInfo,
  axes: number[],
): { v: TypedArray; kept: number; r: number } {
  const keptAxes = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...keptAxes, ...axes];
  const identity = perm.every((p, i) => p === i);
  const v = identity ? backend.values(x) : transposeValues(backend.values(x), x.shape, perm, x.dtype);
  const r = sizeOf(axes.map((a) => x.shape[a]!));
  return { v, kept: sizeOf(keptAxes.map((a) => x.shape[a]!)), r };
}

function reducedShape(shape: readonly number[], axes: number[], keepDims: boolean): number[] {
  return keepDims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
}

const REDUCERS: Record<
  ReduceKernel,
  { init: number; step: (acc: number, v: number) => number; out: (d: DType) => DType }
> = {
  Sum: { init: 0, step: (a, v) => a + v, out: (d) => (d === 'bool' || d === 'uint8' ? 'int32' : d) },
  Prod: { init: 1, step: (a, v) => a * v, out: (d) => (d === 'bool' || d === 'uint8' ? 'int32' : d) },
  Max: { init: Number.NEGATIVE_INFINITY, step: (a, v) => (v > a || Number.isNaN(v) ? v : a), out: (d) => d },
  Min: { init: Number.POSITIVE_INFINITY, step: (a, v) => (v < a || Number.isNaN(v) ? v : a), out: (d) => d },
  Any: { init: 0, step: (a, v) => (a !== 0 || v !== 0 ? 1 : 0), out: () => 'bool' },
  All: { init: 1, step: (a, v) => (a !== 0 && v !== 0 ? 1 : 0), out: () => 'bool' },
};

for (const [name, { init, step, out: outDType }] of Object.entries(REDUCERS) as [
  ReduceKernel,
  (typeof REDUCERS)['Sum'],
][]) {
  defineCpuKernel(name, ({ inputs: { x }, attrs: { axes, keepDims }, backend }) => {
    const { v, kept, r } = reducedLast(backend, x, axes);
    const dtype = outDType(x.dtype);
    const out = allocate(dtype, kept);
    for (let k = 0; k < kept; k++) {
      let acc = init;
      // Max/Min keep NaN once seen: the step returns NaN and NaN comparisons never replace it
      for (let j = k * r, end = j + r; j < end; j++) {
        acc = Number.isNaN(acc) && (name === 'Max' || name === 'Min') ? acc : step(acc, v[j]!);
      }
      out[k] = acc;
    }
    return backend.output(out, reducedShape(x.shape, axes, keepDims), dtype);
  });
}

function argReduce(
  backend: CpuBackend,
  x: TensorInfo,
  axis: number,
  better: (v: number, best: number) => boolean,
): TensorInfo {
  const v = backend.values(x);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = v[base]!;
      let arg = 0;
      for (let j = 1; j < n && !Number.isNaN(best); j++) {
        const e = v[base + j * inner]!;
        if (Number.isNaN(e) || better(e, best)) {
          best = e;
          arg = j;
        }
      }
      out[o * inner + i] = arg;
    }
  }
  return backend.output(
    out,
    x.shape.filter((_, i) => i !== axis),
    'int32',
  );
}

defineCpuKernel('ArgMax', ({ inputs: { x }, attrs: { axis }, backend }) =>
  argReduce(backend, x, axis, (e, b) => e > b),
);
defineCpuKernel('ArgMin', ({ inputs: { x }, attrs: { axis }, backend }) =>
  argReduce(backend, x, axis, (e, b) => e < b),
);

function softmaxLike(backend: CpuBackend, x: TensorInfo, axis: number, log: boolean): TensorInfo {
  const v = backend.values(x);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const out = allocate(x.dtype, v.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const e = v[base + j * inner]!;
        if (e > max || Number.isNaN(e)) max = e;
      }
      if (max === Number.NEGATIVE_INFINITY) max = 0; // all -inf: exp(x - 0) = 0, result NaN as in NumPy
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(v[base + j * inner]! - max);
      const logSum = Math.log(sum);
      for (let j = 0; j < n; j++) {
        const shifted = v[base + j * inner]! - max;
        out[base + j * inner] = log ? shifted - logSum : Math.exp(shifted) / sum;
      }
    }
  }
  return backend.output(out, x.shape, x.dtype);
}

defineCpuKernel('Softmax', ({ inputs: { logits }, attrs: { axis }, backend }) =>
  softmaxLike(backend, logits, axis, false),
);
defineCpuKernel('LogSoftmax', ({ inputs: { logits }, attrs: { axis }, backend }) =>
  softmaxLike(backend, logits, axis, true),
);

defineCpuKernel('Cumsum', ({ inputs: { x }, attrs: { axis, exclusive, reverse }, backend }) => {
  const v = backend.values(x);
  const { outer, n, inner } = aroundAxis(x.shape, axis);
  const dtype = x.dtype === 'bool' || x.dtype === 'uint8' ? 'int32' : x.dtype;
  const out = allocate(dtype, v.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let s = 0; s < n; s++) {
        const j = reverse ? n - 1 - s : s;
        const at = base + j * inner;
        if (exclusive) {
          out[at] = acc;
          acc += v[at]!;
        } else {
          acc += v[at]!;
          out[at] = acc;
        }
      }
    }
  }
  return backend.output(out, x.shape, dtype);
});
