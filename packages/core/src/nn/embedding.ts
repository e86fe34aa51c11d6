import { tidy } from '../backend/backends.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { variable } from '../ops/create.js';
import { gather } from '../ops/indexing.js';
import { normal } from '../random/sample.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import { checkSize, type InitOptions, readIfSync, resolveDType, resolveRng } from './checks.js';
import { Module } from './module.js';

/** Options of {@link Embedding}: a random source (`{ seed }` or `{ rng }`, required) and dtype. */
export type EmbeddingOptions = InitOptions;

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised from N(0, 1) as PyTorch's.
 * Parameter: `weight` `[numEmbeddings, embeddingDim]`.
 *
 * @example
 * ```ts
 * const emb = new nn.Embedding(100, 16, { seed: 0 });
 * emb.forward(tensor([[1, 2, 3]], { dtype: 'int32' })).shape; // [1, 3, 16]
 * ```
 */
export class Embedding extends Module {
  /** Number of rows (vocabulary size). */
  readonly numEmbeddings: number;
  /** Size of each vector. */
  readonly embeddingDim: number;
  /** `[numEmbeddings, embeddingDim]`. */
  readonly weight: Variable;

  /**
   * @param numEmbeddings - Number of rows.
   * @param embeddingDim - Size of each vector.
   * @param opts - `{ seed }` or `{ rng }` (required), `dtype`.
   */
  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions) {
    super();
    const fn = 'Embedding';
    this.numEmbeddings = checkSize(numEmbeddings, fn, 'numEmbeddings');
    this.embeddingDim = checkSize(embeddingDim, fn, 'embeddingDim');
    const rng = resolveRng(opts, fn);
    const dtype = resolveDType(opts.dtype, fn);
    this.weight = this.registerParameter(
      'weight',
      tidy(() => variable(normal([numEmbeddings, embeddingDim], { rng, dtype }), { name: 'weight' })),
    );
  }

  /**
   * Look up rows.
   *
   * @param ids - int32 indices of any shape, each in `[0, numEmbeddings)`.
   * @returns `[...ids.shape, embeddingDim]`.
   * @throws {@link SparselandError} DTYPE_MISMATCH for non-int32 ids; OUT_OF_RANGE for an id outside the table
   *   (checked where the backend reads synchronously).
   */
  forward(ids: Tensor): Tensor {
    const fn = 'Embedding.forward';
    if (!(ids instanceof Tensor)) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn,
        arg: 'ids',
        expected: 'be an int32 Tensor',
        actual: ids === null ? 'null' : typeof ids,
      });
    }
    ids.assertLive(fn);
    if (ids.dtype !== 'int32') {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn,
        arg: 'ids',
        expected: 'have dtype int32',
        actual: ids.dtype,
      });
    }
    const values = readIfSync(ids, fn);
    if (values !== undefined) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < 0 || v >= this.numEmbeddings) {
          throw new SparselandError('SPARSELAND__CORE__OUT_OF_RANGE', {
            fn,
            arg: `ids (flat position ${i})`,
            expected: `be in [0, ${this.numEmbeddings}) (numEmbeddings)`,
            actual: v,
          });
        }
      }
    }
    return gather(this.weight, ids, 0);
  }
}
