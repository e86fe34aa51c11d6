import { SparselandError } from '../errors/sparseland-error.js';
import { gelu, relu, silu, tanh } from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkBool, checkInput, checkSize, type InitOptions, resolveDType, resolveRng } from './checks.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Activations {@link MLP} puts between its layers. */
export type Activation = 'relu' | 'gelu' | 'silu' | 'tanh';

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = { relu, gelu, silu, tanh };

/** Options of {@link MLP}: a random source (`{ seed }` or `{ rng }`, required), activation, bias and dtype. */
export type MLPOptions = InitOptions & {
  /** Activation between layers (none after the last). Default `'relu'`. */
  activation?: Activation;
  /** Give every layer a bias. Default true. */
  bias?: boolean;
};

/**
 * Multilayer perceptron: {@link Linear} layers of sizes `sizes[0] -> sizes[1] -> ... -> sizes[n]`, registered
 * as `layers.0`, `layers.1`, ..., with the activation between them and none after the last.
 *
 * A `{ seed }` makes one generator that initialises the layers in order.
 *
 * @example
 * ```ts
 * const mlp = new nn.MLP([784, 128, 10], { activation: 'gelu', seed: 0 });
 * Object.keys(mlp.namedParameters()); // ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']
 * const logits = mlp.forward(x); // [batch, 784] -> [batch, 10]
 * ```
 */
export class MLP extends Module {
  /** The layer sizes, input first. */
  readonly sizes: readonly number[];
  /** The activation between layers. */
  readonly activation: Activation;
  /** The layers, in order. */
  readonly layers: readonly Linear[];

  /**
   * @param sizes - At least two sizes: input, hidden..., output.
   * @param opts - `{ seed }` or `{ rng }` (required), `activation`, `bias`, `dtype`.
   * @throws {@link SparselandError} INVALID_ARGUMENT for fewer than two sizes, a bad size or activation.
   */
  constructor(sizes: readonly number[], opts: MLPOptions) {
    super();
    const fn = 'MLP';
    if (!Array.isArray(sizes) || sizes.length < 2) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'sizes',
        expected: 'be an array of at least two layer sizes (input, ..., output)',
        actual: Array.isArray(sizes) ? `[${sizes.join(', ')}]` : String(sizes),
      });
    }
    sizes.forEach((s, i) => {
      checkSize(s, fn, `sizes[${i}]`);
    });
    const rng = resolveRng(opts, fn);
    const dtype = resolveDType(opts.dtype, fn);
    const bias = checkBool(opts.bias ?? true, fn, 'bias');
    const activation = opts.activation ?? 'relu';
    if (!Object.hasOwn(ACTIVATIONS, activation)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'activation',
        expected: `be one of ${Object.keys(ACTIVATIONS).join(', ')}`,
        actual: String(activation),
      });
    }
    this.sizes = Object.freeze([...sizes]);
    this.activation = activation;
    const layers: Linear[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { rng, bias, dtype }));
    }
    this.layers = Object.freeze(this.registerModule('layers', layers));
  }

  /**
   * Apply the layers.
   *
   * @param x - `[..., sizes[0]]`.
   * @returns `[..., sizes[n]]`.
   */
  forward(x: Tensor): Tensor {
    const first = this.layers[0]!;
    checkInput(x, 'MLP.forward', 'x', {
      dtype: first.weight.dtype,
      lastDim: this.sizes[0]!,
      what: 'sizes[0]',
    });
    const act = ACTIVATIONS[this.activation];
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      if (i + 1 < this.layers.length) h = act(h);
    });
    return h;
  }
}
