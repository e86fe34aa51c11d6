/**
 * The essential-sparsity sweep (Jaiswal et al., NeurIPS 2023; spec §9.1): one-shot global magnitude pruning
 * at increasing sparsity, evaluated without fine-tuning, and the sparsity just before quality falls sharply.
 *
 * @module
 */
import { nn, reshape, type Tensor, tidy, where, zerosLike } from '@sparseland/core';
import { layerDensities } from '../distributions/registry.js';
import { fail } from '../errors.js';
import { globalMask } from '../global-mask.js';
import { checkNumber, checkSparsity, describe } from '../internal/checks.js';
import { maskFromScores } from '../mask.js';
import { randomScorer } from '../scorers/random.js';

/** One point of a sweep. */
export interface SweepPoint {
  /** Sparsity of the pruned tensors. */
  sparsity: number;
  /** Quality (higher is better, e.g. accuracy). */
  quality: number;
}

/**
 * The essential sparsity of a quality curve: the largest sparsity before the first point whose quality
 * falls more than `dropTol` below the dense (first, lowest-sparsity) point.
 *
 * @param curve - Points in any order (sorted by sparsity here).
 * @param opts - `dropTol`: allowed drop (in quality units, e.g. 0.01 = 1 point of accuracy). Default 0.01.
 * @example
 * ```ts
 * essentialSparsity([{ sparsity: 0, quality: 0.9 }, { sparsity: 0.5, quality: 0.895 }, { sparsity: 0.7, quality: 0.8 }]); // 0.5
 * ```
 */
export function essentialSparsity(curve: readonly SweepPoint[], opts: { dropTol?: number } = {}): number {
  const fn = 'essentialSparsity';
  if (!Array.isArray(curve) || curve.length === 0) {
    fail(
      'SPARSELAND__MASKS__INVALID_ARGUMENT',
      fn,
      'curve',
      'be a non-empty array of { sparsity, quality }',
      describe(curve),
    );
  }
  const tol = checkNumber(opts.dropTol ?? 0.01, fn, 'opts.dropTol', 0);
  const pts = [...curve].sort((a, b) => a.sparsity - b.sparsity);
  const base = pts[0]!.quality;
  let last = pts[0]!.sparsity;
  for (const p of pts) {
    if (p.quality < base - tol) break;
    last = p.sparsity;
  }
  return last;
}

/** Options of {@link essentialSparsitySweep}. */
export interface SweepOptions {
  /** Sparsities to evaluate, each in `[0, 1)`. Default 0, 0.1, …, 0.9, 0.95. */
  sparsities?: readonly number[];
  /** Names of the tensors to prune. Default every parameter of rank >= 2. */
  names?: readonly string[];
  /** Also evaluate random pruning with these densities (`'uniform'` or `'erk'`, spec §9.1 baselines). */
  randomBaseline?: 'uniform' | 'erk';
  /** Allowed drop for {@link essentialSparsity}. Default 0.01. */
  dropTol?: number;
  /** Seed of the random baseline. Default 0. */
  seed?: number;
}

/** What {@link essentialSparsitySweep} returns. */
export interface SweepResult {
  /** One-shot global magnitude pruning. */
  magnitude: SweepPoint[];
  /** Random pruning at the same sparsities, when asked for. */
  random?: SweepPoint[];
  /** Essential sparsity of the magnitude curve. */
  essential: number;
}

/**
 * Prune a model one-shot by global magnitude at each sparsity (from its current dense weights), evaluate it
 * with `evaluate` (no fine-tuning), restore the weights, and report the curve and its essential sparsity.
 *
 * @param model - The model (its weights are restored afterwards).
 * @param evaluate - Quality of the model as it stands (higher is better).
 * @param opts - `sparsities`, `names`, `randomBaseline`, `dropTol`, `seed`.
 * @example
 * ```ts
 * const { magnitude, essential } = essentialSparsitySweep(model, () => accuracy(model, xTest, yTest));
 * ```
 */
export function essentialSparsitySweep(
  model: nn.Module,
  evaluate: () => number,
  opts: SweepOptions = {},
): SweepResult {
  const fn = 'essentialSparsitySweep';
  if (!(model instanceof nn.Module))
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'model', 'be a core nn.Module', describe(model));
  const sparsities = (opts.sparsities ?? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]).map((s, i) =>
    checkSparsity(s, fn, `opts.sparsities[${i}]`),
  );
  const params = model.namedParameters();
  const names = opts.names ?? Object.keys(params).filter((n) => params[n]!.rank >= 2);
  for (const n of names) {
    if (params[n] === undefined)
      fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'opts.names', 'name parameters of the model', n);
  }
  const seed = opts.seed ?? 0;
  const original = new Map<string, Tensor>(names.map((n) => [n, reshape(params[n]!, params[n]!.shape)]));
  const restore = () => {
    for (const n of names) params[n]!.assign(original.get(n)!);
  };
  const evalMasked = (masks: Record<string, Tensor>) => {
    for (const n of names) {
      const w = original.get(n)!;
      const m = masks[n]!;
      params[n]!.assign(tidy(() => where(m, w, zerosLike(w))));
      m.dispose();
    }
    const q = evaluate();
    restore();
    return q;
  };
  try {
    const magnitude = sparsities.map((s) => ({
      sparsity: s,
      quality:
        s === 0
          ? evaluate()
          : evalMasked(
              globalMask(Object.fromEntries(names.map((n) => [n, original.get(n)!])), { sparsity: s }),
            ),
    }));
    const out: SweepResult = {
      magnitude,
      essential: essentialSparsity(magnitude, { dropTol: opts.dropTol ?? 0.01 }),
    };
    if (opts.randomBaseline !== undefined) {
      const refs = names.map((n) => ({ name: n, shape: params[n]!.shape }));
      out.random = sparsities.map((s) => {
        if (s === 0) return { sparsity: s, quality: evaluate() };
        const dens = layerDensities(refs, s, opts.randomBaseline!);
        const masks: Record<string, Tensor> = {};
        for (const r of refs) {
          const scores = randomScorer.score(
            { ...r, layout: [] },
            { w: original.get(r.name)!, step: 0, seed },
          );
          masks[r.name] = maskFromScores(scores, { sparsity: Math.max(0, 1 - dens[r.name]!) });
          scores.dispose();
        }
        return { sparsity: s, quality: evalMasked(masks) };
      });
    }
    return out;
  } finally {
    restore();
    for (const t of original.values()) t.dispose();
  }
}
