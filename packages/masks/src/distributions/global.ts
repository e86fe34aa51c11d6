/**
 * Global allocation: one threshold over every eligible tensor's (optionally normalised) scores (spec §3).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkBool, checkSparsity } from '../internal/checks.js';
import { selectTop } from '../internal/select.js';
import { expandUnits, poolScores, type Units } from '../internal/units.js';
import { getPattern } from '../patterns/registry.js';
import { keepCountUnchecked } from '../rounding.js';
import type { AxisName, Pattern, Rounding } from '../types.js';
import type { GlobalDistribution } from './distribution.js';
import { checkNames, type DistributionImpl, validateCommon } from './impl.js';

/** `global`: an allocation mode; masks come from {@link globalMasks} (or a `Sparsifier`), not from densities. */
export const globalDistribution: DistributionImpl<GlobalDistribution> = {
  kind: 'global',
  validate(d, fn, arg) {
    const common = validateCommon(d, ['normalize', 'maxSparsity'], fn, arg);
    if (common.customMode === 'verbatim') {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `${arg}.customMode`,
        "be 'budgeted' for global allocation",
        'verbatim',
      );
    }
    const out: GlobalDistribution = {
      kind: 'global',
      ...common,
      normalize: checkBool(d.normalize ?? false, fn, `${arg}.normalize`),
    };
    if (d.maxSparsity !== undefined) out.maxSparsity = checkSparsity(d.maxSparsity, fn, `${arg}.maxSparsity`);
    return out;
  },
};

/** One tensor of a global allocation. */
export interface GlobalEntry {
  /** Parameter name. */
  name: string;
  /** Host scores, flat row-major. */
  scores: ArrayLike<number>;
  /** Shape. */
  shape: readonly number[];
  /** Role of each axis. */
  layout: readonly AxisName[];
}

/**
 * @internal Masks for a global allocation: pooled unit scores from every tensor (optionally L2-normalised
 * per tensor), tensors with overrides or forced dense handled on their own, every other tensor keeping at
 * least `keepCount(units, maxSparsity)` units (at least one), and the remaining budget filled by one
 * ranking (score desc, then tensor order, then flat index).
 */
export function globalMasks(
  entries: readonly GlobalEntry[],
  s: number,
  d: GlobalDistribution,
  pattern: Pattern,
  rounding: Rounding,
  fn: string,
): Record<string, Uint8Array> {
  const impl = getPattern(pattern.kind, fn, 'pattern.kind');
  if (impl.units === undefined || impl.fixedDensity?.(pattern) !== undefined) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'distribution.kind',
      `not be 'global' with a '${pattern.kind}' pattern (its density is fixed per group); use 'uniform'`,
      'global',
    );
  }
  const refs = entries.map((e) => ({ name: e.name, shape: e.shape, layout: e.layout }));
  const overrides = d.overrides ?? {};
  const dense = new Set(d.dense ?? []);
  checkNames(Object.keys(overrides), refs, fn, 'distribution.overrides');
  checkNames(dense, refs, fn, 'distribution.dense');
  const out: Record<string, Uint8Array> = {};
  const pooled: { e: GlobalEntry; units: Units; scores: Float64Array; offset: number }[] = [];
  let totalUnits = 0;
  let fixedKept = 0;
  for (const e of entries) {
    const { units, pool } = impl.units(pattern, e.shape, e.layout, fn);
    const scores = poolScores(e.scores, units, pool);
    if (dense.has(e.name) || Object.hasOwn(overrides, e.name)) {
      const ls = dense.has(e.name) ? 0 : overrides[e.name]!;
      const k = ls === 0 ? units.count : keepCountUnchecked(units.count, ls, rounding);
      const um = new Uint8Array(units.count);
      selectTop(scores, undefined, units.count, k, um);
      out[e.name] = expandUnits(um, units);
      totalUnits += units.count;
      fixedKept += k;
      continue;
    }
    if (d.normalize === true) {
      let ss = 0;
      for (const v of scores) ss += v * v;
      const nrm = Math.sqrt(ss) + 1e-8;
      for (let i = 0; i < scores.length; i++) scores[i]! /= nrm;
    }
    pooled.push({ e, units, scores, offset: 0 });
    totalUnits += units.count;
  }
  const budget = keepCountUnchecked(totalUnits, s, rounding) - fixedKept;
  // reserved units per tensor (the top ones by its own ranking)
  const all = new Float64Array(pooled.reduce((a, p) => a + p.units.count, 0));
  const chosen = new Uint8Array(all.length);
  let off = 0;
  let reserved = 0;
  for (const p of pooled) {
    p.offset = off;
    all.set(p.scores, off);
    const min = d.maxSparsity === undefined ? 1 : keepCountUnchecked(p.units.count, d.maxSparsity, rounding);
    const um = new Uint8Array(p.units.count);
    selectTop(p.scores, undefined, p.units.count, min, um);
    for (let u = 0; u < um.length; u++) if (um[u] === 1) chosen[off + u] = 1;
    reserved += Math.min(min, p.units.count);
    off += p.units.count;
  }
  const rest = Math.max(0, budget - reserved);
  if (rest > 0) {
    const candidates: number[] = [];
    for (let i = 0; i < chosen.length; i++) if (chosen[i] === 0) candidates.push(i);
    selectTop(all, candidates, candidates.length, rest, chosen);
  }
  for (const p of pooled) {
    out[p.e.name] = expandUnits(chosen.subarray(p.offset, p.offset + p.units.count), p.units);
  }
  return out;
}
