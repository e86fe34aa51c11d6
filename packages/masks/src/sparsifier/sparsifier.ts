/**
 * The `Sparsifier`: applies a recipe to a core `Module`'s named parameters over training (spec §11).
 *
 * @module
 */
import {
  valueAndGrad as coreValueAndGrad,
  keep,
  mul,
  nn,
  random,
  reshape,
  type Tensor,
  type TensorLike,
  tensor,
  tidy,
  type Variable,
  where,
  zerosLike,
} from '@sparseland/core';
import type { Distribution, GlobalDistribution } from '../distributions/distribution.js';
import { globalMasks } from '../distributions/global.js';
import { getDistribution } from '../distributions/registry.js';
import { fail } from '../errors.js';
import { describe } from '../internal/checks.js';
import { boolTensor, hostAbs, readHost } from '../internal/host.js';
import { defaultLayout } from '../internal/layout.js';
import { deriveSeed } from '../internal/seed.js';
import { hostMask } from '../mask.js';
import { bdwpLinear } from '../methods/bdwp.js';
import { dropNoise, dstUpdate } from '../methods/dst.js';
import type { MethodImpl } from '../methods/method.js';
import { getMethod } from '../methods/registry.js';
import { getPattern } from '../patterns/registry.js';
import { makeSchedule } from '../schedules/registry.js';
import type { Schedule } from '../schedules/schedule.js';
import { score } from '../scorers/registry.js';
import type { NMPattern, ParamRef, Pattern } from '../types.js';
import { globMatcher } from './glob.js';
import { parseRecipe, type Recipe, type RecipeInput, type RunLabel, runLabel } from './recipe.js';

/** The part of a core optimizer the `Sparsifier` uses: zeroing the state of entries (or all of it). */
export interface ResettableOptimizer {
  /** Zero the state of parameter `name` where `mask` is true (all of it, with its step, without a mask). */
  resetState(name: string, mask?: TensorLike): void;
}

/** Options of the {@link Sparsifier} constructor. */
export interface SparsifierOptions {
  /**
   * The optimizer over the model's named parameters. Required by SET/RigL (grown weights start with zeroed
   * optimizer state) and IMP (state reset at each rewind); used by every method to zero the state of
   * entries a mask update revives.
   */
  optimizer?: ResettableOptimizer;
}

/** Per-tensor facts of a {@link SparsityReport}. */
export interface LayerSparsity {
  /** Parameter name. */
  name: string;
  /** Shape. */
  shape: number[];
  /** Entries. */
  size: number;
  /** Entries the mask keeps. */
  kept: number;
  /** Realised sparsity of the mask, `1 − kept/size`. */
  sparsity: number;
  /** Sparsity the distribution asked for at the last mask update. */
  target: number;
  /** Mask entries that changed over all re-selections so far (STE family) and topology updates (SET/RigL). */
  flips: number;
}

/** What {@link Sparsifier.report} returns. */
export interface SparsityReport {
  /** Steps done. */
  step: number;
  /** Realised sparsity over the pruned tensors. */
  sparsity: number;
  /** Per pruned tensor. */
  layers: LayerSparsity[];
  /** Parameters left dense (not eligible or excluded by the recipe). */
  excluded: string[];
  /** Entries of every parameter of the model, and how many are kept (excluded parameters count as kept). */
  params: {
    /** Entries of every parameter. */
    total: number;
    /** Entries kept (every entry of an excluded parameter counts as kept). */
    kept: number;
  };
  /** The run label of the recipe (spec §1.7). */
  label: RunLabel;
}

/** What {@link Sparsifier.step} returns. */
export interface StepInfo {
  /** Steps done, counting this one. */
  step: number;
  /** Whether the masks changed at this step. */
  updated: boolean;
  /**
   * IMP: the weights were rewound to the rewind step's values and the optimizer state was reset; the caller
   * replays its learning-rate schedule from `rewindStep` (open_lth).
   */
  rewound: boolean;
  /** IMP: the round that ended at this step (1-based), or 0. */
  round: number;
}

interface Target {
  ref: ParamRef;
  w: Variable;
  size: number;
  mask: Uint8Array;
  maskT: Tensor | undefined;
  maskB: Tensor | undefined;
  target: number;
  flips: number;
  linear?: nn.Linear;
}

const NO_PRUNE = new Set<unknown>([nn.Embedding, nn.LayerNorm, nn.RMSNorm]);

