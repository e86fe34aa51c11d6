/**
 * K-sparse pseudo-Boolean rewards over `{0,1}ⁿ` (spec §9 and §16): a bandit environment whose reward is
 * linear in the Walsh characters, and a query oracle for SPRIGHT-style sparse WHT recovery with
 * `@sparseland/kernels`' `sparseWht`.
 *
 * @module
 */
import { type SparseWhtOptions, type SparseWhtResult, sparseWht } from '@sparseland/kernels';
import { checkParams, integer, interval } from '../base/constraints.js';
import { invalidInput, invalidParam } from '../errors.js';
import { streamRng } from '../internal/rng-stream.js';
import { type Environment, type EnvSharedContext, NON_NEG_INT } from './environment.js';
import { checkArm, checkRound } from './sparse-linear-env.js';

/** Parameters of {@link WhtRewardEnv}. */
export interface WhtRewardEnvParams {
  /** Bits: arms are points `m ∈ {0, …, 2ⁿ − 1}`, features have `d = 2ⁿ` entries (`1 ≤ n ≤ 16`, default 6). */
  bits: number;
  /** Non-zero Walsh coefficients `K` (default 4). */
  sparsity: number;
  /** Points offered per round (default 10). */
  nArms: number;
  /** Gaussian reward noise (default 0.1). */
  sigma: number;
  /** Seed (default 0). */
  seed: number;
}

/** Walsh character `χ_k(m) = (−1)^popcount(m & k)`. */
function chi(m: number, k: number): number {
  let v = m & k;
  let p = 0;
  while (v) {
    p ^= 1;
    v &= v - 1;
  }
  return p ? -1 : 1;
}

/**
 * Rewards `f(m) = Σ_k X_k·χ_k(m)` with a `K`-sparse Walsh spectrum `X` (random indices, `|X_k| ∈ [1, 2]`,
 * random signs). As a bandit, each round offers `nArms` random points `m`, each described by its
 * Walsh features `φ(m) = (χ_k(m))_{k < 2ⁿ}`, so `f(m) = ⟨φ(m), X⟩` is a `K`-sparse linear bandit in
 * dimension `2ⁿ` (run any shared-θ policy on it). As an oracle, {@link WhtRewardEnv.query} samples `f`
 * with noise, and {@link WhtRewardEnv.recover} finds `X` with `sparseWht` from `O(K log 2ⁿ)` queries.
 *
 * @example
 * ```ts
 * const env = new WhtRewardEnv({ bits: 10, sparsity: 5, sigma: 0, seed: 1 });
 * const found = env.recover();        // { index, value, samples, complete } — samples ≪ 1024
 * env.spectrum;                       // { index, value }: the truth
 * simulate(new SALasso({ sigma: 0.1 }), new WhtRewardEnv({ bits: 6 }), { T: 500 });
 * ```
 */
export class WhtRewardEnv implements Environment<EnvSharedContext> {
  /** Defaults. */
  static readonly defaults: WhtRewardEnvParams = { bits: 6, sparsity: 4, nArms: 10, sigma: 0.1, seed: 0 };
  /** Always `'WhtRewardEnv'`. */
  readonly envName = 'WhtRewardEnv';
  /** The parameters. */
  readonly params: Readonly<WhtRewardEnvParams>;
  /** The Walsh spectrum: indices (increasing) and values. */
  readonly spectrum: {
    /** Walsh indices `k` of the `K` non-zero coefficients, increasing. */
    readonly index: readonly number[];
    /** The coefficient `X_k` at each index (`|X_k| ∈ [1, 2]`). */
    readonly value: readonly number[];
  };
  /** `θ*` in the Walsh feature basis (length `2ⁿ`, `K` non-zeros). */
  readonly theta: Float64Array;

  /** @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad parameter. */
  constructor(params: Partial<WhtRewardEnvParams> = {}) {
    const p = { ...WhtRewardEnv.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) (p as Record<string, unknown>)[k] = v;
    checkParams(
      p,
      {
        bits: integer(1, 16),
        sparsity: integer(1),
        nArms: integer(1),
        sigma: interval({ min: 0 }),
        seed: NON_NEG_INT,
      },
      'WhtRewardEnv',
    );
    const N = 2 ** p.bits;
    if (p.sparsity > N)
      throw invalidParam('WhtRewardEnv', 'sparsity', `be at most 2^bits = ${N}`, p.sparsity);
    this.params = Object.freeze(p);
    const rng = streamRng(p.seed, 0);
    const chosen = new Set<number>();
    while (chosen.size < p.sparsity) chosen.add(rng.nextInt(N));
    const index = [...chosen].sort((a, b) => a - b);
    const value = index.map(() => (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next()));
    this.spectrum = Object.freeze({ index: Object.freeze(index), value: Object.freeze(value) });
    this.theta = new Float64Array(N);
    index.forEach((k, i) => {
      this.theta[k] = value[i]!;
    });
  }

