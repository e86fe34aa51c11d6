/**
 * Disjoint sparse environment (Bastani & Bayati's setting, spec §16).
 *
 * @module
 */
import { checkParams, integer, interval } from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import { streamRng } from '../internal/rng-stream.js';
import { type EnvDisjointContext, type Environment, NON_NEG_INT } from './environment.js';
import { checkArm, checkRound } from './sparse-linear-env.js';

/** Parameters of {@link DisjointSparseEnv}. */
export interface DisjointSparseEnvParams {
  /** Context dimension `d` (default 100). */
  dim: number;
  /** Arms `K` (default 2). */
  nArms: number;
  /** Non-zeros `s₀` of each arm's `β_i` (default 5). */
  sparsity: number;
  /** Reward noise `σ` (default 0.5). */
  sigma: number;
  /** Seed (default 0). */
  seed: number;
}

/**
 * `x_t ~ N(0, I_d)`, reward of arm `i` is `x_tᵀβ_i + σ·η` with `β_i` `s₀`-sparse (a random support per
 * arm, entries uniform on [0, 1], as in Bastani & Bayati's simulations). Contexts are `{ x }`.
 *
 * @example
 * ```ts
 * const env = new DisjointSparseEnv({ dim: 100, nArms: 2, sparsity: 5, seed: 3 });
 * env.means(env.context(0)); // [x·β₀, x·β₁]
 * ```
 */
export class DisjointSparseEnv implements Environment<EnvDisjointContext> {
  /** Defaults. */
  static readonly defaults: DisjointSparseEnvParams = {
    dim: 100,
    nArms: 2,
    sparsity: 5,
    sigma: 0.5,
    seed: 0,
  };
  /** Always `'DisjointSparseEnv'`. */
  readonly envName = 'DisjointSparseEnv';
  /** The parameters. */
  readonly params: Readonly<DisjointSparseEnvParams>;
  /** `β_i`, one row per arm (`K × d`, row-major). */
  readonly betas: Float64Array;

  /** @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad parameter. */
  constructor(params: Partial<DisjointSparseEnvParams> = {}) {
    const p = { ...DisjointSparseEnv.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) (p as Record<string, unknown>)[k] = v;
    checkParams(
      p,
      {
        dim: integer(1),
        nArms: integer(1),
        sparsity: integer(0),
        sigma: interval({ min: 0 }),
        seed: NON_NEG_INT,
      },
      'DisjointSparseEnv',
    );
    if (p.sparsity > p.dim)
      throw invalidParam('DisjointSparseEnv', 'sparsity', `be at most dim = ${p.dim}`, p.sparsity);
    this.params = Object.freeze(p);
    const rng = streamRng(p.seed, 0);
    this.betas = new Float64Array(p.nArms * p.dim);
    for (let a = 0; a < p.nArms; a++) {
      const perm = Array.from({ length: p.dim }, (_, i) => i);
      for (let i = p.dim - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      for (const j of perm.slice(0, p.sparsity)) this.betas[a * p.dim + j] = rng.next();
    }
  }

  /** Arms. */
  get nArms(): number {
    return this.params.nArms;
  }
  /** Context dimension. */
  get dim(): number {
    return this.params.dim;
  }

  /** The context `x_t ~ N(0, I)` of round `t` on `stream`. */
  context(t: number, stream = 0): EnvDisjointContext {
    checkRound('DisjointSparseEnv.context', t, stream);
    const rng = streamRng(this.params.seed, 2, stream, t);
    const x = new Float64Array(this.params.dim);
    for (let j = 0; j < x.length; j++) x[j] = rng.nextNormal();
    return { x, t, stream };
  }

  /** `x_tᵀβ_i` for every arm. */
  means(ctx: EnvDisjointContext): Float64Array {
    const { dim: d, nArms: K } = this.params;
    const out = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ctx.x[j]! * this.betas[a * d + j]!;
      out[a] = s;
    }
    return out;
  }

  /** A noisy reward of `arm`. */
  reward(ctx: EnvDisjointContext, arm: number): number {
    checkArm('DisjointSparseEnv.reward', arm, this.params.nArms);
    const rng = streamRng(this.params.seed, 3, ctx.stream, ctx.t, arm);
    return this.means(ctx)[arm]! + this.params.sigma * rng.nextNormal();
  }
}
