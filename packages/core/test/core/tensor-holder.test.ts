/** Objects that list their tensors through TENSORS survive tidy and are freed by dispose(). */
import { expect, it } from 'vitest';
import {
  dispose,
  memory,
  ones,
  TENSORS,
  type Tensor,
  type TensorHolder,
  tidy,
  zeros,
} from '../../src/index.js';

class Pair implements TensorHolder {
  constructor(
    readonly a: Tensor,
    readonly b: Tensor,
  ) {}
  [TENSORS](): Tensor[] {
    return [this.a, this.b];
  }
}

it('tidy keeps the tensors of a returned holder, and frees the rest', () => {
  const before = memory().numTensors;
  const pair = tidy(() => {
    ones([3]); // garbage
    return { nested: [new Pair(ones([2]), zeros([2]))] };
  }).nested[0]!;
  expect(memory().numTensors).toBe(before + 2);
  expect(Array.from(pair.a.dataSync())).toEqual([1, 1]);
  dispose(pair);
  expect(pair.a.isDisposed && pair.b.isDisposed).toBe(true);
  expect(memory().numTensors).toBe(before);
});

it('a class instance without TENSORS is opaque to tidy (its tensors are freed)', () => {
  class Box {
    constructor(readonly t: Tensor) {}
  }
  const box = tidy(() => new Box(ones([1])));
  expect(box.t.isDisposed).toBe(true);
});
