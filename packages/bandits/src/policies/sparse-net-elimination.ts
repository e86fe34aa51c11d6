/**
 * Elimination over an ε-net of sparse parameters, for misspecified sparse linear bandits (spec §15).
 *
 * @module
 */
import { integer, interval } from '../base/constraints.js';
import { invalidParam } from '../errors.js';
import type { Json } from '../internal/json.js';
import { BasePolicy, type ParsedContext, type Rng, SEED, type Selection } from './policy.js';

/** Hyperparameters of {@link SparseNetElimination}. */
export interface SparseNetEliminationParams {
  /** Misspecification level `ε > 0`: `sup_a |r(a) − ⟨φ(a), θ*⟩| ≤ ε` (default 0.1). */
  epsilon: number;
  /** Sparsity `s` of `θ*` (default 1). */
  sparsity: number;
  /** Noise level `σ ≥ 0` of the rewards (default 0: noiseless, one query per action). */
  sigma: number;
  /** Failure probability `δ` for the number of repeated queries (default 0.05). */
  delta: number;
  /** Bound `‖θ*‖₂ ≤ radius` (default 1). */
  radius: number;
  /** Largest net allowed (default 200000); a larger net throws. */
  maxCandidates: number;
  /** Seed (default 0; the algorithm is deterministic). */
  seed: number;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return Math.round(r);
}

/**
 * `SparseNetElimination` — our **unconfirmed reconstruction** after Dong & Yang (ICML 2023,
 * arXiv 2303.16998), which meets the stated `O(ε^{−s}d^s)` query bound but is not the paper's text:
 *
 * - `N` = grid of step `ε/√s` on every `s`-subset of coordinates, inside `‖θ‖ ≤ radius + ε/2`
 *   (`|N| ≤ C(d, s)(3/ε)^s` up to constants);
 * - repeat: take the surviving `θ` with the largest optimistic value `max_a ⟨φ(a), θ⟩`, query its best
 *   action `m` times (`m = ⌈2σ² log(2|N|/δ)/ε²⌉`, 1 when noiseless), accept it if the mean reward is at
 *   least `⟨φ(a), θ⟩ − 2ε − ε_s` (`ε_s = ε`), else eliminate every `θ'` with `|r̄ − ⟨φ(a), θ'⟩| > 2ε + ε_s`.
 *
 * An accepted action satisfies `r(a) ≥ r(a*) − 4ε − 2ε_s` (w.p. `1 − δ` with noise) after at most `|N|·m`
 * queries; from then on it is played forever. Contexts must be the same fixed action set `{ arms }` every
 * round, with `‖φ(a)‖ ≤ 1`.
 *
 * @example
 * ```ts
 * const env = new MisspecifiedEnv({ dim: 20, sparsity: 1, epsilon: 0.05, seed: 1 });
 * const policy = new SparseNetElimination({ epsilon: 0.05, sparsity: 1 });
 * simulate(policy, env, { T: 2000 });
 * policy.recommendation; // the accepted action
 * ```
 */
export class SparseNetElimination extends BasePolicy<SparseNetEliminationParams> {
  /** Defaults. */
  static readonly defaults: SparseNetEliminationParams = {
    epsilon: 0.1,
    sparsity: 1,
    sigma: 0,
    delta: 0.05,
    radius: 1,
    maxCandidates: 200_000,
    seed: 0,
  };

  #supp: Int32Array = new Int32Array(0);
  #vals: Float64Array = new Float64Array(0);
  #alive: Uint8Array = new Uint8Array(0);
  #nAlive = 0;
  #opt: Float64Array | null = null;
  #optArm: Int32Array | null = null;
  #accepted = -1;
  #current = -1;
  #currentCand = -1;
  #sum = 0;
  #count = 0;
  #queries = 0;
  #bestMean = Number.NEGATIVE_INFINITY;
  #bestArm = -1;

