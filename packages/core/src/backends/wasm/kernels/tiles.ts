import type { WasmBackend } from '../wasm-backend.js';

/** Kernel ids of the module's `run_tile` (wasm/assembly/index.ts lists the same). */
export const TILE = {
  MATMUL_F32: 1,
  SOFTMAX_ROWS: 2,
  LAYER_NORM: 3,
  RMS_NORM: 4,
  UNARY_F32: 5,
  BINARY_F32: 6,
  GEMV_F32: 7,
  REDUCE_F32: 8,
  REDUCE_COMBINE: 9,
  FLAT: 10,
  SOFTMAX_COLS: 11,
} as const;

/** Below this many elements a memory-bound kernel runs on the calling thread only (waking workers costs more). */
export const PARALLEL_MIN_ELEMENTS = 1 << 18;

/**
 * How to split `units` independent units (rows or elements) of `unitCost` elements each into tiles: about
 * four tiles per thread, none smaller than `minUnits`. Returns units per tile and the tile count.
 */
export function split(
  units: number,
  unitCost: number,
  threads: number,
  minUnits = 1,
): { per: number; tiles: number } {
  if (threads <= 1 || units * unitCost < PARALLEL_MIN_ELEMENTS)
    return { per: units, tiles: units > 0 ? 1 : 0 };
  const per = Math.max(minUnits, Math.ceil(units / (threads * 4)));
  return { per, tiles: Math.ceil(units / per) };
}

/** Run the tiles of a tiled kernel whose argument block is `args`, on every thread when there are several. */
export function runTiled(backend: WasmBackend, kernel: number, args: number, tiles: number): void {
  if (tiles === 0) return;
  const k = backend.k;
  backend.runTiles(kernel, args, tiles, 0, (t, scratch) => {
    if (k.run_tile(kernel, args, t, scratch) !== 0) throw new Error(`wasm: tile kernel ${kernel} is unknown`);
  });
}

/** The bit pattern of a float32, for argument blocks. */
export function f32Bits(x: number): number {
  return new Int32Array(Float32Array.of(x).buffer)[0]!;
}
