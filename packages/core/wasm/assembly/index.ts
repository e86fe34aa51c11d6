// Entry point of the wasm backend's kernels: every export here is callable from the host.

import { binary_f32_tile } from './binary';
import { flat_tile } from './flat';
import { gemv_f32_tile, matmul_f32_tile } from './matmul';
import { layer_norm_tile, rms_norm_tile } from './norm';
import { reduce_f32_combine, reduce_f32_tile, softmax_cols_tile, softmax_rows_tile } from './reduce';
import { unary_f32_tile } from './unary';

export { binary_f32, binary_i32, binary_u8 } from './binary';
export { compare_f32, compare_i32, compare_u8 } from './compare';
export {
  cast,
  clip_f32,
  clip_int,
  copy_bytes,
  copy_nd,
  fill8,
  fill32,
  transpose32,
  where_nd,
} from './layout';
export { matmul_f32, matmul_f32_tile, matmul_f32_tiles, matmul_int, matmul_scratch_bytes } from './matmul';
export { layer_norm_rows, rms_norm_rows } from './norm';
export { arg_reduce, cumsum, reduce, softmax_f32 } from './reduce';
export { gather, one_hot, scatter_add, sort, top_k } from './select';
export { unary_f32, unary_i32, unary_u8 } from './unary';

/** First byte after the module's static data: the host's heap starts here. */
export function heap_base(): usize {
  return __heap_base;
}

// Kernel ids a worker thread can run tile by tile (kernels/tiles.ts on the host lists the same).
const TILE_MATMUL_F32 = 1;
const TILE_SOFTMAX_ROWS = 2;
const TILE_LAYER_NORM = 3;
const TILE_RMS_NORM = 4;
const TILE_UNARY_F32 = 5;
const TILE_BINARY_F32 = 6;
const TILE_GEMV_F32 = 7;
const TILE_REDUCE_F32 = 8;
const TILE_REDUCE_COMBINE = 9;
const TILE_FLAT = 10;
const TILE_SOFTMAX_COLS = 11;

/** Run tile `tile` of kernel `kernel` (a worker's entry point); returns 0, or -1 for an unknown kernel. */
export function run_tile(kernel: i32, args: usize, tile: i32, scratch: usize): i32 {
  switch (kernel) {
    case TILE_MATMUL_F32:
      matmul_f32_tile(args, tile, scratch);
      return 0;
    case TILE_SOFTMAX_ROWS:
      softmax_rows_tile(args, tile);
      return 0;
    case TILE_LAYER_NORM:
      layer_norm_tile(args, tile);
      return 0;
    case TILE_RMS_NORM:
      rms_norm_tile(args, tile);
      return 0;
    case TILE_UNARY_F32:
      return unary_f32_tile(args, tile);
    case TILE_BINARY_F32:
      return binary_f32_tile(args, tile);
    case TILE_GEMV_F32:
      gemv_f32_tile(args, tile);
      return 0;
    case TILE_REDUCE_F32:
      reduce_f32_tile(args, tile);
      return 0;
    case TILE_REDUCE_COMBINE:
      reduce_f32_combine(args);
      return 0;
    case TILE_FLAT:
      return flat_tile(args, tile, scratch);
    case TILE_SOFTMAX_COLS:
      softmax_cols_tile(args, tile);
      return 0;
  }
  return -1;
}
