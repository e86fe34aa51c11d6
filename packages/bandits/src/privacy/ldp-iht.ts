/**
 * Sequentially interactive LDP sparse regression by noisy iterative hard thresholding (spec §11.3).
 *
 * @module
 */
import { type Constraint, checkParams, integer, interval, nullable, oneOf } from '../base/constraints.js';
import { invalidParam, notFitted, shapeMismatch } from '../errors.js';
import { type MatrixLike, toRows, toVector, type VectorLike } from '../internal/input.js';
import { streamRng } from '../internal/rng-stream.js';
import { PrivacyAccountant, type PrivacyRelease, type PrivacyReport } from './accountant.js';
import { clip, gaussianSigma, laplace } from './mechanisms.js';

/** Parameters of {@link LdpIht}. */
export interface LdpIhtParams {
  /** Per-user `ε > 0` (`Infinity` = no noise). */
  epsilon: number;
  /** Per-user `δ` of the Gaussian mechanism (default 1e-5). */
  delta: number;
  /** `'gaussian'` (Δ₂ = 2G) or `'laplace'` (Δ₁ = 2G√d). */
  mechanism: 'gaussian' | 'laplace';
  /** Sparsity `k`; iterates keep `k' = 2k` coordinates (default 5). */
  sparsity: number;
  /** Feature clip `τx` (default 3). */
  clipX: number;
  /** Response clip `τy` (default 3). */
  clipY: number;
  /** ℓ₂ clip `G` of each user's gradient (default 5). */
  clipGrad: number;
  /** ℓ₁ radius `R` of the feasible set (default 1, the spec's `‖θ*‖₁ = 1`). */
  radius: number;
  /** Step `η` (default 0.5 = `1/(2λ_max(Σ))` for unit-variance features). */
  stepSize: number;
  /** Batches `T` (default `null`: `⌈log₂ n⌉`). */
  batches: number | null;
  /** Seed (default 0). */
  seed: number;
}

/** Euclidean projection onto `{‖θ‖₁ ≤ R}` (Duchi et al. 2008). @internal */
export function projectL1(v: Float64Array, R: number): Float64Array {
  let l1 = 0;
  for (const x of v) l1 += Math.abs(x);
  if (l1 <= R) return v;
  const u = Array.from(v, Math.abs).sort((a, b) => b - a);
  let cum = 0;
  let theta = 0;
  for (let i = 0; i < u.length; i++) {
    cum += u[i]!;
    const t = (cum - R) / (i + 1);
    if (u[i]! - t > 0) theta = t;
  }
  return v.map((x) => Math.sign(x) * Math.max(Math.abs(x) - theta, 0));
}

/** Keeps the `k` largest magnitudes. @internal */
export function hardThreshold(v: Float64Array, k: number): Float64Array {
  if (k >= v.length) return v;
  const idx = Array.from(v.keys()).sort((a, b) => Math.abs(v[b]!) - Math.abs(v[a]!) || a - b);
  const out = new Float64Array(v.length);
  for (let i = 0; i < k; i++) out[idx[i]!] = v[idx[i]!]!;
  return out;
}

const EPS: Constraint = {
  expected: 'be a number > 0 (Infinity allowed)',
  invalid: [0, -1, Number.NaN],
  check: (v) => typeof v === 'number' && v > 0,
};

/**
 * LDP-IHT (**unconfirmed** reconstruction of the sequentially interactive protocol of Zhu et al., ICLR
 * 2024): users are split into `T = ⌈log₂ n⌉` disjoint batches; in round `t` each user of batch `t` sends
 * `clip₂(x̃(⟨x̃, θ_{t−1}⟩ − ỹ), G)` plus noise calibrated to `Δ₂ = 2G` (Gaussian) or `Δ₁ = 2G√d`
 * (Laplace); the server steps `θ_t = P_{‖·‖₁≤R}(H_{2k}(θ_{t−1} − η·mean g))`. Every user releases once,
 * so the per-user budget is `(ε, δ)`.
 *
 * @example
 * ```ts
 * const model = new LdpIht({ epsilon: 2, sparsity: 5 }).fit(X, y);
 * model.coef;
 * model.privacy.releases.length; // 1: one gradient per user
 * ```
 */
export class LdpIht {
  /** Defaults. */
  static readonly defaults: LdpIhtParams = {
    epsilon: 1,
    delta: 1e-5,
    mechanism: 'gaussian',
    sparsity: 5,
    clipX: 3,
    clipY: 3,
    clipGrad: 5,
    radius: 1,
    stepSize: 0.5,
    batches: null,
    seed: 0,
  };
  /** Parameters. */
  readonly params: Readonly<LdpIhtParams>;
  #coef: Float64Array | null = null;
  #privacy: PrivacyReport | null = null;
  #path: Float64Array[] = [];

  /** Stores the parameters (validated at `fit`). */
  constructor(params: Partial<LdpIhtParams> = {}) {
    const p: Record<string, unknown> = { ...LdpIht.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) p[k] = v;
    this.params = Object.freeze(p as unknown as LdpIhtParams);
  }

