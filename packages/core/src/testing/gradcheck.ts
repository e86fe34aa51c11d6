import { valueAndGrad } from '../autograd/grad.js';
import { dispose, getBackend, setBackend, tidy } from '../backend/backends.js';
import { type TensorLike, tensor } from '../ops/create.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { Rng } from '../random/rng.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** An input of {@link checkGradients}: a tensor, nested arrays, or flat values with a shape. */
export type GradCheckInput = TensorLike | GradCheckValues;

/** Raw values and a shape, read as float64. */
export interface GradCheckValues {
  /** Row-major values. */
  values: ArrayLike<number>;
  /** Shape. */
  shape: readonly number[];
}

/** Options of {@link checkGradients}. */
export interface GradCheckOptions {
  /** Central-difference step. Default `1e-6`. */
  h?: number;
  /** Relative tolerance, scaled by the larger of the two gradients. Default `1e-5`. */
  rtol?: number;
  /** Absolute tolerance. Default `1e-6`. */
  atol?: number;
  /** Seed of the fixed random weighting that reduces a non-scalar output. Default `0`. */
  seed?: number;
}

/** The entry where analytic and numeric gradients disagree most (relative to the tolerance). */
export interface GradCheckEntry {
  /** Which input (position in `inputs`). */
  input: number;
  /** Flat index inside that input. */
  index: number;
  /** Gradient from `valueAndGrad`. */
  analytic: number;
  /** Gradient from central differences. */
  numeric: number;
  /** `|analytic - numeric|`. */
  error: number;
  /** `error / (atol + rtol * max(|analytic|, |numeric|))`: above 1 fails. */
  ratio: number;
}

/** Outcome of {@link checkGradients}. */
export interface GradCheckReport {
  /** Whether every entry is within tolerance (and finite). */
  ok: boolean;
  /** Largest `|analytic - numeric|` over every entry. */
  maxError: number;
  /** The entry with the largest error ratio; absent when the inputs are empty. */
  worst?: GradCheckEntry;
  /** Analytic gradient of each input (flat, row-major). */
  analytic: Float64Array[];
  /** Numeric gradient of each input (flat, row-major). */
  numeric: Float64Array[];
  /** A one-line summary naming the worst entry. */
  message: string;
}

interface Spec {
  values: Float64Array;
  shape: number[];
}

function toSpec(x: GradCheckInput, read: TypedArray | undefined, i: number): Spec {
  if (x instanceof Tensor) return { values: Float64Array.from(read!), shape: [...x.shape] };
  if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x)) {
    const spec = x as { values: ArrayLike<number>; shape: readonly number[] };
    const values = Float64Array.from(spec.values);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (size !== values.length) {
      throw new Error(
        `checkGradients: inputs[${i}] has ${values.length} values but shape [${spec.shape.join(', ')}]`,
      );
    }
    return { values, shape: [...spec.shape] };
  }
  const t = tensor(x as Exclude<TensorLike, Tensor>, { dtype: 'float64' });
  try {
    return { values: t.dataSync() as Float64Array, shape: [...t.shape] };
  } finally {
    t.dispose();
  }
}

function checkOutput(y: unknown): Tensor {
  if (!(y instanceof Tensor)) throw new Error('checkGradients: f must return a tensor');
  if (y.dtype !== 'float64') {
    throw new Error(
      `checkGradients: f returned ${y.dtype} for float64 inputs; every op on the path must keep float64`,
    );
  }
  return y;
}

/** The gradient check proper; runs on the active backend, which must store float64 (`cpu`). */
function checkOnActiveBackend(
  f: (...xs: Tensor[]) => Tensor,
  specs: Spec[],
  opts: Required<GradCheckOptions>,
): GradCheckReport {
  const make = (s: Spec, values = s.values) => tensor(values, { shape: s.shape, dtype: 'float64' });
  const xs = specs.map((s) => make(s));
  let w: Tensor | undefined;
  try {
    const shape = tidy(() => [...checkOutput(f(...xs)).shape]);
    const rng = new Rng(opts.seed);
    const size = shape.reduce((a, b) => a * b, 1);
    // weights in [-1.5, -0.5] U [0.5, 1.5]: every output element matters, none nearly cancels
    const weights = Float64Array.from({ length: size }, () => {
      const u = rng.next();
      return u < 0.5 ? -0.5 - 2 * u : 2 * u - 0.5;
    });
    w = tensor(weights, { shape, dtype: 'float64' });
    const weight = w;
    const loss = (...ys: Tensor[]) => sum(mul(checkOutput(f(...ys)), weight));

    const analytic = tidy(() => {
      const { grads } = valueAndGrad((ps: Tensor[]) => loss(...ps))(xs);
      return grads.map((g, i) => {
        const s = specs[i]!;
        if (
          g.dtype !== 'float64' ||
          g.shape.length !== s.shape.length ||
          g.shape.some((d, j) => d !== s.shape[j])
        ) {
          throw new Error(
            `checkGradients: gradient of inputs[${i}] is ${g.dtype} [${g.shape.join(', ')}], ` +
              `expected float64 [${s.shape.join(', ')}]`,
          );
        }
        return Float64Array.from(g.dataSync());
      });
    });

    const lossAt = (input: number, values: Float64Array): number =>
      tidy(() => {
        const args = xs.map((x, i) => (i === input ? make(specs[i]!, values) : x));
        return loss(...args).dataSync()[0]!;
      });
    const numeric = specs.map((s, input) => {
      const out = new Float64Array(s.values.length);
      const values = s.values.slice();
      for (let j = 0; j < values.length; j++) {
        const x0 = s.values[j]!;
        values[j] = x0 + opts.h;
        const plus = lossAt(input, values);
        values[j] = x0 - opts.h;
        const minus = lossAt(input, values);
        values[j] = x0;
        out[j] = (plus - minus) / (2 * opts.h);
      }
      return out;
    });
    return summarize(analytic, numeric, opts);
  } finally {
    dispose(xs);
    w?.dispose();
  }
}

