/** The wasm thread pool: results identical on 1 and N threads, no deadlock, clean shutdown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KernelExports,
  kernelBytes,
  loadKernelsSync,
  unshareMemoryImport,
} from '../../src/backends/wasm/wasm-module.js';
import { engine } from '../../src/engine.js';
import {
  dispose,
  getWasmThreads,
  isSparselandError,
  matmul,
  memory,
  random,
  registerBackend,
  setBackend,
  setWasmThreads,
  softmax,
  tensor,
  tidy,
  WasmBackend,
} from '../../src/index.js';
import { useThreads } from './use-threads.js';

let wasm: WasmBackend;

beforeAll(async () => {
  await setBackend('wasm');
  wasm = engine.backendInstance('wasm') as WasmBackend;
});
afterAll(() => setWasmThreads('auto'));

describe('setWasmThreads', () => {
  it('validates its argument', () => {
    for (const bad of [0, -1, 1.5, 33, Number.NaN, 'many' as never]) {
      let error: unknown;
      try {
        setWasmThreads(bad);
      } catch (e) {
        error = e;
      }
      expect(isSparselandError(error, 'SPARSELAND__CORE__INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('sets the thread count kernels use (Node shares memory)', () => {
    setWasmThreads(3);
    expect(getWasmThreads()).toBe(3);
    setWasmThreads(1);
    expect(getWasmThreads()).toBe(1);
    setWasmThreads('auto');
    expect(getWasmThreads()).toBeGreaterThanOrEqual(1);
  });
});

describe('thread pool', () => {
  // shapes with many tiles, edge tiles, transposes and broadcast batches
  const shapes: [number[], number[], boolean, boolean][] = [
    [[300, 257], [257, 333], false, false],
    [[257, 300], [333, 257], true, true],
    [[4, 130, 70], [70, 260], false, false],
    [[2, 1, 129, 200], [3, 200, 131], false, false],
    [[520, 64], [64, 1030], false, false],
    // matrix-vector products
    [[1, 2048], [2048, 1030], false, false],
    [[1030, 2048], [2048, 1], false, false],
    [[2048, 1], [1030, 2048], true, true],
  ];

  it('gives bit-identical matmuls on 1 and 3 threads, and really uses the workers', async () => {
    const inputs = shapes.map(([sa, sb], i) => [
      random.normal(sa, { seed: 10 + i }),
      random.normal(sb, { seed: 20 + i }),
    ]);
    await useThreads(wasm, 1);
    const one = inputs.map(([a, b], i) =>
      tidy(() => matmul(a!, b!, { transposeA: shapes[i]![2], transposeB: shapes[i]![3] }).dataSync()),
    );
    await useThreads(wasm, 3);
    const jobs = wasm.threadedJobs;
    const three = inputs.map(([a, b], i) =>
      tidy(() => matmul(a!, b!, { transposeA: shapes[i]![2], transposeB: shapes[i]![3] }).dataSync()),
    );
    expect(wasm.threadedJobs - jobs).toBe(shapes.length);
    for (let i = 0; i < shapes.length; i++) {
      expect(three[i]!.length).toBe(one[i]!.length);
      let differ = 0;
      for (let j = 0; j < one[i]!.length; j++) if (!Object.is(one[i]![j], three[i]![j])) differ++;
      expect(differ, `shape ${i}`).toBe(0);
    }
    dispose(inputs);
  });

  it('does not deadlock when inputs and outputs are disposed around running jobs', async () => {
    await useThreads(wasm, 3);
    const before = memory().numTensors;
    const heap = wasm.heapStats();
    const reference = tidy(() => {
      const a = random.uniform([200, 300], { seed: 1 });
      const b = random.uniform([300, 250], { seed: 2 });
      return matmul(a, b).dataSync();
    });
    for (let round = 0; round < 20; round++) {
      const a = random.uniform([200, 300], { seed: 1 });
      const b = random.uniform([300, 250], { seed: 2 });
      const c = matmul(a, b);
      a.dispose(); // inputs go while the output is still unread
      b.dispose();
      const d = tidy(() => matmul(c, matmul(c, c, { transposeA: true }), { transposeB: false }));
      const pending = c.data();
      c.dispose(); // dispose before the read resolves
      const values = await pending;
      expect(values[0]).toBe(reference[0]);
      expect(values[values.length - 1]).toBe(reference[reference.length - 1]);
      d.dispose();
      if (round === 10) setWasmThreads(1); // change the thread count between jobs
      if (round === 15) setWasmThreads(3);
    }
    expect(memory().numTensors).toBe(before);
    expect(wasm.heapStats().inUse).toBe(heap.inUse);
  });

  it('runs jobs while workers are still starting, then shuts the pool down cleanly', async () => {
    // a fresh instance (its own memory, no workers yet) registered under another name; its kernels are
    // the 'wasm' ones since the instance is named 'wasm'
    const fresh = new WasmBackend(loadKernelsSync());
    registerBackend('wasm-fresh', () => fresh, -10);
    setWasmThreads(1);
    const a0 = random.uniform([256, 256], { seed: 5 });
    const b0 = random.uniform([256, 256], { seed: 6 });
    const single = tidy(() => matmul(a0, b0).dataSync());
    const av = a0.dataSync();
    const bv = b0.dataSync();
    dispose([a0, b0]);
    await setBackend('wasm-fresh');
    try {
      setWasmThreads(4); // the first job starts 3 workers, which join as they become ready
      const a = tensor(av, { shape: [256, 256] });
      const b = tensor(bv, { shape: [256, 256] });
      expect(fresh.readyWorkers()).toBe(0);
      const jobs = fresh.threadedJobs;
      let rounds = 0;
      const start = performance.now();
      // keep computing until every worker has joined (or give up after 20 s)
      while (fresh.readyWorkers() < 3 && performance.now() - start < 20000) {
        const r = tidy(() => matmul(a, b).dataSync());
        expect(Array.from(r).every((v, j) => Object.is(v, single[j]))).toBe(true);
        rounds++;
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(rounds).toBeGreaterThan(0);
      const r = tidy(() => matmul(a, b).dataSync());
      expect(Array.from(r).every((v, j) => Object.is(v, single[j]))).toBe(true);
      expect(fresh.threadedJobs).toBeGreaterThan(jobs);
      dispose([a, b]);
    } finally {
      await setBackend('wasm');
      setWasmThreads('auto');
      fresh.dispose();
    }
    expect(fresh.readyWorkers()).toBe(0);
  });
});

describe('without shared memory (a page that is not cross-origin isolated)', () => {
  it('runs every kernel single-threaded on an unshared memory, with the same results', async () => {
    const bytes = unshareMemoryImport(kernelBytes());
    expect(bytes.length).toBe(kernelBytes().length);
    const module = new WebAssembly.Module(bytes as BufferSource);
    const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536 });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    const unshared = new WasmBackend({ module, memory, exports, shared: false });
    expect(memory.buffer).toBeInstanceOf(ArrayBuffer);
    registerBackend('wasm-unshared', () => unshared, -11);
    setWasmThreads(4);
    const a0 = random.normal([300, 200], { seed: 8 });
    const b0 = random.normal([200, 100], { seed: 9 });
    const want = tidy(() => softmax(matmul(a0, b0)).dataSync());
    const [av, bv] = [a0.dataSync(), b0.dataSync()];
    dispose([a0, b0]);
    await setBackend('wasm-unshared');
    try {
      expect(unshared.threads()).toBe(1);
      const got = tidy(() =>
        softmax(matmul(tensor(av, { shape: [300, 200] }), tensor(bv, { shape: [200, 100] }))).dataSync(),
      );
      expect(Array.from(got).every((v, i) => Object.is(v, want[i]))).toBe(true);
      expect(unshared.readyWorkers()).toBe(0);
    } finally {
      await setBackend('wasm');
      setWasmThreads('auto');
      unshared.dispose();
    }
  });

  it('refuses a module without a shared memory import', () => {
    expect(() => unshareMemoryImport(unshareMemoryImport(kernelBytes()))).toThrow(/limits flag 1/);
  });
});
