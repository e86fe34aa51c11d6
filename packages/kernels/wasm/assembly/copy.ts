// A plain threaded copy: the bandwidth reference of the benchmarks (spec §5.1, BW_ref with the same threads).

/**
 * Bytes `[tile * per, min(bytes, (tile + 1) * per))` of a copy. Argument block (i32 words): dst, src, bytes,
 * per (bytes per tile).
 */
export function copy_tile(args: usize, tile: i32): void {
  const dst = load<u32>(args);
  const src = load<u32>(args, 4);
  const bytes = load<i32>(args, 8);
  const per = load<i32>(args, 12);
  const b0 = tile * per;
  const b1 = min(bytes, b0 + per);
  if (b1 > b0) memory.copy(<usize>dst + <usize>b0, <usize>src + <usize>b0, <usize>(b1 - b0));
}
