/**
 * The penalty registry: revives a {@link PenaltySpec} (from JSON) into a {@link Penalty}.
 *
 * @module
 */
import { unknownName } from '../errors.js';
import { cel0 } from './cel0.js';
import { lHalf } from './l-half.js';
import { lTwoThirds } from './l-two-thirds.js';
import { l0 } from './l0.js';
import { l1 } from './l1.js';
import { logSum } from './log-sum.js';
import { mcp } from './mcp.js';
import type { Penalty, PenaltySpec } from './penalty.js';
import { scad } from './scad.js';

const PENALTIES: Record<string, (spec: PenaltySpec) => Penalty> = {
  l1: () => l1(),
  mcp: (s) => mcp({ gamma: s.gamma as number }),
  scad: (s) => scad({ gamma: s.gamma as number }),
  l0: () => l0(),
  lHalf: () => lHalf(),
  lTwoThirds: () => lTwoThirds(),
  logSum: (s) => logSum({ epsilon: s.epsilon as number }),
  cel0: () => cel0(),
};

/**
 * Rebuilds a penalty from its JSON form (`penalty.toJSON()`).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__UNKNOWN_NAME` for an unknown name.
 * @example
 * ```ts
 * penaltyFromJSON({ name: 'mcp', gamma: 2 }).prox(1.5, 1, 1, 1); // 1
 * ```
 */
export function penaltyFromJSON(spec: PenaltySpec): Penalty {
  const make = PENALTIES[spec?.name];
  if (!make) {
    throw unknownName({
      fn: 'penaltyFromJSON',
      kind: 'penalty',
      name: String(spec?.name),
      known: Object.keys(PENALTIES),
    });
  }
  return make(spec);
}

/** Whether `v` looks like a {@link Penalty}. @internal */
export function isPenalty(v: unknown): v is Penalty {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Penalty).prox === 'function' &&
    typeof (v as Penalty).value === 'function' &&
    typeof (v as Penalty).name === 'string'
  );
}
