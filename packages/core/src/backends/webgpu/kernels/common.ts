/**
 * Shared pieces of the `webgpu` kernels: N-ary broadcasting index code, dtype conversions in WGSL, and small
 * program helpers.
 *
 * @module
 */
import type { TensorInfo } from '../../../backend/backend.js';
import { broadcastStrides, shapesEqual, sizeOf, stridesOf } from '../../../internal/shape.js';
import type { DType } from '../../../tensor/dtype.js';
import { type GpuProgram, type ShaderSpec, type Uniforms, wgslType } from '../program.js';

/** Threads per workgroup of elementwise kernels. */
export const WG = 64;

/** Shorthand for a program whose spec is built on a cache miss only. */
export function program(key: string, uniformWords: number, spec: () => ShaderSpec): GpuProgram {
  return { key, uniformWords, spec };
}

/** Short dtype tag for cache keys. */
export function tag(dtype: DType): string {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : dtype === 'uint8' ? 'u8' : 'b';
}

/**
 * WGSL expression converting `expr` of the storage type of `from` into `to`, with JavaScript typed-array
 * semantics (float to int truncates, NaN and infinities give 0, values wrap; to `bool`: nonzero is 1).
 */
export function convert(expr: string, from: DType, to: DType): string {
  if (from === to) return expr;
  const src = wgslType(from);
  if (src === 'f32') {
    if (to === 'int32') return `f_to_i32(${expr})`;
    if (to === 'uint8') return `f_to_u8(${expr})`;
    if (to === 'bool') return `f_to_bool(${expr})`;
    return expr;
  }
  if (src === 'i32') {
    if (to === 'float32') return `f32(${expr})`;
    if (to === 'uint8') return `(bitcast<u32>(${expr}) & 0xffu)`;
    if (to === 'bool') return `select(0u, 1u, (${expr}) != 0)`;
    return expr;
  }
  // u32 storage: uint8 or bool
  if (to === 'float32') return `f32(${expr})`;
  if (to === 'int32') return `i32(${expr})`;
  if (to === 'uint8') return `((${expr}) & 0xffu)`;
  return `select(0u, 1u, (${expr}) != 0u)`;
}

/** WGSL boolean expression: whether `expr` (stored as `dtype`) is nonzero (NaN counts as nonzero). */
export function truthy(expr: string, dtype: DType): string {
  const t = wgslType(dtype);
  return t === 'f32' ? `(!is_zero(${expr}))` : t === 'i32' ? `((${expr}) != 0)` : `((${expr}) != 0u)`;
}

/** How inputs of an N-ary elementwise kernel are indexed. */
export type BroadcastMode = 'same' | 'general';

/** The broadcast layout of inputs against an output shape: mode, rank, and the uniform values. */
export interface Broadcast {
  /** `same`: every input has the output's shape; `general`: strided (0 on broadcast axes). */
  mode: BroadcastMode;
  /** Output rank (0 in `same` mode, where it does not matter). */
  rank: number;
  /** Number of uniform words written by {@link broadcastUniforms}. */
  words: number;
}

/** The broadcast layout of `inputs` against `outShape`. */
export function broadcastOf(inputs: readonly TensorInfo[], outShape: readonly number[]): Broadcast {
  if (inputs.every((t) => shapesEqual(t.shape, outShape))) return { mode: 'same', rank: 0, words: 1 };
  const rank = outShape.length;
  return { mode: 'general', rank, words: 1 + rank + inputs.length * rank };
}

/** Append the broadcast uniforms: size, then (general mode) the output shape and each input's strides. */
export function broadcastUniforms(
  u: Uniforms,
  b: Broadcast,
  inputs: readonly TensorInfo[],
  outShape: readonly number[],
): void {
  u.u(sizeOf(outShape));
  if (b.mode === 'same') return;
  u.u(...outShape);
  for (const t of inputs) u.u(...broadcastStrides(t.shape, outShape));
}

/**
 * WGSL statements computing `o0 .. o{n-1}`, the offsets of element `gi` of the output in each input, from the
 * uniforms at word `base` (written by {@link broadcastUniforms}).
 */
export function broadcastOffsets(b: Broadcast, nInputs: number, base = 0): string {
  const offs = Array.from({ length: nInputs }, (_, j) => `o${j}`);
  if (b.mode === 'same') return offs.map((o) => `let ${o} = gi;`).join('\n');
  const r = b.rank;
  const lines = offs.map((o) => `var ${o} = 0u;`);
  lines.push('var rest = gi;');
  for (let d = r - 1; d >= 0; d--) {
    lines.push(`{ let dim = U(${base + 1 + d}u); let c = rest % dim; rest = rest / dim;`);
    for (let j = 0; j < nInputs; j++) lines.push(`  o${j} = o${j} + c * U(${base + 1 + r + j * r + d}u);`);
    lines.push('}');
  }
  return lines.join('\n');
}

/** Row-major strides of `shape`, as plain numbers. */
export function strides(shape: readonly number[]): number[] {
  return stridesOf(shape);
}

/**
 * WGSL statements decomposing `indexExpr` over `rank` dimensions read from uniform words `shapeAt..` and
 * accumulating `sum_d c_d * U(strideAt + d)` into `target` (declared by the caller).
 */
export function decompose(
  indexExpr: string,
  rank: number,
  shapeAt: number,
  strideAt: number,
  target: string,
): string {
  if (rank === 0) return '';
  const v = `rest_${target}`;
  const lines = [`var ${v} = ${indexExpr};`];
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(
      `{ let dim = U(${shapeAt + d}u); let c = ${v} % dim; ${v} = ${v} / dim; ${target} = ${target} + c * U(${strideAt + d}u); }`,
    );
  }
  return lines.join('\n');
}
