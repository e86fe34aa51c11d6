/**
 * Erdős–Rényi (Mocanu et al. 2018, SET; jaxpruner `erk` with `include_kernel=false`).
 *
 * @module
 */
import type { ErDistribution } from './distribution.js';
import { type DistributionImpl, solveCommon, validateCommon } from './impl.js';
import { erRaw } from './raw.js';

/** `er`: density ∝ `(n_in + n_out)/(n_in·n_out)` from the first two dims, capped at 1 (spec §3). */
export const erDistribution: DistributionImpl<ErDistribution> = {
  kind: 'er',
  validate(d, fn, arg) {
    return { kind: 'er', ...validateCommon(d, [], fn, arg) };
  },
  densities(refs, s, d, fn) {
    return solveCommon(refs, s, d, (r) => erRaw(r.shape), fn);
  },
};
