/**
 * XNNPACK's sparse 1×1 convolution packing (google/XNNPACK: src/operators/convolution-nchw.c; spec §3.6),
 * built from the CSR structure of the weight `[cout, cin]` (stored entries count as nonzeros).
 */
import type { FloatArray } from '../backends/kernel-config.js';

/** Output-channel block size XNNPACK picks. */
export type BlockSize = 1 | 2 | 4;

/**
 * XNNPACK's block size: 4 if 4-channel blocks are ≥ 90 % full (`nnz4·5 ≥ blocks4·18`), else 2 if
 * 2-channel blocks are ≥ 90 % full (`nnz2·5 ≥ blocks2·9`), else 1. `nnz4` counts the entries of the first
 * `⌊cout/4⌋·4` channels and `blocks4` the (4-channel block, input channel) pairs holding any; likewise
 * for 2 over the first `⌊cout/2⌋·2` channels.
 */
export function chooseBlockSize(
  cout: number,
  cin: number,
  rowPtr: Int32Array,
  colIdx: ArrayLike<number>,
): BlockSize {
  const seen = new Int32Array(cin).fill(-1);
  const count = (width: number) => {
    let nnz = 0;
    let blocks = 0;
    seen.fill(-1);
    const end = cout - (cout % width);
    for (let o = 0; o < end; o++) {
      const block = Math.floor(o / width);
      for (let p = rowPtr[o]!; p < rowPtr[o + 1]!; p++) {
        nnz++;
        const c = colIdx[p]!;
        if (seen[c] !== block) {
          seen[c] = block;
          blocks++;
        }
      }
    }
    return { nnz, blocks };
  };
  const b4 = count(4);
  if (b4.nnz * 5 >= b4.blocks * 18) return 4;
  const b2 = count(2);
  if (b2.nnz * 5 >= b2.blocks * 9) return 2;
  return 1;
}

/** The packed streams of one weight. */
export interface SparseConvPacking {
  /** Chosen block size. */
  nr: BlockSize;
  /** First output channel of each block. */
  blockStart: Int32Array;
  /** Channels in each block (`nr`, or 1 for the remainder channels). */
  blockWidth: Int32Array;
  /** Stream 1: per block, `width` biases, then `width` weights per nonzero block. */
  weights: Float64Array;
  /** Stream 2: input-channel delta to the next nonzero block; the last wraps to the first. */
  deltas: Int32Array;
  /** Stream 3: nonzero blocks per output block. */
  counts: Int32Array;
  /** Input channel of the first nonzero block (where the input pointer starts). */
  firstChannel: number;
}

/** Pack a CSR weight and optional bias into XNNPACK's three streams. */
export function packSparseConv(
  cout: number,
  cin: number,
  rowPtr: Int32Array,
  colIdx: ArrayLike<number>,
  values: FloatArray,
  bias: FloatArray | undefined,
): SparseConvPacking {
  const nr = chooseBlockSize(cout, cin, rowPtr, colIdx);
  const full = cout - (cout % nr);
  const starts: number[] = [];
  const widths: number[] = [];
  for (let o = 0; o < full; o += nr) {
    starts.push(o);
    widths.push(nr);
  }
  for (let o = full; o < cout; o++) {
    starts.push(o);
    widths.push(1);
  }
  const weights: number[] = [];
  const channels: number[] = [];
  const counts = new Int32Array(starts.length);
  const row = new Float64Array(cin);
  const stored = new Uint8Array(cin);
  for (let b = 0; b < starts.length; b++) {
    const o0 = starts[b]!;
    const w = widths[b]!;
    for (let i = 0; i < w; i++) weights.push(bias === undefined ? 0 : bias[o0 + i]!);
    // union of the block's input channels, ascending
    stored.fill(0);
    for (let i = 0; i < w; i++)
      for (let p = rowPtr[o0 + i]!; p < rowPtr[o0 + i + 1]!; p++) stored[colIdx[p]!] = 1;
    const start = weights.length;
    let n = 0;
    for (let c = 0; c < cin; c++) {
      if (stored[c] === 0) continue;
      channels.push(c);
      n++;
      for (let i = 0; i < w; i++) weights.push(0);
    }
    // scatter each row's weights into its slots
    for (let i = 0; i < w; i++) {
      row.fill(0);
      for (let p = rowPtr[o0 + i]!; p < rowPtr[o0 + i + 1]!; p++) row[colIdx[p]!] = values[p]!;
      let k = 0;
      for (let c = 0; c < cin; c++) if (stored[c] === 1) weights[start + k++ * w + i] = row[c]!;
    }
    counts[b] = n;
  }
  const deltas = new Int32Array(channels.length);
  for (let k = 0; k < channels.length; k++) {
    deltas[k] = (k + 1 < channels.length ? channels[k + 1]! : channels[0]!) - channels[k]!;
  }
  return {
    nr,
    blockStart: Int32Array.from(starts),
    blockWidth: Int32Array.from(widths),
    weights: Float64Array.from(weights),
    deltas,
    counts,
    firstChannel: channels[0] ?? 0,
  };
}

/** Pixels per micro-kernel tile on cpu (spec §3.6: MR = 8 scalar accumulators). */
export const CPU_MR = 8;

/**
 * `dst[cout, hw] = clamp(W·x + b)` for one image `x [cin, hw]` (CHW), walking the packed streams with an
 * `MR×nr` micro-kernel (remainder tiles handle `hw mod MR`).
 */
export function sparseConvChw(
  pk: SparseConvPacking,
  x: FloatArray,
  xOffset: number,
  hw: number,
  min: number,
  max: number,
  dst: FloatArray,
  dstOffset: number,
): void {
  const acc = new Float64Array(4 * CPU_MR);
  for (let p0 = 0; p0 < hw; p0 += CPU_MR) {
    const mr = Math.min(CPU_MR, hw - p0);
    let w = 0; // position in the weights stream
    let d = 0; // position in the deltas stream
    let ic = pk.firstChannel;
    for (let b = 0; b < pk.counts.length; b++) {
      const width = pk.blockWidth[b]!;
      for (let i = 0; i < width; i++) {
        const bias = pk.weights[w++]!;
        for (let m = 0; m < mr; m++) acc[i * CPU_MR + m] = bias;
      }
      const n = pk.counts[b]!;
      for (let k = 0; k < n; k++) {
        const xo = xOffset + ic * hw + p0;
        for (let i = 0; i < width; i++) {
          const v = pk.weights[w++]!;
          const ao = i * CPU_MR;
          for (let m = 0; m < mr; m++) acc[ao + m]! += v * x[xo + m]!;
        }
        ic += pk.deltas[d++]!;
      }
      const o0 = pk.blockStart[b]!;
      for (let i = 0; i < width; i++) {
        const out = dstOffset + (o0 + i) * hw + p0;
        for (let m = 0; m < mr; m++) dst[out + m] = Math.min(Math.max(acc[i * CPU_MR + m]!, min), max);
      }
    }
  }
}
