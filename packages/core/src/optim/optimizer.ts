import { noGrad } from '../autograd/grad.js';
import { tidy } from '../backend/backends.js';
import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape, shapesEqual } from '../internal/shape.js';
import { scalar, type TensorLike, toTensor, variable, zerosLike } from '../ops/create.js';
import { cast, where } from '../ops/elementwise.js';
import { reshape } from '../ops/shape.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './hyperparams.js';
import type { Schedule } from './schedules.js';

/** A learning rate: a constant, or a {@link Schedule} of the number of updates done so far. */
export type LearningRate = number | Schedule;

/**
 * What a subclass's update rule ({@link Optimizer.update}) sees of one parameter's state: the number of
 * updates applied to it (already counting the current one) and its state tensors, updated with `assign`.
 */
export interface ParamSlot {
  /** Updates applied to this parameter since its state was created or reset. */
  step: number;
  /** State tensors by name (e.g. `m`, `v`, `momentum`). */
  readonly tensors: Readonly<Record<string, Variable>>;
}

/** The state every optimizer keeps per parameter: at least its update count. */
export interface OptimizerState {
  /** Updates applied since the state was created or reset. */
  step: number;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `'${n}'`);
  return names.length > 8 ? `${shown.join(', ')}, ... (${names.length} in all)` : shown.join(', ');
}

/**
 * Base class of the optimizers: holds the named parameters, the learning rate (constant or scheduled)
 * and per-parameter state, and applies a subclass's update rule in place.
 *
 * - `step(grads)` updates each parameter that has a gradient in `grads` (the others are skipped, and so
 *   are parameters whose `trainable` flag is off). Gradients are not disposed: they belong to the caller.
 * - State is created at construction (zeros), one record per parameter: `state(name)` returns it with live
 *   state tensors (read them; do not dispose them), `resetState(name, mask?)` zeroes it, all of it or where
 *   a mask is true (dynamic sparse training resets the state of regrown weights).
 * - `stateDict()` / `loadStateDict()` save and restore the state; `dispose()` frees it.
 *
 * @typeParam S - The state record of one parameter, e.g. `{ step, m, v }` for Adam.
 */
export abstract class Optimizer<S extends OptimizerState> {
  readonly #fn: string;
  readonly #params: Readonly<Record<string, Variable>>;
  readonly #slots = new Map<string, ParamSlot>();
  readonly #entries: readonly string[];
  #lr: LearningRate;
  #iterations = 0;
  #disposed = false;

