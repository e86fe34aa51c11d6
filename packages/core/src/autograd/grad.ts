import { collectTensors, engine, type GradFn, type Tape } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { ones, zeros } from '../ops/create.js';
import { add } from '../ops/elementwise.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Tensors arranged in arrays and plain objects: what {@link valueAndGrad} differentiates with respect to. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/** The same structure as `T`, with every tensor replaced by its gradient. */
export type GradTree<T> = T extends Tensor ? Tensor : { [K in keyof T]: GradTree<T[K]> };

function leaves(tree: unknown, fn: string): Tensor[] {
  const set = new Set<Tensor>();
  collectTensors(tree, set);
  const list = [...set];
  for (const t of list) {
    t.assertLive(fn);
    if (!isFloat(t.dtype)) {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn,
        arg: 'params',
        expected: 'contain only float tensors (gradients are defined for float32/float64)',
        actual: t.dtype,
      });
    }
  }
  return list;
}

function mapTree(tree: unknown, map: Map<Tensor, Tensor>): unknown {
  if (tree instanceof Tensor) return map.get(tree);
  if (Array.isArray(tree)) return tree.map((t) => mapTree(t, map));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) out[k] = mapTree(v, map);
  return out;
}

/** What a function made by {@link valueAndGrad} returns. */
export interface ValueAndGrad<P> {
  /** The value of `f`. */
  value: Tensor;
  /** Gradients, in the structure of the parameters. */
  grads: GradTree<P>;
}

/** Walk the tape backwards from `y` (seeded with `dy`) and return the gradient of each source. */
function backward(tape: Tape, y: Tensor, dy: Tensor, sources: Tensor[]): Tensor[] {
  return engine.tidy(() => {
    const grads = new Map<number, Tensor>([[y.id, dy]]);
    for (let n = tape.nodes.length - 1; n >= 0; n--) {
      const node = tape.nodes[n]!;
      if (!node.outputIds.some((id) => grads.has(id))) continue;
      if (node.grad === undefined) {
        throw new SparselandError('SPARSELAND__CORE__NOT_DIFFERENTIABLE', {
          fn: 'valueAndGrad',
          kernel: node.kernel,
        });
      }
      const dys = node.outputIds.map(
        (id, i) => grads.get(id) ?? zeros(node.ctx.outputs[i]!.shape, node.ctx.outputs[i]!.dtype),
      );
      const thunks = node.grad(dys, node.ctx);
      for (const [name, ids] of Object.entries(node.inputIds)) {
        const idList = Array.isArray(ids) ? ids : [ids];
        if (!idList.some((id) => tape.tracked.has(id))) continue;
        const thunk = thunks[name];
        if (thunk === undefined) continue;
        const result = thunk();
        const gs = Array.isArray(result) ? result : [result];
        const inputs = node.ctx.inputs[name]!;
        const inputList = Array.isArray(inputs) ? inputs : [inputs];
        idList.forEach((id, i) => {
          if (!tape.tracked.has(id)) return;
          const g = gs[i]!;
          const x = inputList[i]!;
          if (g.shape.length !== x.shape.length || g.shape.some((d, j) => d !== x.shape[j])) {
            throw new Error(
              `sparseland: gradient of '${node.kernel}' input '${name}' has shape [${g.shape}] but the input has [${x.shape}]`,
            );
          }
          const prev = grads.get(id);
          grads.set(id, prev === undefined ? g : add(prev, g));
        });
      }
    }
    // A fresh handle per source: a gradient may be the seed `dy` itself (disposed by valueAndGrad, or the
    // caller's), a tensor captured by a customGrad, or shared by several sources (add(a, b)).
    return sources.map((s) => {
      const g = grads.get(s.id);
      return g === undefined ? zeros(s.shape, s.dtype) : engine.reshapeShared(g, g.shape);
    });
  });
}

function checkScalarOutput(value: unknown, fn: string): Tensor {
  if (!(value instanceof Tensor)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'f',
      expected: 'return a tensor',
      actual: typeof value,
    });
  }
  if (!isFloat(value.dtype)) {
    throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
      fn,
      arg: 'f',
      expected: 'return a float tensor',
      actual: value.dtype,
    });
  }
  return value;
}

/**
 * Wrap `f` so that calling it returns both its value and the gradient of that value with respect to
 * `params`: any tensor, or arrays and objects of tensors (e.g. a module's named parameters). `f` may
 * ignore its argument and use the same tensors directly.
 *
 * The value must be a float tensor; when it is not a scalar, gradients are of `sum(value)` unless `dy` is given.
 *
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const { value, grads } = valueAndGrad((p: Tensor) => sum(square(p)))(w);
 * grads.dataSync(); // Float32Array [2, 4]
 * ```
 */
