// Entry point of @sparseland/kernels' wasm module. It runs over core's wasm backend memory as an extension
// (see @sparseland/core/extend): no static data, no imports but the memory, temporaries from the host's
// scratch. Pointers are byte addresses; every structure was validated on the host before a kernel runs.

import { copy_tile } from './copy';
import { spmv_f32_tile } from './spmv';

export { copy_tile } from './copy';
export { spmv_f32_tile } from './spmv';

// Kernel ids a worker thread runs tile by tile (src/backends/wasm/module.ts lists the same).
const TILE_SPMV_F32 = 0;
const TILE_COPY = 1;

/** Run tile `tile` of kernel `kernel` with the argument block at `args`; 0 when the kernel is known. */
export function run_tile(kernel: i32, args: usize, tile: i32, scratch: usize): i32 {
  switch (kernel) {
    case TILE_SPMV_F32:
      spmv_f32_tile(args, tile);
      return 0;
    case TILE_COPY:
      copy_tile(args, tile);
      return 0;
  }
  return -1;
}
