/**
 * Shared-parameter sparse linear environment (spec §16).
 *
 * @module
 */
import { checkParams, integer, interval, nullable, oneOf } from '../base/constraints.js';
import { invalidInput, invalidParam } from '../errors.js';
import { streamRng } from '../internal/rng-stream.js';
import type { Environment, EnvSharedContext } from './environment.js';
import { NON_NEG_INT } from './environment.js';

type Rng = ReturnType<typeof streamRng>;

/** Parameters of {@link SparseLinearEnv}. */
export interface SparseLinearEnvParams {
  /** Feature dimension `d` (default 100). */
  dim: number;
  /** Arms per round `K` (default 10). */
  nArms: number;
  /** Non-zeros of `θ*` (default 5; ignored when `theta` is given). */
  sparsity: number;
  /** Gaussian reward noise `σ` (default 0.5; unused for Bernoulli rewards). */
  sigma: number;
  /** An explicit `θ*` (default `null`: `1/√s` on a seeded random support, spec §13.5). */
  theta: number[] | null;
  /** Arm features: Gaussian `N(0, Σ)`, unit sphere, `{−1, 1}ᵈ` hypercube, or sparse Gaussian (default `'gaussian'`). */
  actions: 'gaussian' | 'sphere' | 'hypercube' | 'sparse';
  /** `Σ` of Gaussian features: identity, AR(1) `ρ^{|i−j|}`, or equicorrelated `ρ` (default `'identity'`). */
  covariance: 'identity' | 'ar' | 'equicorrelated';
  /** `ρ` of the covariance (default 0). */
  rho: number;
  /** Fraction of non-zero features for `'sparse'` actions (default 0.05), scaled to unit variance. */
  density: number;
  /** Correlation `ρ_arms ∈ [0, 1)` between the arms' Gaussian features in a round (Kim & Paik's setting; default 0). */
  armCorrelation: number;
  /** Draw the arms once and keep them every round (default false). */
  fixedActions: boolean;
  /** `'gaussian'`: `⟨x, θ*⟩ + σ·N(0,1)`; `'bernoulli'`: `Bernoulli(sigmoid⟨x, θ*⟩)` (default `'gaussian'`). */
  rewards: 'gaussian' | 'bernoulli';
  /** Seed of `θ*`, the contexts and the noise (default 0). */
  seed: number;
}

/**
 * Sparse linear rewards with shared `θ*`: every round, `K` arm feature vectors (Gaussian with identity,
 * AR(ρ) or equicorrelated covariance, optionally correlated across arms, unit-sphere, hypercube or
 * sparse), reward `⟨x_a, θ*⟩ + σ·η`
 * (or a logistic Bernoulli). `θ*` is `1/√s` on a random support unless given.
 *
 * @example
 * ```ts
 * const env = new SparseLinearEnv({ dim: 100, nArms: 10, sparsity: 5, sigma: 0.5, seed: 1 });
 * const ctx = env.context(0);
 * env.means(ctx);     // ⟨x_a, θ*⟩ for every arm
 * env.reward(ctx, 3); // a noisy reward
 * ```
 */
export class SparseLinearEnv implements Environment<EnvSharedContext> {
  /** Defaults. */
  static readonly defaults: SparseLinearEnvParams = {
    dim: 100,
    nArms: 10,
    sparsity: 5,
    sigma: 0.5,
    theta: null,
    actions: 'gaussian',
    covariance: 'identity',
    rho: 0,
    density: 0.05,
    armCorrelation: 0,
    fixedActions: false,
    rewards: 'gaussian',
    seed: 0,
  };
  /** Always `'SparseLinearEnv'`. */
  readonly envName = 'SparseLinearEnv';
  /** The parameters. */
  readonly params: Readonly<SparseLinearEnvParams>;
  /** `θ*`. */
  readonly theta: Float64Array;
  /** The support of `θ*`. */
  readonly support: number[];
  #fixed: Float64Array | null = null;

  /**
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad parameter.
   */
  constructor(params: Partial<SparseLinearEnvParams> = {}) {
    const p = { ...SparseLinearEnv.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) (p as Record<string, unknown>)[k] = v;
    checkParams(
      p,
      {
        dim: integer(1),
        nArms: integer(1),
        sparsity: integer(0),
        sigma: interval({ min: 0 }),
        theta: nullable({
          expected: 'be an array of finite numbers',
          invalid: [[Number.NaN]],
          check: (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)),
        }),
        actions: oneOf(['gaussian', 'sphere', 'hypercube', 'sparse']),
        covariance: oneOf(['identity', 'ar', 'equicorrelated']),
        rho: interval({ min: 0, lt: 1 }),
        density: interval({ gt: 0, max: 1 }),
        armCorrelation: interval({ min: 0, lt: 1 }),
        fixedActions: { expected: 'be a boolean', invalid: [1], check: (v) => typeof v === 'boolean' },
        rewards: oneOf(['gaussian', 'bernoulli']),
        seed: NON_NEG_INT,
      },
      'SparseLinearEnv',
    );
    if (p.theta === null && p.sparsity > p.dim)
      throw invalidParam('SparseLinearEnv', 'sparsity', `be at most dim = ${p.dim}`, p.sparsity);
    if (p.theta && p.theta.length !== p.dim) {
      throw invalidParam('SparseLinearEnv', 'theta', `have dim = ${p.dim} entries`, p.theta.length);
    }
    this.params = Object.freeze(p);
    if (p.theta) {
      this.theta = Float64Array.from(p.theta);
      this.support = [];
      p.theta.forEach((v, j) => {
        if (v !== 0) this.support.push(j);
      });
    } else {
      const rng = streamRng(p.seed, 0);
      const perm = Array.from({ length: p.dim }, (_, i) => i);
      for (let i = p.dim - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      this.support = perm.slice(0, p.sparsity).sort((a, b) => a - b);
      this.theta = new Float64Array(p.dim);
      for (const j of this.support) this.theta[j] = 1 / Math.sqrt(p.sparsity);
    }
  }

