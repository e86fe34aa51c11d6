/**
 * The bandit-policy contract (spec §14): hyperparameters and a seed in the constructor (validated there),
 * private state, `select(context) → { arm, propensity, scores }`, `update(context, arm, reward)`,
 * `selectBatch`, `reset`, `toJSON` and a static `fromJSON` that restores the exact state, so a restored
 * policy continues with the same decisions as the original.
 *
 * Contexts (spec §1.3): `{ arms }`, one feature row per arm and one shared parameter θ (`K × d`), or
 * `{ x }`, one context vector and a parameter per arm ("disjoint", `nArms` arms). Randomness comes from a
 * counter-based stream: the `k`-th `select` draws from `Rng(hash(seed, k))`, so `(seed, k)` is the whole
 * random state.
 *
 * @module
 */
import { type Constraint, type Constraints, checkParams } from '../base/constraints.js';
import { decodeParams } from '../base/linear-model.js';
import { invalidInput, shapeMismatch } from '../errors.js';
import { type MatrixLike, toRows, toVector, type VectorLike } from '../internal/input.js';
import { encode, type Json } from '../internal/json.js';
import { streamRng } from '../internal/rng-stream.js';

type Rng = ReturnType<typeof streamRng>;

/** A shared-parameter context: one feature row per arm (`K × d`). */
export interface SharedContext {
  /** Arm features, one row per arm. */
  readonly arms: MatrixLike;
}

/** A disjoint context: one vector; each arm has its own parameter. */
export interface DisjointContext {
  /** The context vector. */
  readonly x: VectorLike;
}

/** A bandit context: shared (`{ arms }`) or disjoint (`{ x }`). Extra keys (e.g. `t`) are ignored. */
export type BanditContext = SharedContext | DisjointContext;

/** What `select` returns. */
export interface Selection {
  /** The chosen arm, in `[0, K)`. */
  arm: number;
  /**
   * Probability with which the policy chose this arm given the context and its state (1 for a
   * deterministic choice; `1/m` among `m` tied arms; NaN when the policy cannot compute it).
   */
  propensity: number;
  /** The per-arm scores the choice maximised (policy-specific: UCB index, sampled mean, estimate). */
  scores: Float64Array;
}

/** JSON form of a policy (`toJSON()`), read back by `fromJSON`. */
export interface PolicyJSON {
  /** Always `'sparseland.policy'`. */
  format: 'sparseland.policy';
  /** Format version (1). */
  version: 1;
  /** Policy class name, e.g. `'LinUCB'`. */
  policy: string;
  /** Hyperparameters. */
  params: Record<string, Json>;
  /** Learned state, round counters and the random-stream position. */
  state: Record<string, Json>;
}

/** The interface every policy implements. */
export interface Policy<C = BanditContext> {
  /** Class name, e.g. `'LinUCB'`. */
  readonly policyName: string;
  /** Chooses an arm for `ctx`. */
  select(ctx: C): Selection;
  /** `select` for each context in turn (no updates in between). */
  selectBatch(ctxs: readonly C[]): Selection[];
  /** Learns from the reward of `arm` in `ctx`. */
  update(ctx: C, arm: number, reward: number): void;
  /** Forgets everything learned (keeps the hyperparameters). */
  reset(): void;
  /** JSON form. */
  toJSON(): PolicyJSON;
}

/** A validated context: row `a` of the arm features starts at `offset(a)`. @internal */
export interface ParsedContext {
  /** `true` for `{ arms }`. */
  shared: boolean;
  /** Arms. */
  K: number;
  /** Feature dimension. */
  d: number;
  /** Shared: `K × d` row-major; disjoint: the context vector. */
  data: Float64Array;
}

/** Offset of arm `a`'s features in `c.data`. @internal */
export function rowOffset(c: ParsedContext, a: number): number {
  return c.shared ? a * c.d : 0;
}

/** Which contexts a policy accepts. @internal */
export type ContextKinds = 'shared' | 'disjoint' | 'both';

/** The `seed` constraint. @internal */
export const SEED: Constraint = {
  expected: 'be a non-negative safe integer',
  invalid: [-1, 0.5, Number.NaN],
  check: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
};

