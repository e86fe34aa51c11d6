/**
 * Uniform sparsity (optionally RigL's: first layer dense).
 *
 * @module
 */
import { checkBool } from '../internal/checks.js';
import type { UniformDistribution } from './distribution.js';
import { type DistributionImpl, solveCommon, validateCommon } from './impl.js';

/**
 * `uniform`: every tensor at `s`. With overrides or dense layers (budgeted), the free layers share the rest
 * of the budget equally. `firstLayerDense` keeps the first tensor dense and the others at `s` (RigL; not
 * re-budgeted).
 */
export const uniformDistribution: DistributionImpl<UniformDistribution> = {
  kind: 'uniform',
  validate(d, fn, arg) {
    const out: UniformDistribution = { kind: 'uniform', ...validateCommon(d, ['firstLayerDense'], fn, arg) };
    if (d.firstLayerDense !== undefined)
      out.firstLayerDense = checkBool(d.firstLayerDense, fn, `${arg}.firstLayerDense`);
    return out;
  },
  densities(refs, s, d, fn) {
    const plain = d.overrides === undefined && d.dense === undefined;
    if (plain || d.firstLayerDense === true) {
      const out: Record<string, number> = {};
      for (const [i, r] of refs.entries()) {
        out[r.name] = i === 0 && d.firstLayerDense === true ? 1 : 1 - s;
      }
      if (!plain) {
        for (const name of d.dense ?? []) out[name] = 1;
        for (const [name, v] of Object.entries(d.overrides ?? {})) out[name] = 1 - v;
      }
      return out;
    }
    return solveCommon(refs, s, d, () => 1, fn);
  },
};
