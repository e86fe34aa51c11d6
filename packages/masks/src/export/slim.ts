/**
 * `slim()`: physically remove pruned hidden units of an MLP, giving a smaller dense model with the same
 * outputs (spec §4, §11; what users ask for in pytorch/pytorch#58846 and model-optimization#732).
 *
 * @module
 */
import { gelu, nn, relu, silu, type Tensor, type TensorLike, tanh, tensor, tidy } from '@sparseland/core';
import { fail } from '../errors.js';
import { asTensor, checkObject, describe, fmtShape, sameShape } from '../internal/checks.js';
import { readHost } from '../internal/host.js';

/** What {@link slim} returns. */
export interface SlimResult {
  /** The smaller MLP (a new module; the caller disposes it). The input model is not changed. */
  model: nn.MLP;
  /** For every hidden layer, the original indices of the units kept. */
  kept: number[][];
  /** Layer sizes before and after. */
  sizes: {
    /** The MLP's layer sizes as given. */
    before: number[];
    /** Layer sizes with the removed hidden units dropped (input and output sizes unchanged). */
    after: number[];
  };
  /** Parameters (weights and biases) before and after. */
  params: {
    /** Weights and biases of the original MLP. */
    before: number;
    /** Weights and biases of the slimmed MLP. */
    after: number;
  };
}

const ACT: Record<nn.Activation, (x: Tensor) => Tensor> = { relu, gelu, silu, tanh };

/**
 * Remove the hidden units of an `nn.MLP` that pruning made useless (spec §4 "`slim()` physically removes
 * channels"), returning a smaller dense MLP that computes the same function as the masked model:
 *
 * - a unit whose **outgoing** weights (its column in the next layer) are all pruned is dropped;
 * - a unit whose **incoming** weights (its row) are all pruned outputs the constant `act(b_j)`; it is dropped
 *   and `W_next[:, j]·act(b_j)` is folded into the next layer's bias (kept when that layer has no bias and
 *   the constant is not zero).
 *
 * Removal repeats until nothing changes (dropping a unit can empty another row or column). A hidden layer
 * keeps at least one unit. The weights of the result are `W ⊙ M` restricted to the kept units, so outputs
 * equal the masked model's up to float rounding of the folded biases.
 *
 * @param model - The MLP (read, not changed).
 * @param masks - Masks by parameter name (`'layers.0.weight'`, as `Sparsifier.masks()` returns); a weight
 *   without one counts its exact zeros as pruned.
 * @throws `SparselandError` `SPARSELAND__MASKS__INVALID_ARGUMENT` for a model that is not an `nn.MLP`
 *   or a mask for an unknown parameter; `SHAPE_MISMATCH` for a mask of another shape.
 * @example
 * ```ts
 * const sp = new Sparsifier(model, { sparsity: 0.5, pattern: { kind: 'channel', axis: 'out' }, exclude: ['layers.2.weight'] }, { optimizer });
 * // ... train ...
 * const { model: small, sizes } = slim(model, sp.masks());
 * sizes.after; // [64, 128, 128, 10]: half of each hidden layer removed; small.forward(x) equals model.forward(x)
 * ```
 */
