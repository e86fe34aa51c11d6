/** `cpu` fast Walsh–Hadamard transform: iterative butterflies, blocked by the Kronecker split (spec §3.7). */
import { FWHT, type WhtNorm } from '../../kernel-names.js';
import { allocFloat, defineCpuKernel, type FloatArray } from '../kernel-config.js';

/** Length of the contiguous blocks transformed first (the Kronecker split `H_{AB} = H_A ⊗ H_B`, B = 2^15). */
export const FWHT_BLOCK = 1 << 15;

/** In-place unnormalised FWHT of `x[offset .. offset + len)` (natural order), float64 arithmetic. */
export function fwhtInPlace(x: Float64Array, offset: number, len: number): void {
  const block = Math.min(len, FWHT_BLOCK);
  // stages h < block on each contiguous block (H_B), then the strided stages h ≥ block (H_A)
  for (let b0 = offset; b0 < offset + len; b0 += block) {
    for (let h = 1; h < block; h *= 2) {
      for (let i = b0; i < b0 + block; i += 2 * h) {
        for (let j = i; j < i + h; j++) {
          const a = x[j]!;
          const c = x[j + h]!;
          x[j] = a + c;
          x[j + h] = a - c;
        }
      }
    }
  }
  for (let h = block; h < len; h *= 2) {
    for (let i = offset; i < offset + len; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const a = x[j]!;
        const c = x[j + h]!;
        x[j] = a + c;
        x[j + h] = a - c;
      }
    }
  }
}

/** The scale factor of a normalisation for length `len`. */
export function whtScale(norm: WhtNorm, len: number): number {
  return norm === 'ortho' ? 1 / Math.sqrt(len) : norm === 'inverse' ? 1 / len : 1;
}

/** FWHT of every row of `x` (`rows × len`, row-major) into `dst`. */
export function fwhtRows(
  x: FloatArray,
  rows: number,
  len: number,
  norm: WhtNorm,
  dst: FloatArray,
): FloatArray {
  const buf = new Float64Array(len);
  const scale = whtScale(norm, len);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < len; i++) buf[i] = x[r * len + i]!;
    fwhtInPlace(buf, 0, len);
    for (let i = 0; i < len; i++) dst[r * len + i] = scale === 1 ? buf[i]! : buf[i]! * scale;
  }
  return dst;
}

/** Registration of {@link FWHT} on `cpu`. */
export const fwhtOnCpu = defineCpuKernel(FWHT, ({ inputs, attrs, backend }) => {
  const shape = inputs.x.shape;
  const len = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const out = allocFloat(inputs.x.dtype, size);
  fwhtRows(backend.values(inputs.x) as FloatArray, len === 0 ? 0 : size / len, len, attrs.norm, out);
  return backend.output(out, shape, inputs.x.dtype);
});
