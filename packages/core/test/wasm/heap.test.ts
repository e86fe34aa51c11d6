/** The wasm heap: the first-fit allocator on its own, then the backend's buffers under stress. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_ALIGN, HeapAllocator } from '../../src/backends/wasm/heap.js';
import { engine } from '../../src/engine.js';
import {
  add,
  dispose,
  getBackend,
  memory,
  ones,
  setBackend,
  type Tensor,
  tensor,
  tidy,
  type WasmBackend,
  zeros,
} from '../../src/index.js';

/** An allocator over a fake memory that grows in 64 KiB pages, recording the grows. */
function makeHeap(base = 100, capacity = 65536) {
  const grows: number[] = [];
  let cap = capacity;
  const heap = new HeapAllocator(base, cap, (bytes) => {
    grows.push(bytes);
    cap = Math.ceil(bytes / 65536) * 65536;
    return cap;
  });
  return { heap, grows };
}

/** Deterministic generator (mulberry32), independent of the library's. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('HeapAllocator', () => {
  it('aligns every block to 64 bytes and rounds sizes up', () => {
    const { heap } = makeHeap(100);
    expect(heap.base).toBe(128);
    const a = heap.alloc(1);
    const b = heap.alloc(65);
    const c = heap.alloc(0);
    expect([a, b, c]).toEqual([128, 192, 320]);
    for (const p of [a, b, c]) expect(p % HEAP_ALIGN).toBe(0);
    expect(heap.stats()).toMatchObject({ inUse: 64 + 128 + 64, blocks: 3, top: 384 });
  });

  it('reuses the first free block that fits and splits it', () => {
    const { heap } = makeHeap(0);
    const a = heap.alloc(256);
    const b = heap.alloc(64);
    heap.alloc(64); // keeps b's gap from touching the top
    heap.free(a);
    heap.free(b);
    expect(heap.stats()).toMatchObject({ free: 320, freeBlocks: 1 }); // a and b coalesced
    const c = heap.alloc(64);
    expect(c).toBe(a); // first fit, low address
    expect(heap.stats()).toMatchObject({ free: 256, freeBlocks: 1 });
  });

  it('coalesces with both neighbours and lowers the top when the last block is freed', () => {
    const { heap } = makeHeap(0);
    const blocks = [heap.alloc(64), heap.alloc(64), heap.alloc(64), heap.alloc(64)];
    heap.free(blocks[0]!);
    heap.free(blocks[2]!);
    expect(heap.stats()).toMatchObject({ freeBlocks: 2, free: 128 });
    heap.free(blocks[1]!); // merges 0, 1 and 2
    expect(heap.stats()).toMatchObject({ freeBlocks: 1, free: 192 });
    heap.free(blocks[3]!); // reaches the top: everything returns
    expect(heap.stats()).toMatchObject({ freeBlocks: 0, free: 0, top: 0, inUse: 0, blocks: 0 });
  });

  it('grows the memory when nothing fits, and throws on a double free', () => {
    const { heap, grows } = makeHeap(0, 65536);
    const a = heap.alloc(60000);
    expect(grows).toEqual([]);
    const b = heap.alloc(10000);
    expect(grows.length).toBe(1);
    expect(heap.stats().capacity).toBeGreaterThanOrEqual(b + 10000);
    heap.free(a);
    expect(() => heap.free(a)).toThrow(/not a live block/);
    expect(() => heap.free(12345)).toThrow(/not a live block/);
  });

  it('survives random alloc/free cycles: no overlap, and the heap returns to empty', () => {
    const { heap } = makeHeap(1024);
    const next = rng(7);
    const live = new Map<number, number>();
    for (let step = 0; step < 5000; step++) {
      if (live.size > 0 && next() < 0.45) {
        const keys = [...live.keys()];
        const p = keys[Math.floor(next() * keys.length)]!;
        heap.free(p);
        live.delete(p);
      } else {
        const size = Math.floor(next() ** 3 * 20000);
        const p = heap.alloc(size);
        if (p % HEAP_ALIGN !== 0) expect.fail(`unaligned block ${p}`);
        // no overlap with any live block
        let overlaps = 0;
        for (const [q, s] of live) if (!(p + Math.max(size, 1) <= q || q + Math.max(s, 1) <= p)) overlaps++;
        if (overlaps > 0) expect.fail(`block ${p} (${size} bytes) overlaps ${overlaps} live blocks`);
        live.set(p, size);
      }
    }
    for (const p of live.keys()) heap.free(p);
    expect(heap.stats()).toMatchObject({ inUse: 0, blocks: 0, free: 0, freeBlocks: 0, top: heap.base });
  });
});

describe('wasm backend buffers', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    await setBackend('wasm');
    wasm = engine.backendInstance('wasm') as WasmBackend;
  });
  afterAll(async () => {
    await setBackend('wasm');
  });

  it('is the default backend and reports its bytes in memory()', () => {
    expect(getBackend()).toBe('wasm');
    const before = memory().backends.wasm!;
    const a = zeros([3, 5]); // 60 bytes
    const b = zeros([7], 'bool'); // 7 bytes
    const m = memory().backends.wasm!;
    expect(m.numBytes - before.numBytes).toBe(67);
    expect(m.numDataBuffers - before.numDataBuffers).toBe(2);
    dispose([a, b]);
    expect(memory().backends.wasm).toEqual(before);
  });

  it('returns to its baseline after many alloc/free cycles of mixed sizes', () => {
    const base = wasm.heapStats();
    const next = rng(11);
    const live: Tensor[] = [];
    for (let i = 0; i < 3000; i++) {
      if (live.length > 0 && next() < 0.5) {
        live.splice(Math.floor(next() * live.length), 1)[0]!.dispose();
      } else {
        const n = Math.floor(next() ** 4 * 50000);
        live.push(tidy(() => add(ones([n]), 1)));
      }
    }
    for (const t of live) expect(t.dataSync()[0] ?? 2).toBe(2);
    dispose(live);
    const after = wasm.heapStats();
    expect(after.inUse).toBe(base.inUse);
    expect(after.blocks).toBe(base.blocks);
    expect(after.top).toBe(base.top);
  });

  it('grows the linear memory for a large tensor and keeps earlier data intact', () => {
    const small = tensor([1, 2, 3]);
    const before = wasm.heapStats();
    const n = Math.ceil((before.memoryBytes * 1.5) / 4); // more than the whole memory today
    const big = tidy(() => add(zeros([n]), 3));
    const after = wasm.heapStats();
    expect(after.memoryBytes).toBeGreaterThan(before.memoryBytes);
    const v = big.dataSync();
    expect([v[0], v[n >> 1], v[n - 1]]).toEqual([3, 3, 3]);
    expect(Array.from(small.dataSync())).toEqual([1, 2, 3]);
    dispose([small, big]);
    expect(wasm.heapStats().inUse).toBe(before.inUse - 64);
  });

  it('stores empty tensors without a block', () => {
    const before = wasm.heapStats();
    const e = zeros([0, 4]);
    expect(e.dataSync().length).toBe(0);
    expect(wasm.heapStats().blocks).toBe(before.blocks);
    e.dispose();
  });
});