/**
 * Applies a recipe (scorer + distribution + pattern + schedule + method) to a module's named parameters
 * during training.
 *
 * Protocol: `prepare()` once (initial masks, weights masked), then per training step
 * `sp.valueAndGrad(lossFn)` in place of core's `valueAndGrad` (it swaps effective weights in for the STE
 * family and maps the gradients), the optimizer's `step(grads)`, and `sp.step()` (re-masks the weights and
 * updates masks when the schedule or method says); `finalize()` at the end leaves the pruned weights in the
 * model. `masks()` and `report()` work at any time.
 *
 * @example
 * ```ts
 * const model = new nn.MLP([64, 256, 256, 10], { activation: 'relu', seed: 0 });
 * const opt = new optim.Adam(model.namedParameters(), { lr: 1e-3 });
 * const sp = new Sparsifier(model, {
 *   sparsity: 0.9,
 *   distribution: 'erk',
 *   schedule: { kind: 'gradual', start: 0, end: 800, frequency: 50 },
 * }, { optimizer: opt });
 * sp.prepare();
 * for (let t = 0; t < 1000; t++) {
 *   tidy(() => {
 *     const { grads } = sp.valueAndGrad(() => nn.crossEntropyWithLogits(model.forward(x), y));
 *     opt.step(grads);
 *   });
 *   sp.step();
 * }
 * sp.finalize().layers; // realised sparsity per layer
 * ```
 */
export class Sparsifier {
  /** The validated recipe. */
  readonly recipe: Recipe;
  /** The model. */
  readonly model: nn.Module;
  readonly #optimizer: ResettableOptimizer | undefined;
  readonly #params: Record<string, Variable>;
  readonly #targets: Target[] = [];
  readonly #excluded: string[] = [];
  readonly #schedule: Schedule<{ kind: string }>;
  readonly #method: MethodImpl;
  readonly #lastGrads = new Map<string, Tensor>();
  #rewind: Map<string, Tensor> | undefined;
  #step = 0;
  #state: 'new' | 'prepared' | 'finalized' = 'new';

