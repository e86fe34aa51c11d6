/**
 * Plain float64 dense references for the sparse ops, written from the definitions and sharing no code
 * with the kernels.
 */

/** A dense row-major matrix. */
export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Wrap nested arrays. */
export function dense(rows: readonly (readonly number[])[], cols?: number): Dense {
  const r = rows.length;
  const c = cols ?? rows[0]?.length ?? 0;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      data[i * c + j] = v;
    });
  });
  return { rows: r, cols: c, data };
}

/** Wrap a flat array. */
export function flat(rows: number, cols: number, data: ArrayLike<number>): Dense {
  return { rows, cols, data: Float64Array.from(data) };
}

/** Element `(i, j)`. */
export function at(a: Dense, i: number, j: number): number {
  return a.data[i * a.cols + j]!;
}

/** `Aᵀ`. */
export function transposeRef(a: Dense): Dense {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = at(a, i, j);
  return { rows: a.cols, cols: a.rows, data: out };
}

/** `A·B`. */
export function matmulRef(a: Dense, b: Dense): Dense {
  if (a.cols !== b.rows) throw new Error('reference: inner dimensions differ');
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += at(a, i, k) * at(b, k, j);
      out[i * b.cols + j] = s;
    }
  return { rows: a.rows, cols: b.cols, data: out };
}

/** `out[p] = ⟨A[r_p], B[c_p]⟩` over the row-major nonzero positions of `pattern`. */
export function sddmmRef(a: Dense, b: Dense, pattern: Dense, scale: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < pattern.rows; i++)
    for (let j = 0; j < pattern.cols; j++) {
      const p = at(pattern, i, j);
      if (p === 0) continue;
      let s = 0;
      for (let t = 0; t < a.cols; t++) s += at(a, i, t) * at(b, j, t);
      out.push(scale ? s * p : s);
    }
  return out;
}

/** Row softmax of `scale·x` over the nonzero positions of `pattern` (row-major list). */
export function sparseSoftmaxRef(x: Dense, pattern: Dense, scale: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    const vals: number[] = [];
    for (let j = 0; j < x.cols; j++) if (at(pattern, i, j) !== 0) vals.push(scale * at(x, i, j));
    if (vals.length === 0) continue;
    const m = Math.max(...vals);
    const e = vals.map((v) => Math.exp(v - m));
    const s = e.reduce((u, v) => u + v, 0);
    for (const v of e) out.push(v / s);
  }
  return out;
}

/** Hadamard matrix `H_N[i, j] = (−1)^popcount(i & j)`, built explicitly. */
export function hadamard(n: number): Dense {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let x = i & j;
      let par = 0;
      while (x) {
        par ^= x & 1;
        x >>>= 1;
      }
      out[i * n + j] = par ? -1 : 1;
    }
  return { rows: n, cols: n, data: out };
}

/** Exact GELU `x·Φ(x)` via a high-precision erf (Abramowitz–Stegun would be too coarse). */
export function geluRef(x: number): number {
  // erf by its Taylor series (|x| small in tests)
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 60; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 * x * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

/** Scalar activations. */
export const ACT_REF: Record<string, (x: number) => number> = {
  none: (x) => x,
  relu: (x) => Math.max(x, 0),
  gelu: geluRef,
  silu: (x) => x / (1 + Math.exp(-x)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
};
