import { tidy } from '../backend/backends.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape, shapesEqual } from '../internal/shape.js';
import { cast } from '../ops/elementwise.js';
import { Tensor, Variable } from '../tensor/tensor.js';

/** Options of {@link Module.namedParameters}, {@link Module.parameters} and {@link Module.numParameters}. */
export interface ParameterFilter {
  /** Only parameters whose `trainable` flag is on. Default false (all). */
  trainableOnly?: boolean;
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Require exactly the module's names (no missing, no unexpected). Default true. */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} did not load: the module's names absent from the dict, and the dict's extras. */
export interface LoadStateDictResult {
  /** Parameter names of the module that the dict lacks (left unchanged). */
  missing: string[];
  /** Names in the dict that are not parameters of the module (ignored). */
  unexpected: string[];
}

const NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * Base class of layers and models: named parameters and child modules, collected recursively with dotted
 * names (`'blocks.0.attn.q.weight'`), state dicts, a train/eval flag and `dispose()`.
 *
 * A subclass registers its parameters and children in its constructor, in the order they should be listed,
 * and defines a typed `forward(...)`:
 *
 * @example
 * ```ts
 * class TwoLayer extends nn.Module {
 *   readonly fc1: nn.Linear;
 *   readonly fc2: nn.Linear;
 *   constructor(opts: { seed: number }) {
 *     super();
 *     const rng = new random.Rng(opts.seed);
 *     this.fc1 = this.registerModule('fc1', new nn.Linear(4, 8, { rng }));
 *     this.fc2 = this.registerModule('fc2', new nn.Linear(8, 2, { rng }));
 *   }
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(relu(this.fc1.forward(x)));
 *   }
 * }
 * Object.keys(new TwoLayer({ seed: 0 }).namedParameters()); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export abstract class Module {
  readonly #params = new Map<string, Variable>();
  readonly #children = new Map<string, Module | readonly Module[]>();
  #training = true;

  /** Class name used in error messages. */
  protected get className(): string {
    return this.constructor.name;
  }

  #checkName(name: string, fn: string): void {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'name',
        expected: 'be an identifier (letters, digits, _ or $, not starting with a digit; no dots)',
        actual: String(name),
      });
    }
    if (this.#params.has(name) || this.#children.has(name)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'name',
        expected: 'not be registered already in this module',
        actual: name,
      });
    }
  }

  /**
   * Register a parameter under `name` (listed after those registered before it). Returns it.
   *
   * @throws {@link SparselandError} INVALID_ARGUMENT for a bad or duplicate name or a value that is not a Variable.
   */
  protected registerParameter(name: string, value: Variable): Variable {
    const fn = `${this.className}.registerParameter`;
    this.#checkName(name, fn);
    if (!(value instanceof Variable)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'value',
        expected: 'be a Variable',
        actual: (value as unknown) instanceof Tensor ? 'a Tensor that is not a Variable' : typeof value,
      });
    }
    this.#params.set(name, value);
    return value;
  }

  /**
   * Register a child module (or an array of them, named by index: `'layers.0'`, `'layers.1'`, ...) under
   * `name`. Returns it.
   *
   * @throws {@link SparselandError} INVALID_ARGUMENT for a bad or duplicate name or a value that is not a Module.
   */
  protected registerModule<M extends Module>(name: string, module: M): M;
  protected registerModule<M extends Module>(name: string, modules: readonly M[]): M[];
  protected registerModule<M extends Module>(name: string, value: M | readonly M[]): M | M[] {
    const fn = `${this.className}.registerModule`;
    this.#checkName(name, fn);
    const list = Array.isArray(value) ? (value as readonly M[]) : [value as M];
    list.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
          fn,
          arg: Array.isArray(value) ? `modules[${i}]` : 'module',
          expected: 'be a Module',
          actual: typeof m,
        });
      }
    });
    if (Array.isArray(value)) {
      const copy = Object.freeze([...list]);
      this.#children.set(name, copy);
      return [...copy];
    }
    this.#children.set(name, value as M);
    return value as M;
  }

  /** Direct children with their local names (`'fc'`, or `'layers.0'` for arrays), in registration order. */
  #childList(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [name, child] of this.#children) {
      if (Array.isArray(child)) {
        for (const [i, c] of (child as readonly Module[]).entries()) out.push([`${name}.${i}`, c]);
      } else {
        out.push([name, child as Module]);
      }
    }
    return out;
  }

  /**
   * Every parameter of this module and its descendants by dotted name: own parameters first, then each
   * child's in registration order. The values are the live Variables.
   *
   * @example
   * ```ts
   * Object.keys(new nn.MLP([4, 8, 2], { seed: 0 }).namedParameters());
   * // ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']
   * ```
   */
  namedParameters(opts: ParameterFilter = {}): Record<string, Variable> {
    const out: Record<string, Variable> = {};
    const trainableOnly = opts.trainableOnly ?? false;
    const visit = (m: Module, prefix: string): void => {
      for (const [name, p] of m.#params) if (!trainableOnly || p.trainable) out[prefix + name] = p;
      for (const [name, child] of m.#childList()) visit(child, `${prefix}${name}.`);
    };
    visit(this, '');
    return out;
  }

  /** The parameters in {@link namedParameters} order. */
  parameters(opts: ParameterFilter = {}): Variable[] {
    return Object.values(this.namedParameters(opts));
  }

  /**
   * Every descendant module by dotted name (children before their own children, in registration order;
   * this module itself is not included).
   *
   * @example
   * ```ts
   * Object.keys(new nn.MLP([4, 8, 2], { seed: 0 }).namedModules()); // ['layers.0', 'layers.1']
   * ```
   */
  namedModules(): Record<string, Module> {
    const out: Record<string, Module> = {};
    const visit = (m: Module, prefix: string): void => {
      for (const [name, child] of m.#childList()) {
        out[prefix + name] = child;
        visit(child, `${prefix}${name}.`);
      }
    };
    visit(this, '');
    return out;
  }

  /** Total number of parameter elements (all, or trainable only). */
  numParameters(opts: ParameterFilter = {}): number {
    let n = 0;
    for (const p of this.parameters(opts)) n += p.size;
    return n;
  }

  /**
   * The parameters by dotted name, as {@link namedParameters}: the live Variables, not copies. Do not dispose
   * them; they change when the model trains (save them before training further, e.g. to safetensors).
   */
  stateDict(): Record<string, Variable> {
    return this.namedParameters();
  }

  /**
   * Assign saved values into this module's existing Variables, by name. Values are shared, not copied
   * (tensors are immutable); a value of another dtype is cast. `dict` stays owned by the caller.
   *
   * With `strict` (the default), the names must match exactly. Shapes must always match. Nothing is changed
   * when it throws.
   *
   * @returns The names not loaded (always empty lists when `strict`).
   * @throws {@link SparselandError} `SPARSELAND__CORE__STATE_DICT_MISMATCH` with the `missing` and `unexpected`
   *   names, or a `reason` naming a tensor whose shape differs.
   * @example
   * ```ts
   * const copy = new nn.Linear(4, 2, { seed: 1 });
   * copy.loadStateDict(model.stateDict()); // copy now computes what model does
   * ```
   */
  loadStateDict(
    dict: Readonly<Record<string, Tensor>>,
    opts: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const fn = `${this.className}.loadStateDict`;
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || dict instanceof Tensor) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'dict',
        expected: 'be a record of named tensors',
        actual: dict === null ? 'null' : Array.isArray(dict) ? 'an array' : String(dict),
      });
    }
    const strict = opts.strict ?? true;
    const params = this.namedParameters();
    const missing = Object.keys(params).filter((k) => !Object.hasOwn(dict, k));
    const unexpected = Object.keys(dict).filter((k) => !Object.hasOwn(params, k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      throw new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
        fn,
        missing,
        unexpected,
        reason: 'names differ',
      });
    }
    const load: [Variable, Tensor][] = [];
    for (const [name, p] of Object.entries(params)) {
      if (!Object.hasOwn(dict, name)) continue;
      const t: unknown = dict[name];
      const reason =
        !(t instanceof Tensor) || t.isDisposed
          ? `'${name}' is not a live tensor`
          : !shapesEqual(t.shape, p.shape)
            ? `'${name}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(p.shape)}`
            : undefined;
      if (reason !== undefined) {
        throw new SparselandError('SPARSELAND__CORE__STATE_DICT_MISMATCH', {
          fn,
          missing: [],
          unexpected: [],
          reason,
        });
      }
      p.assertLive(fn);
      load.push([p, t as Tensor]);
    }
    tidy(() => {
      for (const [p, t] of load) p.assign(cast(t, p.dtype));
    });
    return { missing, unexpected };
  }

  /** Whether the module is in training mode (the default); set by {@link train} and {@link eval}. */
  get training(): boolean {
    return this.#training;
  }

  /** Set training mode (or evaluation mode with `false`) on this module and every descendant. Returns `this`. */
  train(mode = true): this {
    this.#training = mode;
    for (const m of Object.values(this.namedModules())) m.#training = mode;
    return this;
  }

  /** Set evaluation mode: `train(false)`. Returns `this`. */
  eval(): this {
    return this.train(false);
  }

  /** Dispose every parameter of this module and its descendants. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }

  /** Enables `using model = new nn.MLP(...)`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
