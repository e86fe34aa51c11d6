/**
 * Shared pieces of the `webgpu` kernels of this package: registration, program construction, index
 * decoding (16-bit packed indices unpacked with shift and mask) and the fused activations in WGSL.
 *
 * Every shader goes through core's `shaderSource` (via {@link GpuProgram}), so every load and store is
 * bounds-checked: a kernel never reads or writes outside a buffer whatever the indices it computes.
 * Values are `float32` only: a `float64` operand makes the engine run the `cpu` kernel instead.
 *
 * @module
 */
import type { KernelImpl, KernelName } from '@sparseland/core';
import type { GpuProgram, ShaderSpec, WebGPUBackend } from '@sparseland/core/extend';
import type { Activation, IndexWidth } from '../../kernel-names.js';
import { defineKernel, type KernelConfig } from '../kernel-config.js';

/** Invocations per workgroup of the one-thread-per-output kernels. */
export const WG = 64;

/** Package a `webgpu` kernel implementation (registered by `backends/webgpu/register.ts`). */
export function defineWebGPUKernel<K extends KernelName>(
  kernel: K,
  impl: KernelImpl<K, WebGPUBackend>,
): KernelConfig {
  return defineKernel(kernel, 'webgpu', impl);
}

/** A program whose shader spec is built only on a pipeline-cache miss. */
export function program(key: string, uniformWords: number, spec: () => ShaderSpec): GpuProgram {
  return { key, uniformWords, spec };
}

/**
 * WGSL `fn <name>(p: u32) -> u32`: index `p` of the stored index buffer `buf` (declared `u32`). With 16-bit
 * indices element `p >> 1` holds two, low half first (spec §1).
 */
export function indexFn(name: string, buf: string, width: IndexWidth): string {
  return width === 16
    ? `fn ${name}(p: u32) -> u32 { return (ld_${buf}(p >> 1u) >> ((p & 1u) * 16u)) & 0xffffu; }`
    : `fn ${name}(p: u32) -> u32 { return ld_${buf}(p); }`;
}

/**
 * WGSL `fn act(x: f32) -> f32` for a fused activation, matching the `cpu` kernels' float64 definitions to
 * float32 accuracy: `relu` keeps NaN and maps ±0 to +0; sigmoid and tanh are written to avoid overflow;
 * `gelu` is `0.5·x·(1 + erf(x/√2))` with Abramowitz–Stegun 7.1.26 for erf (|error| ≤ 1.5e-7).
 */
export function activationWgsl(act: Activation): string {
  const sigmoid =
    'fn sigm(x: f32) -> f32 { if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); } let e = exp(x); return e / (1.0 + e); }';
  switch (act) {
    case 'relu':
      return 'fn act(x: f32) -> f32 { if (x <= 0.0) { return 0.0; } return x; }';
    case 'sigmoid':
      return `${sigmoid}\nfn act(x: f32) -> f32 { return sigm(x); }`;
    case 'silu':
      return `${sigmoid}\nfn act(x: f32) -> f32 { return x * sigm(x); }`;
    case 'tanh':
      return [
        'fn act(x: f32) -> f32 {',
        '  let a = abs(x);',
        '  if (a < 0.5) { let x2 = x * x; return x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0 + x2 * (62.0 / 2835.0 + x2 * (-1382.0 / 155925.0)))))); }',
        '  let t = exp(-2.0 * a);',
        '  return sign(x) * (1.0 - t) / (1.0 + t);',
        '}',
      ].join('\n');
    case 'gelu':
      return [
        'fn erf_as(x: f32) -> f32 {',
        '  let a = abs(x);',
        '  let t = 1.0 / (1.0 + 0.3275911 * a);',
        '  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);',
        '  return sign(x) * y;',
        '}',
        'fn act(x: f32) -> f32 { return 0.5 * x * (1.0 + erf_as(x * 0.70710678118654752)); }',
      ].join('\n');
    default:
      return 'fn act(x: f32) -> f32 { return x; }';
  }
}
