/**
 * The contract of a distribution kind, and the shared handling of `overrides`, `customMode` and `dense`.
 *
 * @module
 */
import { fail } from '../errors.js';
import { checkObject, checkOneOf, checkSparsity, describe, onlyFields } from '../internal/checks.js';
import type { ParamRef } from '../types.js';
import type { Distribution, DistributionCommon } from './distribution.js';
import { type SolveLayer, solveDensities } from './solve.js';

/** One distribution kind. */
export interface DistributionImpl<
  D extends {
    /** Registry name of the spec. */
    kind: string;
  } = Distribution,
> {
  /** The `kind` it handles. */
  readonly kind: D['kind'];
  /** Check a distribution value and return it with defaults filled in. */
  validate(d: Record<string, unknown>, fn: string, arg: string): D;
  /** Densities by parameter name; absent for allocation modes that need scores (`global`). */
  densities?(refs: readonly ParamRef[], s: number, d: D, fn: string): Record<string, number>;
}

/** @internal Validate the common fields; `extra` lists the kind's own fields. */
export function validateCommon(
  d: Record<string, unknown>,
  extra: readonly string[],
  fn: string,
  arg: string,
): DistributionCommon {
  onlyFields(d, ['kind', 'overrides', 'customMode', 'dense', ...extra], fn, arg);
  const out: DistributionCommon = {};
  if (d.overrides !== undefined) {
    const o = checkObject(d.overrides, fn, `${arg}.overrides`);
    const copy: Record<string, number> = {};
    for (const [name, v] of Object.entries(o))
      copy[name] = checkSparsity(v, fn, `${arg}.overrides['${name}']`);
    out.overrides = copy;
  }
  if (d.customMode !== undefined)
    out.customMode = checkOneOf(d.customMode, ['budgeted', 'verbatim'] as const, fn, `${arg}.customMode`);
  if (d.dense !== undefined) {
    if (!Array.isArray(d.dense) || !d.dense.every((x) => typeof x === 'string')) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `${arg}.dense`,
        'be an array of parameter names',
        describe(d.dense),
      );
    }
    out.dense = [...(d.dense as string[])];
  }
  return out;
}

/** @internal Check that every name an option mentions is one of the tensors. */
export function checkNames(
  names: Iterable<string>,
  refs: readonly ParamRef[],
  fn: string,
  arg: string,
): void {
  const known = new Set(refs.map((r) => r.name));
  for (const n of names) {
    if (!known.has(n)) {
      const list = [...known].slice(0, 8).join(', ');
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        arg,
        `name eligible tensors (${list}${known.size > 8 ? ', ...' : ''})`,
        describe(n),
      );
    }
  }
}

/**
 * @internal Densities from raw weights under the common options: forced-dense and (budgeted) overrides are
 * fixed inside the capping solve; verbatim overrides are set outside it.
 */
export function solveCommon(
  refs: readonly ParamRef[],
  s: number,
  d: DistributionCommon,
  raw: (r: ParamRef) => number,
  fn: string,
): Record<string, number> {
  const overrides = d.overrides ?? {};
  const dense = new Set(d.dense ?? []);
  checkNames(Object.keys(overrides), refs, fn, 'distribution.overrides');
  checkNames(dense, refs, fn, 'distribution.dense');
  const verbatim = (d.customMode ?? 'budgeted') === 'verbatim';
  const inSolve = verbatim ? refs.filter((r) => !Object.hasOwn(overrides, r.name)) : refs;
  const layers: SolveLayer[] = inSolve.map((r) => {
    const n = r.shape.reduce((a, b) => a * b, 1);
    const layer: SolveLayer = { n, raw: raw(r) };
    if (dense.has(r.name)) layer.fixed = 1;
    else if (!verbatim && Object.hasOwn(overrides, r.name)) layer.fixed = 1 - overrides[r.name]!;
    return layer;
  });
  const dens = solveDensities(layers, s, fn);
  const out: Record<string, number> = {};
  for (const r of refs) {
    const i = inSolve.indexOf(r);
    out[r.name] = i >= 0 ? dens[i]! : 1 - overrides[r.name]!;
  }
  return out;
}
