/**
 * Pruned `nn.Linear` layers to `@sparseland/kernels` formats (CSR, N:M, BSR, row groups), and a forward
 * through `sparseLinear`: a mask alone is never a speedup (spec §10).
 *
 * @module
 */
import { keep, nn, reshape, type Tensor, type TensorLike, tidy } from '@sparseland/core';
import { fromDense, type SparseMatrix, sparseLinear } from '@sparseland/kernels';
import { fail } from '../errors.js';
import { checkInt, checkObject, describe } from '../internal/checks.js';

/** Target format of {@link toSparseLinear}. */
export type LinearFormat =
  | {
      /** Compressed sparse rows (any mask). */
      format: 'csr';
    }
  | {
      /** N:M along the input axis (the mask must already be N:M). */
      format: 'nm';
      /** N, entries kept per group. */
      keep: number;
      /** M, the group length. */
      of: number;
    }
  | {
      /** Block sparse rows. */
      format: 'bsr';
      /** Block shape `[br, bc]`. */
      block: readonly [number, number];
    }
  | {
      /** Row groups: BSR with blocks `[1, g]`. */
      format: 'rowGroup';
      /** Columns per group. */
      g: number;
    };

/** A Linear layer with a sparse weight: `forward(x) = x·Wᵀ + b` through `sparseLinear`. */
export interface SparseLinearLayer {
  /** The weight `[out, in]` in a kernels format (stored entries = the mask). */
  readonly weight: SparseMatrix;
  /** Bias `[out]`, if any (a copy). */
  readonly bias: Tensor | undefined;
  /** `x [..., in]` → `[..., out]`. */
  forward(x: Tensor): Tensor;
  /** Free the sparse weight and the bias. */
  dispose(): void;
}

function checkFormat(f: unknown, fn: string): LinearFormat {
  const o = checkObject(f, fn, 'format');
  switch (o.format) {
    case 'csr':
      return { format: 'csr' };
    case 'nm':
      return {
        format: 'nm',
        keep: checkInt(o.keep, fn, 'format.keep', 1),
        of: checkInt(o.of, fn, 'format.of', 1),
      };
    case 'bsr': {
      const b = o.block;
      if (!Array.isArray(b) || b.length !== 2)
        fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'format.block', 'be [rows, cols]', describe(b));
      return {
        format: 'bsr',
        block: [checkInt(b[0], fn, 'format.block[0]', 1), checkInt(b[1], fn, 'format.block[1]', 1)],
      };
    }
    case 'rowGroup':
      return { format: 'rowGroup', g: checkInt(o.g, fn, 'format.g', 1) };
    default:
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        'format.format',
        "be 'csr', 'nm', 'bsr' or 'rowGroup'",
        describe(o.format),
      );
  }
}

/**
 * Store a pruned `[out, in]` weight (where `mask` is set) in a kernels format and return a layer whose
 * forward runs `sparseLinear`. Its output equals the dense masked layer's `x·(W ⊙ M)ᵀ + b` (up to the
 * summation order).
 *
 * @param weight - Dense `[out, in]` weights (an `nn.Linear`'s `weight`).
 * @param mask - Mask of the same shape (bool or 0/1): the stored entries. For `'nm'` it must keep at most
 *   `keep` of every `of` along `in` (e.g. from {@link nmMask}).
 * @param format - `{ format: 'csr' }`, `{ format: 'nm', keep, of }`, `{ format: 'bsr', block }`, `{ format: 'rowGroup', g }`.
 * @param bias - Optional `[out]`.
 * @throws `SparselandError` kernels' `NOT_REPRESENTABLE` when an N:M group holds more than `keep`.
 * @example
 * ```ts
 * const layer = toSparseLinear(fc.weight, nmMask(fc.weight, { keep: 2, of: 4 }), { format: 'nm', keep: 2, of: 4 }, fc.bias);
 * const y = layer.forward(x); // = x·(W ⊙ M)ᵀ + b
 * ```
 */
