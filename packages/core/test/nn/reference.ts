// Plain-JS float64 references for the nn tests, independent of the tensor code under test.
import type { Tensor } from '../../src/index.js';

export type Matrix = number[][];

/** Rows of a rank-2 tensor as float64 arrays. */
export function rows(t: Tensor): Matrix {
  const d = t.dataSync();
  const [r, c] = t.shape as [number, number];
  return Array.from({ length: r }, (_, i) => Array.from(d.subarray(i * c, (i + 1) * c)));
}

/** `x W^T + b` for x `[n, in]`, W `[out, in]`. */
export function linearRef(x: Matrix, w: Matrix, b: number[] | undefined): Matrix {
  return x.map((row) => w.map((wr, o) => wr.reduce((acc, wi, i) => acc + wi * row[i]!, b?.[o] ?? 0)));
}

export function layerNormRef(x: number[], eps: number, w?: number[], b?: number[]): number[] {
  const mu = x.reduce((a, v) => a + v, 0) / x.length;
  const variance = x.reduce((a, v) => a + (v - mu) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mu) / Math.sqrt(variance + eps)) * (w?.[i] ?? 1) + (b?.[i] ?? 0));
}

export function rmsNormRef(x: number[], eps: number, w?: number[]): number[] {
  const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
  return x.map((v, i) => (v / Math.sqrt(ms + eps)) * (w?.[i] ?? 1));
}

export function softmaxRef(x: number[]): number[] {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}

/** erf by composite Simpson integration of 2/sqrt(pi) exp(-t^2) (independent of the library's series). */
export function erfRef(x: number): number {
  const n = 2000;
  const h = x / n;
  let acc = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) acc += (i % 2 === 1 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return ((2 / Math.sqrt(Math.PI)) * acc * h) / 3;
}

export function geluRef(x: number): number {
  return 0.5 * x * (1 + erfRef(x / Math.SQRT2));
}

/** Weights of a Linear module as plain arrays. */
export interface LinearWeights {
  w: Matrix;
  b: number[] | undefined;
}

/** Multi-head self-attention over one sequence x `[seq, dim]`. */
export function attentionRef(
  x: Matrix,
  p: { q: LinearWeights; k: LinearWeights; v: LinearWeights; out: LinearWeights },
  numHeads: number,
  causal: boolean,
): Matrix {
  const seq = x.length;
  const dim = x[0]!.length;
  const hd = dim / numHeads;
  const q = linearRef(x, p.q.w, p.q.b);
  const k = linearRef(x, p.k.w, p.k.b);
  const v = linearRef(x, p.v.w, p.v.b);
  const ctx: Matrix = Array.from({ length: seq }, () => new Array<number>(dim).fill(0));
  for (let h = 0; h < numHeads; h++) {
    for (let i = 0; i < seq; i++) {
      const limit = causal ? i + 1 : seq;
      const scores: number[] = [];
      for (let j = 0; j < limit; j++) {
        let s = 0;
        for (let d = 0; d < hd; d++) s += q[i]![h * hd + d]! * k[j]![h * hd + d]!;
        scores.push(s / Math.sqrt(hd));
      }
      const a = softmaxRef(scores);
      for (let d = 0; d < hd; d++) {
        let s = 0;
        for (let j = 0; j < limit; j++) s += a[j]! * v[j]![h * hd + d]!;
        ctx[i]![h * hd + d] = s;
      }
    }
  }
  return linearRef(ctx, p.out.w, p.out.b);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** Central differences of a scalar function of a flat float64 vector. */
export function numericGrad(f: (x: Float64Array) => number, x0: ArrayLike<number>, h = 1e-6): number[] {
  const x = Float64Array.from(x0);
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + h;
    const up = f(x);
    x[i] = v - h;
    const down = f(x);
    x[i] = v;
    out.push((up - down) / (2 * h));
  }
  return out;
}
