// Entry point of @sparseland/kernels' wasm module. It runs over core's wasm backend memory as an extension
// (see @sparseland/core/extend): no static data, no imports but the memory, temporaries from the host's
// scratch. Pointers are byte addresses; every structure was validated on the host before a kernel runs.

import { bitmap_col_f32_tile, bitmap_row_f32_tile } from './bitmap-matmul';
import { bsr_matmul_f32_tile } from './bsr-matmul';
import { copy_tile } from './copy';
import { fwht_f32_tile } from './fwht';
import { nm_matmul_f32_tile } from './nm-matmul';
import { conv1x1_chw_f32_tile, transpose_f32_tile } from './sparse-conv1x1';
import { spmv_f32_tile } from './spmv';

export { copy_tile } from './copy';
export { conv_offsets } from './sparse-conv1x1';
export { spmv_f32_tile } from './spmv';

// Kernel ids a worker thread runs tile by tile (src/backends/wasm/module.ts lists the same).
const TILE_SPMV_F32 = 0;
const TILE_COPY = 1;

// Structured formats (ids 50-99).
const TILE_NM_MATMUL_F32 = 50;
const TILE_BSR_MATMUL_F32 = 51;
const TILE_BITMAP_ROW_F32 = 52;
const TILE_BITMAP_COL_F32 = 53;
const TILE_CONV1X1_CHW_F32 = 54;
const TILE_TRANSPOSE_F32 = 55;
const TILE_FWHT_F32 = 56;

/** Run tile `tile` of kernel `kernel` with the argument block at `args`; 0 when the kernel is known. */
export function run_tile(kernel: i32, args: usize, tile: i32, scratch: usize): i32 {
  switch (kernel) {
    case TILE_SPMV_F32:
      spmv_f32_tile(args, tile);
      return 0;
    case TILE_COPY:
      copy_tile(args, tile);
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
      conv1x1_chw_f32_tile(args, tile);
      return 0;
    case TILE_TRANSPOSE_F32:
      transpose_f32_tile(args, tile);
      return 0;
    case TILE_FWHT_F32:
      fwht_f32_tile(args, tile);
      return 0;
  }
  return -1;
}
