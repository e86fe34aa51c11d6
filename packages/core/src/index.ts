/**
 * `@sparseland/core`: tensors, backends, the kernel registry, autograd, optimizers, layers,
 * safetensors I/O, seeded random numbers and typed errors.
 *
 * @example
 * ```ts
 * import { tensor, matmul, softmax, tidy } from '@sparseland/core';
 * const probs = tidy(() => softmax(matmul(tensor([[1, 2]]), tensor([[1, 0], [0, 1]]))));
 * await probs.data(); // Float32Array [0.269, 0.731]
 * ```
 *
 * @packageDocumentation
 */
import './backends/cpu/register.js';
import './backends/wasm/register.js';
import './backends/webgpu/register.js';

export type { Backend, BackendMemory, DataId, TensorInfo } from './backend/backend.js';
export {
  dispose,
  getBackend,
  keep,
  listBackends,
  memory,
  ready,
  registerBackend,
  setBackend,
  tidy,
} from './backend/backends.js';
export {
  getKernel,
  type InfoOf,
  type KernelArgs,
  type KernelAttrs,
  type KernelDeclaration,
  type KernelImpl,
  type KernelInputs,
  type KernelName,
  type KernelTable,
  kernelsFor,
  registerKernel,
  unregisterKernel,
} from './backend/registry.js';
export { CpuBackend } from './backends/cpu/cpu-backend.js';
export type { HeapStats as WasmHeapStats } from './backends/wasm/heap.js';
export { getWasmThreads, setWasmThreads } from './backends/wasm/threads.js';
export { WasmBackend } from './backends/wasm/wasm-backend.js';
export type { PoolStats as WebGPUPoolStats } from './backends/webgpu/buffer-pool.js';
export {
  WebGPUBackend,
  type WebGPUBackendOptions,
  type WebGPUCounters,
} from './backends/webgpu/webgpu-backend.js';
export {
  type BackendFactory,
  type GradContext,
  type GradFn,
  type GradThunks,
  type MemoryInfo,
  TENSORS,
  type TensorHolder,
} from './engine.js';
export type {
  ArgumentContext,
  BackendContext,
  BackendUnavailableContext,
  BufferTooLargeContext,
  DeviceLostContext,
  DisposedContext,
  GpuErrorContext,
  KernelContext,
  NotDifferentiableContext,
  SafetensorsContext,
  SparselandErrorCode,
  SparselandErrorContexts,
  StateDictContext,
  TextureTooLargeContext,
} from './errors/codes.js';
export { isSparselandError, registerErrorMessage, SparselandError } from './errors/sparseland-error.js';
export {
  type AxisAttrs,
  BINARY_KERNELS,
  type BinaryInputs,
  type BinaryKernel,
  type CastAttrs,
  type ClipAttrs,
  type ConcatInputs,
  type CumsumAttrs,
  type GatherInputs,
  type LayerNormInputs,
  type MatMulAttrs,
  type NoAttrs,
  type NormAttrs,
  type OneHotAttrs,
  type OneHotInputs,
  type PadAttrs,
  REDUCE_KERNELS,
  type ReduceAttrs,
  type ReduceKernel,
  type RMSNormInputs,
  type ScatterAddInputs,
  type SliceAttrs,
  type SoftmaxInputs,
  type SortAttrs,
  type TileAttrs,
  type TopKAttrs,
  type TransposeAttrs,
  UNARY_KERNELS,
  type UnaryInputs,
  type UnaryKernel,
  type WhereInputs,
} from './kernel-names.js';
export { type DType, type DTypeStorage, DTYPES, type TypedArray } from './tensor/dtype.js';
export { type NestedArray, Tensor, Variable } from './tensor/tensor.js';

export {
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  type TensorLike,
  type TensorLikeArray,
  type TensorOptions,
  tensor,
  variable,
  zeros,
  zerosLike,
} from './ops/create.js';
export {
  abs,
  add,
  cast,
  ceil,
  clip,
  cos,
  div,
  equal,
  erf,
  exp,
  floor,
  floorDiv,
  gelu,
  greater,
  greaterEqual,
  isNaN,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  maximum,
  minimum,
  mod,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  silu,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './ops/elementwise.js';
export { gather, oneHot, scatterAdd } from './ops/indexing.js';
export { type MatMulOptions, matmul } from './ops/matmul.js';
export { type LayerNormOpOptions, layerNorm, type RMSNormOpOptions, rmsNorm } from './ops/norm.js';
export {
  type Axis,
  all,
  any,
  argmax,
  argmin,
  max,
  mean,
  min,
  type NormOrd,
  norm,
  prod,
  sum,
  variance,
} from './ops/reduce.js';
export { registerGradient, runKernel, runKernelMulti } from './ops/run.js';
export {
  broadcastTo,
  concat,
  expandDims,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  tile,
  transpose,
} from './ops/shape.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { argsort, cumsum, type SortOptions, sort, type TopK, topk } from './ops/sort.js';

export {
  type CustomGradResult,
  customGrad,
  type GradTree,
  grad,
  noGrad,
  stopGradient,
  type TensorTree,
  type ValueAndGrad,
  valueAndGrad,
} from './autograd/grad.js';

export * as nn from './nn/index.js';
export * as optim from './optim/index.js';

// io
export type { SafetensorsDType } from './io/safetensors-dtype.js';
export {
  type ParseSafetensorsHeaderOptions,
  parseSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsHeader,
  type SafetensorsHeaderEntry,
} from './io/safetensors-header.js';
export {
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  decodeSafetensors,
  encodeSafetensors,
  encodeSafetensorsSync,
} from './io/safetensors.js';

export * as random from './random/index.js';
