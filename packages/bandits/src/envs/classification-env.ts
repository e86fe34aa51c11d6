/**
 * A bandit from a classification data set: reward 1 for the true label (spec §16).
 *
 * @module
 */
import { invalidInput, shapeMismatch } from '../errors.js';
import { type MatrixLike, toRows } from '../internal/input.js';
import { streamRng } from '../internal/rng-stream.js';
import type { EnvDisjointContext, Environment } from './environment.js';
import { checkArm, checkRound } from './sparse-linear-env.js';

/** Options of {@link fromClassification}. */
export interface ClassificationEnvOptions {
  /** Number of classes (default `max(label) + 1`). */
  nClasses?: number;
  /** Seed of the per-pass shuffles (default 0). */
  seed?: number;
}

/**
 * Turns `(X, labels)` into a disjoint bandit: round `t` shows a row (a fresh seeded shuffle per pass
 * through the data), arm `a` earns 1 if `a` is the row's label, else 0 (no noise).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for bad labels,
 *   `…__SHAPE_MISMATCH` when `labels` and `X` disagree.
 * @example
 * ```ts
 * const env = fromClassification(X, labels, { seed: 1 });
 * const policy = new LinUCB({ nArms: env.nArms, alpha: 0.5 });
 * simulate(policy, env, { T: 2000 }).totalRegret;
 * ```
 */
export function fromClassification(
  X: MatrixLike,
  labels: ArrayLike<number>,
  opts: ClassificationEnvOptions = {},
): Environment<EnvDisjointContext> {
  const fn = 'fromClassification';
  const rows = toRows(X, fn);
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw invalidInput(fn, 'labels', 'be an array of class indices', typeof labels);
  }
  if (labels.length !== rows.rows)
    throw shapeMismatch(fn, 'labels', `have ${rows.rows} entries (rows of X)`, labels.length);
  let maxLabel = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw invalidInput(fn, `labels[${i}]`, 'be a non-negative integer', l);
    maxLabel = Math.max(maxLabel, l);
  }
  const K = opts.nClasses ?? maxLabel + 1;
  if (!Number.isInteger(K) || K <= maxLabel)
    throw invalidInput(fn, 'nClasses', `be an integer > ${maxLabel}`, K);
  const seed = opts.seed ?? 0;
  const n = rows.rows;
  const d = rows.cols;
  const lab = Int32Array.from(labels);
  const perms = new Map<string, Int32Array>();
  const permOf = (stream: number, pass: number): Int32Array => {
    const key = `${stream}:${pass}`;
    let p = perms.get(key);
    if (!p) {
      const rng = streamRng(seed, 2, stream, pass);
      p = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const tmp = p[i]!;
        p[i] = p[j]!;
        p[j] = tmp;
      }
      if (perms.size > 64) perms.clear();
      perms.set(key, p);
    }
    return p;
  };
  const rowOf = (ctx: { t: number; stream: number }) => permOf(ctx.stream, Math.floor(ctx.t / n))[ctx.t % n]!;
  return {
    envName: 'ClassificationEnv',
    nArms: K,
    dim: d,
    context(t: number, stream = 0): EnvDisjointContext {
      checkRound('ClassificationEnv.context', t, stream);
      const i = rowOf({ t, stream });
      return { x: rows.data.slice(i * d, (i + 1) * d), t, stream };
    },
    means(ctx: EnvDisjointContext): Float64Array {
      const out = new Float64Array(K);
      out[lab[rowOf(ctx)]!] = 1;
      return out;
    },
    reward(ctx: EnvDisjointContext, arm: number): number {
      checkArm('ClassificationEnv.reward', arm, K);
      return lab[rowOf(ctx)] === arm ? 1 : 0;
    },
  };
}
