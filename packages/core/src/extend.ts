/**
 * `@sparseland/core/extend`: what a package needs to add kernels to core's backends, as
 * `@sparseland/kernels` does. Declare a kernel once (a `KernelDeclaration` from the main entry), then
 * register one implementation per backend:
 *
 * - `cpu`: `registerKernel(kernel, 'cpu', impl)` from the main entry, on host typed arrays.
 * - `wasm`: {@link defineWasmKernel}; the kernels live in a WebAssembly module of your own, built with the
 *   workspace's `scripts/build-wasm.mjs` and declared with {@link defineWasmExtension}, which runs over the
 *   backend's memory (tensors are read and written in place through `backend.ptr(info)`) and can split work
 *   over its threads (`backend.runTiles`).
 * - `webgpu`: {@link defineGpuKernel} with a {@link GpuProgram}: a cache key of static facts, a
 *   {@link ShaderSpec} whose accessors are bounds-checked, and the shapes in {@link Uniforms}.
 *
 * @example
 * ```ts
 * import { defineGpuKernel, type GpuProgram, grid, Uniforms } from '@sparseland/core/extend';
 * const scale: GpuProgram = {
 *   key: 'MyScale', uniformWords: 2,
 *   spec: () => ({ inputs: [{ name: 'x', type: 'f32' }], outputs: [{ name: 'y', type: 'f32' }], workgroup: 64,
 *                  body: 'if (gi < U(0)) { st_y(gi, ld_x(gi) * UF(1)); }' }),
 * };
 * defineGpuKernel('MyScale', ({ inputs: { x }, attrs: { s }, backend }) => {
 *   const y = backend.output(x.shape, 'float32', 'myScale');
 *   const n = x.shape.reduce((a, b) => a * b, 1);
 *   backend.run({ program: scale, inputs: [x], outputs: [y], uniforms: new Uniforms().u(n).f(s),
 *                 workgroups: grid(Math.ceil(n / 64)) });
 *   return y;
 * });
 * ```
 *
 * @packageDocumentation
 */
export { defineWasmExtension, WasmExtension } from './backends/wasm/extension.js';
export { defineWasmKernel, WasmBackend, WasmData } from './backends/wasm/wasm-backend.js';
export {
  type BufferDecl,
  type Dispatch,
  type GpuProgram,
  grid,
  MAX_GRID,
  type ShaderSpec,
  shaderSource,
  threadGrid,
  Uniforms,
  type WgslScalar,
  wgslType,
} from './backends/webgpu/program.js';
export { defineGpuKernel, WebGPUBackend } from './backends/webgpu/webgpu-backend.js';
