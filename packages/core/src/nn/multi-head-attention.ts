import { SparselandError } from '../errors/sparseland-error.js';
import { tensor } from '../ops/create.js';
import { mul, where } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { reshape, transpose } from '../ops/shape.js';
import { softmax } from '../ops/softmax.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkBool, checkInput, checkSize, type InitOptions, resolveDType, resolveRng } from './checks.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Options of {@link MultiHeadAttention}: a random source (`{ seed }` or `{ rng }`, required) and flags. */
export type MultiHeadAttentionOptions = InitOptions & {
  /** Each position attends only to itself and earlier positions. Default false. */
  causal?: boolean;
  /** Give the projections a bias. Default true. */
  bias?: boolean;
};

/** `[seq, seq]` bool, true where key `j <= i` (query `i` may attend to it). */
function causalMask(seq: number): Tensor {
  const m = new Uint8Array(seq * seq);
  for (let i = 0; i < seq; i++) for (let j = 0; j <= i; j++) m[i * seq + j] = 1;
  return tensor(m, { shape: [seq, seq], dtype: 'bool' });
}

/**
 * Multi-head self-attention, the dense reference: projections `q`, `k`, `v` and `out` (each a
 * {@link Linear}`(dim, dim)`, registered in that order), scaled dot-product attention per head
 * (`softmax(q k^T / sqrt(headDim)) v`), heads concatenated and projected by `out`.
 *
 * With `causal`, scores of later keys (`j > i`) are set to `-Infinity` before the softmax; every row keeps its
 * diagonal, so no row is all `-Infinity` and no NaN arises (their weights are exactly 0).
 *
 * @example
 * ```ts
 * const attn = new nn.MultiHeadAttention(64, 4, { causal: true, seed: 0 });
 * const y = attn.forward(x); // x: [batch, seq, 64] -> y: [batch, seq, 64]
 * ```
 */
export class MultiHeadAttention extends Module {
  /** Model width. */
  readonly dim: number;
  /** Number of heads. */
  readonly numHeads: number;
  /** `dim / numHeads`. */
  readonly headDim: number;
  /** Whether attention is causal. */
  readonly causal: boolean;
  /** Query projection. */
  readonly q: Linear;
  /** Key projection. */
  readonly k: Linear;
  /** Value projection. */
  readonly v: Linear;
  /** Output projection. */
  readonly out: Linear;

  /**
   * @param dim - Model width; a multiple of `numHeads`.
   * @param numHeads - Number of heads.
   * @param opts - `{ seed }` or `{ rng }` (required), `causal`, `bias`, `dtype`.
   * @throws {@link SparselandError} INVALID_ARGUMENT when `dim` is not a multiple of `numHeads`.
   */
  constructor(dim: number, numHeads: number, opts: MultiHeadAttentionOptions) {
    super();
    const fn = 'MultiHeadAttention';
    this.dim = checkSize(dim, fn, 'dim');
    this.numHeads = checkSize(numHeads, fn, 'numHeads');
    if (dim % numHeads !== 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'numHeads',
        expected: `divide dim (${dim})`,
        actual: numHeads,
      });
    }
    this.headDim = dim / numHeads;
    const rng = resolveRng(opts, fn);
    const dtype = resolveDType(opts.dtype, fn);
    this.causal = checkBool(opts.causal ?? false, fn, 'causal');
    const bias = checkBool(opts.bias ?? true, fn, 'bias');
    const proj = () => new Linear(dim, dim, { rng, bias, dtype });
    this.q = this.registerModule('q', proj());
    this.k = this.registerModule('k', proj());
    this.v = this.registerModule('v', proj());
    this.out = this.registerModule('out', proj());
  }

  /**
   * Self-attention over the sequence.
   *
   * @param x - `[batch, seq, dim]`, of the layer's dtype.
   * @returns `[batch, seq, dim]`.
   * @throws {@link SparselandError} SHAPE_MISMATCH for another rank or width; DTYPE_MISMATCH.
   */
  forward(x: Tensor): Tensor {
    checkInput(x, 'MultiHeadAttention.forward', 'x', {
      dtype: this.q.weight.dtype,
      lastDim: this.dim,
      rank: 3,
      layout: '[batch, seq, dim]',
      what: 'dim',
    });
    const [batch, seq] = x.shape as [number, number, number];
    const heads = (t: Tensor) =>
      transpose(reshape(t, [batch, seq, this.numHeads, this.headDim]), [0, 2, 1, 3]);
    const q = heads(this.q.forward(x));
    const k = heads(this.k.forward(x));
    const v = heads(this.v.forward(x));
    let scores = mul(matmul(q, k, { transposeB: true }), 1 / Math.sqrt(this.headDim)); // [b, h, s, s]
    if (this.causal) scores = where(causalMask(seq), scores, Number.NEGATIVE_INFINITY);
    const context = matmul(softmax(scores, -1), v); // [b, h, s, hd]
    return this.out.forward(reshape(transpose(context, [0, 2, 1, 3]), [batch, seq, this.dim]));
  }
}
