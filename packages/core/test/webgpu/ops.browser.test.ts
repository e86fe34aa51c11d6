/**
 * The op cases on `webgpu` in Chromium (vitest browser mode): navigator.gpu with Chromium's SwiftShader
 * adapter, instead of Dawn in Node. Every case family runs, with float32 inputs; without an adapter the suite
 * skips, unless the run requires WebGPU (REQUIRE_WEBGPU=1, passed in by vitest.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { CASE_FAMILIES } from '../cases/families.js';
import { describeBackend } from '../helpers/backends.js';
import { type OpCase, runCases } from '../helpers/cases.js';

declare const __REQUIRE_WEBGPU__: boolean;

describe('WebGPU in the browser', () => {
  it('has an adapter (required on CI)', async (ctx) => {
    const gpu = (navigator as { gpu?: GPU }).gpu;
    const adapter = gpu === undefined ? null : await gpu.requestAdapter();
    if (adapter === null && !__REQUIRE_WEBGPU__) ctx.skip('no WebGPU adapter in this browser');
    expect(adapter).not.toBeNull();
  });
});

/**
 * float32 cases only: SwiftShader compiles each pipeline slowly (seconds for a matmul), and the integer
 * variants of every kernel already run on Dawn in Node; here the point is Chromium's WebGPU stack.
 */
const float32Only = (cases: readonly OpCase[]) =>
  cases.filter((c) => c.inputs.every((i) => i.dtype === 'float32'));

for (const [name, parts] of Object.entries(CASE_FAMILIES)) {
  describeBackend('webgpu', `${name} (browser)`, (backend) => {
    for (const [cases, kind] of parts) runCases(float32Only(cases), backend, kind);
  });
}
