import { tidy } from '../backend/backends.js';
import { variable } from '../ops/create.js';
import { add } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { uniform } from '../random/sample.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import {
  checkBool,
  checkInput,
  checkSize,
  type InitOptions,
  type ParamDType,
  resolveDType,
  resolveRng,
} from './checks.js';
import { Module } from './module.js';

/** Options of {@link Linear}: a random source (`{ seed }` or `{ rng }`, required), bias and dtype. */
export type LinearOptions = InitOptions & {
  /** Add a learned bias. Default true. */
  bias?: boolean;
};

/**
 * Affine layer `y = x W^T + b`, with PyTorch's layout (`weight` is `[outFeatures, inFeatures]`) and default
 * initialisation: `weight` and `bias` uniform in `(-1/sqrt(inFeatures), 1/sqrt(inFeatures))` (kaiming-uniform
 * with `a = sqrt(5)`). Parameters: `weight`, then `bias`.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(64, 10, { seed: 0 });
 * const y = fc.forward(x); // x: [batch, 64] -> y: [batch, 10]
 * ```
 */
export class Linear extends Module {
  /** Input size. */
  readonly inFeatures: number;
  /** Output size. */
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]`. */
  readonly weight: Variable;
  /** `[outFeatures]`, or undefined without bias. */
  readonly bias: Variable | undefined;

  /**
   * @param inFeatures - Size of the input's last axis.
   * @param outFeatures - Size of the output's last axis.
   * @param opts - `{ seed }` or `{ rng }` (required), `bias`, `dtype`.
   * @throws {@link SparselandError} INVALID_ARGUMENT for bad sizes or a missing random source.
   */
  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions) {
    super();
    const fn = 'Linear';
    this.inFeatures = checkSize(inFeatures, fn, 'inFeatures');
    this.outFeatures = checkSize(outFeatures, fn, 'outFeatures');
    const rng = resolveRng(opts, fn);
    const dtype: ParamDType = resolveDType(opts.dtype, fn);
    const useBias = checkBool(opts.bias ?? true, fn, 'bias');
    const bound = 1 / Math.sqrt(inFeatures);
    const init = (shape: number[], name: string) =>
      tidy(() => variable(uniform(shape, { rng, low: -bound, high: bound, dtype }), { name }));
    this.weight = this.registerParameter('weight', init([outFeatures, inFeatures], 'weight'));
    this.bias = useBias ? this.registerParameter('bias', init([outFeatures], 'bias')) : undefined;
  }

  /**
   * `x W^T + b`.
   *
   * @param x - `[..., inFeatures]`, of the layer's dtype.
   * @returns `[..., outFeatures]`.
   * @throws {@link SparselandError} SHAPE_MISMATCH when the last axis is not `inFeatures`; DTYPE_MISMATCH.
   */
  forward(x: Tensor): Tensor {
    checkInput(x, 'Linear.forward', 'x', {
      dtype: this.weight.dtype,
      lastDim: this.inFeatures,
      what: 'inFeatures',
    });
    const y = matmul(x, this.weight, { transposeB: true });
    return this.bias === undefined ? y : add(y, this.bias);
  }
}
