import { expect, it } from 'vitest';
import { add, matmul, memory, mul, relu, softmax, sum, tensor, tidy, valueAndGrad, variable, square, random, mean, Tensor } from '../src/index.js';

it('smoke', () => {
  const a = tensor([[1, 2], [3, 4]]);
  expect(Array.from(matmul(a, a).dataSync())).toEqual([7, 10, 15, 22]);
  expect(Array.from(add(a, tensor([1, 1])).dataSync())).toEqual([2, 3, 4, 5]);
  const s = softmax(tensor([0, 0]));
  expect(Array.from(s.dataSync())).toEqual([0.5, 0.5]);
  const w = variable(tensor([1, 2]));
  const before = memory().numTensors;
  const g = tidy(() => {
    const { value, grads } = valueAndGrad((p: Tensor) => sum(square(p)))(w);
    return grads;
  });
  expect(Array.from(g.dataSync())).toEqual([2, 4]);
  g.dispose();
  expect(memory().numTensors).toBe(before);
  const x = random.normal([4, 3], { seed: 1 });
  const W = variable(random.normal([3, 2], { seed: 2 }));
  const { grads } = valueAndGrad((p: Tensor) => mean(relu(matmul(x, p))))(W);
  expect(grads.shape).toEqual([3, 2]);
});
