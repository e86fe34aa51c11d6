/**
 * The `webgpu` backend's own contract: kernel coverage, registration, dtypes, memory and the buffer pool, the
 * pipeline cache, safe disposal of tensors queued commands still use, oversized buffers, and GPU errors.
 * (Every op case also runs on webgpu through `describeBackends`; device loss has its own file.)
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  BINARY_KERNELS,
  cast,
  dispose,
  exp,
  gather,
  getBackend,
  isSparselandError,
  kernelsFor,
  listBackends,
  matmul,
  memory,
  mul,
  ones,
  REDUCE_KERNELS,
  scatterAdd,
  softmax,
  sum,
  tensor,
  tidy,
  UNARY_KERNELS,
  zeros,
} from '../../src/index.js';
import { gpuBackend, useWebGPU } from './gpu.js';

function codeOf(e: unknown): string {
  return isSparselandError(e) ? e.code : String(e);
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('webgpu registration', () => {
  it('implements every kernel cpu implements, so nothing falls back to cpu (which needs sync reads)', () => {
    const gpu = kernelsFor('webgpu');
    expect(gpu).toEqual(expect.arrayContaining(kernelsFor('cpu')));
    for (const k of [...UNARY_KERNELS, ...BINARY_KERNELS, ...REDUCE_KERNELS]) expect(gpu).toContain(k);
  });

  it('is registered below cpu, so it never becomes the default', () => {
    const names = listBackends();
    expect(names.indexOf('webgpu')).toBeGreaterThan(names.indexOf('cpu'));
    expect(getBackend()).not.toBe('webgpu');
  });
});

describe('webgpu backend', () => {
  useWebGPU();

  it('runs ops on the GPU and reads back asynchronously only', async () => {
    const backend = gpuBackend();
    expect(getBackend()).toBe('webgpu');
    const y = tidy(() => add(mul(tensor([1, 2, 3]), 2), 1));
    expect(y.backendName).toBe('webgpu');
    expect(Array.from(await y.data())).toEqual([3, 5, 7]);
    const e = thrown(() => y.dataSync());
    expect(codeOf(e)).toBe('SPARSELAND__CORE__SYNC_UNSUPPORTED');
    expect((e as Error).message).toContain("use 'await t.data()'");
    expect(backend.counters.reads).toBeGreaterThan(0);
    y.dispose();
  });

  it('stores float32, int32, uint8 and bool (as 32-bit words) but not float64', async () => {
    const backend = gpuBackend();
    expect(backend.supportsDType('float64')).toBe(false);
    const e = thrown(() => backend.write(new Float64Array(2), [2], 'float64'));
    expect(codeOf(e)).toBe('SPARSELAND__CORE__DTYPE_MISMATCH');
    // the engine keeps float64 tensors on cpu; a float64 kernel fed a webgpu tensor needs a sync read
    const f64 = tensor([1, 2], { dtype: 'float64' });
    expect(f64.backendName).toBe('cpu');
    const f32 = tensor([1, 2]);
    expect(codeOf(thrown(() => cast(f32, 'float64')))).toBe('SPARSELAND__CORE__SYNC_UNSUPPORTED');
    const b = tensor([true, false, true], { dtype: 'bool' });
    const u = tensor([0, 200, 255], { dtype: 'uint8' });
    expect(Array.from(await b.data())).toEqual([1, 0, 1]);
    expect(await u.data()).toBeInstanceOf(Uint8Array);
    expect(Array.from(await u.data())).toEqual([0, 200, 255]);
    dispose([f64, f32, b, u]);
  });

  it('memory() reports the GPU bytes of live tensors (size classes of 32-bit words)', () => {
    const before = memory().backends.webgpu!;
    const t = ones([1000]); // 4000 bytes: class 4096
    const b = tensor([true, false], { dtype: 'bool' }); // 8 bytes: class 16
    const now = memory().backends.webgpu!;
    expect(now.numDataBuffers - before.numDataBuffers).toBe(2);
    expect(now.numBytes - before.numBytes).toBe(4096 + 16);
    dispose([t, b]);
    expect(memory().backends.webgpu).toEqual(before);
  });

  it('recycles buffers: after many ops and disposals the pool and live buffers return to baseline', async () => {
    const backend = gpuBackend();
    const x = tensor(
      Array.from({ length: 64 }, (_, i) => i / 64),
      { shape: [8, 8] },
    );
    const round = () => {
      for (let i = 0; i < 20; i++) {
        dispose(tidy(() => softmax(matmul(add(mul(x, 0.5), i), x))));
      }
    };
    const live = memory();
    round();
    await backend.sync();
    const created = backend.poolStats().created;
    for (let r = 0; r < 3; r++) round();
    await backend.sync();
    const stats = backend.poolStats();
    // 60 more iterations created no buffer: every one came back from the pool
    expect(stats.created).toBe(created);
    expect(stats.pending).toBe(0);
    expect(stats.inUse).toBe(memory().backends.webgpu!.numDataBuffers);
    expect(memory().numTensors).toBe(live.numTensors);
    expect(memory().backends.webgpu).toEqual(live.backends.webgpu);
    x.dispose();
  });

  it('caches pipelines by kernel and static facts, not by shape', async () => {
    const backend = gpuBackend();
    const run = (shape: number[]) =>
      tidy(() => {
        const a = ones(shape);
        return [add(a, a), exp(a), sum(a, -1), matmul(a, a, { transposeB: true })];
      });
    dispose(run([2, 3]));
    const count = backend.pipelineCount;
    const keys = backend.pipelineKeys();
    // (a reduction switches to a workgroup per output past 16 elements: another static fact, so stay below)
    const outs = [run([5, 7]), run([40, 13]), run([1, 15])];
    for (const o of outs) await o[3]!.data();
    // same ranks and dtypes: the same pipelines, whatever the shapes
    expect(backend.pipelineCount).toBe(count);
    expect(backend.pipelineKeys()).toEqual(keys);
    expect(keys).toContain('Add:f32:same0');
    expect(keys.filter((k) => k.startsWith('MatMul:'))).toEqual(['MatMul:f32:0']);
    dispose(outs);
  });

  it('disposing a tensor a queued command still reads is safe (its buffer waits for the submit)', async () => {
    const backend = gpuBackend();
    backend.flush();
    const x = tensor(Array.from({ length: 256 }, (_, i) => i));
    const y = mul(x, 2); // encoded, not submitted
    x.dispose();
    // x's buffer is parked until the submit, not free for the writes below
    expect(backend.poolStats().pending).toBeGreaterThan(0);
    const noise = Array.from({ length: 8 }, () => tensor(new Float32Array(256).fill(-1)));
    const values = await y.data();
    expect(Array.from(values)).toEqual(Array.from({ length: 256 }, (_, i) => 2 * i));
    expect(backend.poolStats().pending).toBe(0);
    dispose([y, noise]);
  });

  it('rejects a tensor larger than maxStorageBufferBindingSize before dispatching anything', () => {
    const backend = gpuBackend();
    const limit = backend.maxBindingBytes;
    // a broadcast whose output needs more than the limit, from two small inputs
    const n = Math.ceil(Math.sqrt(limit / 4)) + 1;
    const a = ones([n, 1]);
    const b = ones([1, n]);
    const dispatches = backend.counters.dispatches;
    const buffers = memory().backends.webgpu!.numDataBuffers;
    const e = thrown(() => add(a, b));
    expect(codeOf(e)).toBe('SPARSELAND__CORE__BUFFER_TOO_LARGE');
    expect(e).toMatchObject({
      context: { fn: 'Add', bytes: n * n * 4, limit, shape: [n, n], dtype: 'float32' },
    });
    expect((e as Error).message).toContain('maxStorageBufferBindingSize');
    expect(backend.counters.dispatches).toBe(dispatches);
    expect(memory().backends.webgpu!.numDataBuffers).toBe(buffers);
    dispose([a, b]);
  });

  it('rejects an upload larger than the limit', (ctx) => {
    const backend = gpuBackend();
    const limit = backend.maxBindingBytes;
    if (limit > 256 * 1024 * 1024) ctx.skip('the limit is too large to allocate the host array here');
    // straight to the backend: tensor() would first spend seconds converting 32M values
    const big = new Float32Array(limit / 4 + 1);
    const e = thrown(() => backend.write(big, [big.length], 'float32'));
    expect(codeOf(e)).toBe('SPARSELAND__CORE__BUFFER_TOO_LARGE');
    expect(e).toMatchObject({ context: { fn: 'write', bytes: big.length * 4, limit } });
  });

  it('turns an uncaptured GPU error into GPU_VALIDATION, then keeps working', async () => {
    const backend = gpuBackend();
    // an invalid call outside any error scope: a buffer without usage
    backend.device.createBuffer({ size: 16, usage: 0, label: 'invalid on purpose' });
    const e = await backend.sync().catch((err: unknown) => err);
    expect(codeOf(e)).toBe('SPARSELAND__CORE__GPU_VALIDATION');
    expect(e).toMatchObject({ context: { backend: 'webgpu', kind: 'validation' } });
    const y = add(tensor([1]), 1);
    expect(Array.from(await y.data())).toEqual([2]);
    y.dispose();
  });

  it('gather and scatterAdd skip out-of-range indices (which ops cannot check without a sync read)', async () => {
    const x = tensor([10, 20, 30]);
    const idx = tensor([2, -1, 3, 0], { dtype: 'int32' });
    const g = gather(x, idx);
    expect(Array.from(await g.data())).toEqual([30, 0, 0, 10]);
    const s = scatterAdd(zeros([3]), idx, tensor([1, 2, 3, 4]));
    expect(Array.from(await s.data())).toEqual([4, 0, 1]);
    dispose([x, idx, g, s]);
  });
});
