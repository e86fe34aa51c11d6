/**
 * Block sparsity: `out × in` blocks scored by pooling (spec §4).
 *
 * @module
 */
import { checkInt, checkOneOf, onlyFields } from '../internal/checks.js';
import { resolveAxis } from '../internal/layout.js';
import { pooledUnitsPattern, type Units, unitsBy } from '../internal/units.js';
import type { AxisName, BlockPattern, Pool } from '../types.js';
import type { PatternImpl } from './pattern.js';

/** The pooling modes. */
export const POOLS: readonly Pool[] = ['avg', 'max', 'l1', 'l2'];

function blockUnits(
  p: BlockPattern,
  shape: readonly number[],
  layout: readonly AxisName[],
  fn: string,
): Units {
  const ao = resolveAxis('out', layout, fn, 'layout');
  const ai = resolveAxis('in', layout, fn, 'layout');
  const nbo = Math.ceil(shape[ao]! / p.out);
  const nbi = Math.ceil(shape[ai]! / p.in);
  return unitsBy(shape, (c) => {
    let rest = 0;
    for (let d = 0; d < shape.length; d++) if (d !== ao && d !== ai) rest = rest * shape[d]! + c[d]!;
    return (rest * nbo + Math.floor(c[ao]! / p.out)) * nbi + Math.floor(c[ai]! / p.in);
  });
}

/**
 * The `block` pattern: blocks of `out × in` entries on the (`'out'`, `'in'`) plane (edge blocks may be
 * smaller), scored by `pool` of their entry scores; the top `keepCount(blocks, s)` blocks are kept.
 */
export const blockPattern: PatternImpl<BlockPattern> = {
  kind: 'block',
  validate(p, fn, arg) {
    onlyFields(p, ['kind', 'out', 'in', 'pool'], fn, arg);
    return {
      kind: 'block',
      out: checkInt(p.out, fn, `${arg}.out`, 1),
      in: checkInt(p.in, fn, `${arg}.in`, 1),
      pool: checkOneOf(p.pool ?? 'avg', POOLS, fn, `${arg}.pool`),
    };
  },
  ...pooledUnitsPattern(blockUnits, (p) => p.pool ?? 'avg'),
};