/** The `nArms` constraint (`null` or a positive integer). @internal */
export const N_ARMS: Constraint = {
  expected: 'be null or an integer >= 1',
  invalid: [0, 1.5, '2'],
  check: (v) => v === null || (Number.isInteger(v) && (v as number) >= 1),
};

interface Layout {
  shared: boolean;
  d: number;
}

/** Parameters every policy has. */
export interface BasePolicyParams {
  /** Seed of the policy's random stream (default 0). */
  seed: number;
}

/**
 * Base class of every policy: parameters, context validation, the random stream, tie-breaking, round
 * counters and JSON. Subclasses implement `choose`, `learn`, `saveState`, `loadState` and `clearState`.
 *
 * @example
 * ```ts
 * class Greedy extends BasePolicy<{ seed: number }> {
 *   constructor(p: Partial<{ seed: number }> = {}) { super('Greedy', { seed: 0 }, { seed: SEED }, p, 'shared'); }
 *   protected choose(c: ParsedContext, rng: Rng): Selection { return this.pick(new Float64Array(c.K), rng); }
 *   protected learn(): void {}
 *   protected saveState() { return {}; }
 *   protected loadState(): void {}
 *   protected clearState(): void {}
 * }
 * ```
 */
export abstract class BasePolicy<P extends BasePolicyParams> implements Policy<BanditContext> {
  /** The frozen hyperparameters. */
  readonly params: Readonly<P>;
  readonly #name: string;
  readonly #kinds: ContextKinds;
  readonly #constraints: Constraints<P>;
  #draws = 0;
  #rounds = 0;
  #layout: Layout | null = null;
  #nArms: number | null;

