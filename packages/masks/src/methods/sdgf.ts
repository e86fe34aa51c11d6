/**
 * Progressive gradient flow with stepped N:M patterns, SDGF (Bambhaniya et al. 2024; spec §6.3).
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkInt, checkOneOf, onlyFields } from '../internal/checks.js';
import type { NMPattern, Pattern } from '../types.js';
import type { MethodImpl, SdgfMethod } from './method.js';

/**
 * The frames of an SDGF variant ending at `keep:of`, as `[keep, of]` pairs.
 *
 * @example
 * ```ts
 * sdgfFrames('sparsify', 1, 8); // [[7, 8], [4, 8], [2, 8], [1, 8]]
 * sdgfFrames('fine', 1, 8);     // [[8, 64], [4, 32], [2, 16], [1, 8]]
 * sdgfFrames('densify', 1, 8);  // [[1, 64], [1, 32], [1, 16], [1, 8]]
 * ```
 */
export function sdgfFrames(
  variant: 'sparsify' | 'fine' | 'densify',
  keep: number,
  of: number,
): [number, number][] {
  switch (variant) {
    case 'sparsify': {
      const frames: [number, number][] = [[of - 1, of]];
      for (let k = Math.floor(of / 2); k > keep; k = Math.floor(k / 2)) frames.push([k, of]);
      if (frames[frames.length - 1]![0] !== keep) frames.push([keep, of]);
      return frames;
    }
    case 'fine':
      return [8, 4, 2, 1].map((f) => [keep * f, of * f]);
    case 'densify':
      return [8, 4, 2, 1].map((f) => [keep, of * f]);
  }
}

/** The `sdgf` method: binary STE masks whose N:M steps through the frames. */
export const sdgfMethod: MethodImpl<SdgfMethod> = {
  kind: 'sdgf',
  storage: 'dense',
  validate(m, fn, arg) {
    onlyFields(m, ['kind', 'variant', 'denseSteps', 'sparseSteps'], fn, arg);
    return {
      kind: 'sdgf',
      variant: checkOneOf(
        m.variant ?? 'sparsify',
        ['sparsify', 'fine', 'densify'] as const,
        fn,
        `${arg}.variant`,
      ),
      denseSteps: checkInt(m.denseSteps ?? 0, fn, `${arg}.denseSteps`),
      sparseSteps: checkInt(m.sparseSteps, fn, `${arg}.sparseSteps`, 1),
    };
  },
  checkPattern(_m, p, fn) {
    if (p.kind !== 'nm') {
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'pattern.kind', "be 'nm' for the sdgf method", p.kind);
    }
  },
  patternAt(m, p, t) {
    const nm = p as NMPattern;
    const tau = t - (m.denseSteps ?? 0);
    if (tau < 0) return null;
    const frames = sdgfFrames(m.variant ?? 'sparsify', nm.keep, nm.of);
    const i = Math.min(frames.length - 1, Math.floor((tau * frames.length) / m.sparseSteps));
    const [keep, of] = frames[i]!;
    return { ...nm, keep, of } satisfies Pattern;
  },
};
