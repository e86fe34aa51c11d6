import type { Backend, BackendMemory, DataId, TensorInfo } from '../../backend/backend.js';
import { type KernelImpl, type KernelName, registerKernel } from '../../backend/registry.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';

/**
 * The reference backend: plain TypeScript loops over typed arrays.
 *
 * Simple and obviously right: every other backend is tested against it. It is the only
 * backend that stores `float64`.
 */
export class CpuBackend implements Backend {
  /** Registry name. */
  readonly name = 'cpu';
  private readonly buffers = new Map<DataId, TypedArray>();
  private bytes = 0;

  /** Every dtype, `float64` included. */
  supportsDType(_dtype: DType): boolean {
    return true;
  }

  /** Keep `values` (no copy: the caller hands over ownership). */
  write(values: TypedArray, _shape: readonly number[], _dtype: DType): DataId {
    const id = {};
    this.buffers.set(id, values);
    this.bytes += values.byteLength;
    return id;
  }

  /** The stored array itself, for kernels (never hand it to users: they get `read` copies). */
  values(info: TensorInfo): TypedArray {
    return this.buffers.get(info.dataId)!;
  }

  /** Wrap a fresh array as a kernel output. */
  output(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape, dtype };
  }

  /** A copy of the buffer. */
  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  /** A copy of the buffer. */
  readSync(dataId: DataId): TypedArray {
    return this.buffers.get(dataId)!.slice();
  }

  /** Free a buffer. */
  disposeData(dataId: DataId): void {
    const b = this.buffers.get(dataId);
    if (b === undefined) return;
    this.bytes -= b.byteLength;
    this.buffers.delete(dataId);
  }

  /** Bytes and buffers held. */
  memory(): BackendMemory {
    return { numBytes: this.bytes, numDataBuffers: this.buffers.size };
  }

  /** Drop every buffer. */
  dispose(): void {
    this.buffers.clear();
    this.bytes = 0;
  }
}

/** Register `impl` as the `cpu` implementation of `kernel`. */
export function defineCpuKernel<K extends KernelName>(kernel: K, impl: KernelImpl<K, CpuBackend>): void {
  registerKernel(kernel, 'cpu', impl);
}
