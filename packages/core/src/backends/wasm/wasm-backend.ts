import type { Backend, BackendMemory, DataId, TensorInfo } from '../../backend/backend.js';
import { type KernelImpl, type KernelName, registerKernel } from '../../backend/registry.js';
import { SparselandError } from '../../errors/sparseland-error.js';
import { sizeOf } from '../../internal/shape.js';
import { allocate, bytesPerElement, type DType, type TypedArray } from '../../tensor/dtype.js';
import { type WasmExtension, wasmExtensions } from './extension.js';
import { HeapAllocator, type HeapStats } from './heap.js';
import { canSpawnWorkers, hardwareThreads, MAX_WORKERS, ThreadPool, type TileJob } from './thread-pool.js';
import { type KernelExports, type LoadedKernels, MAX_PAGES } from './wasm-module.js';

/** A tensor buffer in the wasm heap. */
export class WasmData {
  constructor(
    /** Byte address in the linear memory (-1 once freed). */
    public ptr: number,
    /** Bytes of data (elements x element size). */
    readonly bytes: number,
    /** Element type, which fixes how `read` views the bytes. */
    readonly dtype: DType,
  ) {}
}

/** Bytes reserved for kernel argument blocks (shapes, strides) written before each call. */
const ARGS_BYTES = 4096;

const settings = { threads: 0 };

/** The requested thread count (0: one per core). */
function requestedThreads(): number {
  return settings.threads;
}

/** @internal Set the requested thread count (0: one per core). */
export function setRequestedThreads(n: number): void {
  settings.threads = n;
}

/**
 * The `wasm` backend: tensors live in one WebAssembly linear memory and kernels are WebAssembly SIMD code
 * compiled from AssemblyScript (see `wasm/assembly/`). Stores `float32`, `int32`, `uint8` and `bool`;
 * `float64` stays on `cpu`.
 */
export class WasmBackend implements Backend {
  /** Registry name. */
  readonly name = 'wasm';
  /** @internal The kernels' exports (raw wasm functions, for this package's kernels and extensions). */
  readonly k: KernelExports;
  private readonly wasmMemory: WebAssembly.Memory;
  private readonly module: WebAssembly.Module;
  /** Whether the memory is shared (threads possible). */
  readonly shared: boolean;
  private readonly heap: HeapAllocator;
  private readonly argsPtr: number;
  private u8: Uint8Array;
  private i32: Int32Array;
  private liveBytes = 0;
  private liveBuffers = 0;
  private pool: ThreadPool | undefined;
  /** Exports of the wasm extensions instantiated here, by extension index. */
  private readonly extensions: (object | undefined)[] = [];
  /** Jobs that ran on more than one thread (for tests and benchmarks). */
  threadedJobs = 0;
  private readonly scratchBlocks: number[] = [];
  private disposed = false;

  /**
   * Wrap a loaded kernels module (see `loadKernelsSync` / `loadKernels`); the engine's `wasm` registration
   * does this, so applications rarely construct one.
   *
   * @internal
   */
  constructor(loaded: LoadedKernels) {
    this.k = loaded.exports;
    this.wasmMemory = loaded.memory;
    this.module = loaded.module;
    this.shared = loaded.shared;
    this.u8 = new Uint8Array(this.wasmMemory.buffer);
    this.i32 = new Int32Array(this.wasmMemory.buffer);
    this.heap = new HeapAllocator(this.k.heap_base(), this.wasmMemory.buffer.byteLength, (bytes) =>
      this.growTo(bytes),
    );
    this.argsPtr = this.heap.alloc(ARGS_BYTES);
  }

  private growTo(bytes: number): number {
    const have = this.wasmMemory.buffer.byteLength;
    const pages = have / 65536;
    // grow by at least half of what we have, to keep the number of grows small
    const need = Math.ceil(bytes / 65536);
    const target = Math.min(MAX_PAGES, Math.max(need, Math.ceil(pages * 1.5)));
    if (need > MAX_PAGES) this.outOfMemory(bytes);
    try {
      this.wasmMemory.grow(target - pages);
    } catch {
      try {
        this.wasmMemory.grow(need - pages);
      } catch {
        this.outOfMemory(bytes);
      }
    }
    this.u8 = new Uint8Array(this.wasmMemory.buffer);
    this.i32 = new Int32Array(this.wasmMemory.buffer);
    return this.wasmMemory.buffer.byteLength;
  }

