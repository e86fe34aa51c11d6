/** Backends: registry, activation, the cpu fallback for missing kernels, and the cpu kernel inventory. */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  add,
  type Backend,
  type BackendMemory,
  BINARY_KERNELS,
  type BinaryKernel,
  CpuBackend,
  type DataId,
  type DType,
  getBackend,
  isSparselandError,
  type KernelName,
  kernelsFor,
  listBackends,
  memory,
  mul,
  REDUCE_KERNELS,
  type ReduceKernel,
  ready,
  registerBackend,
  registerKernel,
  runKernel,
  setBackend,
  sum,
  type Tensor,
  type TypedArray,
  tensor,
  UNARY_KERNELS,
  type UnaryKernel,
} from '../../src/index.js';

/** Every core kernel besides the unary, binary and reduce families. */
const OTHER_KERNELS = [
  'Clip',
  'Cast',
  'Where',
  'ArgMax',
  'ArgMin',
  'Softmax',
  'LogSoftmax',
  'MatMul',
  'TopK',
  'Sort',
  'Cumsum',
  'Gather',
  'ScatterAdd',
  'OneHot',
  'Transpose',
  'Slice',
  'Concat',
  'Pad',
  'Tile',
  'LayerNorm',
  'RMSNorm',
] as const satisfies readonly KernelName[];

// Compile-time: the lists above cover every declared kernel, so a kernel added to kernel-names.ts
// without being listed here (and therefore checked on cpu below) fails the typecheck.
type Listed = UnaryKernel | BinaryKernel | ReduceKernel | (typeof OTHER_KERNELS)[number];
const everyKernelListed: [Exclude<KernelName, Listed>] extends [never] ? true : false = true;

/** A minimal backend: stores typed arrays, reads them back (synchronously when `sync`). */
class FakeBackend implements Backend {
  readonly store = new Map<DataId, TypedArray>();
  constructor(readonly name: string) {}
  supportsDType(dtype: DType): boolean {
    return dtype !== 'float64';
  }
  write(values: TypedArray): DataId {
    const id = {};
    this.store.set(id, values);
    return id;
  }
  read(id: DataId): Promise<TypedArray> {
    return Promise.resolve(this.store.get(id)!.slice());
  }
  disposeData(id: DataId): void {
    this.store.delete(id);
  }
  memory(): BackendMemory {
    let numBytes = 0;
    for (const v of this.store.values()) numBytes += v.byteLength;
    return { numBytes, numDataBuffers: this.store.size };
  }
  dispose(): void {
    this.store.clear();
  }
}

class SyncFakeBackend extends FakeBackend {
  readSync(id: DataId): TypedArray {
    return this.store.get(id)!.slice();
  }
}

const fake = new SyncFakeBackend('fake');
const asyncFake = new FakeBackend('fake-async');
let fakeAddCalls = 0;
registerBackend('fake', () => fake, -1);
registerBackend('fake-async', async () => asyncFake, -2);
registerBackend(
  'broken',
  () => {
    throw new Error('no adapter found');
  },
  -3,
);
registerBackend('broken-async', () => Promise.reject(new Error('device lost')), -4);
// the fake backend's one native kernel: same-shape float32 Add
registerKernel('Add', 'fake', ({ inputs: { a, b } }) => {
  fakeAddCalls++;
  const av = fake.store.get(a.dataId)!;
  const bv = fake.store.get(b.dataId)!;
  const out = new Float32Array(av.length);
  for (let i = 0; i < out.length; i++) out[i] = av[i]! + bv[i]!;
  return { dataId: fake.write(out), shape: a.shape, dtype: a.dtype };
});

afterEach(async () => {
  await setBackend('cpu');
  vi.restoreAllMocks();
});
afterAll(async () => {
  await setBackend('cpu');
});

function codeOf(e: unknown): string {
  return isSparselandError(e) ? e.code : String(e);
}

describe('the backend registry', () => {
  it('lists backends by priority and picks the highest (wasm) by default', () => {
    // webgpu (priority 0) sits below cpu: never the default
    expect(listBackends()).toEqual(['wasm', 'cpu', 'webgpu', 'fake', 'fake-async', 'broken', 'broken-async']);
    expect(getBackend()).toBe('wasm');
  });

  it('ready() returns the active backend', async () => {
    expect(await ready()).toBe('cpu');
  });

  it('setBackend() of an unknown name fails with BACKEND_UNAVAILABLE, listing the registered ones', async () => {
    const error = await setBackend('nope').catch((e: unknown) => e);
    expect(codeOf(error)).toBe('SPARSELAND__CORE__BACKEND_UNAVAILABLE');
    expect((error as Error).message).toBe(
      "setBackend: backend 'nope' is unavailable: not registered (registered: wasm, cpu, webgpu, fake, fake-async, broken, broken-async).",
    );
    expect(getBackend()).toBe('cpu');
  });

  it('setBackend() of a backend whose factory throws or rejects fails with its reason', async () => {
    await expect(setBackend('broken')).rejects.toThrow(
      "setBackend: backend 'broken' is unavailable: no adapter found.",
    );
    await expect(setBackend('broken-async')).rejects.toThrow(
      "setBackend: backend 'broken-async' is unavailable: device lost.",
    );
    expect(getBackend()).toBe('cpu');
  });

  it('activates a backend with an async factory', async () => {
    await setBackend('fake-async');
    expect(getBackend()).toBe('fake-async');
  });
});

