/**
 * The distribution registry: every built-in kind is one line here; {@link registerDistribution} adds more.
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkSparsity, describe } from '../internal/checks.js';
import { checkLayout, defaultLayout } from '../internal/layout.js';
import { Registry } from '../internal/registry.js';
import type { ParamRef } from '../types.js';
import type { Distribution } from './distribution.js';
import { erDistribution } from './er.js';
import { erkDistribution } from './erk.js';
import { globalDistribution } from './global.js';
import type { DistributionImpl } from './impl.js';
import { uniformDistribution } from './uniform.js';

const registry = new Registry<DistributionImpl>(
  'distribution',
  'registerDistribution',
  (
    [
      uniformDistribution,
      erkDistribution,
      erDistribution,
      globalDistribution,
    ] as unknown as DistributionImpl[]
  ).map((d) => [d.kind, d] as const),
);

/**
 * Register a distribution kind (replacing one of the same kind).
 *
 * @example
 * ```ts
 * registerDistribution({ kind: 'lastDense', validate: (d) => d, densities: (refs, s) => ... });
 * ```
 */
export function registerDistribution<
  D extends {
    /** Registry name of the spec. */
    kind: string;
  },
>(impl: DistributionImpl<D>): void {
  registry.set(impl.kind, impl as unknown as DistributionImpl);
}

/** The registered distribution kinds. */
export function distributionKinds(): string[] {
  return registry.names();
}

/**
 * The implementation of a distribution kind.
 *
 * @throws `SparselandError` `SPARSELAND__MASKS__UNKNOWN_NAME` listing the known kinds.
 */
export function getDistribution(kind: string, fn = 'getDistribution', arg = 'kind'): DistributionImpl {
  return registry.get(kind, fn, arg);
}

/**
 * Validate a distribution value (a kind name alone is accepted) and fill in its defaults.
 *
 * @example
 * ```ts
 * checkDistribution('erk'); // { kind: 'erk', power: 1 }
 * ```
 */
export function checkDistribution(d: unknown, fn = 'checkDistribution', arg = 'distribution'): Distribution {
  const { entry, spec } = registry.lookup(d, fn, arg, {
    example: "a distribution such as { kind: 'erk' }",
    strings: true,
  });
  return entry.validate(spec, fn, arg) as Distribution;
}

function checkRefs(refs: unknown, fn: string): ParamRef[] {
  if (!Array.isArray(refs) || refs.length === 0) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'params',
      'be a non-empty array of { name, shape }',
      describe(refs),
    );
  }
  const seen = new Set<string>();
  return refs.map((r, i) => {
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.name === 'string' &&
      Array.isArray(r.shape) &&
      r.shape.every((d: unknown) => typeof d === 'number' && Number.isInteger(d) && d > 0);
    if (!ok) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `params[${i}]`,
        'be { name, shape } with positive integer dims',
        describe(r),
      );
    }
    if (seen.has(r.name))
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, `params[${i}].name`, 'be unique', describe(r.name));
    seen.add(r.name);
    const layout =
      r.layout === undefined
        ? defaultLayout(r.shape.length)
        : checkLayout(r.layout, r.shape.length, fn, `params[${i}].layout`);
    return { name: r.name, shape: [...r.shape], layout };
  });
}

/**
 * Density of every tensor under a distribution at global sparsity `s`, such that
 * `Σ density_l·n_l = (1−s)·Σ n_l` (with budgeted overrides) and `0 < density_l <= 1`.
 *
 * @param params - Tensors: `{ name, shape, layout? }`.
 * @param sparsity - Global target in `[0, 1)`.
 * @param distribution - A distribution value or kind name (`'uniform'`, `'erk'`, `'er'`).
 * @returns Density by name.
 * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_ARGUMENT` for `'global'` (it needs scores: use
 *   a `Sparsifier` or {@link globalMask}); `OUT_OF_RANGE` when overrides leave no budget.
 * @example
 * ```ts
 * layerDensities([{ name: 'a', shape: [10, 10] }, { name: 'b', shape: [100, 100] }], 0.9, 'erk');
 * ```
 */
export function layerDensities(
  params:
    | readonly Pick<ParamRef, 'name' | 'shape' | 'layout'>[]
    | readonly { name: string; shape: readonly number[] }[],
  sparsity: number,
  distribution: Distribution | Distribution['kind'],
): Record<string, number> {
  const fn = 'layerDensities';
  const refs = checkRefs(params, fn);
  const s = checkSparsity(sparsity, fn);
  const d = checkDistribution(distribution, fn);
  const impl = getDistribution(d.kind);
  if (impl.densities === undefined) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'distribution',
      `have per-layer densities; '${d.kind}' allocates from scores (use a Sparsifier or globalMask)`,
      d.kind,
    );
  }
  return impl.densities(refs, s, d, fn);
}

/** Options of {@link erkDensities}. */
export interface ErkOptions {
  /** `erk_power_scale`. Default 1. */
  power?: number;
  /** Indices of tensors forced dense (inside the budget). */
  dense?: readonly number[];
}

/**
 * ERK densities of a list of shapes at global sparsity `s` (spec §3): `raw_l = Σ shape / Π shape`,
 * `density_l = eps·raw_l` with the layers whose density would exceed 1 set dense and the rest re-solved,
 * so that `Σ density_l·n_l = (1−s)·Σ n_l`.
 *
 * @example
 * ```ts
 * erkDensities([[100, 100], [100, 100]], 0.9); // [0.1, 0.1] (up to rounding)
 * erkDensities([[10, 10], [1000, 1000]], 0.5); // [1, 0.49995] (the small layer is capped at 1)
 * ```
 */
export function erkDensities(
  shapes: readonly (readonly number[])[],
  sparsity: number,
  opts: ErkOptions = {},
): number[] {
  const fn = 'erkDensities';
  if (!Array.isArray(shapes) || shapes.length === 0) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'shapes',
      'be a non-empty array of shapes',
      describe(shapes),
    );
  }
  const refs = checkRefs(
    shapes.map((shape, i) => ({ name: String(i), shape })),
    fn,
  );
  const dense = (opts.dense ?? []).map((i) => {
    if (!Number.isInteger(i) || i < 0 || i >= shapes.length) {
      fail(
        'SPARSELAND__MASKS__OUT_OF_RANGE',
        fn,
        'opts.dense',
        `hold indices in [0, ${shapes.length - 1}]`,
        describe(i),
      );
    }
    return String(i);
  });
  const d = checkDistribution(
    { kind: 'erk', power: opts.power ?? 1, ...(dense.length > 0 ? { dense } : {}) },
    fn,
    'opts',
  );
  const s = checkSparsity(sparsity, fn);
  const out = getDistribution('erk').densities!(refs, s, d, fn);
  return refs.map((r) => out[r.name]!);
}