  private outOfMemory(bytes: number): never {
    throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
      fn: 'wasm',
      backend: 'wasm',
      reason: `out of memory: cannot grow the wasm heap to ${bytes} bytes (it holds ${this.liveBytes} bytes in ${this.liveBuffers} buffers)`,
    });
  }

  /** `float32`, `int32`, `uint8` and `bool`; not `float64` (a cpu-only reference dtype). */
  supportsDType(dtype: DType): boolean {
    return dtype !== 'float64';
  }

  /** Allocate a buffer for `size` elements of `dtype` (contents undefined). */
  alloc(size: number, dtype: DType): WasmData {
    const bytes = size * bytesPerElement(dtype);
    const ptr = bytes === 0 ? 0 : this.heap.alloc(bytes);
    this.liveBytes += bytes;
    this.liveBuffers++;
    return new WasmData(ptr, bytes, dtype);
  }

  /** A new output tensor of `shape` and `dtype` (contents undefined until the kernel writes them). */
  output(
    shape: readonly number[],
    dtype: DType,
  ): TensorInfo & {
    /** The freshly allocated heap block that will hold the output. */
    dataId: WasmData;
  } {
    return { dataId: this.alloc(sizeOf(shape), dtype), shape, dtype };
  }

  /** Copy `values` into the heap. */
  write(values: TypedArray, _shape: readonly number[], dtype: DType): DataId {
    const data = this.alloc(values.length, dtype);
    if (data.bytes > 0) this.u8.set(new Uint8Array(values.buffer, values.byteOffset, data.bytes), data.ptr);
    return data;
  }

  /** Address of a tensor's data. */
  ptr(info: TensorInfo): number {
    return (info.dataId as WasmData).ptr;
  }

  /** A fresh copy of a buffer. */
  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  /** A fresh copy of a buffer. */
  readSync(dataId: DataId): TypedArray {
    const d = dataId as WasmData;
    const out = allocate(d.dtype, d.bytes / bytesPerElement(d.dtype));
    if (d.bytes > 0) new Uint8Array(out.buffer).set(this.u8.subarray(d.ptr, d.ptr + d.bytes));
    return out;
  }

  /** Free a buffer. */
  disposeData(dataId: DataId): void {
    const d = dataId as WasmData;
    if (d.ptr < 0 || this.disposed) return;
    if (d.bytes > 0) this.heap.free(d.ptr);
    d.ptr = -1;
    this.liveBytes -= d.bytes;
    this.liveBuffers--;
  }

  /** Bytes and buffers held by tensors. */
  memory(): BackendMemory {
    return { numBytes: this.liveBytes, numDataBuffers: this.liveBuffers };
  }

  /** @internal A view of the whole linear memory (tests check bytes around buffers with it). */
  heapView(): Uint8Array {
    return this.u8;
  }

  /** The allocator's counters and the size of the linear memory. */
  heapStats(): HeapStats & {
    /** Current size of the wasm linear memory, in bytes (it only grows). */
    memoryBytes: number;
  } {
    return { ...this.heap.stats(), memoryBytes: this.wasmMemory.buffer.byteLength };
  }

  /** Stop the worker threads and free every buffer (the backend is unusable afterwards). */
  dispose(): void {
    this.pool?.dispose();
    this.pool = undefined;
    this.heap.reset();
    this.liveBytes = 0;
    this.liveBuffers = 0;
    this.disposed = true;
  }

  // ---- helpers for kernels ----------------------------------------------------------------------

  /**
   * The exports of a wasm extension instantiated over this backend's memory (see `defineWasmExtension`).
   * The first call for an extension instantiates it and restarts the worker threads (lazily, at the next
   * threaded job), so that they run its tiles too.
   */
  extensionExports(ext: WasmExtension<object>): object {
    const have = this.extensions[ext.index];
    if (have !== undefined) return have;
    const { exports } = new WebAssembly.Instance(ext.module(), { env: { memory: this.wasmMemory } });
    this.extensions[ext.index] = exports;
    this.pool?.dispose();
    this.pool = undefined;
    return exports;
  }

  /** Write int32 `values` to the argument block and return its address (valid until the next call). */
  args(values: readonly number[]): number {
    if (values.length * 4 > ARGS_BYTES)
      throw new Error(`wasm: ${values.length} kernel arguments exceed the block`);
    const view = this.i32;
    const base = this.argsPtr >> 2;
    for (let i = 0; i < values.length; i++) view[base + i] = values[i]!;
    return this.argsPtr;
  }

  /** Copy int32 `values` to `ptr`. */
  writeInt32(ptr: number, values: Int32Array): void {
    this.i32.set(values, ptr >> 2);
  }

  /** Temporary bytes for one kernel call; release with {@link release}. */
  scratch(bytes: number): number {
    const p = this.heap.alloc(bytes);
    this.scratchBlocks.push(p);
    return p;
  }

  /** Free the scratch taken by the current kernel. */
  release(): void {
    for (const p of this.scratchBlocks) this.heap.free(p);
    this.scratchBlocks.length = 0;
  }

  /** Copy `bytes` bytes inside the heap. */
  copyWithin(dst: number, src: number, bytes: number): void {
    if (bytes > 0) this.k.copy_bytes(dst, src, bytes);
  }

  /** The thread count kernels use now: the request (default: one per core), 1 without shared memory. */
  threads(): number {
    if (!this.shared || !canSpawnWorkers()) return 1;
    const want = requestedThreads() > 0 ? requestedThreads() : hardwareThreads();
    return Math.max(1, Math.min(want, MAX_WORKERS + 1));
  }

  /** Worker threads started and ready (tests use it to wait for the pool). */
  readyWorkers(): number {
    return this.pool?.readyCount() ?? 0;
  }

  /** Start the workers the current thread count needs (normally they start at the first large job). */
  startWorkers(): void {
    const helpers = this.threads() - 1;
    if (helpers <= 0) return;
    this.pool ??= new ThreadPool(
      [
        this.module,
        ...wasmExtensions().map((e, i) => (this.extensions[i] === undefined ? null : e.module())),
      ],
      this.wasmMemory,
    );
    this.pool.ensure(helpers);
  }

  /**
   * Run a tiled kernel on every thread; `runLocal` computes one tile on this thread with the given scratch.
   * Each thread gets `scratchBytes` of scratch; at most `maxThreads` threads take part. `kernel` is the id the
   * workers pass to `run_tile`: one of core's, or an extension's `ext.tileKernel(id)`.
   */
  runTiles(
    kernel: number,
    args: number,
    tiles: number,
    scratchBytes: number,
    runLocal: (tile: number, scratch: number) => void,
    maxThreads = Number.POSITIVE_INFINITY,
  ): void {
    const threads = Math.min(this.threads(), tiles, maxThreads);
    if (threads > 1) this.startWorkers();
    const helpers = Math.min(threads - 1, this.pool?.readyCount() ?? 0);
    const stride = Math.ceil(scratchBytes / 64) * 64;
    // no scratch asked for: no heap block (address 0, as the kernels package's local path passes)
    const scratch = stride === 0 ? 0 : this.scratch(stride * (helpers + 1));
    const job: TileJob = { kernel, args, tiles, scratch, scratchStride: stride };
    if (helpers <= 0 || this.pool === undefined) {
      for (let t = 0; t < tiles; t++) runLocal(t, scratch);
    } else {
      this.threadedJobs++;
      this.pool.run(job, helpers, runLocal);
    }
  }
}

/** Register `impl` as the `wasm` implementation of `kernel`; scratch taken by the kernel is freed after it. */
export function defineWasmKernel<K extends KernelName>(kernel: K, impl: KernelImpl<K, WasmBackend>): void {
  registerKernel<K, WasmBackend>(kernel, 'wasm', (args) => {
    try {
      return impl(args);
    } finally {
      args.backend.release();
    }
  });
}