  /**
   * Runs the protocol on `(X, y)`, one user per row.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for bad parameters (or `sparsity > d`,
   *   more batches than users); `…__INVALID_INPUT` / `…__SHAPE_MISMATCH` for bad data.
   */
  fit(X: MatrixLike, y: VectorLike): this {
    const fn = 'LdpIht.fit';
    const p = this.params;
    checkParams(
      p,
      {
        epsilon: EPS,
        delta: interval({ gt: 0, lt: 1 }),
        mechanism: oneOf(['gaussian', 'laplace']),
        sparsity: integer(1),
        clipX: interval({ gt: 0 }),
        clipY: interval({ gt: 0 }),
        clipGrad: interval({ gt: 0 }),
        radius: interval({ gt: 0 }),
        stepSize: interval({ gt: 0 }),
        batches: nullable(integer(1)),
        seed: integer(0),
      },
      fn,
    );
    const rows = toRows(X, fn);
    const t = toVector(y, fn, 'y', rows.rows, 'one response per row of X');
    const { rows: n, cols: d, data } = rows;
    if (p.sparsity > d) throw invalidParam(fn, 'sparsity', `be at most d = ${d}`, p.sparsity);
    const T = p.batches ?? Math.max(1, Math.ceil(Math.log2(n)));
    if (T > n) throw invalidParam(fn, 'batches', `be at most the number of users ${n}`, T);
    const G = p.clipGrad;
    let draw: (rng: ReturnType<typeof streamRng>) => number;
    let release: PrivacyRelease;
    if (p.mechanism === 'gaussian') {
      const sigma = gaussianSigma(2 * G, p.epsilon, p.delta);
      draw = (rng) => sigma * rng.nextNormal();
      release = {
        label: 'clipped gradient',
        mechanism: 'gaussian' as const,
        epsilon: p.epsilon,
        delta: p.delta,
        sensitivity: 2 * G,
        noise: sigma,
      };
    } else {
      const s1 = 2 * G * Math.sqrt(d);
      const b = Number.isFinite(p.epsilon) ? s1 / p.epsilon : 0;
      draw = (rng) => (b === 0 ? 0 : laplace(rng, b));
      release = {
        label: 'clipped gradient',
        mechanism: 'laplace' as const,
        epsilon: p.epsilon,
        delta: 0,
        sensitivity: s1,
        noise: b,
      };
    }
    const acc = new PrivacyAccountant({
      epsilon: p.epsilon,
      delta: p.mechanism === 'gaussian' ? p.delta : 0,
    });
    acc.spend(release); // the same single release for every user
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    const prng = streamRng(p.seed, 17);
    for (let i = n - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      const tmp = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = tmp;
    }
    let theta: Float64Array = new Float64Array(d);
    const path: Float64Array[] = [];
    const xt = new Float64Array(d);
    const g = new Float64Array(d);
    const kk = Math.min(2 * p.sparsity, d);
    for (let b = 0; b < T; b++) {
      const lo = Math.floor((b * n) / T);
      const hi = Math.floor(((b + 1) * n) / T);
      const mean = new Float64Array(d);
      for (let q = lo; q < hi; q++) {
        const i = perm[q]!;
        const rng = streamRng(p.seed, 19, i);
        let pred = 0;
        for (let j = 0; j < d; j++) {
          xt[j] = clip(data[i * d + j]!, p.clipX);
          pred += xt[j]! * theta[j]!;
        }
        const resid = pred - clip(t[i]!, p.clipY);
        let n2 = 0;
        for (let j = 0; j < d; j++) {
          g[j] = xt[j]! * resid;
          n2 += g[j]! * g[j]!;
        }
        const s = n2 > G * G ? G / Math.sqrt(n2) : 1;
        for (let j = 0; j < d; j++) mean[j] = mean[j]! + (s * g[j]! + draw(rng)) / (hi - lo);
      }
      const step = theta.map((v, j) => v - p.stepSize * mean[j]!);
      theta = projectL1(hardThreshold(step, kk), p.radius);
      path.push(Float64Array.from(theta));
    }
    this.#coef = theta;
    this.#path = path;
    this.#privacy = acc.report();
    return this;
  }

  /** The estimate. */
  get coef(): Float64Array {
    if (!this.#coef) throw notFitted('LdpIht', 'coef');
    return Float64Array.from(this.#coef);
  }

  /** The iterate after each batch. */
  get path(): Float64Array[] {
    if (!this.#coef) throw notFitted('LdpIht', 'path');
    return this.#path.map((v) => Float64Array.from(v));
  }

  /** The per-user privacy report (one noisy gradient per user). */
  get privacy(): PrivacyReport {
    if (!this.#privacy) throw notFitted('LdpIht', 'privacy');
    return structuredClone(this.#privacy);
  }

  /** `Xθ̂`. */
  predict(X: MatrixLike): Float64Array {
    const coef = this.coef;
    const rows = toRows(X, 'LdpIht.predict');
    if (rows.cols !== coef.length)
      throw shapeMismatch('LdpIht.predict', 'X', `have ${coef.length} columns`, rows.cols);
    return Float64Array.from({ length: rows.rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < coef.length; j++) s += rows.data[i * rows.cols + j]! * coef[j]!;
      return s;
    });
  }
}
