import type { DType, TypedArray } from '../tensor/dtype.js';

/** Opaque handle to a buffer owned by a backend. */
export type DataId = object;

/** What a kernel sees of a tensor: its buffer handle, shape and dtype. */
export interface TensorInfo {
  /** Buffer handle on the executing backend. */
  readonly dataId: DataId;
  /** Shape. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
}

/** Memory held by one backend. */
export interface BackendMemory {
  /** Bytes held in live buffers. */
  numBytes: number;
  /** Number of live buffers. */
  numDataBuffers: number;
}

/**
 * A compute backend: owns buffers and runs kernels registered for its name.
 *
 * Backends never validate arguments: public ops do that before a kernel runs.
 */
export interface Backend {
  /** Registry name, e.g. `'cpu'`. */
  readonly name: string;
  /** Whether the backend can store tensors of this dtype. */
  supportsDType(dtype: DType): boolean;
  /** Store `values` (ownership passes to the backend) and return its handle. */
  write(values: TypedArray, shape: readonly number[], dtype: DType): DataId;
  /** Read a buffer; the result is a fresh copy the caller may keep. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Read a buffer synchronously (a fresh copy); absent on backends that cannot. */
  readSync?(dataId: DataId): TypedArray;
  /** Free a buffer. */
  disposeData(dataId: DataId): void;
  /** Bytes and buffers held. */
  memory(): BackendMemory;
  /** Release everything the backend holds. */
  dispose(): void;
}