export function slim(model: nn.MLP, masks: Readonly<Record<string, TensorLike>> = {}): SlimResult {
  const fn = 'slim';
  if (!(model instanceof nn.MLP)) {
    fail('SPARSELAND__MASKS__INVALID_ARGUMENT', fn, 'model', 'be an nn.MLP', describe(model));
  }
  checkObject(masks, fn, 'masks');
  const layers = model.layers;
  const names = new Set(layers.map((_, l) => `layers.${l}.weight`));
  for (const name of Object.keys(masks)) {
    if (!names.has(name)) {
      fail(
        'SPARSELAND__MASKS__INVALID_ARGUMENT',
        fn,
        `masks['${name}']`,
        `name a weight of the MLP (${[...names].join(', ')})`,
        describe(name),
      );
    }
  }
  // host copies: masked weights [out, in] and biases, in float64
  const w: Float64Array[] = [];
  const b: (Float64Array | undefined)[] = [];
  layers.forEach((layer, l) => {
    const shape = layer.weight.shape;
    const vals = Float64Array.from(readHost(layer.weight) as ArrayLike<number>);
    const mask = masks[`layers.${l}.weight`];
    if (mask !== undefined) {
      const m = asTensor(mask, fn, `masks['layers.${l}.weight']`);
      if (!sameShape(m.shape, shape)) {
        fail(
          'SPARSELAND__MASKS__SHAPE_MISMATCH',
          fn,
          `masks['layers.${l}.weight']`,
          `have shape ${fmtShape(shape)}`,
          describe(m),
        );
      }
      const mv = readHost(m);
      for (let i = 0; i < vals.length; i++) if (!mv[i]) vals[i] = 0;
      if (m !== mask) m.dispose();
    }
    w.push(vals);
    b.push(
      layer.bias === undefined ? undefined : Float64Array.from(readHost(layer.bias) as ArrayLike<number>),
    );
  });
  const sizes = [...model.sizes];
  const act = ACT[model.activation];
  // alive[l]: the units of hidden layer l (= outputs of layers[l]) still present, by original index
  const alive: boolean[][] = sizes.slice(1, -1).map((n) => new Array<boolean>(n).fill(true));
  const inCount = (l: number) => sizes[l]!;
  const outCount = (l: number) => sizes[l + 1]!;
  let changed = true;
  while (changed) {
    changed = false;
    for (let h = 0; h < alive.length; h++) {
      const wIn = w[h]!; // [units, prev]
      const wOut = w[h + 1]!; // [next, units]
      const units = outCount(h);
      const prev = inCount(h);
      const next = outCount(h + 1);
      const left = alive[h]!.filter(Boolean).length;
      let removedHere = 0;
      for (let j = 0; j < units && left - removedHere > 1; j++) {
        if (!alive[h]![j]) continue;
        // a removed unit's row and column are zeroed, so these scans see only live neighbours
        let rowZero = true;
        for (let c = 0; c < prev && rowZero; c++) if (wIn[j * prev + c] !== 0) rowZero = false;
        let colZero = true;
        for (let r = 0; r < next && colZero; r++) if (wOut[r * units + j] !== 0) colZero = false;
        if (!colZero && !rowZero) continue;
        if (!colZero) {
          // constant unit: fold W_next[:, j]·act(b_j) into the next bias
          const bj = b[h]?.[j] ?? 0;
          const a = tidy(() => readHost(act(tensor([bj], { dtype: 'float64' })))[0]!);
          const nb = b[h + 1];
          if (a !== 0) {
            if (nb === undefined) continue;
            for (let r = 0; r < next; r++) nb[r] = nb[r]! + wOut[r * units + j]! * a;
          }
        }
        alive[h]![j] = false;
        for (let r = 0; r < next; r++) wOut[r * units + j] = 0;
        for (let c = 0; c < prev; c++) wIn[j * prev + c] = 0;
        removedHere++;
        changed = true;
      }
    }
  }
  const kept = alive.map((a) => a.flatMap((v, i) => (v ? [i] : [])));
  const after = [sizes[0]!, ...kept.map((k) => k.length), sizes.at(-1)!];
  const first = layers[0]!;
  const dtype = first.weight.dtype as 'float32' | 'float64';
  const small = new nn.MLP(after, {
    activation: model.activation,
    bias: first.bias !== undefined,
    dtype,
    seed: 0,
  });
  const idx = (l: number): number[] =>
    l === 0 || l === sizes.length - 1 ? Array.from({ length: sizes[l]! }, (_, i) => i) : kept[l - 1]!;
  tidy(() => {
    small.layers.forEach((layer, l) => {
      const rows = idx(l + 1);
      const cols = idx(l);
      const full = inCount(l);
      const vals = new Float64Array(rows.length * cols.length);
      rows.forEach((r, i) => {
        cols.forEach((c, k) => {
          vals[i * cols.length + k] = w[l]![r * full + c]!;
        });
      });
      layer.weight.assign(tensor(vals, { shape: [rows.length, cols.length], dtype }));
      const bias = b[l];
      if (layer.bias !== undefined && bias !== undefined) {
        layer.bias.assign(
          tensor(
            Float64Array.from(rows, (r) => bias[r]!),
            { shape: [rows.length], dtype },
          ),
        );
      }
    });
  });
  const count = (s: readonly number[]) =>
    s.slice(1).reduce((a, o, i) => a + o * s[i]! + (first.bias === undefined ? 0 : o), 0);
  return {
    model: small,
    kept,
    sizes: { before: sizes, after },
    params: { before: count(sizes), after: count(after) },
  };
}