export function valueAndGrad<P extends TensorTree>(
  f: (params: P) => Tensor,
): <Q extends P>(params: Q, dy?: Tensor) => ValueAndGrad<Q> {
  // Generic in the argument, so that an `f` ignoring its parameter (`() => loss`) still types the
  // gradients after what is passed, instead of the recursive `GradTree<TensorTree>`.
  return <Q extends P>(params: Q, dy?: Tensor): ValueAndGrad<Q> => {
    const sources = leaves(params, 'valueAndGrad');
    const tape = engine.pushTape(sources);
    let value: Tensor;
    try {
      value = checkScalarOutput(f(params), 'valueAndGrad');
    } catch (e) {
      engine.disposeTape(tape);
      throw e;
    } finally {
      engine.popTape(tape);
    }
    try {
      const seed = dy ?? ones(value.shape, value.dtype);
      const grads = backward(tape, value, seed, sources);
      if (dy === undefined) seed.dispose();
      const map = new Map(sources.map((s, i) => [s, grads[i]!]));
      return { value, grads: mapTree(params, map) as GradTree<Q> };
    } finally {
      engine.disposeTape(tape);
    }
  };
}

/**
 * Wrap `f` so that calling it returns the gradient of its value with respect to `params`.
 *
 * @example
 * ```ts
 * const df = grad((x: Tensor) => sum(mul(x, x)));
 * df(tensor([3])).dataSync(); // Float32Array [6]
 * ```
 */
export function grad<P extends TensorTree>(
  f: (params: P) => Tensor,
): <Q extends P>(params: Q, dy?: Tensor) => GradTree<Q> {
  const vg = valueAndGrad(f);
  return <Q extends P>(params: Q, dy?: Tensor): GradTree<Q> => {
    const result: { value: Tensor; grads: unknown } = vg(params, dy);
    result.value.dispose();
    return result.grads as GradTree<Q>;
  };
}

/** What a {@link customGrad} function returns: the value and how to differentiate it. */
export interface CustomGradResult {
  /** The forward value. */
  value: Tensor;
  /**
   * Gradients of the inputs, in order, from the upstream gradient `dy` (`null` for no gradient). `inputs`
   * are the inputs as the op saw them, kept alive for the backward pass: use them rather than tensors the
   * closure captured, which a `tidy` may have disposed by then (an input made inside an op, say).
   */
  gradFunc: (dy: Tensor, inputs: Tensor[]) => (Tensor | null)[];
}

/**
 * Define an op with a hand-written gradient, e.g. a straight-through estimator. Ops inside `f` are not
 * recorded: only `gradFunc` defines the backward pass.
 *
 * @example
 * ```ts
 * // straight-through masking: forward w * mask, backward passes dy to w unchanged
 * const ste = customGrad((w: Tensor, mask: Tensor) => ({ value: mul(w, mask), gradFunc: (dy) => [dy, null] }));
 * ```
 */
export function customGrad<A extends Tensor[]>(
  f: (...inputs: A) => CustomGradResult,
): (...inputs: A) => Tensor {
  return (...inputs) => {
    for (const t of inputs) t.assertLive('customGrad');
    const { value, gradFunc } = engine.noGrad(() => f(...inputs));
    const names = inputs.map((_, i) => `input${i}`);
    const record: Record<string, Tensor> = {};
    inputs.forEach((t, i) => {
      record[names[i]!] = t;
    });
    const gradFn: GradFn = ([dy], ctx) => {
      let computed: (Tensor | null)[] | undefined;
      const get = (i: number) => {
        computed ??= gradFunc(
          dy!,
          names.map((n) => ctx.inputs[n] as Tensor),
        );
        if (computed.length !== inputs.length) {
          throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
            fn: 'customGrad',
            arg: 'gradFunc',
            expected: `return ${inputs.length} gradients (one per input)`,
            actual: computed.length,
          });
        }
        const g = computed[i];
        return g ?? zeros((ctx.inputs[names[i]!] as Tensor).shape, dy!.dtype);
      };
      return Object.fromEntries(names.map((n, i) => [n, () => get(i)]));
    };
    engine.record('CustomGrad', record, [value], {}, gradFn);
    return value;
  };
}

/**
 * Run `f` without recording gradients (e.g. an optimizer update or evaluation inside a `valueAndGrad`).
 *
 * @example
 * ```ts
 * const y = noGrad(() => mul(w, 2)); // not differentiated
 * ```
 */
export function noGrad<T>(f: () => T): T {
  return engine.noGrad(f);
}

/**
 * Identity in the forward pass, zero gradient in the backward pass.
 *
 * @example
 * ```ts
 * const frozen = stopGradient(w);
 * ```
 */
export function stopGradient(x: Tensor): Tensor {
  x.assertLive('stopGradient');
  return engine.noGrad(() => engine.reshapeShared(x, x.shape));
}
