/**
 * Unstructured sparsity: the top entries by score are kept.
 *
 * @module
 */
import { onlyFields } from '../internal/checks.js';
import { topKMask } from '../internal/select.js';
import { identityUnits } from '../internal/units.js';
import { keepCountUnchecked } from '../rounding.js';
import type { UnstructuredPattern } from '../types.js';
import type { PatternImpl } from './pattern.js';

/** The `unstructured` pattern: keep the top `keepCount(n, s)` entries (ties to the lower flat index). */
export const unstructuredPattern: PatternImpl<UnstructuredPattern> = {
  kind: 'unstructured',
  validate(p, fn, arg) {
    onlyFields(p, ['kind'], fn, arg);
    return { kind: 'unstructured' };
  },
  mask(_p, ctx) {
    const n = ctx.scores.length;
    return topKMask(ctx.scores, keepCountUnchecked(n, ctx.sparsity, ctx.rounding));
  },
  units(_p, shape) {
    return { units: identityUnits(shape.reduce((a, b) => a * b, 1)), pool: 'max' };
  },
};
