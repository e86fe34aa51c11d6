/**
 * Plain float64 reference computations for the op cases: index arithmetic written directly from the
 * definitions (multi-index in, multi-index out), sharing no code with any backend.
 */

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of flat position `k`. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  let rest = k;
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = rest % shape[i]!;
    rest = Math.floor(rest / shape[i]!);
  }
  return idx;
}

/** Flat position of a multi-index. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let k = 0;
  for (let i = 0; i < shape.length; i++) k = k * shape[i]! + idx[i]!;
  return k;
}

/** NumPy broadcast of several shapes (throws if incompatible: the reference must not be asked to). */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i] ?? 1;
      if (e !== 1) {
        if (d !== 1 && d !== e) throw new Error(`reference: shapes do not broadcast`);
        d = e;
      }
    }
    out.push(d);
  }
  return out;
}

/** Value of `values` (shaped `shape`) at output multi-index `idx` of a broadcast result. */
export function at(values: ArrayLike<number>, shape: readonly number[], idx: readonly number[]): number {
  const off = idx.length - shape.length;
  const own = shape.map((d, i) => (d === 1 ? 0 : idx[off + i]!));
  return values[ravel(own, shape)]!;
}

/** Elementwise `f` over broadcast inputs. */
export function broadcastMap(
  inputs: readonly { values: ArrayLike<number>; shape: readonly number[] }[],
  f: (...v: number[]) => number,
): { values: number[]; shape: number[] } {
  const shape = broadcastShape(...inputs.map((i) => i.shape));
  const values = Array.from({ length: sizeOf(shape) }, (_, k) => {
    const idx = unravel(k, shape);
    return f(...inputs.map((i) => at(i.values, i.shape, idx)));
  });
  return { values, shape };
}

/** Reduce the listed axes (all when undefined; negative allowed) by folding `step` from `init`. */
export function reduceAxes(
  values: ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[] | undefined,
  keepDims: boolean,
  init: number,
  step: (acc: number, v: number) => number,
): { values: number[]; shape: number[] } {
  const ax = (axes ?? shape.map((_, i) => i)).map((a) => (a < 0 ? a + shape.length : a));
  const keptShape = shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const acc = new Array<number>(sizeOf(keptShape)).fill(init);
  for (let k = 0; k < sizeOf(shape); k++) {
    const idx = unravel(k, shape).map((v, i) => (ax.includes(i) ? 0 : v));
    const o = ravel(idx, keptShape);
    acc[o] = step(acc[o]!, values[k]!);
  }
  return { values: acc, shape: keepDims ? keptShape : shape.filter((_, i) => !ax.includes(i)) };
}

/** Permute axes: output axis `i` is input axis `perm[i]`. */
export function transposeRef(
  values: ArrayLike<number>,
  shape: readonly number[],
  perm: readonly number[],
): { values: number[]; shape: number[] } {
  const outShape = perm.map((p) => shape[p]!);
  const values2 = Array.from({ length: sizeOf(shape) }, (_, k) => {
    const o = unravel(k, outShape);
    const idx = new Array<number>(shape.length);
    perm.forEach((p, i) => {
      idx[p] = o[i]!;
    });
    return values[ravel(idx, shape)]!;
  });
  return { values: values2, shape: outShape };
}

/** The lines of `values` along `axis`: for every position of the other axes, the flat indices along it. */
export function lines(shape: readonly number[], axis: number): number[][] {
  const a = axis < 0 ? axis + shape.length : axis;
  const others = shape.map((d, i) => (i === a ? 1 : d));
  const out: number[][] = [];
  for (let k = 0; k < sizeOf(others); k++) {
    const idx = unravel(k, others);
    out.push(
      Array.from({ length: shape[a]! }, (_, j) => {
        idx[a] = j;
        return ravel(idx, shape);
      }),
    );
  }
  return out;
}

/** Apply `f` to each line along `axis`, writing its results back at the same positions. */
export function mapLines(
  values: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  f: (line: number[]) => number[],
): number[] {
  const out = new Array<number>(values.length).fill(0);
  for (const line of lines(shape, axis)) {
    const res = f(line.map((k) => values[k]!));
    line.forEach((k, j) => {
      out[k] = res[j]!;
    });
  }
  return out;
}

/**
 * Error function by composite Simpson integration of `2/sqrt(pi) * exp(-t^2)` on `[0, x]` (20000
 * intervals: error below 1e-14), a deliberately different method from the library's series.
 */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === 0) return x;
  if (Math.abs(x) > 7) return Math.sign(x);
  const n = 20000;
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) {
    const t = i * h;
    s += (i % 2 === 1 ? 4 : 2) * Math.exp(-t * t);
  }
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
}

/** NumPy's round: half to even. */
export function roundHalfEvenRef(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}
