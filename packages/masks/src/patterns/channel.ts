/**
 * Channel (filter) sparsity: whole slices along an axis, by the L1/L2 norm of their scores (spec §4).
 *
 * @module
 */
import { checkOneOf, onlyFields } from '../internal/checks.js';
import { resolveAxis } from '../internal/layout.js';
import { pooledUnitsPattern, type Units, unitsBy } from '../internal/units.js';
import type { AxisName, ChannelPattern } from '../types.js';
import { checkAxisValue } from './nm.js';
import type { PatternImpl } from './pattern.js';

function channelUnits(
  p: ChannelPattern,
  shape: readonly number[],
  layout: readonly AxisName[],
  fn: string,
): Units {
  const axis = resolveAxis(p.axis ?? 'out', layout, fn, 'pattern.axis');
  return unitsBy(shape, (c) => c[axis]!);
}

/**
 * The `channel` pattern: channel `c` along `axis` is scored by the `norm` of its entry scores (with
 * magnitude scores, Li et al.'s L1 filter norm); the top `keepCount(channels, s)` channels are kept.
 * Channel sparsity is parameter sparsity for this tensor only: pruning the producer's outputs too removes
 * more (report both, spec §4).
 */
export const channelPattern: PatternImpl<ChannelPattern> = {
  kind: 'channel',
  validate(p, fn, arg) {
    onlyFields(p, ['kind', 'axis', 'norm'], fn, arg);
    return {
      kind: 'channel',
      axis: checkAxisValue(p.axis ?? 'out', fn, `${arg}.axis`),
      norm: checkOneOf(p.norm ?? 'l1', ['l1', 'l2'] as const, fn, `${arg}.norm`),
    };
  },
  ...pooledUnitsPattern(channelUnits, (p) => p.norm ?? 'l1'),
};
