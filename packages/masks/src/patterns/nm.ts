/**
 * N:M sparsity along a named axis: keep N of every M consecutive entries (spec §1.4, §4).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkInt, checkOneOf, describe, onlyFields } from '../internal/checks.js';
import { resolveAxis, stridesOf } from '../internal/layout.js';
import { selectTop } from '../internal/select.js';
import type { AxisName, NMPattern } from '../types.js';
import type { PatternImpl } from './pattern.js';

/** @internal Check an axis value (a role or an integer position). */
export function checkAxisValue(a: unknown, fn: string, arg: string): AxisName {
  if (typeof a === 'number' ? !Number.isInteger(a) : !['out', 'in', 'kh', 'kw'].includes(a as string)) {
    fail('SPARSELAND__MASKS__AXIS_INVALID', fn, arg, "be 'out', 'in', 'kh', 'kw' or an integer", describe(a));
  }
  return a as AxisName;
}

/** @internal Check `keep`/`of` (`1 <= keep <= of`). */
export function checkKeepOf(
  keep: unknown,
  of: unknown,
  fn: string,
  arg: string,
): { keep: number; of: number } {
  const m = checkInt(of, fn, `${arg}.of`, 1, 2 ** 20);
  if (typeof keep === 'number' && Number.isInteger(keep) && keep > m) {
    fail(
      'SPARSELAND__MASKS__OUT_OF_RANGE',
      fn,
      `${arg}.keep`,
      `be at most of (${m}): N:M keeps N of every M`,
      keep,
    );
  }
  const n = checkInt(keep, fn, `${arg}.keep`, 1, m);
  return { keep: n, of: m };
}

/**
 * The `nm` pattern: along `axis`, every run of `of` consecutive entries keeps its top `keep` by score
 * (ties to the lower index). A last, shorter group keeps `min(keep, length)` with `pad: 'zero'`.
 */
export const nmPattern: PatternImpl<NMPattern> = {
  kind: 'nm',
  validate(p, fn, arg) {
    onlyFields(p, ['kind', 'keep', 'of', 'axis', 'pad'], fn, arg);
    const { keep, of } = checkKeepOf(p.keep, p.of, fn, arg);
    const axis = checkAxisValue(p.axis ?? 'in', fn, `${arg}.axis`);
    const pad = checkOneOf(p.pad ?? 'zero', ['zero', 'error'] as const, fn, `${arg}.pad`);
    return { kind: 'nm', keep, of, axis, pad };
  },
  fixedDensity(p) {
    return p.keep / p.of;
  },
  mask(p, ctx) {
    const { shape, scores } = ctx;
    const axis = resolveAxis(p.axis ?? 'in', ctx.layout, ctx.fn, 'pattern.axis');
    const len = shape[axis]!;
    const m = p.of;
    if (len % m !== 0 && p.pad === 'error') {
      fail(
        'SPARSELAND__MASKS__SHAPE_MISMATCH',
        ctx.fn,
        'pattern.of',
        `divide the length of axis ${axis} (${len}) (or use pad: 'zero')`,
        m,
      );
    }
    const stride = stridesOf(shape)[axis]!;
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const out = new Uint8Array(scores.length);
    const pos = new Int32Array(m);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < stride; i++) {
        const base = o * len * stride + i;
        for (let g = 0; g < len; g += m) {
          const count = Math.min(m, len - g);
          for (let j = 0; j < count; j++) pos[j] = base + (g + j) * stride;
          selectTop(scores, pos, count, p.keep, out);
        }
      }
    }
    return out;
  },
};
