/// <reference types="@webgpu/types" />
import type { Backend, BackendMemory, DataId, TensorInfo } from '../../backend/backend.js';
import { type KernelImpl, type KernelName, registerKernel } from '../../backend/registry.js';
import { SparselandError } from '../../errors/sparseland-error.js';
import { sizeOf } from '../../internal/shape.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { BufferPool, type PoolStats, READBACK_USAGE, STORAGE_USAGE, UNIFORM_USAGE } from './buffer-pool.js';
import { type AcquiredDevice, type DeviceOptions, requestDevice } from './device.js';
import { type Dispatch, type GpuProgram, shaderSource } from './program.js';

/** A tensor buffer on the GPU. */
interface GpuData {
  /** Pool buffer (its size is the size class, at least 16 bytes). */
  buffer: GPUBuffer;
  /** Elements. */
  size: number;
  /** Element type (storage: see `program.ts`). */
  dtype: DType;
}

/** Options of {@link WebGPUBackend.create}. */
export interface WebGPUBackendOptions extends DeviceOptions {
  /** Called once when the device is lost (not after `dispose()`). */
  onLost?: (error: SparselandError<'SPARSELAND__CORE__DEVICE_LOST'>) => void;
  /** Dispatches encoded before a submit (default 16, as onnxruntime-web). */
  submitEvery?: number;
}

/** Counters of GPU work, for tests and profiling. */
export interface WebGPUCounters {
  /** Compute dispatches encoded. */
  dispatches: number;
  /** `queue.submit` calls. */
  submits: number;
  /** Buffers read back to the host. */
  reads: number;
  /** Buffers written from the host. */
  writes: number;
  /** Pipelines compiled (cache misses). */
  pipelines: number;
}

/** Bytes per stored element: every dtype takes 32 bits on the GPU (see `program.ts`). */
const ELEMENT_BYTES = 4;

/** `GPUShaderStage.COMPUTE`. */
const COMPUTE_STAGE = 0x4;

/**
 * The `webgpu` backend: tensors live in GPU storage buffers and every core kernel is a WGSL compute shader.
 *
 * - **Device**: `navigator.gpu` in browsers, Dawn (the optional `webgpu` package) in Node; limits requested
 *   at the adapter's values.
 * - **Pipelines** are cached by the program key (kernel name plus dtypes, ranks and flags, never shapes);
 *   shapes and attribute values travel in a uniform buffer per dispatch.
 * - **Buffers** come from a pool (see {@link WebGPUBackend.poolStats}) keyed by size class and usage; a
 *   disposed tensor's buffer is reused only after the commands already encoded with it are submitted, so
 *   disposing a tensor that a queued command still reads is safe.
 * - **Batching**: dispatches share one compute pass and are submitted every `submitEvery` dispatches and
 *   before every readback; nothing waits for the GPU until `read()`.
 * - **Readback** copies into a `MAP_READ` staging buffer and keeps a copy of the mapped range.
 * - **No `readSync`**: `dataSync()` raises `SYNC_UNSUPPORTED`. Since the engine's `cpu` fallback needs
 *   synchronous reads, every core kernel has a WGSL implementation here.
 * - **Errors**: a lost device raises `DEVICE_LOST` from every later call (and from pending reads); an
 *   uncaptured GPU error raises `GPU_VALIDATION` from the next call; a tensor larger than
 *   `maxStorageBufferBindingSize` raises `BUFFER_TOO_LARGE` before anything is dispatched.
 * - `float64` is not stored (`DTYPE_MISMATCH`); the engine keeps float64 tensors on `cpu`.
 */
export class WebGPUBackend implements Backend {
  /** Registry name. */
  readonly name = 'webgpu';
  /** The device. */
  readonly device: GPUDevice;
  /** The adapter's description (`vendor`, `architecture`, `device`, `description`) as far as it gives one. */
  readonly adapterInfo: Readonly<Record<string, string>>;
  /** Whether the adapter is a software fallback (lavapipe, SwiftShader). */
  readonly isFallbackAdapter: boolean;
  /** Largest buffer a kernel may bind, in bytes (`maxStorageBufferBindingSize`). */
  readonly maxBindingBytes: number;
  /** Dispatches encoded before a submit. */
  readonly submitEvery: number;
  /** Counters of GPU work since the backend started. */
  readonly counters: WebGPUCounters = { dispatches: 0, submits: 0, reads: 0, writes: 0, pipelines: 0 };

