/**
 * Data-driven op cases, shared by every backend.
 *
 * A case names its inputs as plain values with a shape and dtype, the op call, and the expected result
 * computed independently of any kernel: literal values, or a float64 reference in the case file that
 * receives the inputs exactly as stored (float32-rounded, int-truncated), so float32 rounding of the
 * inputs does not count as error.
 */
import { expect, it } from 'vitest';
import { type DType, dispose, memory, type Tensor, tensor, tidy } from '../../src/index.js';
import { type BackendUnderTest, expectClose, type ToleranceKind, toleranceFor } from './backends.js';

/** One input: flat values (row-major), its shape and dtype. */
export interface InputSpec {
  readonly values: readonly (number | boolean)[];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** One expected output. */
export interface Expected {
  readonly values: ArrayLike<number>;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A data-driven op case. */
export interface OpCase {
  /** Test name, unique in its family. */
  readonly name: string;
  /** Inputs, passed to `op` in order. */
  readonly inputs: readonly InputSpec[];
  /** The op call: one output, or several (e.g. topk's values and indices, split's parts). */
  readonly op: (...xs: Tensor[]) => Tensor | readonly Tensor[];
  /** Expected outputs, given each input's stored values as float64. */
  readonly expected: (...xs: Float64Array[]) => Expected | readonly Expected[];
  /** Kind of computation, for float tolerances (default: the family's). */
  readonly kind?: ToleranceKind;
}

/** Values as the backend stores them for `dtype`, read back as float64. */
export function stored(values: readonly (number | boolean)[], dtype: DType): Float64Array {
  const nums = values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  switch (dtype) {
    case 'float32':
      return Float64Array.from(Float32Array.from(nums));
    case 'float64':
      return Float64Array.from(nums);
    case 'int32':
      return Float64Array.from(Int32Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0))));
    case 'uint8':
      return Float64Array.from(Uint8Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0))));
    case 'bool':
      return Float64Array.from(nums, (v) => (v !== 0 ? 1 : 0));
  }
}

/** Values as `dtype` stores them (float32 rounding, int32 wrap-around), for expected outputs. */
export function asStored(values: ArrayLike<number>, dtype: DType): Float64Array {
  return stored(Array.from(values), dtype);
}

/**
 * An input of `values` (flat) with `shape` (default: 1-D) and `dtype` (default: float32).
 *
 * @example
 * ```ts
 * input([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
 * ```
 */
export function input(
  values: readonly (number | boolean)[],
  shape: readonly number[] = [values.length],
  dtype: DType = 'float32',
): InputSpec {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length)
    throw new Error(`input: ${values.length} values for shape [${shape.join(', ')}]`);
  return { values, shape, dtype };
}

/** A scalar (rank-0) input. */
export function scalarInput(value: number | boolean, dtype: DType = 'float32'): InputSpec {
  return { values: [value], shape: [], dtype };
}

/** An expected output. */
export function out(
  values: ArrayLike<number | boolean>,
  shape: readonly number[],
  dtype: DType = 'float32',
): Expected {
  const nums = Array.from(values as ArrayLike<number | boolean>, (v) =>
    typeof v === 'boolean' ? (v ? 1 : 0) : v,
  );
  return { values: nums, shape, dtype };
}

/** Deterministic pseudo-random values in `[lo, hi)` (mulberry32), independent of the library's generator. */
export function seeded(n: number, seed: number, lo = -1, hi = 1): number[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/** Deterministic integers in `[lo, hi]`. */
export function seededInts(n: number, seed: number, lo: number, hi: number): number[] {
  return seeded(n, seed, 0, 1).map((u) => lo + Math.floor(u * (hi - lo + 1)));
}

function needs(c: OpCase): DType[] {
  return [...new Set(c.inputs.map((i) => i.dtype))];
}

/**
 * Register one test per case: build the inputs, run the op inside `tidy`, compare every output's shape,
 * dtype and values, and check that nothing leaked. Cases whose inputs use a dtype the backend lacks are
 * skipped, and so, on a backend without synchronous reads (webgpu), are cases that mix its tensors with a
 * float64 input or output (float64 lives on cpu, and moving a GPU tensor there needs a synchronous read).
 */
export function runCases(
  cases: readonly OpCase[],
  backend: BackendUnderTest,
  defaultKind: ToleranceKind = 'elementwise',
): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name '${c.name}'`);
    names.add(c.name);
    it(c.name, async (ctx) => {
      const missing = needs(c).filter((d) => !backend.supports(d));
      if (missing.length > 0) ctx.skip(`backend '${backend.name}' lacks ${missing.join(', ')}`);
      const want = c.expected(...c.inputs.map((s) => stored(s.values, s.dtype)));
      const wants: readonly Expected[] = Array.isArray(want) ? want : [want as Expected];
      if (!backend.readsSync()) {
        // float64 operands live on cpu, and kernels touching them run there: a backend without synchronous
        // reads (webgpu) cannot hand its tensors to such a kernel
        const local = needs(c).some((d) => backend.stores(d));
        const foreign = [...new Set([...needs(c), ...wants.map((w) => w.dtype)])].filter(
          (d) => !backend.stores(d),
        );
        if (local && foreign.length > 0)
          ctx.skip(
            `backend '${backend.name}' cannot read synchronously to mix its tensors with ${foreign.join(', ')}`,
          );
      }
      const before = memory().numTensors;
      const xs = c.inputs.map((s) => tensor(s.values as number[], { shape: s.shape, dtype: s.dtype }));
      const result = tidy(() => c.op(...xs));
      const outs: readonly Tensor[] = Array.isArray(result) ? result : [result as Tensor];
      expect(outs.length, 'number of outputs').toBe(wants.length);
      for (let i = 0; i < outs.length; i++) {
        const o = outs[i]!;
        const w = wants[i]!;
        expect([...o.shape], `shape of output ${i}`).toEqual([...w.shape]);
        expect(o.dtype, `dtype of output ${i}`).toBe(w.dtype);
        // expected values as the output dtype stores them: float32 overflow to Infinity, int32 wrap-around
        expectClose(
          await o.data(),
          asStored(w.values, w.dtype),
          toleranceFor(w.dtype, c.kind ?? defaultKind),
          w.shape,
        );
      }
      dispose([outs, xs]);
      expect(memory().numTensors, 'live tensors after the case').toBe(before);
    });
  }
}
