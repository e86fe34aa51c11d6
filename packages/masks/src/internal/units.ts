/**
 * Structured patterns as units: every entry belongs to one unit (a block, a channel, a row group), units
 * are numbered by their first entry in flat order (so "lower unit id" = "lower flat index", spec §1.3),
 * unit scores are pooled from entry scores, and a unit mask expands back to entries.
 */
import type { PatternContext } from '../patterns/pattern.js';
import { keepCountUnchecked } from '../rounding.js';
import type { AxisName, Pool } from '../types.js';
import { selectTop } from './select.js';

/** A partition of a tensor's entries into units. */
export interface Units {
  /** Unit id of every entry (flat, row-major). */
  unitOf: Int32Array;
  /** Number of units. */
  count: number;
  /** Number of entries in each unit. */
  sizes: Int32Array;
}

/**
 * Partition `shape` into units by a key computed from each entry's coordinates. Keys may be any
 * non-negative safe integers; ids are assigned in order of first appearance.
 */
export function unitsBy(shape: readonly number[], keyOf: (coords: readonly number[]) => number): Units {
  const n = shape.reduce((a, b) => a * b, 1);
  const unitOf = new Int32Array(n);
  const ids = new Map<number, number>();
  const sizeList: number[] = [];
  const coords = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < n; f++) {
    const k = keyOf(coords);
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
      sizeList.push(0);
    }
    unitOf[f] = id;
    sizeList[id]!++;
    // increment coordinates (row-major)
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d]! < shape[d]!) break;
      coords[d] = 0;
    }
  }
  return { unitOf, count: ids.size, sizes: Int32Array.from(sizeList) };
}

/** Pool entry scores into unit scores. NaN entries count as −∞ for `max` and propagate otherwise. */
export function poolScores(scores: ArrayLike<number>, units: Units, pool: Pool): Float64Array {
  const out = new Float64Array(units.count);
  if (pool === 'max') out.fill(Number.NEGATIVE_INFINITY);
  const { unitOf } = units;
  for (let f = 0; f < unitOf.length; f++) {
    const u = unitOf[f]!;
    const v = scores[f]!;
    switch (pool) {
      case 'avg':
        out[u]! += v;
        break;
      case 'max':
        if (v > out[u]!) out[u] = v;
        break;
      case 'l1':
        out[u]! += Math.abs(v);
        break;
      case 'l2':
        out[u]! += v * v;
        break;
    }
  }
  if (pool === 'avg') for (let u = 0; u < out.length; u++) out[u]! /= units.sizes[u]!;
  if (pool === 'l2') for (let u = 0; u < out.length; u++) out[u] = Math.sqrt(out[u]!);
  return out;
}

/** Expand a unit mask to an entry mask. */
export function expandUnits(unitMask: Uint8Array, units: Units): Uint8Array {
  const out = new Uint8Array(units.unitOf.length);
  for (let f = 0; f < out.length; f++) out[f] = unitMask[units.unitOf[f]!]!;
  return out;
}

/** Keep the top `k` units by pooled score and expand to entries. */
export function topUnits(unitScores: ArrayLike<number>, units: Units, k: number): Uint8Array {
  const unitMask = new Uint8Array(units.count);
  selectTop(unitScores, undefined, units.count, k, unitMask);
  return expandUnits(unitMask, units);
}

/** Every entry its own unit. */
export function identityUnits(n: number): Units {
  const unitOf = new Int32Array(n);
  for (let i = 0; i < n; i++) unitOf[i] = i;
  return { unitOf, count: n, sizes: new Int32Array(n).fill(1) };
}

/**
 * The `mask` and `units` of a pattern whose units are pooled and ranked (blocks, channels): the top
 * `keepCount(units, s)` units by pooled score are kept.
 */
export function pooledUnitsPattern<P>(
  unitsOf: (p: P, shape: readonly number[], layout: readonly AxisName[], fn: string) => Units,
  poolOf: (p: P) => Pool,
): {
  mask(p: P, ctx: PatternContext): Uint8Array;
  units(
    p: P,
    shape: readonly number[],
    layout: readonly AxisName[],
    fn: string,
  ): { units: Units; pool: Pool };
} {
  return {
    mask(p, ctx) {
      const units = unitsOf(p, ctx.shape, ctx.layout, ctx.fn);
      const pooled = poolScores(ctx.scores, units, poolOf(p));
      return topUnits(pooled, units, keepCountUnchecked(units.count, ctx.sparsity, ctx.rounding));
    },
    units(p, shape, layout, fn) {
      return { units: unitsOf(p, shape, layout, fn), pool: poolOf(p) };
    },
  };
}
