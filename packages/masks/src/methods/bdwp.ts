/**
 * Bidirectional N:M weight pruning, BDWP (Fang et al. 2023; spec §6.4): N:M along `'in'` in the forward
 * and along `'out'` for the input gradient; the weight gradient is dense and updates the dense weights.
 *
 * @module
 */
import { add, customGrad, matmul, mul, reshape, sum, type Tensor, tensor } from '@sparseland/core';
import { fail } from '../errors.js';
import { checkObject, describe, onlyFields } from '../internal/checks.js';
import { hostAbs } from '../internal/host.js';
import { hostMask } from '../mask.js';
import { checkKeepOf } from '../patterns/nm.js';
import type { BdwpMethod, MethodImpl } from './method.js';

/** Options of {@link bdwpLinear}. */
export interface BdwpOptions {
  /** N. */
  keep: number;
  /** M. */
  of: number;
  /** Bias `[out]`. */
  bias?: Tensor;
}

function nmOf(w: Tensor, host: ArrayLike<number>, keep: number, of: number, axis: 'in' | 'out'): Tensor {
  const m = hostMask(
    host,
    w.shape,
    ['out', 'in'],
    { kind: 'nm', keep, of, axis, pad: 'zero' },
    0,
    'round',
    'bdwpLinear',
  );
  return tensor(m, { shape: w.shape, dtype: w.dtype });
}

/**
 * The forward (N:M along `'in'`) and backward (N:M along `'out'`) masks of BDWP for a `[out, in]` weight, as
 * 0/1 tensors of its dtype.
 *
 * @example
 * ```ts
 * const { fwd, bwd } = bdwpMasks(fc.weight, 2, 8);
 * ```
 */
export function bdwpMasks(
  w: Tensor,
  keep: number,
  of: number,
): {
  /** Forward mask: `keep` of every `of` entries along `'in'` (each row). */
  fwd: Tensor;
  /** Backward mask: `keep` of every `of` entries along `'out'` (each column). */
  bwd: Tensor;
} {
  const host = hostAbs(w);
  return { fwd: nmOf(w, host, keep, of, 'in'), bwd: nmOf(w, host, keep, of, 'out') };
}

/**
 * A Linear layer `y = x·(W ⊙ M_fwd)ᵀ + b` whose backward uses `dX = dY·(W ⊙ M_bwd)` with `M_bwd` the N:M
 * mask along `'out'`, and a dense `dW = dYᵀ·X` (so the dense `W` is trained straight-through).
 *
 * @param x - `[..., in]`.
 * @param w - `[out, in]` dense weights.
 * @param opts - `keep`, `of`, `bias`.
 * @example
 * ```ts
 * const y = bdwpLinear(x, fc.weight, { keep: 2, of: 8, bias: fc.bias });
 * ```
 */
export function bdwpLinear(x: Tensor, w: Tensor, opts: BdwpOptions): Tensor {
  const fn = 'bdwpLinear';
  checkObject(opts, fn, 'opts');
  const { keep, of } = checkKeepOf(opts.keep, opts.of, fn, 'opts');
  if (w.rank !== 2 || x.rank < 1 || x.shape[x.rank - 1] !== w.shape[1]) {
    fail(
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
      fn,
      'x',
      `have a last dimension equal to w's in (${w.shape[1]})`,
      describe(x),
    );
  }
  const fwd = nmOf(w, hostAbs(w), keep, of, 'in');
  const lead = x.shape.slice(0, -1);
  const [outF, inF] = [w.shape[0]!, w.shape[1]!];
  const core = (xi: Tensor, wi: Tensor) => {
    const x2 = reshape(xi, [-1, inF]);
    return { x2, y: matmul(x2, mul(wi, fwd), { transposeB: true }) };
  };
  const grads = (dy: Tensor, xi: Tensor, wi: Tensor) => {
    const dy2 = reshape(dy, [-1, outF]);
    const x2 = reshape(xi, [-1, inF]);
    const bwd = nmOf(wi, hostAbs(wi), keep, of, 'out');
    const dx = reshape(matmul(dy2, mul(wi, bwd)), xi.shape);
    const dw = matmul(dy2, x2, { transposeA: true });
    return { dx, dw, dy2 };
  };
  let y: Tensor;
  if (opts.bias === undefined) {
    y = customGrad((xi: Tensor, wi: Tensor) => ({
      value: reshape(core(xi, wi).y, [...lead, outF]),
      gradFunc: (dy) => {
        const g = grads(dy, xi, wi);
        return [g.dx, g.dw];
      },
    }))(x, w);
  } else {
    y = customGrad((xi: Tensor, wi: Tensor, bi: Tensor) => ({
      value: reshape(add(core(xi, wi).y, bi), [...lead, outF]),
      gradFunc: (dy) => {
        const g = grads(dy, xi, wi);
        return [g.dx, g.dw, sum(g.dy2, 0)];
      },
    }))(x, w, opts.bias);
  }
  fwd.dispose();
  return y;
}

/**
 * The `bdwp` method: the `Sparsifier` replaces the forward of each `nn.Linear` whose weight it prunes with
 * {@link bdwpLinear}; `finalize` keeps the forward N:M mask.
 */
export const bdwpMethod: MethodImpl<BdwpMethod> = {
  kind: 'bdwp',
  storage: 'dense',
  linearForward: true,
  validate(m, fn, arg) {
    onlyFields(m, ['kind'], fn, arg);
    return { kind: 'bdwp' };
  },
  checkPattern(_m, p, fn) {
    if (p.kind !== 'nm')
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'pattern.kind', "be 'nm' for the bdwp method", p.kind);
  },
};
