/**
 * Row groups (GQSA, spec §4): `g` consecutive entries along `'in'` per row; BSR `[1, g]` in kernels.
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkBool, checkDensity, checkInt, checkOneOf, onlyFields } from '../internal/checks.js';
import { resolveAxis } from '../internal/layout.js';
import { selectTop } from '../internal/select.js';
import { expandUnits, poolScores, topUnits, type Units, unitsBy } from '../internal/units.js';
import { keepCountUnchecked } from '../rounding.js';
import type { AxisName, RowGroupPattern } from '../types.js';
import { POOLS } from './block.js';
import type { PatternImpl } from './pattern.js';

interface RowUnits extends Units {
  /** Row of each unit. */
  rowOf: Int32Array;
  /** Number of rows. */
  rows: number;
}

function rowGroupUnits(
  p: RowGroupPattern,
  shape: readonly number[],
  layout: readonly AxisName[],
  fn: string,
): RowUnits {
  const ai = resolveAxis('in', layout, fn, 'layout');
  const groups = Math.ceil(shape[ai]! / p.g);
  const rowKey = (c: readonly number[]) => {
    let row = 0;
    for (let d = 0; d < shape.length; d++) if (d !== ai) row = row * shape[d]! + c[d]!;
    return row;
  };
  const units = unitsBy(shape, (c) => rowKey(c) * groups + Math.floor(c[ai]! / p.g));
  const rowOf = new Int32Array(units.count);
  // unit ids follow first appearance; recover each unit's row from its key order
  const coords = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < units.unitOf.length; f++) {
    rowOf[units.unitOf[f]!] = rowKey(coords);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d]! < shape[d]!) break;
      coords[d] = 0;
    }
  }
  const rows = shape[ai]! === 0 ? 0 : units.unitOf.length / shape[ai]!;
  return { ...units, rowOf, rows };
}

/**
 * The `rowGroup` pattern: units of `g` consecutive entries along `'in'` (the last group of a row may be
 * shorter), scored by `pool` (default `'l2'`; GQSA's own salience is unconfirmed). With `rowBalanced`
 * (default) every row keeps `keepCount(groupsPerRow, s)` groups; otherwise one ranking over the tensor.
 * `keepFrac`, when set, fixes the density instead of the distribution.
 */
export const rowGroupPattern: PatternImpl<RowGroupPattern> = {
  kind: 'rowGroup',
  validate(p, fn, arg) {
    onlyFields(p, ['kind', 'g', 'rowBalanced', 'keepFrac', 'pool'], fn, arg);
    const out: RowGroupPattern = {
      kind: 'rowGroup',
      g: checkInt(p.g, fn, `${arg}.g`, 1),
      rowBalanced: checkBool(p.rowBalanced ?? true, fn, `${arg}.rowBalanced`),
      pool: checkOneOf(p.pool ?? 'l2', POOLS, fn, `${arg}.pool`),
    };
    if (p.keepFrac !== undefined) out.keepFrac = checkDensity(p.keepFrac, fn, `${arg}.keepFrac`);
    return out;
  },
  fixedDensity(p) {
    return p.keepFrac;
  },
  mask(p, ctx) {
    const units = rowGroupUnits(p, ctx.shape, ctx.layout, ctx.fn);
    const pooled = poolScores(ctx.scores, units, p.pool ?? 'l2');
    const s = p.keepFrac === undefined ? ctx.sparsity : 1 - p.keepFrac;
    if (!(p.rowBalanced ?? true))
      return topUnits(pooled, units, keepCountUnchecked(units.count, s, ctx.rounding));
    const perRow = units.rows === 0 ? 0 : units.count / units.rows;
    const k = keepCountUnchecked(perRow, s, ctx.rounding);
    const byRow: number[][] = Array.from({ length: units.rows }, () => []);
    for (let u = 0; u < units.count; u++) byRow[units.rowOf[u]!]!.push(u);
    const unitMask = new Uint8Array(units.count);
    for (const list of byRow) selectTop(pooled, list, list.length, k, unitMask);
    return expandUnits(unitMask, units);
  },
  units(p, shape, layout, fn) {
    if (p.rowBalanced ?? true) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        'pattern.rowBalanced',
        'be false for a global ranking (a row-balanced mask is decided per row)',
        true,
      );
    }
    return { units: rowGroupUnits(p, shape, layout, fn), pool: p.pool ?? 'l2' };
  },
};