  /** Arms per round. */
  get nArms(): number {
    return this.params.nArms;
  }
  /** Feature dimension. */
  get dim(): number {
    return this.params.dim;
  }

  #draw(rng: Rng): Float64Array {
    const { dim: d, nArms: K, actions, covariance, rho, density } = this.params;
    const out = new Float64Array(K * d);
    for (let a = 0; a < K; a++) {
      const off = a * d;
      if (actions === 'hypercube') {
        for (let j = 0; j < d; j++) out[off + j] = rng.next() < 0.5 ? -1 : 1;
      } else if (actions === 'sparse') {
        const scale = 1 / Math.sqrt(density);
        for (let j = 0; j < d; j++) out[off + j] = rng.next() < density ? scale * rng.nextNormal() : 0;
      } else {
        if (covariance === 'ar') {
          const c = Math.sqrt(1 - rho * rho);
          let prev = rng.nextNormal();
          out[off] = prev;
          for (let j = 1; j < d; j++) {
            prev = rho * prev + c * rng.nextNormal();
            out[off + j] = prev;
          }
        } else if (covariance === 'equicorrelated') {
          const g = Math.sqrt(rho) * rng.nextNormal();
          const c = Math.sqrt(1 - rho);
          for (let j = 0; j < d; j++) out[off + j] = g + c * rng.nextNormal();
        } else {
          for (let j = 0; j < d; j++) out[off + j] = rng.nextNormal();
        }
        if (actions === 'sphere') {
          let n2 = 0;
          for (let j = 0; j < d; j++) n2 += out[off + j]! ** 2;
          const inv = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
          for (let j = 0; j < d; j++) out[off + j] = out[off + j]! * inv;
        }
      }
    }
    const rhoA = this.params.armCorrelation;
    if (rhoA > 0 && (actions === 'gaussian' || actions === 'sphere')) {
      // x_a ← √ρ·g + √(1 − ρ)·x_a with g shared by the arms of the round
      const g = new Float64Array(d);
      for (let j = 0; j < d; j++) g[j] = rng.nextNormal();
      const a1 = Math.sqrt(rhoA);
      const a2 = Math.sqrt(1 - rhoA);
      for (let i = 0; i < K * d; i++) out[i] = a1 * g[i % d]! + a2 * out[i]!;
    }
    return out;
  }

  /** The arm features of round `t` (0-based) on `stream`. */
  context(t: number, stream = 0): EnvSharedContext {
    checkRound('SparseLinearEnv.context', t, stream);
    const { dim: d, nArms: K, fixedActions, seed } = this.params;
    let data: Float64Array;
    if (fixedActions) {
      this.#fixed ??= this.#draw(streamRng(seed, 1));
      data = this.#fixed;
    } else data = this.#draw(streamRng(seed, 2, stream, t));
    return { arms: { data, rows: K, cols: d }, t, stream };
  }

  /** Expected rewards `⟨x_a, θ*⟩` (through the sigmoid for Bernoulli rewards). */
  means(ctx: EnvSharedContext): Float64Array {
    const { dim: d, nArms: K, rewards } = this.params;
    const { data } = ctx.arms;
    const out = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      let s = 0;
      for (const j of this.support) s += data[a * d + j]! * this.theta[j]!;
      out[a] = rewards === 'bernoulli' ? 1 / (1 + Math.exp(-s)) : s;
    }
    return out;
  }

  /** A reward for `arm` (deterministic in `(seed, stream, t, arm)`). */
  reward(ctx: EnvSharedContext, arm: number): number {
    checkArm('SparseLinearEnv.reward', arm, this.params.nArms);
    const mu = this.means(ctx)[arm]!;
    const rng = streamRng(this.params.seed, 3, ctx.stream, ctx.t, arm);
    if (this.params.rewards === 'bernoulli') return rng.next() < mu ? 1 : 0;
    return mu + this.params.sigma * rng.nextNormal();
  }
}

/** @internal */
export function checkRound(fn: string, t: number, stream: number): void {
  if (!Number.isSafeInteger(t) || t < 0) throw invalidInput(fn, 't', 'be a non-negative integer', t);
  if (!Number.isSafeInteger(stream) || stream < 0) {
    throw invalidInput(fn, 'stream', 'be a non-negative integer', stream);
  }
}

/** @internal */
export function checkArm(fn: string, arm: number, K: number): void {
  if (!Number.isInteger(arm) || arm < 0 || arm >= K)
    throw invalidInput(fn, 'arm', `be an integer in [0, ${K})`, arm);
}