  protected constructor(
    name: string,
    defaults: P,
    constraints: Constraints<P>,
    params: Partial<P>,
    kinds: ContextKinds,
  ) {
    const merged: Record<string, unknown> = { ...(defaults as object) };
    for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) merged[k] = v;
    checkParams(merged as P, constraints, name);
    this.params = Object.freeze(merged as unknown as P);
    this.#name = name;
    this.#kinds = kinds;
    this.#constraints = constraints;
    const na = (merged as { nArms?: unknown }).nArms;
    this.#nArms = typeof na === 'number' ? na : null;
  }

  /** The policy's class name. */
  get policyName(): string {
    return this.#name;
  }

  /** The constraint table the constructor checked (each entry lists values that violate it). */
  get constraints(): Constraints<P> {
    return this.#constraints;
  }

  /** Number of `update` calls so far (the round counter; the next round is `rounds + 1`). */
  get rounds(): number {
    return this.#rounds;
  }

  /** Arms of a disjoint policy (`nArms`, changed by `addArm`/`removeArm`), or `null`. */
  get nArms(): number | null {
    return this.#nArms;
  }

  /** Feature dimension, once the first context has been seen (else `null`). */
  get dim(): number | null {
    return this.#layout?.d ?? null;
  }

  /** Whether the policy runs on shared (`{ arms }`) contexts; `null` before the first context. */
  get shared(): boolean | null {
    return this.#layout?.shared ?? null;
  }

  /** Chooses the arm for a context. @internal */
  protected abstract choose(c: ParsedContext, rng: Rng): Selection;
  /** Learns from a reward. @internal */
  protected abstract learn(c: ParsedContext, arm: number, reward: number): void;
  /** Allocates the model once the layout is known (first context). @internal */
  protected init(_shared: boolean, _d: number, _K: number): void {}
  /** The learned state as JSON. @internal */
  protected abstract saveState(): Record<string, Json>;
  /** Restores `saveState()` output. @internal */
  protected abstract loadState(s: Record<string, Json>): void;
  /** Forgets the learned state. @internal */
  protected abstract clearState(): void;

  /**
   * Validates a context and fixes the layout (shared or disjoint, dimension) on first use.
   * @internal
   */
  protected parse(ctx: BanditContext, fn: string): ParsedContext {
    if (ctx === null || typeof ctx !== 'object') {
      throw invalidInput(fn, 'context', 'be an object { arms } or { x }', ctx === null ? 'null' : typeof ctx);
    }
    let c: ParsedContext;
    if ('arms' in ctx && ctx.arms !== undefined) {
      if (this.#kinds === 'disjoint') {
        throw invalidInput(
          fn,
          'context',
          `be a disjoint context { x } (${this.#name} has one model per arm)`,
          'an { arms } context',
        );
      }
      c = parseArms(ctx.arms, fn);
    } else if ('x' in ctx && ctx.x !== undefined) {
      if (this.#kinds === 'shared') {
        throw invalidInput(
          fn,
          'context',
          `be a shared context { arms } (${this.#name} uses one parameter)`,
          'an { x } context',
        );
      }
      if (this.#nArms === null) {
        throw invalidInput(fn, 'nArms', 'be set in the constructor for disjoint contexts { x }', null);
      }
      const x = ctx.x instanceof Float64Array && allFinite(ctx.x) ? ctx.x : toVector(ctx.x, fn, 'context.x');
      if (x.length < 1) throw invalidInput(fn, 'context.x', 'have at least one entry', 0);
      c = { shared: false, K: this.#nArms, d: x.length, data: x };
    } else {
      throw invalidInput(fn, 'context', 'be an object { arms } or { x }', 'an object without arms or x');
    }
    const L = this.#layout;
    if (L === null) {
      this.#layout = { shared: c.shared, d: c.d };
      this.init(c.shared, c.d, c.K);
    } else {
      if (L.shared !== c.shared) {
        throw invalidInput(
          fn,
          'context',
          `be ${L.shared ? 'a shared { arms }' : 'a disjoint { x }'} context like the first one`,
          c.shared ? 'an { arms } context' : 'an { x } context',
        );
      }
      if (L.d !== c.d) throw shapeMismatch(fn, 'context', `have ${L.d} features (as before)`, c.d);
    }
    return c;
  }

  /**
   * Chooses an arm for `ctx`.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a malformed context (or the wrong
   *   kind), `…__SHAPE_MISMATCH` when the dimension changes.
   */
  select(ctx: BanditContext): Selection {
    const c = this.parse(ctx, `${this.#name}.select`);
    const rng = streamRng(this.params.seed, this.#draws);
    this.#draws++;
    return this.choose(c, rng);
  }

  /** `select` on each context in turn (no updates in between). */
  selectBatch(ctxs: readonly BanditContext[]): Selection[] {
    if (!Array.isArray(ctxs))
      throw invalidInput(`${this.#name}.selectBatch`, 'ctxs', 'be an array of contexts', typeof ctxs);
    return ctxs.map((c) => this.select(c));
  }

  /**
   * Learns from `reward`, observed for `arm` in `ctx`.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for a bad context, an arm outside
   *   `[0, K)` or a non-finite reward.
   */
  update(ctx: BanditContext, arm: number, reward: number): void {
    const fn = `${this.#name}.update`;
    const c = this.parse(ctx, fn);
    if (!Number.isInteger(arm) || arm < 0 || arm >= c.K) {
      throw invalidInput(
        fn,
        'arm',
        `be an integer in [0, ${c.K})`,
        typeof arm === 'number' ? arm : typeof arm,
      );
    }
    if (typeof reward !== 'number' || !Number.isFinite(reward)) {
      throw invalidInput(
        fn,
        'reward',
        'be a finite number',
        typeof reward === 'number' ? reward : typeof reward,
      );
    }
    this.learn(c, arm, reward);
    this.#rounds++;
  }

  /** Forgets everything learned and restarts the random stream (hyperparameters stay). */
  reset(): void {
    this.#draws = 0;
    this.#rounds = 0;
    this.#layout = null;
    const na = (this.params as { nArms?: unknown }).nArms;
    this.#nArms = typeof na === 'number' ? na : null;
    this.clearState();
  }

  /** Grows a disjoint policy by one arm (index `nArms`). @internal */
  protected growArms(fn: string): number {
    if (this.#kinds === 'shared' || this.#nArms === null) {
      throw invalidInput(fn, 'policy', 'be a disjoint policy (nArms set)', 'a shared policy');
    }
    this.#nArms++;
    return this.#nArms - 1;
  }

  /** Shrinks a disjoint policy by removing arm `a` (later arms move down by one). @internal */
  protected shrinkArms(fn: string, a: number): void {
    if (this.#kinds === 'shared' || this.#nArms === null) {
      throw invalidInput(fn, 'policy', 'be a disjoint policy (nArms set)', 'a shared policy');
    }
    if (!Number.isInteger(a) || a < 0 || a >= this.#nArms) {
      throw invalidInput(fn, 'arm', `be an integer in [0, ${this.#nArms})`, a);
    }
    if (this.#nArms === 1) throw invalidInput(fn, 'arm', 'leave at least one arm', a);
    this.#nArms--;
  }

  /**
   * Argmax of `scores` with uniform tie-breaking; the propensity is `1/m` among `m` tied arms.
   * @internal
   */
  protected pick(scores: Float64Array, rng: Rng): Selection {
    const K = scores.length;
    let best = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < K; a++) if (scores[a]! > best) best = scores[a]!;
    const tol = 1e-12 * Math.max(1, Math.abs(best));
    let m = 0;
    for (let a = 0; a < K; a++) if (best - scores[a]! <= tol) m++;
    if (m === 0) return { arm: 0, propensity: 1 / K, scores }; // all NaN / -Infinity
    let k = m === 1 ? 0 : rng.nextInt(m);
    for (let a = 0; a < K; a++) {
      if (best - scores[a]! <= tol) {
        if (k === 0) return { arm: a, propensity: 1 / m, scores };
        k--;
      }
    }
    return { arm: 0, propensity: 1, scores };
  }

  /** JSON form: hyperparameters, counters and the learned state. */
  toJSON(): PolicyJSON {
    const params: Record<string, Json> = {};
    for (const [k, v] of Object.entries(this.params)) params[k] = encode(v);
    const L = this.#layout;
    return {
      format: 'sparseland.policy',
      version: 1,
      policy: this.#name,
      params,
      state: {
        draws: this.#draws,
        rounds: this.#rounds,
        nArms: this.#nArms,
        layout: L ? { shared: L.shared, d: L.d } : null,
        model: L ? this.saveState() : null,
      },
    };
  }

  /**
   * Rebuilds a policy of this class from `toJSON()` output (or its string); the restored policy makes
   * the same decisions as the original would have.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` when `json` is not this class's JSON.
   */
  static fromJSON<T extends BasePolicy<BasePolicyParams>>(
    this: new (
      params: Record<string, unknown>,
    ) => T,
    json: PolicyJSON | string,
  ): T {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as PolicyJSON;
    if (j === null || typeof j !== 'object' || j.format !== 'sparseland.policy') {
      throw invalidInput('fromJSON', 'json', "be the output of a policy's toJSON()", typeof j);
    }
    let p: T;
    try {
      p = new this(decodeParams(j.params));
    } catch (e) {
      // biome-ignore lint/complexity/noThisInStatic: the subclass's name is wanted, not BasePolicy's
      const name = classNameOf(this);
      if (name !== j.policy) {
        throw invalidInput(`${name}.fromJSON`, 'json.policy', `be '${name}'`, String(j.policy));
      }
      throw e;
    }
    if (p.policyName !== j.policy) {
      throw invalidInput(`${p.policyName}.fromJSON`, 'json.policy', `be '${p.policyName}'`, j.policy);
    }
    p.#restore(j.state);
    return p;
  }

  #restore(s: Record<string, Json>): void {
    this.#draws = s.draws as number;
    this.#rounds = s.rounds as number;
    this.#nArms = (s.nArms as number | null) ?? null;
    const L = s.layout as { shared: boolean; d: number } | null;
    if (L) {
      this.#layout = { shared: L.shared, d: L.d };
      this.init(L.shared, L.d, this.#nArms ?? 0);
      this.loadState(s.model as Record<string, Json>);
    }
  }
}

function classNameOf(ctor: unknown): string {
  return (ctor as { name: string }).name;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

function parseArms(arms: MatrixLike, fn: string): ParsedContext {
  const m = arms as { data?: unknown; rows?: unknown; cols?: unknown };
  if (
    m.data instanceof Float64Array &&
    typeof m.rows === 'number' &&
    typeof m.cols === 'number' &&
    m.rows >= 1 &&
    m.cols >= 1 &&
    m.data.length === m.rows * m.cols &&
    allFinite(m.data)
  ) {
    return { shared: true, K: m.rows, d: m.cols, data: m.data };
  }
  const r = toRows(arms, fn, 'context.arms');
  if (r.cols < 1) throw invalidInput(fn, 'context.arms', 'have at least one column', 0);
  return { shared: true, K: r.rows, d: r.cols, data: r.data };
}

export type { Rng };
