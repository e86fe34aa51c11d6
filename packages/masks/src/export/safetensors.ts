/**
 * Masks and pruned weights to and from safetensors (core's io), with the recipe in the metadata.
 *
 * @module
 */
import {
  decodeSafetensors,
  encodeSafetensorsSync,
  nn,
  notEqual,
  type Tensor,
  tidy,
  where,
  zerosLike,
} from '@sparseland/core';
import { fail } from '../errors.js';
import { checkObject, describe } from '../internal/checks.js';
import { parseRecipe, type Recipe, recipeToJSON } from '../sparsifier/recipe.js';

/** Suffix of mask entries: the mask of `fc.weight` is stored as `fc.weight.__mask__`. */
export const MASK_SUFFIX = '.__mask__';

/** Metadata key holding the recipe's JSON. */
export const RECIPE_KEY = 'sparseland.masks.recipe';

/** Options of {@link encodeSparseCheckpoint}. */
export interface EncodeSparseOptions {
  /** The recipe that made the masks (stored as JSON under `sparseland.masks.recipe`). */
  recipe?: Recipe;
  /** Extra string metadata. */
  metadata?: Readonly<Record<string, string>>;
}

/** What {@link decodeSparseCheckpoint} returns. */
export interface SparseCheckpoint {
  /** Every weight by name (pruned entries are zero). */
  weights: Record<string, Tensor>;
  /** `bool` masks by parameter name. */
  masks: Record<string, Tensor>;
  /** The recipe, when the file has one. */
  recipe?: Recipe;
  /** The file's metadata. */
  metadata: Record<string, string>;
}

/**
 * Encode a model's weights with their masks applied, plus the masks, as one safetensors file. Masks are
 * `bool` entries named `<param>.__mask__`; the recipe goes in the metadata.
 *
 * @param weights - A module (its named parameters) or tensors by name.
 * @param masks - Masks by parameter name (bool or 0/1), each of its parameter's shape.
 * @param opts - `recipe`, `metadata`.
 * @returns The file's bytes.
 * @throws `SparselandError` `SPARSELAND__MASKS__SHAPE_MISMATCH` for a mask of another shape;
 *   `INVALID_ARGUMENT` for a mask without a parameter.
 * @example
 * ```ts
 * const bytes = encodeSparseCheckpoint(model, sp.masks(), { recipe: sp.recipe });
 * const { weights, masks, recipe } = decodeSparseCheckpoint(bytes);
 * ```
 */
export function encodeSparseCheckpoint(
  weights: nn.Module | Readonly<Record<string, Tensor>>,
  masks: Readonly<Record<string, Tensor>>,
  opts: EncodeSparseOptions = {},
): Uint8Array {
  const fn = 'encodeSparseCheckpoint';
  const params =
    weights instanceof nn.Module ? weights.namedParameters() : checkObject(weights, fn, 'weights');
  checkObject(masks, fn, 'masks');
  return tidy(() => {
    const out: Record<string, Tensor> = {};
    for (const [name, w] of Object.entries(params)) out[name] = w as Tensor;
    for (const [name, m] of Object.entries(masks)) {
      const w = params[name] as Tensor | undefined;
      if (w === undefined)
        fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, `masks['${name}']`, 'name a weight', name);
      if (m.shape.length !== w.shape.length || m.shape.some((d, i) => d !== w.shape[i])) {
        fail(
          'SPARSELAND__MASKS__SHAPE_MISMATCH',
          fn,
          `masks['${name}']`,
          `have shape [${w.shape.join(', ')}]`,
          describe(m),
        );
      }
      const b = m.dtype === 'bool' ? m : notEqual(m, 0);
      out[name] = where(b, w, zerosLike(w));
      out[name + MASK_SUFFIX] = b;
    }
    const metadata: Record<string, string> = { ...(opts.metadata ?? {}) };
    if (opts.recipe !== undefined) metadata[RECIPE_KEY] = recipeToJSON(opts.recipe, 0);
    return encodeSafetensorsSync(out, metadata);
  });
}

/**
 * Decode a file written by {@link encodeSparseCheckpoint}.
 *
 * @throws `SparselandError` core's `SAFETENSORS_INVALID` for malformed bytes; `RECIPE_INVALID` for a
 *   stored recipe that does not validate.
 */
export function decodeSparseCheckpoint(bytes: Uint8Array): SparseCheckpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const weights: Record<string, Tensor> = {};
  const masks: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (name.endsWith(MASK_SUFFIX)) masks[name.slice(0, -MASK_SUFFIX.length)] = t;
    else weights[name] = t;
  }
  const out: SparseCheckpoint = { weights, masks, metadata };
  const r = metadata[RECIPE_KEY];
  if (r !== undefined) out.recipe = parseRecipe(r);
  return out;
}

/**
 * Load a checkpoint into a module (strict names) and return its masks (the caller disposes them).
 *
 * @example
 * ```ts
 * const fresh = new nn.MLP([64, 128, 10], { activation: 'relu', seed: 1 });
 * const masks = loadSparseCheckpoint(fresh, bytes);
 * ```
 */
export function loadSparseCheckpoint(model: nn.Module, bytes: Uint8Array): Record<string, Tensor> {
  const { weights, masks } = decodeSparseCheckpoint(bytes);
  try {
    model.loadStateDict(weights);
  } finally {
    for (const w of Object.values(weights)) w.dispose();
  }
  return masks;
}