describe('a backend without a kernel falls back to cpu', () => {
  it('runs its own kernels on its own data', async () => {
    await setBackend('fake');
    const calls = fakeAddCalls;
    const a = tensor([1, 2, 3]);
    const b = tensor([10, 20, 30]);
    expect(a.backend).toBe('fake');
    const c = add(a, b);
    expect(fakeAddCalls).toBe(calls + 1);
    expect(c.backend).toBe('fake');
    expect(Array.from(c.dataSync())).toEqual([11, 22, 33]);
    for (const t of [a, b, c]) t.dispose();
    expect(fake.store.size).toBe(0);
  });

  it('warns exactly once per kernel and gives the right result on the active backend', async () => {
    await setBackend('fake');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    const cpuBefore = memory().backends.cpu!;
    const c = mul(a, b);
    const d = mul(c, a);
    const s = sum(d);
    expect(Array.from(c.dataSync())).toEqual([4, 10, 18]);
    expect(Array.from(d.dataSync())).toEqual([4, 20, 54]);
    expect(Array.from(s.dataSync())).toEqual([78]);
    // one warning for Mul (used twice), one for Sum
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toBe(
      "sparseland: kernel 'Mul' is not implemented on backend 'fake'; running it on 'cpu'.",
    );
    expect(warn.mock.calls[1]![0]).toMatch(/kernel 'Sum' is not implemented on backend 'fake'/);
    // outputs live on the active backend; inputs stay where they were; cpu copies are freed
    expect([a.backend, b.backend, c.backend, d.backend, s.backend]).toEqual([
      'fake',
      'fake',
      'fake',
      'fake',
      'fake',
    ]);
    expect(memory().backends.cpu).toEqual(cpuBefore);
    for (const t of [a, b, c, d, s]) t.dispose();
    expect(fake.store.size).toBe(0);
  });

  it('moves a tensor made on cpu to the active backend when a native kernel reads it', async () => {
    const onCpu = tensor([1, 2]);
    await setBackend('fake');
    const twice = add(onCpu, onCpu);
    expect(onCpu.backend).toBe('fake');
    expect(Array.from(twice.dataSync())).toEqual([2, 4]);
    expect(Array.from(onCpu.dataSync())).toEqual([1, 2]);
    onCpu.dispose();
    twice.dispose();
  });

  it('keeps float64 on cpu when the active backend cannot store it, and runs its kernels there', async () => {
    await setBackend('fake');
    const x = tensor([1, 2], { dtype: 'float64' });
    expect(x.backend).toBe('cpu');
    const y = mul(x, x); // fake has no float64: Mul runs on cpu, the result stays float64 on cpu
    expect(y.backend).toBe('cpu');
    expect(y.dtype).toBe('float64');
    expect(Array.from(y.dataSync())).toEqual([1, 4]);
    const f = tensor([1, 2]);
    expect(f.backend).toBe('fake');
    for (const t of [x, y, f]) t.dispose();
  });

  it('rejects a dtype neither the backend nor cpu can store', async () => {
    await setBackend('fake');
    vi.spyOn(CpuBackend.prototype, 'supportsDType').mockImplementation((d) => d !== 'float64');
    let error: unknown;
    try {
      tensor([1], { dtype: 'float64' });
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    expect((error as Error).message).toBe(
      "tensor: argument 'dtype' must be a dtype backend 'fake' supports; got float64.",
    );
  });

  it('fails with KERNEL_MISSING when neither the backend nor cpu has the kernel', async () => {
    await setBackend('fake');
    const x = tensor([1]);
    let error: unknown;
    try {
      runKernel('NoSuchKernel' as KernelName, { x } as never, {} as never);
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('SPARSELAND__CORE__KERNEL_MISSING');
    expect((error as Error).message).toBe(
      "Kernel 'NoSuchKernel' is implemented neither on backend 'fake' nor on 'cpu'.",
    );
    x.dispose();
  });

  it('a backend without readSync serves data() but not dataSync()', async () => {
    await setBackend('fake-async');
    const t: Tensor = tensor([1, 2]);
    expect(Array.from(await t.data())).toEqual([1, 2]);
    expect(await t.array()).toEqual([1, 2]);
    let error: unknown;
    try {
      t.dataSync();
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('SPARSELAND__CORE__SYNC_UNSUPPORTED');
    expect((error as Error).message).toBe(
      "Tensor.dataSync: backend 'fake-async' cannot read data synchronously; use 'await t.data()'.",
    );
    t.dispose();
  });
});

describe('the cpu kernel inventory', () => {
  it('implements every declared kernel', () => {
    expect(everyKernelListed).toBe(true);
    const declared = [...UNARY_KERNELS, ...BINARY_KERNELS, ...REDUCE_KERNELS, ...OTHER_KERNELS].sort();
    const registered = kernelsFor('cpu');
    expect(declared.filter((k) => !registered.includes(k))).toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('lists the kernels of a backend, and none for an unknown one', () => {
    expect(kernelsFor('fake')).toEqual(['Add']);
    expect(kernelsFor('nope')).toEqual([]);
  });
});
