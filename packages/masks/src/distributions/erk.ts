/**
 * Erdős–Rényi-Kernel (Evci et al. 2020, RigL; jaxpruner `erk`).
 *
 * @module
 */
import { checkNumber } from '../internal/checks.js';
import type { ErkDistribution } from './distribution.js';
import { type DistributionImpl, solveCommon, validateCommon } from './impl.js';
import { erkRaw } from './raw.js';

/** `erk`: density ∝ `(Σ shape / Π shape)^power`, capped at 1 and redistributed (spec §3). */
export const erkDistribution: DistributionImpl<ErkDistribution> = {
  kind: 'erk',
  validate(d, fn, arg) {
    return {
      kind: 'erk',
      ...validateCommon(d, ['power'], fn, arg),
      power: checkNumber(d.power ?? 1, fn, `${arg}.power`, 0),
    };
  },
  densities(refs, s, d, fn) {
    const power = d.power ?? 1;
    return solveCommon(refs, s, d, (r) => erkRaw(r.shape, power), fn);
  },
};