  private readonly pool: BufferPool;
  private readonly datas = new Map<DataId, GpuData>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private queued = 0;
  private disposed = false;
  private timestamps: { querySet: GPUQuerySet; capacity: number; next: number } | undefined;
  private lostError: SparselandError<'SPARSELAND__CORE__DEVICE_LOST'> | undefined;
  private gpuError: SparselandError<'SPARSELAND__CORE__GPU_VALIDATION'> | undefined;

  /**
   * Acquire a device and start the backend.
   *
   * @throws Error when there is no WebGPU implementation or adapter (the engine reports it as
   * `BACKEND_UNAVAILABLE`).
   * @example
   * ```ts
   * registerBackend('webgpu', () => WebGPUBackend.create(), 0); // what register.ts does
   * await setBackend('webgpu');
   * ```
   */
  static async create(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
    const acquired = await requestDevice(options);
    return new WebGPUBackend(acquired, options);
  }

  /** @internal Start on an acquired device (prefer {@link WebGPUBackend.create}). */
  constructor(acquired: AcquiredDevice, options: WebGPUBackendOptions = {}) {
    this.device = acquired.device;
    this.adapterInfo = Object.freeze({ ...acquired.adapterInfo });
    this.isFallbackAdapter = acquired.isFallbackAdapter;
    this.maxBindingBytes = this.device.limits.maxStorageBufferBindingSize;
    this.submitEvery = Math.max(1, options.submitEvery ?? 16);
    this.pool = new BufferPool(this.device);
    const device = this.device;
    device.lost.then((info) => {
      if (this.disposed) return;
      this.lostError = new SparselandError('SPARSELAND__CORE__DEVICE_LOST', {
        fn: 'webgpu',
        backend: this.name,
        reason: info.reason ?? 'unknown',
        message: info.message,
      });
      // tensors of a lost device cannot move to a new one: reading them synchronously (which the engine
      // does to move a tensor between backends) reports the loss rather than SYNC_UNSUPPORTED
      Object.defineProperty(this, 'readSync', {
        configurable: true,
        value: (): never => {
          throw this.lostError;
        },
      });
      options.onLost?.(this.lostError);
    });
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.gpuError ??= new SparselandError('SPARSELAND__CORE__GPU_VALIDATION', {
        fn: 'webgpu',
        backend: this.name,
        kind: errorKind(ev.error),
        message: ev.error.message,
      });
    };
  }

  /** Whether the device was lost (the backend then only reports `DEVICE_LOST`). */
  get isLost(): boolean {
    return this.lostError !== undefined;
  }

  /** `float32`, `int32`, `uint8` and `bool`; not `float64`. */
  supportsDType(dtype: DType): boolean {
    return dtype !== 'float64';
  }

  /** Throw the device loss or a pending GPU error, naming `fn`. */
  check(fn: string): void {
    if (this.lostError !== undefined) {
      throw new SparselandError('SPARSELAND__CORE__DEVICE_LOST', { ...this.lostError.context, fn });
    }
    if (this.gpuError !== undefined) {
      const e = this.gpuError;
      this.gpuError = undefined;
      throw new SparselandError('SPARSELAND__CORE__GPU_VALIDATION', { ...e.context, fn });
    }
  }

  /** Throw BUFFER_TOO_LARGE unless a tensor of `shape` fits one binding. */
  checkSize(shape: readonly number[], dtype: DType, fn: string): void {
    const bytes = sizeOf(shape) * ELEMENT_BYTES;
    if (bytes > this.maxBindingBytes) {
      throw new SparselandError('SPARSELAND__CORE__BUFFER_TOO_LARGE', {
        fn,
        backend: this.name,
        bytes,
        limit: this.maxBindingBytes,
        shape: [...shape],
        dtype,
      });
    }
  }

  /** Upload `values` into a new buffer. */
  write(values: TypedArray, shape: readonly number[], dtype: DType): DataId {
    if (dtype === 'float64') {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn: 'webgpu.write',
        arg: 'dtype',
        expected: "be a dtype backend 'webgpu' stores (float32, int32, uint8 or bool)",
        actual: dtype,
      });
    }
    this.check('write');
    this.checkSize(shape, dtype, 'write');
    const info = this.allocate(shape, dtype, 'tensor');
    if (values.length > 0) {
      const words =
        values instanceof Float32Array || values instanceof Int32Array ? values : Uint32Array.from(values);
      const buffer = this.datas.get(info.dataId)!.buffer;
      this.device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, words.byteLength);
      this.counters.writes++;
    }
    return info.dataId;
  }

  /** A new, uninitialised output tensor of `shape` and `dtype` for a kernel. */
  output(shape: readonly number[], dtype: DType, fn: string): TensorInfo {
    this.check(fn);
    this.checkSize(shape, dtype, fn);
    return this.allocate(shape, dtype, fn);
  }

  private allocate(shape: readonly number[], dtype: DType, label: string): TensorInfo {
    const size = sizeOf(shape);
    const buffer = this.pool.acquire(Math.max(size * ELEMENT_BYTES, ELEMENT_BYTES), STORAGE_USAGE, label);
    const dataId: DataId = {};
    this.datas.set(dataId, { buffer, size, dtype });
    return { dataId, shape: [...shape], dtype };
  }

  /** Copy a buffer back to the host (a fresh typed array). */
  async read(dataId: DataId): Promise<TypedArray> {
    this.check('read');
    const d = this.datas.get(dataId);
    if (d === undefined) throw new Error('webgpu.read: unknown buffer (disposed?)');
    this.counters.reads++;
    if (d.size === 0) return storageView(new ArrayBuffer(0), d.dtype);
    const bytes = d.size * ELEMENT_BYTES;
    const staging = this.pool.acquire(bytes, READBACK_USAGE, 'readback');
    this.endPass();
    this.encoder ??= this.device.createCommandEncoder({ label: 'sparseland' });
    this.encoder.copyBufferToBuffer(d.buffer, 0, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(0x0001 /* GPUMapMode.READ */, 0, bytes);
    } catch (e) {
      this.pool.release(staging);
      throw await this.mapFailure(e);
    }
    const copy = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    this.pool.release(staging, true);
    this.check('read');
    return storageView(copy, d.dtype);
  }

  /** The error to report when `mapAsync` fails: the device loss when that is why. */
  private async mapFailure(e: unknown): Promise<SparselandError> {
    if (this.lostError === undefined) {
      // the lost promise may settle just after the failed map
      await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, 200))]);
    }
    if (this.lostError !== undefined) {
      return new SparselandError('SPARSELAND__CORE__DEVICE_LOST', { ...this.lostError.context, fn: 'read' });
    }
    return new SparselandError('SPARSELAND__CORE__GPU_VALIDATION', {
      fn: 'read',
      backend: this.name,
      kind: 'validation',
      message: e instanceof Error ? e.message : String(e),
    });
  }

  /** Free a buffer: it goes back to the pool once the commands already encoded with it are submitted. */
  disposeData(dataId: DataId): void {
    const d = this.datas.get(dataId);
    if (d === undefined) return;
    this.datas.delete(dataId);
    if (this.lostError !== undefined || this.disposed) {
      this.pool.release(d.buffer, true);
      return;
    }
    this.pool.release(d.buffer, this.encoder === undefined);
  }

  /** GPU bytes held by live tensors (their size classes) and the number of live tensor buffers. */
  memory(): BackendMemory {
    let numBytes = 0;
    for (const d of this.datas.values()) numBytes += d.buffer.size;
    return { numBytes, numDataBuffers: this.datas.size };
  }

  /** The buffer pool's counts (in use, pending, free, created), for leak tests. */
  poolStats(): PoolStats {
    return this.pool.stats();
  }

  /** Number of compiled pipelines (one per distinct program key). */
  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** The cached program keys, sorted. */
  pipelineKeys(): string[] {
    return [...this.pipelines.keys()].sort();
  }

  /** The GPU buffer of a tensor (for kernels that copy buffers). */
  bufferOf(info: TensorInfo): GPUBuffer {
    return this.datas.get(info.dataId)!.buffer;
  }

  /** Encode one dispatch (skipped when a workgroup count is 0). */
  run(d: Dispatch): void {
    this.check(d.program.key.split(':')[0] ?? 'webgpu');
    const [x, y, z] = d.workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const nIn = d.inputs.length;
    const nOut = d.outputs.length;
    const { group } = this.layout(nIn, nOut);
    const pipeline = this.pipeline(d.program, nIn, nOut);
    const words = d.uniforms.bytes();
    const uniform = this.pool.acquire(words.byteLength, UNIFORM_USAGE, 'uniforms');
    this.device.queue.writeBuffer(uniform, 0, words.buffer, words.byteOffset, words.byteLength);
    const entries: GPUBindGroupEntry[] = [];
    for (const t of [...d.inputs, ...d.outputs]) {
      const data = this.datas.get(t.dataId)!;
      entries.push({
        binding: entries.length,
        resource: { buffer: data.buffer, offset: 0, size: Math.max(data.size, 1) * ELEMENT_BYTES },
      });
    }
    entries.push({
      binding: entries.length,
      resource: { buffer: uniform, offset: 0, size: words.byteLength },
    });
    const bindGroup = this.device.createBindGroup({ layout: group, entries, label: d.program.key });
    this.encoder ??= this.device.createCommandEncoder({ label: 'sparseland' });
    this.pass ??= this.encoder.beginComputePass(this.passDescriptor());
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(x, y, z);
    this.pool.release(uniform);
    this.counters.dispatches++;
    if (++this.queued >= this.submitEvery) this.flush();
  }

  /** Submit everything encoded so far (reads do this themselves). */
  flush(): void {
    this.endPass();
    if (this.encoder === undefined) return;
    const commands = this.encoder.finish();
    this.encoder = undefined;
    this.queued = 0;
    this.device.queue.submit([commands]);
    this.counters.submits++;
    this.pool.recycle();
  }

  /** Wait until the GPU has finished everything submitted (flushes first). */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync');
  }

  private passDescriptor(): GPUComputePassDescriptor {
    const t = this.timestamps;
    if (t === undefined || t.next + 2 > t.capacity) return { label: 'sparseland' };
    const begin = t.next;
    t.next += 2;
    return {
      label: 'sparseland',
      timestampWrites: {
        querySet: t.querySet,
        beginningOfPassWriteIndex: begin,
        endOfPassWriteIndex: begin + 1,
      },
    };
  }

  /** Whether the device can write GPU timestamps (`timestamp-query`). */
  get hasTimestamps(): boolean {
    return this.device.features.has('timestamp-query');
  }

  /**
   * Start timing compute passes on the GPU: every pass opened from now on writes timestamps at its beginning
   * and end, up to `passes` passes (at most 2048: a query set holds 4096; later passes go untimed). For
   * benchmarks; needs {@link hasTimestamps}.
   */
  startPassTimestamps(passes = 2048): void {
    this.flush();
    this.timestamps?.querySet.destroy();
    this.timestamps = {
      querySet: this.device.createQuerySet({
        type: 'timestamp',
        count: passes * 2,
        label: 'sparseland timing',
      }),
      capacity: passes * 2,
      next: 0,
    };
  }

  /**
   * Stop timing: submit, wait, and return the GPU time of the timed passes (the sum of their durations, in
   * milliseconds; gaps between passes are not counted) and how many passes were timed.
   */
  async stopPassTimestamps(): Promise<{
    /** Summed GPU duration of the timed passes, in milliseconds. */
    ms: number;
    /** Number of passes that were timed. */
    passes: number;
  }> {
    const t = this.timestamps;
    this.flush();
    this.timestamps = undefined;
    if (t === undefined || t.next === 0) {
      t?.querySet.destroy();
      return { ms: 0, passes: 0 };
    }
    const bytes = t.next * 8;
    const resolve = this.device.createBuffer({
      size: bytes,
      usage: 0x0200 | 0x0004 /* QUERY_RESOLVE | COPY_SRC */,
    });
    const staging = this.device.createBuffer({ size: bytes, usage: READBACK_USAGE });
    const encoder = this.device.createCommandEncoder({ label: 'sparseland timing' });
    encoder.resolveQuerySet(t.querySet, 0, t.next, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(0x0001, 0, bytes);
    const stamps = new BigUint64Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    let ns = 0n;
    for (let i = 0; i + 1 < stamps.length; i += 2)
      if (stamps[i + 1]! > stamps[i]!) ns += stamps[i + 1]! - stamps[i]!;
    staging.destroy();
    resolve.destroy();
    t.querySet.destroy();
    return { ms: Number(ns) / 1e6, passes: t.next / 2 };
  }

  private endPass(): void {
    if (this.pass !== undefined) {
      this.pass.end();
      this.pass = undefined;
    }
  }

  private layout(nIn: number, nOut: number): { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout } {
    const key = `${nIn}:${nOut}`;
    let l = this.layouts.get(key);
    if (l === undefined) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < nIn; i++)
        entries.push({ binding: i, visibility: COMPUTE_STAGE, buffer: { type: 'read-only-storage' } });
      for (let i = 0; i < nOut; i++)
        entries.push({ binding: nIn + i, visibility: COMPUTE_STAGE, buffer: { type: 'storage' } });
      entries.push({ binding: nIn + nOut, visibility: COMPUTE_STAGE, buffer: { type: 'uniform' } });
      const group = this.device.createBindGroupLayout({ entries, label: `sparseland ${key}` });
      const pipeline = this.device.createPipelineLayout({
        bindGroupLayouts: [group],
        label: `sparseland ${key}`,
      });
      l = { group, pipeline };
      this.layouts.set(key, l);
    }
    return l;
  }

  private pipeline(program: GpuProgram, nIn: number, nOut: number): GPUComputePipeline {
    let p = this.pipelines.get(program.key);
    if (p === undefined) {
      const code = shaderSource(program.spec(), program.uniformWords);
      const module = this.device.createShaderModule({ code, label: program.key });
      if (typeof module.getCompilationInfo === 'function') {
        module.getCompilationInfo().then(
          (info) => {
            const errors = info.messages.filter((m) => m.type === 'error');
            if (errors.length > 0 && this.gpuError === undefined) {
              this.gpuError = new SparselandError('SPARSELAND__CORE__GPU_VALIDATION', {
                fn: program.key,
                backend: this.name,
                kind: 'validation',
                message: `WGSL of '${program.key}' does not compile: ${errors
                  .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`)
                  .join('; ')}`,
              });
            }
          },
          () => {},
        );
      }
      p = this.device.createComputePipeline({
        layout: this.layout(nIn, nOut).pipeline,
        compute: { module, entryPoint: 'main' },
        label: program.key,
      });
      this.pipelines.set(program.key, p);
      this.counters.pipelines++;
    }
    return p;
  }

  /** Destroy every buffer and the device. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pass = undefined;
    this.encoder = undefined;
    this.pool.destroy();
    this.datas.clear();
    this.pipelines.clear();
    this.layouts.clear();
    this.device.destroy();
  }
}

function errorKind(error: GPUError): string {
  const name = error.constructor?.name ?? '';
  return name === 'GPUOutOfMemoryError'
    ? 'out-of-memory'
    : name === 'GPUInternalError'
      ? 'internal'
      : 'validation';
}

/** Host typed array for stored words: `uint8` and `bool` come back from `u32` words. */
function storageView(bytes: ArrayBuffer, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes);
    case 'int32':
      return new Int32Array(bytes);
    default:
      return Uint8Array.from(new Uint32Array(bytes));
  }
}

/** Register `impl` as the `webgpu` implementation of `kernel`. */
export function defineGpuKernel<K extends KernelName>(kernel: K, impl: KernelImpl<K, WebGPUBackend>): void {
  registerKernel(kernel, 'webgpu', impl);
}
