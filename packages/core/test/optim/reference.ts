// Plain-JS float64 reference update rules, written from the PyTorch documentation's pseudocode
// (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW), independent of the tensor code under test.

export interface SgdHyper {
  lr: number | ((t: number) => number);
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/** Run SGD on a parameter vector for each gradient in turn; returns the parameter after each step. */
export function sgdReference(
  p0: readonly number[],
  grads: readonly (readonly number[])[],
  h: SgdHyper,
): number[][] {
  const p = [...p0];
  let buf: number[] | undefined;
  const out: number[][] = [];
  grads.forEach((grad, t) => {
    const lr = typeof h.lr === 'number' ? h.lr : h.lr(t);
    const g = grad.map((gi, i) => gi + h.weightDecay * p[i]!);
    let d = g;
    if (h.momentum !== 0) {
      buf = buf === undefined ? [...g] : buf.map((b, i) => h.momentum * b + (1 - h.dampening) * g[i]!);
      const b = buf;
      d = h.nesterov ? g.map((gi, i) => gi + h.momentum * b[i]!) : [...b];
    }
    for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * d[i]!;
    out.push([...p]);
  });
  return out;
}

export interface AdamHyper {
  lr: number | ((t: number) => number);
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
}

/** Adam / AdamW reference; returns the parameter after each step and the final moments. */
export function adamReference(
  p0: readonly number[],
  grads: readonly (readonly number[])[],
  h: AdamHyper,
): { params: number[][]; m: number[]; v: number[] } {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const params: number[][] = [];
  grads.forEach((grad, k) => {
    const t = k + 1;
    const lr = typeof h.lr === 'number' ? h.lr : h.lr(k);
    for (let i = 0; i < p.length; i++) {
      let g = grad[i]!;
      if (h.decoupled) p[i] = p[i]! - lr * h.weightDecay * p[i]!;
      else g += h.weightDecay * p[i]!;
      m[i] = h.beta1 * m[i]! + (1 - h.beta1) * g;
      v[i] = h.beta2 * v[i]! + (1 - h.beta2) * g * g;
      const mHat = m[i]! / (1 - h.beta1 ** t);
      const vHat = v[i]! / (1 - h.beta2 ** t);
      p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + h.eps);
    }
    params.push([...p]);
  });
  return { params, m, v };
}

/** Assert-friendly max absolute difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
