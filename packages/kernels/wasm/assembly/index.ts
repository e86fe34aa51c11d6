// Entry point of @sparseland/kernels' wasm module. It runs over core's wasm backend memory as an extension
// (see @sparseland/core/extend): no static data, no imports but the memory, temporaries from the host's
// scratch. Pointers are byte addresses; every structure was validated on the host before a kernel runs.

import { bitmap_col_f32_tile, bitmap_row_f32_tile } from './bitmap-matmul';
import { bsr_matmul_f32_tile } from './bsr-matmul';
import { copy_tile } from './copy';
import { dsmm_f32_tile } from './dsmm';
import { fwht_blocks_f32_tile, fwht_f32_tile, fwht_pass_f32_tile } from './fwht';
import { linear_f32_tile } from './linear';
import { nm_matmul_f32_tile } from './nm-matmul';
import { sddmm_f32_tile } from './sddmm';
import { conv1x1_chw_f32_tile, conv1x1_hwc_f32_tile } from './sparse-conv1x1';
import { sparse_softmax_f32_tile, sparse_softmax_grad_f32_tile } from './sparse-softmax';
import { spmm_f32_tile } from './spmm';
import { spmv_f32_tile } from './spmv';

export { copy_tile } from './copy';
export { transpose_f32 } from './csr-rows';
export { csr_transpose } from './csr-transpose';
export { conv_offsets } from './sparse-conv1x1';
export { spmv_f32_tile } from './spmv';

// Kernel ids a worker thread runs tile by tile (src/backends/wasm/module.ts lists the same).
const TILE_SPMV_F32 = 0;
const TILE_COPY = 1;
const TILE_SPMM_F32 = 2;
const TILE_LINEAR_F32 = 3;
const TILE_DSMM_F32 = 4;
const TILE_SDDMM_F32 = 5;
const TILE_SPARSE_SOFTMAX_F32 = 6;
const TILE_SPARSE_SOFTMAX_GRAD_F32 = 7;

// Structured formats (ids 50-99).
const TILE_NM_MATMUL_F32 = 50;
const TILE_BSR_MATMUL_F32 = 51;
const TILE_BITMAP_ROW_F32 = 52;
const TILE_BITMAP_COL_F32 = 53;
const TILE_CONV1X1_CHW_F32 = 54;
const TILE_CONV1X1_HWC_F32 = 55;
const TILE_FWHT_F32 = 56;
const TILE_FWHT_BLOCKS_F32 = 57;
const TILE_FWHT_PASS_F32 = 58;

/** Run tile `tile` of kernel `kernel` with the argument block at `args`; 0 when the kernel is known. */
export function run_tile(kernel: i32, args: usize, tile: i32, scratch: usize): i32 {
  switch (kernel) {
    case TILE_SPMV_F32:
      spmv_f32_tile(args, tile);
      return 0;
    case TILE_COPY:
      copy_tile(args, tile);
      return 0;
    case TILE_SPMM_F32:
      spmm_f32_tile(args, tile);
      return 0;
    case TILE_LINEAR_F32:
      linear_f32_tile(args, tile, scratch);
      return 0;
    case TILE_DSMM_F32:
      dsmm_f32_tile(args, tile, scratch);
      return 0;
    case TILE_SDDMM_F32:
      sddmm_f32_tile(args, tile);
      return 0;
    case TILE_SPARSE_SOFTMAX_F32:
      sparse_softmax_f32_tile(args, tile);
      return 0;
    case TILE_SPARSE_SOFTMAX_GRAD_F32:
      sparse_softmax_grad_f32_tile(args, tile);
      return 0;
    case TILE_NM_MATMUL_F32:
      nm_matmul_f32_tile(args, tile, scratch);
      return 0;
    case TILE_BSR_MATMUL_F32:
      bsr_matmul_f32_tile(args, tile);
      return 0;
    case TILE_BITMAP_ROW_F32:
      bitmap_row_f32_tile(args, tile, scratch);
      return 0;
    case TILE_BITMAP_COL_F32:
      bitmap_col_f32_tile(args, tile, scratch);
      return 0;
    case TILE_CONV1X1_CHW_F32:
      conv1x1_chw_f32_tile(args, tile, scratch);
      return 0;
    case TILE_CONV1X1_HWC_F32:
      conv1x1_hwc_f32_tile(args, tile, scratch);
      return 0;
    case TILE_FWHT_F32:
      fwht_f32_tile(args, tile);
      return 0;
    case TILE_FWHT_BLOCKS_F32:
      fwht_blocks_f32_tile(args, tile);
      return 0;
    case TILE_FWHT_PASS_F32:
      fwht_pass_f32_tile(args, tile);
      return 0;
  }
  return -1;
}
