import { normalizeAxis } from '../internal/shape.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, toTensor } from './create.js';
import { cast, exp, mul, sub } from './elementwise.js';
import { sum } from './reduce.js';
import { registerGradient, runKernel, scoped } from './run.js';

/**
 * Softmax along `axis` (last by default), computed stably (max subtracted first).
 *
 * @example
 * ```ts
 * softmax(tensor([0, 0])).dataSync(); // Float32Array [0.5, 0.5]
 * ```
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  return scoped(() => {
    const t = toTensor(logits, 'logits', 'softmax');
    const a = normalizeAxis(axis, t.rank, 'softmax');
    return runKernel('Softmax', { logits: isFloat(t.dtype) ? t : cast(t, 'float32') }, { axis: a });
  });
}

/**
 * Log-softmax along `axis` (last by default): `x - logsumexp(x)`, computed stably.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([0, 0])).dataSync(); // Float32Array [-0.693, -0.693]
 * ```
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  return scoped(() => {
    const t = toTensor(logits, 'logits', 'logSoftmax');
    const a = normalizeAxis(axis, t.rank, 'logSoftmax');
    return runKernel('LogSoftmax', { logits: isFloat(t.dtype) ? t : cast(t, 'float32') }, { axis: a });
  });
}

registerGradient('Softmax', ([dy], { outputs: [y], attrs }) => {
  const { axis } = attrs as { axis: number };
  return { logits: () => mul(y!, sub(dy!, sum(mul(dy!, y!), axis, true))) };
});

registerGradient('LogSoftmax', ([dy], { outputs: [y], attrs }) => {
  const { axis } = attrs as { axis: number };
  return { logits: () => sub(dy!, mul(exp(y!), sum(dy!, axis, true))) };
});
