/** How valueAndGrad, grad, customGrad, stopGradient and noGrad behave, beyond per-op correctness. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  add,
  cast,
  customGrad,
  dispose,
  exp,
  grad,
  isSparselandError,
  type KernelName,
  matmul,
  mean,
  memory,
  mul,
  noGrad,
  registerKernel,
  runKernel,
  scalar,
  square,
  stopGradient,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  unregisterKernel,
  valueAndGrad,
  variable,
  zeros,
} from '../../src/index.js';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('valueAndGrad', () => {
  it('returns the value and the gradient of a scalar function', () => {
    const x = tensor([1, -2, 3]);
    const { value, grads } = valueAndGrad((p: Tensor) => sum(square(p)))(x);
    expect(values(value)).toEqual([14]);
    expect(values(grads)).toEqual([2, -4, 6]);
    expect(grads.dtype).toBe('float32');
    dispose([x, value, grads]);
  });

  it('reduces a non-scalar output by its sum unless dy is given', () => {
    const x = tensor([1, 2, 3]);
    const f = valueAndGrad((p: Tensor) => mul(p, 3));
    const plain = f(x);
    expect(values(plain.grads)).toEqual([3, 3, 3]);
    const dy = tensor([1, -1, 2]);
    const weighted = f(x, dy);
    expect(values(weighted.grads)).toEqual([3, -3, 6]);
    dispose([x, dy, plain, weighted]);
  });

  it('returns live gradients when dy flows to a parameter unchanged', () => {
    const p = variable(tensor([2, 5]));
    const viaAdd = valueAndGrad((x: Tensor) => add(x, 1))(p);
    expect(viaAdd.grads.isDisposed).toBe(false);
    expect(values(viaAdd.grads)).toEqual([1, 1]);
    const identity = valueAndGrad((x: Tensor) => x)(p);
    expect(identity.grads.isDisposed).toBe(false);
    expect(values(identity.grads)).toEqual([1, 1]);
    dispose([viaAdd, identity.grads, p]);
  });

  it('gives each parameter its own gradient tensor, even when the gradients are the same values', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const { value, grads } = valueAndGrad((ps: Tensor[]) => add(ps[0]!, ps[1]!))([a, b]);
    expect(grads[0]).not.toBe(grads[1]);
    grads[0]!.dispose();
    expect(values(grads[1]!)).toEqual([1, 1]);
    dispose([a, b, value, grads]);
  });

  it('accumulates the gradient of a tensor used several times', () => {
    const x = tensor([0.5, -1, 2]);
    // f = sum(x * x) + sum(x) + sum(3 x): df/dx = 2x + 1 + 3
    const g = grad((p: Tensor) => add(add(sum(mul(p, p)), sum(p)), sum(mul(p, 3))))(x);
    expect(values(g)).toEqual([5, 2, 8]);
    dispose([x, g]);
  });

  it('mirrors nested objects and arrays of parameters', () => {
    const a = tensor([1, 2]);
    const b = tensor([[3]]);
    const d = scalar(4);
    const params = { w: [a, b], c: { d } };
    const g = grad((p: typeof params) =>
      add(add(sum(mul(p.w[0]!, 2)), sum(square(p.w[1]!))), mul(p.c.d, p.c.d)),
    )(params);
    expect(Object.keys(g)).toEqual(['w', 'c']);
    expect(Array.isArray(g.w)).toBe(true);
    expect(g.w).toHaveLength(2);
    expect(values(g.w[0]!)).toEqual([2, 2]);
    expect(g.w[1]!.shape).toEqual([1, 1]);
    expect(values(g.w[1]!)).toEqual([6]);
    expect(values(g.c.d)).toEqual([8]);
    dispose([params, g]);
  });

  it('gives zeros of the right shape and dtype to unused parameters', () => {
    const used = tensor([1, 2]);
    const unused = tensor([[1, 2, 3]], { dtype: 'float64' });
    const g = grad((ps: Tensor[]) => sum(ps[0]!))([used, unused]);
    expect(g[1]!.shape).toEqual([1, 3]);
    expect(g[1]!.dtype).toBe('float64');
    expect(values(g[1]!)).toEqual([0, 0, 0]);
    dispose([used, unused, g]);
  });

  it('differentiates tensors used directly, not through the argument (module parameters)', () => {
    const w = variable(tensor([1, 2, 3]), { name: 'w' });
    const x = tensor([2, 0, -1]);
    const { value, grads } = valueAndGrad(() => sum(mul(w, x)))(w);
    expect(values(value)).toEqual([-1]);
    expect(values(grads)).toEqual([2, 0, -1]);
    dispose([x, value, grads]);
    w.dispose();
  });

  it('follows a Variable through assign', () => {
    const w = variable(tensor([1, 2]));
    const df = grad((p: Tensor) => sum(square(p)));
    const g1 = df(w);
    const next = tensor([-3, 4]);
    w.assign(next);
    const g2 = df(w);
    expect(values(g1)).toEqual([2, 4]);
    expect(values(g2)).toEqual([-6, 8]);
    dispose([g1, g2, next, w]);
  });

  it('returns float32 gradients through a float64 computation', () => {
    const x = tensor([1, 2]);
    const g = grad((p: Tensor) => cast(sum(square(cast(p, 'float64'))), 'float32'))(x);
    expect(g.dtype).toBe('float32');
    expect(values(g)).toEqual([2, 4]);
    dispose([x, g]);
  });

  it('frees the tape and every saved tensor', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const w = variable(tensor([0.5, -0.5]));
    const before = memory();
    tidy(() => {
      const { value, grads } = valueAndGrad((ps: Tensor[]) => sum(exp(mul(ps[0]!, ps[1]!))))([x, w]);
      expect(value.shape).toEqual([]);
      expect(grads).toHaveLength(2);
    });
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    // gradients returned from tidy survive; nothing else does
    const grads = tidy(() => valueAndGrad((ps: Tensor[]) => sum(exp(mul(ps[0]!, ps[1]!))))([x, w]).grads);
    expect(memory().numTensors).toBe(before.numTensors + 2);
    dispose([grads, x, w]);
  });

  it('frees the tape when f throws', () => {
    const x = tensor([1, 2]);
    const before = memory().numTensors;
    expect(() =>
      tidy(() =>
        valueAndGrad((p: Tensor) => {
          mul(p, 2);
          throw new Error('boom');
        })(x),
      ),
    ).toThrow('boom');
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects a non-tensor or non-float result, non-float and disposed parameters', () => {
    const x = tensor([1, 2]);
    const i = tensor([1, 2], { dtype: 'int32' });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isSparselandError(e) ? `${e.code} ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(code(() => valueAndGrad((() => 3) as unknown as (p: Tensor) => Tensor)(x))).toMatch(
      /INVALID_ARGUMENT valueAndGrad: argument 'f'/,
    );
    expect(code(() => valueAndGrad((p: Tensor) => cast(p, 'int32'))(x))).toMatch(
      /DTYPE_MISMATCH valueAndGrad: argument 'f'/,
    );
    expect(code(() => valueAndGrad((p: Tensor) => sum(p))(i))).toMatch(
      /DTYPE_MISMATCH valueAndGrad: argument 'params'/,
    );
    const gone = tensor([1]);
    gone.dispose();
    expect(code(() => valueAndGrad((p: Tensor) => sum(p))(gone))).toMatch(/DISPOSED valueAndGrad/);
    dispose([x, i]);
  });
});

describe('grad', () => {
  it('returns only the gradients and frees the value', () => {
    const x = tensor([3]);
    const before = memory().numTensors;
    const g = grad((p: Tensor) => sum(mul(p, p)))(x);
    expect(values(g)).toEqual([6]);
    expect(memory().numTensors).toBe(before + 2); // the gradient and the intermediate mul(p, p)
    dispose([x, g]);
  });
});

describe('customGrad', () => {
  // straight-through estimator: forward w * mask, backward passes dy to w unchanged
  const ste = customGrad((w: Tensor, mask: Tensor) => ({
    value: mul(w, mask),
    gradFunc: (dy) => [dy, null],
  }));

  it('computes the forward value with the ops inside', () => {
    const w = tensor([1, 2, 3, 4]);
    const mask = tensor([1, 0, 0, 1]);
    const y = ste(w, mask);
    expect(values(y)).toEqual([1, 0, 0, 4]);
    dispose([w, mask, y]);
  });

  it('passes dy to w exactly, masked entries included, and zeros to a null gradient', () => {
    const w = tensor([1, 2, 3, 4]);
    const mask = tensor([1, 0, 0, 1]);
    const c = tensor([0.1, -2, 7, 1e-3]);
    const g = grad((ps: Tensor[]) => sum(mul(ste(ps[0]!, ps[1]!), c)))([w, mask]);
    // the upstream gradient of sum(y * c) is c itself: bit for bit
    expect(g[0]!.dataSync()).toEqual(c.dataSync());
    expect(values(g[1]!)).toEqual([0, 0, 0, 0]);
    dispose([w, mask, c, g]);
  });

  it('records nothing inside f: only gradFunc defines the backward pass', () => {
    const double = customGrad((x: Tensor) => ({ value: mul(x, 2), gradFunc: (dy) => [mul(dy, 10)] }));
    const x = tensor([1, 2]);
    const g = grad((p: Tensor) => sum(double(p)))(x);
    expect(values(g)).toEqual([10, 10]);
    dispose([x, g]);
  });

  it('hands gradFunc the inputs as they were, alive even when a tidy disposed them after the forward', () => {
    // d/dx sum(x * s) = s, where s is made (and disposed) inside the caller's tidy
    const scaled = customGrad((x: Tensor, s: Tensor) => ({
      value: mul(x, s),
      gradFunc: (dy, [, saved]) => [mul(dy, saved!), null],
    }));
    const x = tensor([1, 2, 3]);
    const g = grad((p: Tensor) => tidy(() => sum(scaled(p, mul(tensor([1, 1, 1]), 3)))))(x);
    expect(values(g)).toEqual([3, 3, 3]);
    dispose([x, g]);
  });

  it('rejects a gradFunc that returns the wrong number of gradients', () => {
    const bad = customGrad((x: Tensor) => ({ value: mul(x, 2), gradFunc: (dy) => [dy, dy] }));
    const x = tensor([1]);
    expect(() => grad((p: Tensor) => sum(bad(p)))(x)).toThrow(
      "customGrad: argument 'gradFunc' must return 1 gradients (one per input); got 2.",
    );
    x.dispose();
  });

  it('rejects disposed inputs', () => {
    const x = tensor([1]);
    x.dispose();
    expect(() => ste(x, x)).toThrow(/customGrad: tensor #\d+ was disposed/);
  });
});

describe('stopGradient and noGrad', () => {
  it('stopGradient is the identity forward and blocks the gradient', () => {
    const x = tensor([1, 2, 3]);
    const y = stopGradient(x);
    expect(values(y)).toEqual([1, 2, 3]);
    // d/dx sum(stop(x) * x) = stop(x) = x, not 2x
    const g = grad((p: Tensor) => sum(mul(stopGradient(p), p)))(x);
    expect(values(g)).toEqual([1, 2, 3]);
    const zero = grad((p: Tensor) => sum(stopGradient(p)))(x);
    expect(values(zero)).toEqual([0, 0, 0]);
    dispose([x, y, g, zero]);
  });

  it('noGrad hides the ops inside it from the tape', () => {
    const x = tensor([1, 2]);
    const g = grad((p: Tensor) =>
      sum(
        add(
          p,
          noGrad(() => mul(p, 5)),
        ),
      ),
    )(x);
    expect(values(g)).toEqual([1, 1]);
    expect(noGrad(() => 42)).toBe(42);
    dispose([x, g]);
  });
});

describe('NOT_DIFFERENTIABLE', () => {
  const kernel = 'TestNoGradient' as KernelName;
  registerKernel(kernel, 'cpu', (({
    inputs,
    backend,
  }: {
    inputs: { x: { dataId: object } };
    backend: never;
  }) => {
    const cpu = backend as unknown as {
      values: (i: unknown) => Float32Array;
      output: (...a: unknown[]) => unknown;
    };
    const v = cpu.values(inputs.x);
    return cpu.output(
      v.map((e) => e + 1),
      (inputs.x as unknown as Tensor).shape,
      'float32',
    );
  }) as never);
  afterAll(() => unregisterKernel(kernel, 'cpu'));
  const noGradOp = (x: Tensor): Tensor => runKernel(kernel, { x } as never, {} as never);

  it('runs forward', () => {
    const x = tensor([1, 2]);
    const y = noGradOp(x);
    expect(values(y)).toEqual([2, 3]);
    dispose([x, y]);
  });

  it('throws, naming the kernel, when a gradient must flow through the op', () => {
    const x = tensor([1, 2]);
    const before = memory().numTensors;
    let error: unknown;
    try {
      tidy(() => grad((p: Tensor) => sum(mul(noGradOp(p), 2)))(x));
    } catch (e) {
      error = e;
    }
    expect(isSparselandError(error, 'SPARSELAND__CORE__NOT_DIFFERENTIABLE')).toBe(true);
    expect((error as Error).message).toBe(
      "valueAndGrad: kernel 'TestNoGradient' has no gradient; wrap it in customGrad() or stop the gradient.",
    );
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('does not throw when no gradient reaches the op', () => {
    const x = tensor([1, 2]);
    const g = tidy(() =>
      grad((p: Tensor) => {
        noGradOp(p); // off the path to the result
        return add(sum(p), sum(stopGradient(noGradOp(p))));
      })(x),
    );
    expect(values(g)).toEqual([1, 1]);
    const constant = tensor([5]);
    const g2 = tidy(() => grad((p: Tensor) => sum(mul(p, noGradOp(constant))))(x));
    expect(values(g2)).toEqual([6, 6]);
    dispose([x, g, g2, constant]);
  });
});

describe('training', () => {
  it('gradient descent drives a least-squares loss down to its minimum', () => {
    const X = tensor([
      [1, 2],
      [3, -1],
      [0.5, 0.5],
      [-2, 1],
    ]);
    const y = tensor([[0.5], [5], [0.5], [-3.5]]); // X @ [1.5, -0.5]
    const w = variable(zeros([2, 1]));
    const lossOf = (p: Tensor) => mean(square(sub(matmul(X, p), y)));
    const before = memory().numTensors;
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      tidy(() => {
        const { value, grads } = valueAndGrad(lossOf)(w);
        losses.push(value.dataSync()[0]!);
        w.assign(sub(w, mul(grads, 0.1)));
      });
    }
    expect(memory().numTensors, 'no tensor leaks across training steps').toBe(before);
    expect(losses[0]).toBeCloseTo((0.25 + 25 + 0.25 + 12.25) / 4, 5);
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThan(losses[i - 1]! + 1e-9);
    expect(losses[losses.length - 1]!).toBeLessThan(1e-8);
    const found = w.dataSync();
    expect(found[0]).toBeCloseTo(1.5, 4);
    expect(found[1]).toBeCloseTo(-0.5, 4);
    dispose([X, y, w]);
  });
});
