/**
 * Activating the `webgpu` backend in a test file: skip when there is no adapter, fail when
 * `REQUIRE_WEBGPU=1` (CI) or `SPARSELAND_TEST_BACKENDS` names webgpu.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { engine } from '../../src/engine.js';
import { isSparselandError, setBackend, type WebGPUBackend } from '../../src/index.js';
import { TEST_BACKENDS_ENV } from '../../src/testing/index.js';

/** Whether this run must have a WebGPU adapter. */
export function webgpuRequired(): boolean {
  const flag = process.env.REQUIRE_WEBGPU;
  const listed = (process.env[TEST_BACKENDS_ENV] ?? '').split(',').map((s) => s.trim());
  return (flag !== undefined && flag !== '' && flag !== '0') || listed.includes('webgpu');
}

/** The active webgpu backend instance. */
export function gpuBackend(): WebGPUBackend {
  return engine.backendInstance('webgpu') as WebGPUBackend;
}

/**
 * Activate `webgpu` before the tests of the enclosing block (and `cpu` after them); without an adapter the
 * tests skip, unless it is required.
 */
export function useWebGPU(): void {
  let unavailable: string | undefined;
  beforeAll(async () => {
    try {
      await setBackend('webgpu');
    } catch (e) {
      if (webgpuRequired() || !isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')) throw e;
      unavailable = e.message;
    }
  });
  beforeEach((ctx) => {
    if (unavailable !== undefined) ctx.skip(unavailable);
  });
  afterAll(async () => {
    await setBackend('cpu');
  });
}
