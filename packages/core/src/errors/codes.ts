/**
 * Stable error codes of `@sparseland/core`, with the typed context each one carries.
 *
 * Codes are append-only: never renumbered, renamed or reused. Other packages define their own
 * codes (`SPARSELAND__KERNELS__…`) through declaration merging on {@link SparselandErrorContexts}.
 *
 * @module
 */

/** Where an argument error happened: the function, the argument, what was expected and what was given. */
export interface ArgumentContext {
  /** Public function or method that rejected the input, e.g. `'matmul'`. */
  fn: string;
  /** Argument name, possibly with a path, e.g. `'b'` or `'b.shape[0]'`. */
  arg: string;
  /** What was expected, phrased to follow "must", e.g. `'have 3 rows (a.shape[1])'`. */
  expected: string;
  /** What was given. */
  actual: string | number | boolean | null;
}

/** Context for errors raised while decoding a safetensors file. */
export interface SafetensorsContext {
  /** Function that decoded the bytes. */
  fn: string;
  /** What is wrong, e.g. `'header length 9999 exceeds file size 120'`. */
  reason: string;
  /** Tensor name the problem belongs to, when there is one. */
  tensor?: string;
}

/** Context of DISPOSED errors. */
export interface DisposedContext {
  /** Function that received the disposed tensor. */
  fn: string;
  /** Id of the disposed tensor. */
  tensorId: number;
}

/** Context naming a function and a backend. */
export interface BackendContext {
  /** Function that failed. */
  fn: string;
  /** Backend name. */
  backend: string;
}

/** Context of BACKEND_UNAVAILABLE errors. */
export interface BackendUnavailableContext extends BackendContext {
  /** Why it is unavailable. */
  reason: string;
}

/** Context of NOT_DIFFERENTIABLE errors. */
export interface NotDifferentiableContext {
  /** Function that needed the gradient. */
  fn: string;
  /** Kernel without a gradient. */
  kernel: string;
}

/** Context of KERNEL_MISSING errors. */
export interface KernelContext {
  /** Kernel name. */
  kernel: string;
  /** Active backend. */
  backend: string;
}

/** Context of STATE_DICT_MISMATCH errors. */
export interface StateDictContext {
  /** Function that loaded the state dict. */
  fn: string;
  /** Names the module has but the dict lacks. */
  missing: string[];
  /** Names the dict has but the module lacks. */
  unexpected: string[];
  /** What else is wrong (e.g. a shape), or a summary. */
  reason: string;
}

/** Context of DEVICE_LOST errors: a GPU device stopped working (destroyed, driver reset, out of memory). */
export interface DeviceLostContext extends BackendContext {
  /** The reason the device reported (`'destroyed'` or `'unknown'`). */
  reason: string;
  /** The device's own message. */
  message: string;
  /** Whether tensors keep their data (`webgl` keeps it on the host); by default they are gone. */
  dataKept?: boolean;
}

/** Context of GPU_VALIDATION errors: the GPU rejected a command (a validation, out-of-memory or internal error). */
export interface GpuErrorContext extends BackendContext {
  /** Kind of GPU error: `'validation'`, `'out-of-memory'` or `'internal'`. */
  kind: string;
  /** The device's message. */
  message: string;
}

/** Context of BUFFER_TOO_LARGE errors. */
export interface BufferTooLargeContext extends BackendContext {
  /** Bytes the buffer would need. */
  bytes: number;
  /** The device's limit (`maxStorageBufferBindingSize`) in bytes. */
  limit: number;
  /** Shape of the tensor. */
  shape: number[];
  /** Its dtype. */
  dtype: string;
}

/** Context of TEXTURE_TOO_LARGE errors. */
export interface TextureTooLargeContext extends BackendContext {
  /** Elements the tensor has. */
  elements: number;
  /** Most elements one texture of the backend holds. */
  limit: number;
  /** Shape of the tensor. */
  shape: number[];
}

/**
 * Map from every error code to the type of its `context`.
 *
 * Packages extend it by declaration merging:
 * ```ts
 * declare module '@sparseland/core' {
 *   interface SparselandErrorContexts { SPARSELAND__KERNELS__BAD_STRUCTURE: ArgumentContext }
 * }
 * ```
 */
export interface SparselandErrorContexts {
  /** An argument has the wrong type or an invalid value. */
  SPARSELAND__CORE__INVALID_ARGUMENT: ArgumentContext;
  /** Shapes of arguments are incompatible (broadcasting, matmul inner dimensions, concat, ...). */
  SPARSELAND__CORE__SHAPE_MISMATCH: ArgumentContext;
  /** An argument has a dtype the function does not accept. */
  SPARSELAND__CORE__DTYPE_MISMATCH: ArgumentContext;
  /** An axis, index or count is outside its allowed range. */
  SPARSELAND__CORE__OUT_OF_RANGE: ArgumentContext;
  /** A tensor was used after `dispose()`. */
  SPARSELAND__CORE__DISPOSED: DisposedContext;
  /** No backend of that name is registered, or it failed to initialise. */
  SPARSELAND__CORE__BACKEND_UNAVAILABLE: BackendUnavailableContext;
  /** A kernel has no implementation on the active backend nor on `cpu`. */
  SPARSELAND__CORE__KERNEL_MISSING: KernelContext;
  /** The operation cannot run synchronously on the tensor's backend (e.g. `dataSync` on a GPU). */
  SPARSELAND__CORE__SYNC_UNSUPPORTED: BackendContext;
  /** A gradient was requested through an operation that has none. */
  SPARSELAND__CORE__NOT_DIFFERENTIABLE: NotDifferentiableContext;
  /** A safetensors buffer is malformed or unsafe to read. */
  SPARSELAND__CORE__SAFETENSORS_INVALID: SafetensorsContext;
  /** A state dict does not match a module's parameters (missing, unexpected, or shape differs). */
  SPARSELAND__CORE__STATE_DICT_MISMATCH: StateDictContext;
  /** A GPU device was lost; its tensors are gone until the backend is started again with `setBackend`. */
  SPARSELAND__CORE__DEVICE_LOST: DeviceLostContext;
  /** The GPU reported an error for a command (validation, out of memory, internal). */
  SPARSELAND__CORE__GPU_VALIDATION: GpuErrorContext;
  /** A tensor needs a GPU buffer larger than the device can bind; rejected before any dispatch. */
  SPARSELAND__CORE__BUFFER_TOO_LARGE: BufferTooLargeContext;
  /** A tensor has more elements than one WebGL texture holds; rejected before any dispatch. */
  SPARSELAND__CORE__TEXTURE_TOO_LARGE: TextureTooLargeContext;
}

/** Every known error code. */
export type SparselandErrorCode = keyof SparselandErrorContexts;
