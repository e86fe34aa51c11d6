/** Every op runs in its own scope: called outside `tidy`, it leaves exactly the tensors it returns. */
import { describe, expect, it } from 'vitest';
import * as sl from '../../src/index.js';
import { memory, type Tensor, tensor } from '../../src/index.js';

const x = tensor([
  [1, -2, 3],
  [4, 5, -6],
]);
const v = tensor([3, 1, 2]);
const ids = tensor([1, 0], { dtype: 'int32' });
const positive = tensor([
  [true, false, true],
  [true, true, false],
]);
const row = tensor([[3, 1, 2]]);

// each call mixes in what creates temporaries: JavaScript arguments, casts, composite ops
const calls: [string, () => unknown][] = [
  ['add with a number', () => sl.add(x, 1)],
  ['mul of int and float', () => sl.mul(ids, 0.5)],
  ['div of ints', () => sl.div(ids, 2)],
  ['exp of int', () => sl.exp(ids)],
  ['where with numbers', () => sl.where(positive, x, 0)],
  ['clip', () => sl.clip([1, 2, 3], 0, 2)],
  ['cast', () => sl.cast([1.5, 2], 'int32')],
  ['mean', () => sl.mean(x, 1)],
  ['variance', () => sl.variance(x)],
  ['norm 2', () => sl.norm(x)],
  ['argmax of an array', () => sl.argmax([1, 3, 2])],
  ['matmul 1-D', () => sl.matmul(v, [[1], [2], [3]])],
  ['softmax of ints', () => sl.softmax(ids)],
  ['topk', () => sl.topk(v, 2)],
  ['sort', () => sl.sort(v)],
  ['argsort', () => sl.argsort(v)],
  ['cumsum', () => sl.cumsum([1, 2, 3])],
  ['gather', () => sl.gather(x, [1, 0])],
  ['scatterAdd', () => sl.scatterAdd([0, 0], [1, 1], [1, 2])],
  ['oneHot', () => sl.oneHot([0, 2], 3)],
  ['stack', () => sl.stack([v, v])],
  ['split', () => sl.split(x, 3, 1)],
  ['concat of arrays', () => sl.concat([[1], [2]])],
  ['pad', () => sl.pad(v, [[1, 1]])],
  ['broadcastTo', () => sl.broadcastTo(v, [2, 3])],
  ['squeeze', () => sl.squeeze(row)],
  ['random.categorical of an array', () => sl.random.categorical([0, 1], 3, { seed: 1 })],
];

function outputs(result: unknown): Tensor[] {
  if (result instanceof sl.Tensor) return [result];
  if (Array.isArray(result)) return result.flatMap(outputs);
  if (typeof result === 'object' && result !== null) return Object.values(result).flatMap(outputs);
  return [];
}

describe('op scopes', () => {
  for (const [name, call] of calls) {
    it(`${name} leaves only its outputs`, () => {
      const before = memory().numTensors;
      const out = outputs(call());
      expect(memory().numTensors - before).toBe(out.length);
      for (const t of out) t.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }
});