  /**
   * @param fn - Class name, for error messages.
   * @param params - Named parameters, e.g. `module.namedParameters()`.
   * @param lr - Learning rate or schedule.
   * @param entries - Names of the state tensors each parameter gets (zeros like the parameter).
   */
  protected constructor(
    fn: string,
    params: Record<string, Variable>,
    lr: LearningRate,
    entries: readonly string[],
  ) {
    this.#fn = fn;
    if (params === null || typeof params !== 'object' || Array.isArray(params) || params instanceof Tensor) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'params',
        expected: 'be a record of named Variables, e.g. module.namedParameters()',
        actual: params === null ? 'null' : Array.isArray(params) ? 'an array' : String(params),
      });
    }
    const names = Object.keys(params);
    if (names.length === 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'params',
        expected: 'contain at least one parameter',
        actual: 'an empty record',
      });
    }
    for (const name of names) {
      const p: unknown = params[name];
      if (!(p instanceof Variable)) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn,
          arg: `params['${name}']`,
          expected: 'be a Variable (wrap tensors with variable())',
          actual: p instanceof Tensor ? 'a Tensor that is not a Variable' : typeof p,
        });
      }
      p.assertLive(fn);
      if (!isFloat(p.dtype)) {
        throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
          fn,
          arg: `params['${name}']`,
          expected: 'have a float dtype',
          actual: p.dtype,
        });
      }
    }
    this.#params = Object.freeze({ ...params });
    this.#entries = entries;
    this.#lr = Optimizer.#checkLr(lr, fn);
    for (const name of names) {
      this.#slots.set(name, { step: 0, tensors: this.#zeroState(name, this.#params[name]!) });
    }
  }

  static #checkLr(lr: LearningRate, fn: string): LearningRate {
    if (typeof lr === 'function') return lr;
    return checkNumber(lr, fn, 'lr', { min: 0 });
  }

  #zeroState(name: string, p: Variable): Record<string, Variable> {
    const out: Record<string, Variable> = {};
    for (const e of this.#entries) {
      out[e] = tidy(() => variable(zerosLike(p), { name: `${name}.${e}`, trainable: false }));
    }
    return out;
  }

  /** The parameters, by name (the same Variables that were passed in). */
  get params(): Readonly<Record<string, Variable>> {
    return this.#params;
  }

  /** Number of `step()` calls so far (the argument a learning-rate schedule gets for the next update). */
  get iterations(): number {
    return this.#iterations;
  }

  /** Learning rate of the next update: the constant, or the schedule evaluated at {@link iterations}. */
  get lr(): number {
    const lr = this.#lr;
    if (typeof lr === 'number') return lr;
    const value = lr(this.#iterations);
    return checkNumber(value, this.#fn, `lr(${this.#iterations}) (the schedule's value)`, { min: 0 });
  }

  /**
   * Replace the learning rate or schedule (a schedule is still called with {@link iterations}).
   *
   * @example
   * ```ts
   * opt.setLr(1e-4);
   * ```
   */
  setLr(lr: LearningRate): void {
    this.#lr = Optimizer.#checkLr(lr, `${this.#fn}.setLr`);
  }

  #assertLive(fn: string): void {
    if (this.#disposed) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'this',
        expected: 'not be disposed',
        actual: 'a disposed optimizer',
      });
    }
  }

  #slot(name: string, fn: string): ParamSlot {
    this.#assertLive(fn);
    const slot = typeof name === 'string' ? this.#slots.get(name) : undefined;
    if (slot === undefined) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'name',
        expected: `be one of the optimizer's parameter names (${listNames([...this.#slots.keys()])})`,
        actual: String(name),
      });
    }
    return slot;
  }

  /**
   * Apply one update to every parameter that has a gradient in `grads`, in place.
   *
   * Runs without recording gradients and frees every temporary; `grads` stays owned by the caller.
   *
   * @param grads - Gradients by parameter name (e.g. from `valueAndGrad(...)(params).grads`).
   * @throws {@link SparselandError} INVALID_ARGUMENT for a name that is not a parameter, SHAPE_MISMATCH /
   *   DTYPE_MISMATCH for a gradient that does not match its parameter. Nothing is updated when it throws.
   * @example
   * ```ts
   * const { value, grads } = valueAndGrad(() => loss(model, x, y))(params);
   * opt.step(grads);
   * ```
   */
  step(grads: Readonly<Record<string, Tensor | undefined>>): void {
    const fn = `${this.#fn}.step`;
    this.#assertLive(fn);
    if (grads === null || typeof grads !== 'object' || Array.isArray(grads) || grads instanceof Tensor) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'grads',
        expected: 'be a record of gradients by parameter name',
        actual: grads === null ? 'null' : Array.isArray(grads) ? 'an array' : String(grads),
      });
    }
    for (const [name, g] of Object.entries(grads)) {
      const p = Object.hasOwn(this.#params, name) ? this.#params[name] : undefined;
      if (p === undefined) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn,
          arg: 'grads',
          expected: `only name parameters of this optimizer (${listNames(Object.keys(this.#params))})`,
          actual: `'${name}'`,
        });
      }
      if (g === undefined) continue;
      if (!(g instanceof Tensor)) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn,
          arg: `grads['${name}']`,
          expected: 'be a Tensor',
          actual: g === null ? 'null' : typeof g,
        });
      }
      g.assertLive(fn);
      p.assertLive(fn);
      if (!shapesEqual(g.shape, p.shape)) {
        throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
          fn,
          arg: `grads['${name}']`,
          expected: `have the parameter's shape ${fmtShape(p.shape)}`,
          actual: fmtShape(g.shape),
        });
      }
      if (g.dtype !== p.dtype) {
        throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
          fn,
          arg: `grads['${name}']`,
          expected: `have the parameter's dtype ${p.dtype}`,
          actual: g.dtype,
        });
      }
    }
    const lr = this.lr;
    noGrad(() => {
      for (const [name, p] of Object.entries(this.#params)) {
        const g = Object.hasOwn(grads, name) ? grads[name] : undefined;
        if (g === undefined || !p.trainable) continue;
        const slot = this.#slots.get(name)!;
        slot.step++;
        tidy(() => this.update(p, g, slot, lr));
      }
    });
    this.#iterations++;
  }

  /**
   * The update rule for one parameter, run inside `tidy` and `noGrad`: `slot.step` already counts this
   * update. Write the new values with `assign`.
   */
  protected abstract update(param: Variable, grad: Tensor, slot: ParamSlot, lr: number): void;

  /**
   * The state of one parameter: its update count `step` and its state tensors (live: read, do not dispose).
   *
   * @throws {@link SparselandError} INVALID_ARGUMENT for an unknown name.
   * @example
   * ```ts
   * const { step, m, v } = adam.state('layers.0.weight');
   * ```
   */
  state(name: string): Readonly<S> {
    const slot = this.#slot(name, `${this.#fn}.state`);
    return Object.freeze({ step: slot.step, ...slot.tensors }) as unknown as Readonly<S>;
  }

  /**
   * Zero the state of parameter `name`.
   *
   * Without `mask`, every state tensor becomes zeros and `step` returns to 0 (as a fresh optimizer).
   * With `mask` (the parameter's shape; `bool`, or numbers where nonzero means true), only the entries where
   * it is true are zeroed and `step` is kept: what dynamic sparse training does for regrown weights.
   *
   * @throws {@link SparselandError} INVALID_ARGUMENT for an unknown name; SHAPE_MISMATCH for a mask of another shape.
   * @example
   * ```ts
   * opt.resetState('fc.weight', regrown); // regrown: bool [out, in]
   * ```
   */
  resetState(name: string, mask?: TensorLike): void {
    const fn = `${this.#fn}.resetState`;
    const slot = this.#slot(name, fn);
    const p = this.#params[name]!;
    noGrad(() =>
      tidy(() => {
        if (mask === undefined) {
          for (const t of Object.values(slot.tensors)) t.assign(zerosLike(t));
          slot.step = 0;
          return;
        }
        const m = toTensor(mask, 'mask', fn);
        if (!shapesEqual(m.shape, p.shape)) {
          throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
            fn,
            arg: 'mask',
            expected: `have the parameter's shape ${fmtShape(p.shape)}`,
            actual: fmtShape(m.shape),
          });
        }
        const keepMask = cast(m, 'bool');
        for (const t of Object.values(slot.tensors)) t.assign(where(keepMask, zerosLike(t), t));
      }),
    );
  }

  /**
   * A snapshot of the whole optimizer state as flat named tensors, ready for safetensors: for each
   * parameter `p`, `'p.step'` (int32 scalar) and `'p.<entry>'` for each state tensor (e.g. `'p.m'`,
   * `'p.v'`), plus `'iterations'` (int32 scalar). The tensors are new (the state tensors are shared
   * without copying): the caller owns them and disposes them (or calls this inside `tidy`).
   *
   * @example
   * ```ts
   * const saved = opt.stateDict();
   * other.loadStateDict(saved);
   * dispose(Object.values(saved));
   * ```
   */
  stateDict(): Record<string, Tensor> {
    this.#assertLive(`${this.#fn}.stateDict`);
    return noGrad(() => {
      const out: Record<string, Tensor> = {};
      for (const [name, slot] of this.#slots) {
        out[`${name}.step`] = scalar(slot.step, 'int32');
        for (const [e, t] of Object.entries(slot.tensors)) out[`${name}.${e}`] = reshape(t, t.shape);
      }
      out.iterations = scalar(this.#iterations, 'int32');
      return out;
    });
  }

  /**
   * Restore state saved by {@link stateDict} (of an optimizer of the same kind over parameters of the same
   * names and shapes). Values are shared, not copied; float state of another float dtype is cast.
   * `dict` stays owned by the caller. Counts are read back synchronously (CPU backends).
   *
   * @throws {@link SparselandError} `SPARSELAND__CORE__STATE_DICT_MISMATCH` listing missing and unexpected
   *   names, or naming the first entry whose shape differs. Nothing is changed when it throws.
   */
  loadStateDict(dict: Readonly<Record<string, Tensor>>): void {
    const fn = `${this.#fn}.loadStateDict`;
    this.#assertLive(fn);
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'dict',
        expected: 'be a record of named tensors (from stateDict())',
        actual: dict === null ? 'null' : Array.isArray(dict) ? 'an array' : typeof dict,
      });
    }
    const expected = new Map<string, readonly number[]>();
    for (const [name, slot] of this.#slots) {
      expected.set(`${name}.step`, []);
      for (const [e, t] of Object.entries(slot.tensors)) expected.set(`${name}.${e}`, t.shape);
    }
    expected.set('iterations', []);
    const missing = [...expected.keys()].filter((k) => !Object.hasOwn(dict, k));
    const unexpected = Object.keys(dict).filter((k) => !expected.has(k));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
        fn,
        missing,
        unexpected,
        reason: 'names differ',
      });
    }
    const counts = new Map<string, number>();
    for (const [key, shape] of expected) {
      const t = dict[key];
      const isCount = key === 'iterations' || key.endsWith('.step');
      const bad =
        !(t instanceof Tensor) || t.isDisposed
          ? 'is not a live tensor'
          : !shapesEqual(t.shape, shape)
            ? `has shape ${fmtShape(t.shape)}, expected ${fmtShape(shape)}`
            : !isCount && !isFloat(t.dtype)
              ? `has dtype ${t.dtype}, expected a float dtype`
              : undefined;
      if (bad !== undefined) {
        throw new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
          fn,
          missing: [],
          unexpected: [],
          reason: `'${key}' ${bad}`,
        });
      }
      if (isCount) {
        const v = engine.readSync(t!, fn)[0]!;
        if (!Number.isInteger(v) || v < 0) {
          throw new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
            fn,
            missing: [],
            unexpected: [],
            reason: `'${key}' is ${v}, expected a non-negative integer count`,
          });
        }
        counts.set(key, v);
      }
    }
    noGrad(() =>
      tidy(() => {
        for (const [name, slot] of this.#slots) {
          slot.step = counts.get(`${name}.step`)!;
          for (const [e, t] of Object.entries(slot.tensors)) t.assign(cast(dict[`${name}.${e}`]!, t.dtype));
        }
      }),
    );
    this.#iterations = counts.get('iterations')!;
  }

  /** Free the state tensors (not the parameters). The optimizer cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const slot of this.#slots.values()) for (const t of Object.values(slot.tensors)) t.dispose();
  }

  /** Enables `using opt = new Adam(...)`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
