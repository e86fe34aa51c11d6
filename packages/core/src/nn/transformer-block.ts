import { SparselandError } from '../errors/sparseland-error.js';
import { add } from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkBool, checkInput, checkSize, type InitOptions, resolveDType, resolveRng } from './checks.js';
import { LayerNorm } from './layer-norm.js';
import { MLP } from './mlp.js';
import { Module } from './module.js';
import { MultiHeadAttention } from './multi-head-attention.js';

/** Options of {@link TransformerBlock}: a random source (`{ seed }` or `{ rng }`, required) and sizes. */
export type TransformerBlockOptions = InitOptions & {
  /** Hidden width of the MLP as a multiple of `dim` (`dim * mlpRatio` must be an integer). Default 4. */
  mlpRatio?: number;
  /** Causal self-attention. Default false. */
  causal?: boolean;
  /** Biases in the attention projections and the MLP. Default true. */
  bias?: boolean;
  /** LayerNorm epsilon. Default 1e-5. */
  eps?: number;
};

/**
 * Pre-norm transformer block: `x = x + attn(ln1(x))`, then `x = x + mlp(ln2(x))`, where `mlp` is
 * `MLP([dim, dim * mlpRatio, dim], { activation: 'gelu' })`. Children in order: `ln1`, `attn`, `ln2`, `mlp`.
 *
 * @example
 * ```ts
 * const block = new nn.TransformerBlock(32, 4, { causal: true, seed: 0 });
 * Object.keys(block.namedParameters());
 * // ['ln1.weight', 'ln1.bias', 'attn.q.weight', 'attn.q.bias', ..., 'attn.out.bias',
 * //  'ln2.weight', 'ln2.bias', 'mlp.layers.0.weight', 'mlp.layers.0.bias', 'mlp.layers.1.weight', 'mlp.layers.1.bias']
 * const y = block.forward(x); // [batch, seq, 32]
 * ```
 */
export class TransformerBlock extends Module {
  /** Model width. */
  readonly dim: number;
  /** Norm before attention. */
  readonly ln1: LayerNorm;
  /** Self-attention. */
  readonly attn: MultiHeadAttention;
  /** Norm before the MLP. */
  readonly ln2: LayerNorm;
  /** Feed-forward network (GELU). */
  readonly mlp: MLP;

  /**
   * @param dim - Model width.
   * @param numHeads - Attention heads; must divide `dim`.
   * @param opts - `{ seed }` or `{ rng }` (required), `mlpRatio`, `causal`, `bias`, `eps`, `dtype`.
   */
  constructor(dim: number, numHeads: number, opts: TransformerBlockOptions) {
    super();
    const fn = 'TransformerBlock';
    this.dim = checkSize(dim, fn, 'dim');
    const rng = resolveRng(opts, fn);
    const dtype = resolveDType(opts.dtype, fn);
    const causal = checkBool(opts.causal ?? false, fn, 'causal');
    const bias = checkBool(opts.bias ?? true, fn, 'bias');
    const mlpRatio = opts.mlpRatio ?? 4;
    const hidden = dim * mlpRatio;
    if (typeof mlpRatio !== 'number' || !(mlpRatio > 0) || !Number.isInteger(hidden)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'mlpRatio',
        expected: `be > 0 with dim * mlpRatio an integer (dim ${dim})`,
        actual: String(mlpRatio),
      });
    }
    const eps = opts.eps ?? 1e-5;
    this.ln1 = this.registerModule('ln1', new LayerNorm(dim, { eps, dtype }));
    this.attn = this.registerModule(
      'attn',
      new MultiHeadAttention(dim, numHeads, { rng, causal, bias, dtype }),
    );
    this.ln2 = this.registerModule('ln2', new LayerNorm(dim, { eps, dtype }));
    this.mlp = this.registerModule(
      'mlp',
      new MLP([dim, hidden, dim], { rng, activation: 'gelu', bias, dtype }),
    );
  }

  /**
   * Apply the block.
   *
   * @param x - `[batch, seq, dim]`.
   * @returns `[batch, seq, dim]`.
   */
  forward(x: Tensor): Tensor {
    checkInput(x, 'TransformerBlock.forward', 'x', {
      dtype: this.ln1.weight!.dtype,
      lastDim: this.dim,
      rank: 3,
      layout: '[batch, seq, dim]',
      what: 'dim',
    });
    const h = add(x, this.attn.forward(this.ln1.forward(x)));
    return add(h, this.mlp.forward(this.ln2.forward(h)));
  }
}
