/**
 * Misspecified sparse linear environment (spec §15).
 *
 * @module
 */
import { checkParams, integer, interval, oneOf } from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import { streamRng } from '../internal/rng-stream.js';
import { type Environment, type EnvSharedContext, NON_NEG_INT } from './environment.js';
import { checkArm, checkRound } from './sparse-linear-env.js';

/** Parameters of {@link MisspecifiedEnv}. */
export interface MisspecifiedEnvParams {
  /** Dimension `d` (default 20). */
  dim: number;
  /** Non-zeros of `θ*` (default 1). */
  sparsity: number;
  /** Misspecification `ε`: `|r(a) − ⟨φ(a), θ*⟩| ≤ ε` (default 0.05). */
  epsilon: number;
  /** Random unit actions, besides the `2d` signed basis vectors (default 2000). */
  nActions: number;
  /** Gaussian reward noise (default 0). */
  sigma: number;
  /** `'adversarial'`: `−ε` on actions within `2ε` of the best linear value, `+ε` elsewhere; `'random'`: uniform in `[−ε, ε]`. */
  bias: 'adversarial' | 'random';
  /** Seed (default 0). */
  seed: number;
}

/**
 * A fixed action set of `nActions` random unit vectors plus the `2d` signed basis vectors, `θ*` `s`-sparse
 * with `‖θ*‖ = 1`, and mean reward `⟨φ(a), θ*⟩ + b(a)` with a bias `|b(a)| ≤ ε` (spec §15's protocol).
 * The adversarial bias lowers the near-optimal actions and raises the others.
 *
 * @example
 * ```ts
 * const env = new MisspecifiedEnv({ dim: 20, sparsity: 1, epsilon: 0.05, seed: 2 });
 * env.nArms; // 2040
 * ```
 */
export class MisspecifiedEnv implements Environment<EnvSharedContext> {
  /** Defaults. */
  static readonly defaults: MisspecifiedEnvParams = {
    dim: 20,
    sparsity: 1,
    epsilon: 0.05,
    nActions: 2000,
    sigma: 0,
    bias: 'adversarial',
    seed: 0,
  };
  /** Always `'MisspecifiedEnv'`. */
  readonly envName = 'MisspecifiedEnv';
  /** The parameters. */
  readonly params: Readonly<MisspecifiedEnvParams>;
  /** `θ*` (unit norm). */
  readonly theta: Float64Array;
  /** The action features (`K × d`). */
  readonly actions: Float64Array;
  /** Mean rewards of the actions (fixed). */
  readonly meanRewards: Float64Array;

  /** @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for a bad parameter. */
  constructor(params: Partial<MisspecifiedEnvParams> = {}) {
    const p = { ...MisspecifiedEnv.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) (p as Record<string, unknown>)[k] = v;
    checkParams(
      p,
      {
        dim: integer(1),
        sparsity: integer(1),
        epsilon: interval({ min: 0 }),
        nActions: integer(0),
        sigma: interval({ min: 0 }),
        bias: oneOf(['adversarial', 'random']),
        seed: NON_NEG_INT,
      },
      'MisspecifiedEnv',
    );
    if (p.sparsity > p.dim)
      throw invalidParam('MisspecifiedEnv', 'sparsity', `be at most dim = ${p.dim}`, p.sparsity);
    this.params = Object.freeze(p);
    const d = p.dim;
    const rng = streamRng(p.seed, 0);
    const perm = Array.from({ length: d }, (_, i) => i);
    for (let i = d - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    this.theta = new Float64Array(d);
    let nrm = 0;
    for (const j of perm.slice(0, p.sparsity)) {
      const v = (rng.next() < 0.5 ? -1 : 1) * (0.5 + rng.next());
      this.theta[j] = v;
      nrm += v * v;
    }
    for (let j = 0; j < d; j++) this.theta[j] = this.theta[j]! / Math.sqrt(nrm);
    const K = p.nActions + 2 * d;
    this.actions = new Float64Array(K * d);
    for (let a = 0; a < p.nActions; a++) {
      let n2 = 0;
      for (let j = 0; j < d; j++) {
        const g = rng.nextNormal();
        this.actions[a * d + j] = g;
        n2 += g * g;
      }
      for (let j = 0; j < d; j++) this.actions[a * d + j] = this.actions[a * d + j]! / Math.sqrt(n2);
    }
    for (let j = 0; j < d; j++) {
      this.actions[(p.nActions + 2 * j) * d + j] = 1;
      this.actions[(p.nActions + 2 * j + 1) * d + j] = -1;
    }
    const lin = new Float64Array(K);
    let best = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < K; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += this.actions[a * d + j]! * this.theta[j]!;
      lin[a] = s;
      best = Math.max(best, s);
    }
    this.meanRewards = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      const b =
        p.bias === 'adversarial'
          ? lin[a]! >= best - 2 * p.epsilon
            ? -p.epsilon
            : p.epsilon
          : p.epsilon * (2 * rng.next() - 1);
      this.meanRewards[a] = lin[a]! + b;
    }
  }

  /** Actions. */
  get nArms(): number {
    return this.params.nActions + 2 * this.params.dim;
  }
  /** Dimension. */
  get dim(): number {
    return this.params.dim;
  }
  /** The best mean reward. */
  get bestMean(): number {
    let m = Number.NEGATIVE_INFINITY;
    for (const v of this.meanRewards) m = Math.max(m, v);
    return m;
  }

  /** The (fixed) action set. */
  context(t: number, stream = 0): EnvSharedContext {
    checkRound('MisspecifiedEnv.context', t, stream);
    return { arms: { data: this.actions, rows: this.nArms, cols: this.dim }, t, stream };
  }

  /** Mean rewards (the same every round). */
  means(_ctx: EnvSharedContext): Float64Array {
    return Float64Array.from(this.meanRewards);
  }

  /** A reward of `arm` (noise `σ`). */
  reward(ctx: EnvSharedContext, arm: number): number {
    checkArm('MisspecifiedEnv.reward', arm, this.nArms);
    const mu = this.meanRewards[arm]!;
    if (this.params.sigma === 0) return mu;
    return mu + this.params.sigma * streamRng(this.params.seed, 3, ctx.stream, ctx.t, arm).nextNormal();
  }
}