  /** Points per round. */
  get nArms(): number {
    return this.params.nArms;
  }
  /** Feature dimension `2ⁿ`. */
  get dim(): number {
    return 2 ** this.params.bits;
  }

  /** The noiseless reward `f(m)`. */
  value(m: number): number {
    this.#checkPoint('WhtRewardEnv.value', m);
    let s = 0;
    const { index, value } = this.spectrum;
    for (let i = 0; i < index.length; i++) s += value[i]! * chi(m, index[i]!);
    return s;
  }

  /** The largest `f(m)` over all `2ⁿ` points and a point attaining it (exhaustive). */
  best(): {
    /** A maximising point `m` in `[0, 2ⁿ)` (the smallest one on ties). */
    point: number;
    /** `f(point)`, the noiseless maximum. */
    value: number;
  } {
    let point = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let m = 0; m < this.dim; m++) {
      const v = this.value(m);
      if (v > best) {
        best = v;
        point = m;
      }
    }
    return { point, value: best };
  }

  /**
   * A noisy sample `f(m) + σ·ξ`; the `k`-th call on a stream draws fresh noise (deterministic in
   * `(seed, stream, k)`).
   */
  query(m: number, stream = 0): number {
    const v = this.value(m);
    if (this.params.sigma === 0) return v;
    const k = this.#queries.get(stream) ?? 0;
    this.#queries.set(stream, k + 1);
    return v + this.params.sigma * streamRng(this.params.seed, 4, stream, k).nextNormal();
  }
  #queries = new Map<number, number>();

  /**
   * Recovers the spectrum with `sparseWht` (SparseFHT without noise, SPRIGHT's robust peeling with it) from
   * queries on `stream`.
   */
  recover(opts: Partial<Omit<SparseWhtOptions, 'n'>> & { stream?: number } = {}): SparseWhtResult {
    const { stream = 0, ...rest } = opts;
    return sparseWht((m) => this.query(m, stream), {
      n: this.params.bits,
      K: this.params.sparsity,
      noise: this.params.sigma,
      seed: this.params.seed,
      ...rest,
    });
  }

  /** `nArms` random points of round `t`, with their Walsh features as rows. */
  context(
    t: number,
    stream = 0,
  ): EnvSharedContext & {
    /** The offered points `m` in `[0, 2ⁿ)`, one per arm (row `i` of `arms` is `φ(points[i])`). */
    points: Int32Array;
  } {
    checkRound('WhtRewardEnv.context', t, stream);
    const K = this.nArms;
    const d = this.dim;
    const rng = streamRng(this.params.seed, 2, stream, t);
    const points = new Int32Array(K);
    const data = new Float64Array(K * d);
    for (let a = 0; a < K; a++) {
      const m = rng.nextInt(d);
      points[a] = m;
      for (let k = 0; k < d; k++) data[a * d + k] = chi(m, k);
    }
    return { arms: { data, rows: K, cols: d }, t, stream, points };
  }

  /** `f` at the offered points. */
  means(ctx: EnvSharedContext): Float64Array {
    const pts = (ctx as { points?: Int32Array }).points;
    if (!pts)
      throw invalidInput('WhtRewardEnv.means', 'ctx', 'be a context made by this environment', 'another');
    return Float64Array.from(pts, (m) => this.value(m));
  }

  /** A noisy reward of `arm` (deterministic in `(seed, stream, t, arm)`). */
  reward(ctx: EnvSharedContext, arm: number): number {
    checkArm('WhtRewardEnv.reward', arm, this.nArms);
    const mu = this.means(ctx)[arm]!;
    if (this.params.sigma === 0) return mu;
    return mu + this.params.sigma * streamRng(this.params.seed, 3, ctx.stream, ctx.t, arm).nextNormal();
  }

  #checkPoint(fn: string, m: number): void {
    if (!Number.isInteger(m) || m < 0 || m >= this.dim)
      throw invalidInput(fn, 'm', `be an integer in [0, ${this.dim})`, m);
  }
}
