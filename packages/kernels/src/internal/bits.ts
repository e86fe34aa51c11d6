/** Bit tricks shared by the Bitmap64 format and its kernels. */

/** Number of set bits of a 32-bit word. */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** `x` rounded up to a multiple of `m`. */
export function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/** Bits needed for a position inside a group of `of`: `⌈log2 of⌉`. */
export function bitsFor(of: number): number {
  return Math.max(1, Math.ceil(Math.log2(of)));
}

/**
 * Slot of lane `lane` (0..63) inside a Bitmap64 tile `[hi, lo]`: the number of set lanes before it
 * (spec §2.5; lane 0 is the MSB of `hi`).
 */
export function laneSlot(hi: number, lo: number, lane: number): number {
  if (lane < 32) return lane === 0 ? 0 : popcount32(hi >>> (32 - lane));
  return popcount32(hi) + (lane === 32 ? 0 : popcount32(lo >>> (64 - lane)));
}

/** Whether lane `lane` of tile `[hi, lo]` is set. */
export function laneSet(hi: number, lo: number, lane: number): boolean {
  return lane < 32 ? ((hi >>> (31 - lane)) & 1) === 1 : ((lo >>> (63 - lane)) & 1) === 1;
}