  /** Validates and stores the hyperparameters. */
  constructor(params: Partial<SparseNetEliminationParams> = {}) {
    super(
      'SparseNetElimination',
      SparseNetElimination.defaults,
      {
        epsilon: interval({ gt: 0, max: 1 }),
        sparsity: integer(1),
        sigma: interval({ min: 0 }),
        delta: interval({ gt: 0, lt: 1 }),
        radius: interval({ gt: 0 }),
        maxCandidates: integer(1),
        seed: SEED,
      },
      params,
      'shared',
    );
  }

  /** Size `|N|` of the net (0 before the first context). */
  get netSize(): number {
    return this.#alive.length;
  }

  /** Surviving candidates. */
  get aliveCount(): number {
    return this.#nAlive;
  }

  /** Queries per tested action, `m`. */
  get queriesPerAction(): number {
    const { sigma, delta, epsilon } = this.params;
    if (sigma === 0) return 1;
    return Math.ceil(
      (2 * sigma * sigma * Math.log((2 * Math.max(this.netSize, 1)) / delta)) / (epsilon * epsilon),
    );
  }

  /** Total `update` calls spent on tests before acceptance. */
  get queries(): number {
    return this.#queries;
  }

  /** The accepted action, or `null` while still eliminating. */
  get recommendation(): number | null {
    return this.#accepted >= 0 ? this.#accepted : null;
  }

  /** The guaranteed gap `4ε + 2ε_s` (`ε_s = ε`). */
  get gapBound(): number {
    return 6 * this.params.epsilon;
  }

  protected override init(_shared: boolean, d: number): void {
    const { sparsity: s, epsilon, radius, maxCandidates } = this.params;
    if (s > d) throw invalidParam('SparseNetElimination', 'sparsity', `be at most the dimension ${d}`, s);
    const h = epsilon / Math.sqrt(s);
    const R = radius + epsilon / 2;
    const M = Math.floor(R / h);
    const side = 2 * M + 1;
    // grid tuples inside the ball (the same for every support)
    const tuples: number[][] = [];
    const cur = new Array<number>(s).fill(-M);
    for (;;) {
      let nrm = 0;
      for (const k of cur) nrm += (k * h) ** 2;
      if (nrm <= R * R + 1e-12) tuples.push(cur.map((k) => k * h));
      let i = 0;
      while (i < s && cur[i] === M) cur[i++] = -M;
      if (i === s) break;
      cur[i]!++;
    }
    void side;
    const nSupports = binomial(d, s);
    const N = nSupports * tuples.length;
    if (N > maxCandidates) {
      throw invalidParam(
        'SparseNetElimination',
        'maxCandidates',
        `be at least the net size ${N} (C(${d}, ${s}) supports × ${tuples.length} grid points)`,
        maxCandidates,
      );
    }
    const supp = new Int32Array(N * s);
    const vals = new Float64Array(N * s);
    const S = Array.from({ length: s }, (_, i) => i);
    let c = 0;
    for (;;) {
      for (const tup of tuples) {
        for (let k = 0; k < s; k++) {
          supp[c * s + k] = S[k]!;
          vals[c * s + k] = tup[k]!;
        }
        c++;
      }
      // next s-subset in lexicographic order
      let i = s - 1;
      while (i >= 0 && S[i] === d - s + i) i--;
      if (i < 0) break;
      S[i]!++;
      for (let k = i + 1; k < s; k++) S[k] = S[k - 1]! + 1;
    }
    this.#supp = supp;
    this.#vals = vals;
    this.#alive = new Uint8Array(N).fill(1);
    this.#nAlive = N;
    this.#opt = null;
    this.#optArm = null;
  }

  #value(c: ParsedContext, a: number, cand: number): number {
    const s = this.params.sparsity;
    const off = a * c.d;
    let v = 0;
    for (let k = 0; k < s; k++) v += c.data[off + this.#supp[cand * s + k]!]! * this.#vals[cand * s + k]!;
    return v;
  }