export function toSparseLinear(
  weight: Tensor,
  mask: TensorLike,
  format: LinearFormat,
  bias?: Tensor,
): SparseLinearLayer {
  const fn = 'toSparseLinear';
  const f = checkFormat(format, fn);
  if (weight.rank !== 2)
    fail('SPARSELAND__MASKS__SHAPE_MISMATCH', fn, 'weight', 'be a 2-D [out, in] matrix', describe(weight));
  const matrix = tidy(() => {
    const m =
      f.format === 'nm'
        ? fromDense(weight, { format: 'nm', keep: f.keep, of: f.of, mask })
        : f.format === 'bsr'
          ? fromDense(weight, { format: 'bsr', block: f.block, mask })
          : f.format === 'rowGroup'
            ? fromDense(weight, { format: 'rowGroup', g: f.g, mask })
            : fromDense(weight, { format: 'csr', mask });
    return m.retain();
  });
  const b = bias === undefined ? undefined : keep(reshape(bias, bias.shape));
  return {
    weight: matrix,
    bias: b,
    forward: (x) => sparseLinear(x, matrix, b === undefined ? {} : { bias: b }),
    dispose: () => {
      matrix.dispose();
      b?.dispose();
    },
  };
}

/** What {@link attachSparseLinears} returns. */
export interface AttachedSparseLinears {
  /** The sparse layers by module name (`'layers.0'`). */
  layers: Record<string, SparseLinearLayer>;
  /** Restore the dense forwards and free the sparse layers. */
  detach(): void;
}

/**
 * Route every `nn.Linear` of `model` whose weight has a mask through a kernels-format copy of its pruned
 * weight (the module's own `forward` is replaced on the instance), so the whole model runs sparse.
 *
 * @param model - The model.
 * @param masks - Masks by parameter name (`'layers.0.weight'`); Linear layers without one stay dense.
 * @param format - Target format, or a function of the parameter name giving it.
 * @example
 * ```ts
 * const sparse = attachSparseLinears(model, masks, { format: 'csr' });
 * const logits = model.forward(x); // sparseLinear under the hood
 * sparse.detach();
 * ```
 */
export function attachSparseLinears(
  model: nn.Module,
  masks: Readonly<Record<string, TensorLike>>,
  format: LinearFormat | ((name: string) => LinearFormat),
): AttachedSparseLinears {
  const fn = 'attachSparseLinears';
  checkObject(masks, fn, 'masks');
  const linears: [string, nn.Linear][] = Object.entries(model.namedModules()).filter(
    (e): e is [string, nn.Linear] => e[1] instanceof nn.Linear,
  );
  if (model instanceof nn.Linear) linears.unshift(['', model]);
  const layers: Record<string, SparseLinearLayer> = {};
  const patched: nn.Linear[] = [];
  for (const [mn, lin] of linears) {
    const pname = mn === '' ? 'weight' : `${mn}.weight`;
    const m = masks[pname];
    if (m === undefined) continue;
    const layer = toSparseLinear(
      lin.weight,
      m,
      typeof format === 'function' ? format(pname) : format,
      lin.bias,
    );
    layers[mn] = layer;
    Object.defineProperty(lin, 'forward', {
      configurable: true,
      writable: true,
      value: (x: Tensor) => layer.forward(x),
    });
    patched.push(lin);
  }
  for (const name of Object.keys(masks)) {
    if (!linears.some(([mn]) => (mn === '' ? 'weight' : `${mn}.weight`) === name)) {
      for (const l of Object.values(layers)) l.dispose();
      for (const lin of patched) delete (lin as { forward?: unknown }).forward;
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        'masks',
        'name only nn.Linear weights of the model',
        name,
      );
    }
  }
  return {
    layers,
    detach() {
      for (const lin of patched) delete (lin as { forward?: unknown }).forward;
      for (const l of Object.values(layers)) l.dispose();
    },
  };
}