  /**
   * @param model - A core `nn.Module`.
   * @param recipe - A recipe (validated with {@link parseRecipe}).
   * @param opts - `optimizer`.
   * @throws `SparselandError` `SPARSELAND__MASKS__RECIPE_INVALID` for a bad recipe; `INVALID_ARGUMENT`
   *   when nothing is eligible, or for names in the recipe that are not parameters; `MISSING_INPUT` when the
   *   method needs an optimizer and none is given.
   */
  constructor(model: nn.Module, recipe: RecipeInput | Recipe, opts: SparsifierOptions = {}) {
    const fn = 'Sparsifier';
    if (!(model instanceof nn.Module))
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'model', 'be a core nn.Module', describe(model));
    this.recipe = parseRecipe(recipe);
    this.model = model;
    this.#optimizer = opts.optimizer;
    this.#params = model.namedParameters();
    this.#schedule = makeSchedule(this.recipe.schedule);
    this.#method = getMethod(this.recipe.method.kind);
    const needsOpt = this.#method.dst !== undefined || this.recipe.schedule.kind === 'imp';
    if (needsOpt && this.#optimizer === undefined) {
      fail(
        'SPARSELAND__MASKS__MISSING_INPUT',
        fn,
        'opts.optimizer',
        `be given for '${this.recipe.method.kind}'${this.recipe.schedule.kind === 'imp' ? ' with IMP' : ''} (optimizer state of grown or rewound weights is reset)`,
        'undefined',
      );
    }
    this.#selectTargets(fn);
  }

  #selectTargets(fn: string): void {
    const r = this.recipe;
    const noPrune = new Set<string>();
    const linears = new Map<string, nn.Linear>();
    if (this.model instanceof nn.Linear) linears.set('weight', this.model);
    for (const [mn, m] of Object.entries(this.model.namedModules())) {
      if ([...NO_PRUNE].some((C) => m instanceof (C as typeof nn.Module))) {
        for (const pn of Object.keys(m.namedParameters())) noPrune.add(`${mn}.${pn}`);
      }
      if (m instanceof nn.Linear) linears.set(`${mn}.weight`, m);
    }
    const include = r.include?.map(globMatcher);
    const exclude = r.exclude?.map(globMatcher) ?? [];
    for (const [name, w] of Object.entries(this.#params)) {
      const eligible =
        include === undefined ? w.rank >= 2 && !noPrune.has(name) : include.some((m) => m(name));
      if (!eligible || exclude.some((m) => m(name))) {
        this.#excluded.push(name);
        continue;
      }
      const layout = r.layouts?.[name] ?? defaultLayout(w.rank);
      if (layout.length !== w.rank) {
        fail(
          'SPARSELAND__MASKS__INVALID_ARGUMENT',
          fn,
          `recipe.layouts['${name}']`,
          `have ${w.rank} entries (the rank of ${name})`,
          layout.length,
        );
      }
      const t: Target = {
        ref: { name, shape: [...w.shape], layout },
        w,
        size: w.size,
        mask: new Uint8Array(w.size).fill(1),
        maskT: undefined,
        maskB: undefined,
        target: 0,
        flips: 0,
      };
      if (this.#method.linearForward === true) {
        const lin = linears.get(name);
        if (lin === undefined) {
          fail(
            'SPARSELAND__MASKS__INVALID_ARGUMENT',
            fn,
            'recipe.include',
            `select only nn.Linear weights for '${r.method.kind}'`,
            name,
          );
        }
        t.linear = lin;
      }
      this.#targets.push(t);
    }
    for (const [what, names] of [
      ['layouts', Object.keys(r.layouts ?? {})],
      ['distribution.overrides', Object.keys(r.distribution.overrides ?? {})],
      ['distribution.dense', r.distribution.dense ?? []],
    ] as const) {
      for (const n of names) {
        if (!this.#targets.some((t) => t.ref.name === n)) {
          fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, `recipe.${what}`, 'name pruned parameters only', n);
        }
      }
    }
    if (this.#targets.length === 0) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        'recipe.include',
        'select at least one parameter to prune',
        'none',
      );
    }
  }

  /** Steps done (calls of {@link step} since `prepare`). */
  get currentStep(): number {
    return this.#step;
  }

  /** Names of the pruned parameters. */
  get targets(): string[] {
    return this.#targets.map((t) => t.ref.name);
  }

  #assertState(want: 'new' | 'prepared', fn: string): void {
    if (this.#state !== want) {
      fail(
        'SPARSELAND__MASKS__INVALID_STATE',
        fn,
        'this',
        want === 'new'
          ? 'not be prepared yet (prepare() runs once)'
          : 'be prepared and not finalized (call prepare() first)',
        this.#state,
      );
    }
  }

  /**
   * Compute the initial masks (at step 0) and mask the weights; for BDWP, route the pruned `nn.Linear`
   * layers through {@link bdwpLinear}.
   *
   * @returns The report after masking.
   */
  prepare(): SparsityReport {
    this.#assertState('new', 'Sparsifier.prepare');
    this.#state = 'prepared';
    if (this.#method.storage === 'dense') {
      this.#reselectAll(0);
    } else if (this.#schedule.isUpdateStep(0)) {
      this.#updateMasks(0, this.recipe.pattern);
    }
    this.#applyMasks();
    if (this.#method.linearForward === true) this.#patchLinears();
    if (this.recipe.schedule.kind === 'imp' && (this.recipe.schedule.rewindStep ?? 0) === 0) this.#capture();
    return this.report();
  }

  #patchLinears(): void {
    const p = this.recipe.pattern as NMPattern;
    for (const t of this.#targets) {
      const lin = t.linear!;
      Object.defineProperty(lin, 'forward', {
        configurable: true,
        writable: true,
        value: (x: Tensor) =>
          bdwpLinear(x, lin.weight, {
            keep: p.keep,
            of: p.of,
            ...(lin.bias === undefined ? {} : { bias: lin.bias }),
          }),
      });
    }
  }

  #unpatchLinears(): void {
    for (const t of this.#targets)
      if (t.linear !== undefined) delete (t.linear as { forward?: unknown }).forward;
  }

  #maskTensor(t: Target): Tensor {
    if (t.maskT === undefined) t.maskT = keep(tensor(t.mask, { shape: t.ref.shape, dtype: t.w.dtype }));
    return t.maskT;
  }

  /** Set the pruned entries of the stored weights to +0 (`where`, so negative weights do not become -0). */
  #zeroPruned(t: Target): void {
    if (t.maskB === undefined) t.maskB = keep(boolTensor(t.mask, t.ref.shape));
    const m = t.maskB;
    tidy(() => t.w.assign(where(m, t.w, zerosLike(t.w))));
  }

  #setMask(t: Target, mask: Uint8Array, countFlips: boolean): Uint8Array {
    const revived = new Uint8Array(mask.length);
    let any = false;
    let flips = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== t.mask[i]) flips++;
      if (mask[i] === 1 && t.mask[i] === 0) {
        revived[i] = 1;
        any = true;
      }
    }
    if (flips > 0) {
      t.mask = mask;
      t.maskT?.dispose();
      t.maskT = undefined;
      t.maskB?.dispose();
      t.maskB = undefined;
      if (countFlips) t.flips += flips;
    }
    return any ? revived : new Uint8Array(0);
  }

  /** Scores of every target at step `t` (host), with the last gradients when the scorer needs them. */
  #scores(t: number): Map<Target, ArrayLike<number>> {
    const out = new Map<Target, ArrayLike<number>>();
    for (const tg of this.#targets) {
      const g = this.#lastGrads.get(tg.ref.name);
      const s = tidy(() =>
        score(this.recipe.scorer, tg.ref, {
          w: tg.w,
          ...(g === undefined ? {} : { g }),
          step: t,
          seed: this.recipe.seed,
        }),
      );
      out.set(tg, readHost(s));
      s.dispose();
    }
    return out;
  }

  /** New masks from the scorer, distribution and pattern at the schedule's sparsity for step `t`. */
  #computeMasks(t: number, pattern: Pattern | null, s: number): Map<Target, Uint8Array> {
    const fn = 'Sparsifier';
    const out = new Map<Target, Uint8Array>();
    const fixed = pattern === null ? undefined : getPattern(pattern.kind).fixedDensity?.(pattern);
    if (pattern === null || s <= 0) {
      for (const tg of this.#targets) {
        out.set(tg, new Uint8Array(tg.size).fill(1));
        tg.target = 0;
      }
      return out;
    }
    const scores = this.#scores(t);
    const d: Distribution = this.recipe.distribution;
    if (d.kind === 'global' && fixed === undefined) {
      const masks = globalMasks(
        this.#targets.map((tg) => ({
          name: tg.ref.name,
          scores: scores.get(tg)!,
          shape: tg.ref.shape,
          layout: tg.ref.layout,
        })),
        s,
        d as GlobalDistribution,
        pattern,
        this.recipe.rounding,
        fn,
      );
      for (const tg of this.#targets) {
        out.set(tg, masks[tg.ref.name]!);
        tg.target = s;
      }
      return out;
    }
    const densities =
      fixed !== undefined
        ? undefined
        : getDistribution(d.kind).densities!(
            this.#targets.map((tg) => tg.ref),
            s,
            d,
            fn,
          );
    for (const tg of this.#targets) {
      const ls = densities === undefined ? 1 - fixed! : Math.max(0, 1 - densities[tg.ref.name]!);
      tg.target = ls;
      out.set(
        tg,
        hostMask(scores.get(tg)!, tg.ref.shape, tg.ref.layout, pattern, ls, this.recipe.rounding, fn),
      );
    }
    return out;
  }

  /** Masked storage: recompute masks, reset the optimizer state of revived entries. */
  #updateMasks(t: number, pattern: Pattern): void {
    const s = this.#schedule.sparsityAt(t, this.recipe.sparsity);
    for (const [tg, m] of this.#computeMasks(t, pattern, s)) {
      const revived = this.#setMask(tg, m, false);
      if (revived.length > 0 && this.#optimizer !== undefined) {
        const m = boolTensor(revived, tg.ref.shape);
        this.#optimizer.resetState(tg.ref.name, m);
        m.dispose();
      }
    }
  }

  /** Dense storage: re-select every mask from the dense weights. */
  #reselectAll(t: number): void {
    const at = this.#method.patternAt;
    const pattern = at === undefined ? this.recipe.pattern : at(this.recipe.method, this.recipe.pattern, t);
    const s = this.#schedule.sparsityAt(t, this.recipe.sparsity);
    for (const [tg, m] of this.#computeMasks(t, pattern, s)) this.#setMask(tg, m, t > 0);
  }

  #applyMasks(): void {
    if (this.#method.storage !== 'masked') return;
    for (const tg of this.#targets) this.#zeroPruned(tg);
  }

  #capture(): void {
    this.#rewind = new Map();
    for (const [name, p] of Object.entries(this.#params)) this.#rewind.set(name, keep(reshape(p, p.shape)));
  }

  /**
   * Differentiate `f` with respect to every named parameter of the model, as core's `valueAndGrad`, with the
   * method's forward and backward: STE-family methods see the effective weights (`W ⊙ M`, or MDGF's decayed
   * mask) in the forward and get their gradient mapped for the dense weights (SR-STE adds `λ(1 − M) ⊙ W`);
   * masked methods get `g ⊙ M`. The dense gradients are also kept for scorers and RigL.
   *
   * @param f - The loss, computed from the model (it may ignore its argument).
   * @returns `value` and `grads` by parameter name (owned by the caller, like core's).
   * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_STATE` before `prepare` or after `finalize`.
   */
  valueAndGrad(f: () => Tensor): {
    /** The loss `f()`. */
    value: Tensor;
    /** Gradient of every named parameter, by name, as the method maps it. */
    grads: Record<string, Tensor>;
  } {
    this.#assertState('prepared', 'Sparsifier.valueAndGrad');
    const t = this.#step;
    const m = this.#method;
    const spec = this.recipe.method;
    const swapped: [Target, Tensor][] = [];
    if (m.storage === 'dense') {
      if (m.reselect !== false) this.#reselectAll(t);
      if (m.linearForward !== true) {
        for (const tg of this.#targets) {
          const mask = this.#maskTensor(tg);
          const dense = keep(reshape(tg.w, tg.ref.shape));
          const eff = tidy(() =>
            m.forward === undefined ? mul(tg.w, mask) : m.forward(spec, tg.w, mask, t),
          );
          tg.w.assign(eff);
          eff.dispose();
          swapped.push([tg, dense]);
        }
      }
    }
    let result: { value: Tensor; grads: Record<string, Tensor> };
    try {
      result = coreValueAndGrad(f)(this.#params);
    } finally {
      for (const [tg, dense] of swapped) {
        tg.w.assign(dense);
        dense.dispose();
      }
    }
    const grads = { ...result.grads };
    for (const tg of this.#targets) {
      const name = tg.ref.name;
      const g = grads[name]!;
      this.#lastGrads.get(name)?.dispose();
      this.#lastGrads.set(name, keep(reshape(g, g.shape)));
      const mask = this.#maskTensor(tg);
      let mapped: Tensor | undefined;
      if (m.storage === 'masked') mapped = mul(g, mask);
      else if (m.backward !== undefined) mapped = m.backward(spec, g, tg.w, mask, t);
      if (mapped !== undefined) {
        g.dispose();
        grads[name] = mapped;
      }
    }
    return { value: result.value, grads };
  }

  /**
   * Finish a training step (call it after the optimizer's `step`): re-mask the weights, and update the
   * masks when the schedule (or SET/RigL's interval) says so. IMP rewinds after each round.
   *
   * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_STATE` before `prepare` or after `finalize`;
   *   `MISSING_INPUT` when a gradient-based scorer or RigL has no gradient (call `valueAndGrad` first).
   */
  step(): StepInfo {
    this.#assertState('prepared', 'Sparsifier.step');
    const t = ++this.#step;
    const info: StepInfo = { step: t, updated: false, rewound: false, round: 0 };
    this.#applyMasks();
    const sched = this.recipe.schedule;
    if (sched.kind === 'imp') {
      if (t === (sched.rewindStep ?? 0)) this.#capture();
      if (this.#schedule.isUpdateStep(t)) {
        this.#updateMasks(t, this.recipe.pattern);
        info.updated = true;
        info.round = t / sched.roundSteps;
        if ((sched.rewind ?? 'weights') === 'weights') {
          for (const [name, p] of Object.entries(this.#params)) {
            p.assign(this.#rewind!.get(name)!);
            this.#optimizer!.resetState(name);
          }
          info.rewound = true;
        }
        this.#applyMasks();
      }
    } else if (this.#method.storage === 'masked' && this.#schedule.isUpdateStep(t)) {
      this.#updateMasks(t, this.recipe.pattern);
      this.#applyMasks();
      info.updated = true;
    }
    const dst = this.#method.dst;
    if (dst?.isUpdate(this.recipe.method, t)) {
      this.#dstUpdate(t, dst.grow, dst.fraction(this.recipe.method, t));
      info.updated = true;
    }
    return info;
  }

  #dstUpdate(t: number, grow: 'gradient' | 'random', fraction: number): void {
    const noise = (this.recipe.method as { noise?: number }).noise ?? 0;
    for (const tg of this.#targets) {
      const name = tg.ref.name;
      let growScores: ArrayLike<number>;
      if (grow === 'gradient') {
        const g = this.#lastGrads.get(name);
        if (g === undefined) {
          fail(
            'SPARSELAND__MASKS__MISSING_INPUT',
            'Sparsifier.step',
            'grads',
            'come from Sparsifier.valueAndGrad before a RigL update',
            'none',
          );
        }
        growScores = hostAbs(g);
      } else {
        const rng = new random.Rng(deriveSeed(this.recipe.seed, name, t, 2));
        const u = new Float64Array(tg.size);
        for (let i = 0; i < u.length; i++) u[i] = rng.next();
        growScores = u;
      }
      const w = readHost(tg.w);
      const upd = dstUpdate(
        tg.mask,
        w,
        growScores,
        fraction,
        noise > 0 ? dropNoise(tg.size, noise, this.recipe.seed, name, t) : undefined,
      );
      const prev = tg.mask;
      this.#setMask(tg, upd.mask, true);
      if (prev !== tg.mask) {
        this.#zeroPruned(tg); // dropped entries to zero; grown ones are zero already
        if (upd.numGrown > 0) {
          const grown = boolTensor(upd.grown, tg.ref.shape);
          this.#optimizer!.resetState(name, grown);
          grown.dispose();
        }
      }
    }
  }

  /**
   * End training: masks of dense-storage methods are re-selected one last time at the recipe's pattern and
   * sparsity, every pruned weight is set to zero, BDWP forwards are restored, and internal tensors are freed.
   *
   * @returns The final report.
   */
  finalize(): SparsityReport {
    this.#assertState('prepared', 'Sparsifier.finalize');
    if (this.#method.storage === 'dense') {
      const s = this.recipe.sparsity;
      for (const [tg, m] of this.#computeMasks(this.#step, this.recipe.pattern, s))
        this.#setMask(tg, m, true);
    }
    for (const tg of this.#targets) this.#zeroPruned(tg);
    this.#unpatchLinears();
    this.#state = 'finalized';
    this.#release();
    return this.report();
  }

  #release(): void {
    for (const g of this.#lastGrads.values()) g.dispose();
    this.#lastGrads.clear();
    if (this.#rewind !== undefined) for (const r of this.#rewind.values()) r.dispose();
    this.#rewind = undefined;
    for (const tg of this.#targets) {
      tg.maskT?.dispose();
      tg.maskT = undefined;
      tg.maskB?.dispose();
      tg.maskB = undefined;
    }
  }

  /** Free internal tensors and restore patched forwards without touching the weights. */
  dispose(): void {
    this.#unpatchLinears();
    this.#release();
    this.#state = 'finalized';
  }

  /**
   * The current masks as `bool` tensors by parameter name (new tensors: the caller disposes them).
   *
   * @example
   * ```ts
   * const masks = sp.masks(); // { 'layers.0.weight': bool [256, 64], ... }
   * ```
   */
  masks(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const tg of this.#targets) out[tg.ref.name] = boolTensor(tg.mask, tg.ref.shape);
    return out;
  }

  /** The mask of one pruned parameter on the host (a copy). */
  hostMask(name: string): Uint8Array {
    const tg = this.#targets.find((t) => t.ref.name === name);
    if (tg === undefined) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        'Sparsifier.hostMask',
        'name',
        `be a pruned parameter (${this.targets.join(', ')})`,
        name,
      );
    }
    return tg.mask.slice();
  }

  /** Realised sparsity per pruned tensor, the excluded parameters and the run label. */
  report(): SparsityReport {
    let kept = 0;
    let size = 0;
    const layers = this.#targets.map((tg) => {
      let k = 0;
      for (const v of tg.mask) k += v;
      kept += k;
      size += tg.size;
      return {
        name: tg.ref.name,
        shape: [...tg.ref.shape],
        size: tg.size,
        kept: k,
        sparsity: 1 - k / tg.size,
        target: tg.target,
        flips: tg.flips,
      };
    });
    let total = 0;
    for (const p of Object.values(this.#params)) total += p.size;
    return {
      step: this.#step,
      sparsity: 1 - kept / size,
      layers,
      excluded: [...this.#excluded],
      params: { total, kept: total - (size - kept) },
      label: runLabel(this.recipe),
    };
  }
}