  #optimism(c: ParsedContext): void {
    const N = this.#alive.length;
    const opt = new Float64Array(N);
    const arm = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      let best = Number.NEGATIVE_INFINITY;
      let ba = 0;
      for (let a = 0; a < c.K; a++) {
        const v = this.#value(c, a, i);
        if (v > best) {
          best = v;
          ba = a;
        }
      }
      opt[i] = best;
      arm[i] = ba;
    }
    this.#opt = opt;
    this.#optArm = arm;
  }

  protected choose(c: ParsedContext): Selection {
    const scores = new Float64Array(c.K);
    if (this.#accepted >= 0) return { arm: this.#accepted, propensity: 1, scores };
    if (this.#current >= 0) return { arm: this.#current, propensity: 1, scores };
    if (!this.#opt) this.#optimism(c);
    const opt = this.#opt!;
    let best = -1;
    for (let i = 0; i < opt.length; i++) if (this.#alive[i] && (best < 0 || opt[i]! > opt[best]!)) best = i;
    if (best < 0) {
      this.#accepted = Math.max(this.#bestArm, 0);
      return { arm: this.#accepted, propensity: 1, scores };
    }
    this.#currentCand = best;
    this.#current = this.#optArm![best]!;
    this.#sum = 0;
    this.#count = 0;
    scores[this.#current] = opt[best]!;
    return { arm: this.#current, propensity: 1, scores };
  }

  protected learn(c: ParsedContext, arm: number, reward: number): void {
    if (this.#accepted >= 0 || arm !== this.#current) return;
    this.#queries++;
    this.#sum += reward;
    this.#count++;
    if (this.#count < this.queriesPerAction) return;
    const mean = this.#sum / this.#count;
    if (mean > this.#bestMean) {
      this.#bestMean = mean;
      this.#bestArm = arm;
    }
    const eps = this.params.epsilon;
    const band = 2 * eps + eps; // 2ε + ε_s
    const claimed = this.#value(c, arm, this.#currentCand);
    this.#current = -1;
    if (mean >= claimed - band) {
      this.#accepted = arm;
      return;
    }
    const N = this.#alive.length;
    for (let i = 0; i < N; i++) {
      if (this.#alive[i] && Math.abs(mean - this.#value(c, arm, i)) > band) {
        this.#alive[i] = 0;
        this.#nAlive--;
      }
    }
  }

  protected saveState(): Record<string, Json> {
    let alive = '';
    for (let i = 0; i < this.#alive.length; i++) alive += this.#alive[i] ? '1' : '0';
    return {
      alive,
      accepted: this.#accepted,
      current: this.#current,
      currentCand: this.#currentCand,
      sum: this.#sum,
      count: this.#count,
      queries: this.#queries,
      bestMean: Number.isFinite(this.#bestMean) ? this.#bestMean : null,
      bestArm: this.#bestArm,
    };
  }

  protected loadState(s: Record<string, Json>): void {
    const alive = s.alive as string;
    let n = 0;
    for (let i = 0; i < alive.length; i++) {
      this.#alive[i] = alive.charCodeAt(i) === 49 ? 1 : 0;
      n += this.#alive[i]!;
    }
    this.#nAlive = n;
    this.#accepted = s.accepted as number;
    this.#current = s.current as number;
    this.#currentCand = s.currentCand as number;
    this.#sum = s.sum as number;
    this.#count = s.count as number;
    this.#queries = s.queries as number;
    this.#bestMean = (s.bestMean as number | null) ?? Number.NEGATIVE_INFINITY;
    this.#bestArm = s.bestArm as number;
  }

  protected clearState(): void {
    this.#supp = new Int32Array(0);
    this.#vals = new Float64Array(0);
    this.#alive = new Uint8Array(0);
    this.#nAlive = 0;
    this.#opt = null;
    this.#optArm = null;
    this.#accepted = -1;
    this.#current = -1;
    this.#currentCand = -1;
    this.#sum = 0;
    this.#count = 0;
    this.#queries = 0;
    this.#bestMean = Number.NEGATIVE_INFINITY;
    this.#bestArm = -1;
  }
}

export type { Rng };