function summarize(
  analytic: Float64Array[],
  numeric: Float64Array[],
  opts: Required<GradCheckOptions>,
): GradCheckReport {
  let worst: GradCheckEntry | undefined;
  let maxError = 0;
  let ok = true;
  analytic.forEach((a, input) => {
    const n = numeric[input]!;
    for (let index = 0; index < a.length; index++) {
      const an = a[index]!;
      const nu = n[index]!;
      const error = Math.abs(an - nu);
      const finite = Number.isFinite(an) && Number.isFinite(nu);
      const ratio = finite
        ? error / (opts.atol + opts.rtol * Math.max(Math.abs(an), Math.abs(nu)))
        : Infinity;
      if (!(ratio <= 1)) ok = false;
      if (finite && error > maxError) maxError = error;
      if (worst === undefined || !(ratio <= worst.ratio)) {
        worst = { input, index, analytic: an, numeric: nu, error, ratio };
      }
    }
  });
  const message =
    worst === undefined
      ? 'no input entries to check'
      : `${ok ? 'gradients match' : 'gradient mismatch'}: worst at inputs[${worst.input}][${worst.index}]: ` +
        `analytic ${worst.analytic}, numeric ${worst.numeric} (|diff| ${worst.error}, ` +
        `${worst.ratio.toPrecision(3)}x the tolerance ${opts.atol} + ${opts.rtol} * |grad|)`;
  return { ok, maxError, ...(worst === undefined ? {} : { worst }), analytic, numeric, message };
}

/**
 * Compare the gradients `valueAndGrad` computes for `f` with central finite differences, in float64 on
 * the `cpu` backend (activated for the check and restored afterwards).
 *
 * Each input is copied into a float64 tensor; `f` must keep float64 all the way (a float32 output is
 * reported as an error). A non-scalar output is reduced as `sum(out * w)` with a fixed random `w`, so
 * every output element matters. An entry passes when
 * `|analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|)`; non-finite values fail.
 * Check away from kinks and discontinuities (ties in max, 0 for abs, integers for floor).
 *
 * @param f - The function to check, of one tensor per input.
 * @param inputs - Point to check at: tensors, nested arrays, or `{ values, shape }`.
 * @param opts - Step and tolerances.
 * @returns A report; `ok` says whether it passed and `message` names the worst entry.
 * @throws Error when `f` does not return a float64 tensor or a gradient has the wrong shape.
 * @example
 * ```ts
 * const report = await checkGradients((a, b) => matmul(a, b), [[[1, 2]], [[3], [4]]]);
 * report.ok; // true
 * ```
 */
export async function checkGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly GradCheckInput[],
  opts: GradCheckOptions = {},
): Promise<GradCheckReport> {
  const resolved: Required<GradCheckOptions> = {
    h: opts.h ?? 1e-6,
    rtol: opts.rtol ?? 1e-5,
    atol: opts.atol ?? 1e-6,
    seed: opts.seed ?? 0,
  };
  // read tensors where they live, then build every float64 copy on cpu
  const read = await Promise.all(inputs.map((x) => (x instanceof Tensor ? x.data() : undefined)));
  const previous = getBackend();
  if (previous !== 'cpu') await setBackend('cpu');
  try {
    const specs = inputs.map((x, i) => toSpec(x, read[i], i));
    return checkOnActiveBackend(f, specs, resolved);
  } finally {
    if (previous !== 'cpu') await setBackend(previous);
  }
}

/**
 * {@link checkGradients}, throwing an `Error` with the report's message when the check fails.
 *
 * @example
 * ```ts
 * await assertGradients((x) => softmax(x), [[1, 2, 3]]);
 * ```
 */
export async function assertGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly GradCheckInput[],
  opts: GradCheckOptions = {},
): Promise<GradCheckReport> {
  const report = await checkGradients(f, inputs, opts);
  if (!report.ok) throw new Error(`assertGradients: ${report.message}`);
  return report;
}
