/**
 * This package's wasm module, declared as an extension of core's `wasm` backend: its kernels read and write
 * tensors in the backend's memory and split work over the backend's threads (`run_tile`).
 *
 * @module
 */

import type { KernelImpl, KernelName } from '@sparseland/core';
import { defineWasmExtension, defineWasmKernel, type WasmBackend } from '@sparseland/core/extend';
import type { KernelConfig } from '../kernel-config.js';
import { SPARSE_KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';

/** The module's exports (wasm/assembly/index.ts); pointers are byte addresses. */
export interface SparseKernelsWasm {
  run_tile(kernel: number, args: number, tile: number, scratch: number): number;
  /** `dst [cols, rows] = srcᵀ` for a row-major float32 `src [rows, cols]` (wasm/assembly/csr-rows.ts). */
  transpose_f32(dst: number, src: number, rows: number, cols: number): void;
  /** CSR structure transpose by counting sort; `next` is `cols·4` bytes of scratch (wasm/assembly/csr-transpose.ts). */
  csr_transpose(
    colPtr: number,
    rowIdx: number,
    perm: number,
    rowPtr: number,
    colIdx: number,
    rows: number,
    cols: number,
    nnz: number,
    width: number,
    next: number,
  ): void;
  /** `dst[p] = colIdx[p]·stride` for `nnz` indices of `width` (32 or 16) bits (wasm/assembly/sparse-conv1x1.ts). */
  conv_offsets(dst: number, colIdx: number, nnz: number, width: number, stride: number): void;
}

/** The module, instantiated per backend on first use. */
export const SPARSE_WASM = defineWasmExtension<SparseKernelsWasm>(
  '@sparseland/kernels',
  () => SPARSE_KERNELS_WASM_BASE64,
);

/** Tile kernel ids of `run_tile` (wasm/assembly/index.ts lists the same). */
export const TILE = {
  SPMV_F32: 0,
  /** The benchmarks' bandwidth reference (a threaded copy). */
  COPY: 1,
  SPMM_F32: 2,
  LINEAR_F32: 3,
  DSMM_F32: 4,
  SDDMM_F32: 5,
  SPARSE_SOFTMAX_F32: 6,
  SPARSE_SOFTMAX_GRAD_F32: 7,
  // structured formats: 50-99
  NM_MATMUL_F32: 50,
  BSR_MATMUL_F32: 51,
  BITMAP_ROW_F32: 52,
  BITMAP_COL_F32: 53,
  CONV1X1_CHW_F32: 54,
  CONV1X1_HWC_F32: 55,
  FWHT_F32: 56,
  FWHT_BLOCKS_F32: 57,
  FWHT_PASS_F32: 58,
} as const;

/** Below this many multiply-adds a kernel runs on the calling thread only (waking workers costs more). */
export const PARALLEL_MIN_WORK = 1 << 16;

/**
 * Run the `tiles` tiles of tile kernel `id` with the argument block at `args`, on every thread when the
 * work (`work` multiply-adds in all) is large enough; `scratchBytes` of scratch per thread.
 */
export function runTiles(
  backend: WasmBackend,
  id: number,
  args: number,
  tiles: number,
  work: number,
  scratchBytes = 0,
): void {
  if (tiles === 0) return;
  const k = SPARSE_WASM.on(backend);
  const run = (t: number, scratch: number) => {
    if (k.run_tile(id, args, t, scratch) !== 0)
      throw new Error(`@sparseland/kernels wasm: unknown tile kernel ${id}`);
  };
  if (work < PARALLEL_MIN_WORK) {
    const scratch = scratchBytes > 0 ? backend.scratch(scratchBytes) : 0;
    for (let t = 0; t < tiles; t++) run(t, scratch);
    return;
  }
  backend.runTiles(SPARSE_WASM.tileKernel(id), args, tiles, scratchBytes, run);
}

/**
 * Rows per tile and tile count for `rows` rows: about eight tiles per thread so uneven rows balance, one
 * tile when the work is small.
 */
export function rowTiles(backend: WasmBackend, rows: number, work: number): { per: number; tiles: number } {
  const threads = work < PARALLEL_MIN_WORK ? 1 : backend.threads();
  if (rows === 0) return { per: 1, tiles: 0 };
  const per = threads <= 1 ? rows : Math.max(1, Math.ceil(rows / (threads * 8)));
  return { per, tiles: Math.ceil(rows / per) };
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/** The bit pattern of a float32, for argument blocks (through one shared word: no allocation per call). */
export function f32Bits(x: number): number {
  F32[0] = x;
  return F32_BITS[0]!;
}

/** Package a `wasm` kernel (scratch the kernel takes is freed after it). */
export function defineWasmKernelConfig<K extends KernelName>(
  kernel: K,
  impl: KernelImpl<K, WasmBackend>,
): KernelConfig {
  return { kernel, backend: 'wasm', register: () => defineWasmKernel(kernel, impl) };
}
