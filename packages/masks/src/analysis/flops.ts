/**
 * FLOP and parameter accounting, dense vs sparse, inference and training (spec §7.1, §10 rule 2).
 *
 * @module
 */
import { nn, type TensorLike } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkInt, checkObject, describe } from '../internal/checks.js';
import { readHost } from '../internal/host.js';
import type { MethodSpec } from '../methods/method.js';
import { checkMethod } from '../methods/registry.js';

/** Accounting of one `nn.Linear`. */
export interface LinearCost {
  /** Module name. */
  name: string;
  /** Weight entries `in·out`. */
  params: number;
  /** Weight entries kept (by the mask, else the nonzeros of the weight). */
  nnz: number;
  /** Bias entries. */
  bias: number;
  /** Dense forward FLOPs per example: `2·in·out + out`. */
  denseFlops: number;
  /** Sparse forward FLOPs per example: `2·nnz + out`. */
  sparseFlops: number;
}

/** What {@link flopReport} returns. */
export interface FlopReport {
  /** Per Linear layer. */
  layers: LinearCost[];
  /** Parameters of the whole model, and those kept (pruned weights removed). */
  params: {
    /** All parameters. */
    dense: number;
    /** Parameters kept (pruned weight entries removed). */
    sparse: number;
    /** `sparse / dense` (1 when `dense` is 0). */
    ratio: number;
  };
  /** Forward FLOPs per batch, dense and sparse (Linear layers only). */
  inference: {
    /** Forward FLOPs with dense weights. */
    dense: number;
    /** Forward FLOPs with only the kept weights. */
    sparse: number;
    /** `sparse / dense` (1 when `dense` is 0). */
    ratio: number;
  };
  /**
   * Training FLOPs per step (forward + backward): dense `3·f_D`; static and SET `3·f_S`; RigL
   * `(3·f_S·ΔT + 2·f_S + f_D)/(ΔT + 1)` (the RigL paper's formula; spec §7.1, unconfirmed); STE-family
   * methods train dense weights (`2·f_S + f_D`: sparse forward and input gradient, dense weight gradient).
   */
  training: {
    /** Dense training FLOPs, `3·f_D`. */
    dense: number;
    /** Training FLOPs of the method (formulas above). */
    sparse: number;
    /** `sparse / dense` (1 when `dense` is 0). */
    ratio: number;
  };
}

/**
 * Parameter and FLOP accounting of a model's `nn.Linear` layers under masks (spec §10: distributions are
 * always reported with FLOPs).
 *
 * @param model - The model.
 * @param masks - Masks by parameter name (`'layers.0.weight'`); layers without one count the weight's nonzeros.
 * @param opts - `batch` (examples per step, default 1), `method` (for training FLOPs; default `'prune'`).
 * @example
 * ```ts
 * const r = flopReport(model, sp.masks(), { batch: 64, method: sp.recipe.method });
 * r.inference.ratio; // sparse / dense forward FLOPs
 * ```
 */
export function flopReport(
  model: nn.Module,
  masks: Readonly<Record<string, TensorLike>> = {},
  opts: { batch?: number; method?: MethodSpec | MethodSpec['kind'] } = {},
): FlopReport {
  const fn = 'flopReport';
  if (!(model instanceof nn.Module))
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'model', 'be a core nn.Module', describe(model));
  checkObject(masks, fn, 'masks');
  const batch = checkInt(opts.batch ?? 1, fn, 'opts.batch', 1);
  const method = checkMethod(opts.method ?? 'prune', fn, 'opts.method');
  const mods: [string, nn.Module][] = Object.entries(model.namedModules());
  if (model instanceof nn.Linear) mods.unshift(['', model]);
  const layers: LinearCost[] = [];
  for (const [name, m] of mods) {
    if (!(m instanceof nn.Linear)) continue;
    const pname = name === '' ? 'weight' : `${name}.weight`;
    const mask = masks[pname];
    const src = mask === undefined ? m.weight : asTensor(mask, fn, `masks['${pname}']`);
    const v = readHost(src);
    let nnz = 0;
    for (let i = 0; i < v.length; i++) if (v[i]) nnz++;
    if (src !== mask && src !== m.weight) src.dispose();
    const params = m.inFeatures * m.outFeatures;
    const bias = m.bias === undefined ? 0 : m.outFeatures;
    layers.push({
      name,
      params,
      nnz,
      bias,
      denseFlops: 2 * params + bias,
      sparseFlops: 2 * nnz + bias,
    });
  }
  const totalParams = model.numParameters();
  const pruned = layers.reduce((a, l) => a + (l.params - l.nnz), 0);
  const fD = batch * layers.reduce((a, l) => a + l.denseFlops, 0);
  const fS = batch * layers.reduce((a, l) => a + l.sparseFlops, 0);
  let train: number;
  switch (method.kind) {
    case 'rigl': {
      const dt = method.interval ?? 100;
      train = (3 * fS * dt + 2 * fS + fD) / (dt + 1);
      break;
    }
    case 'ste':
    case 'srste':
    case 'mdgf':
    case 'sdgf':
    case 'bdwp':
      train = 2 * fS + fD;
      break;
    default:
      train = 3 * fS;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    layers,
    params: {
      dense: totalParams,
      sparse: totalParams - pruned,
      ratio: ratio(totalParams - pruned, totalParams),
    },
    inference: { dense: fD, sparse: fS, ratio: ratio(fS, fD) },
    training: { dense: 3 * fD, sparse: train, ratio: ratio(train, 3 * fD) },
  };
}
