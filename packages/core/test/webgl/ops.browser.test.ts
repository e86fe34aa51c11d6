/**
 * The op cases on `webgl` (gpu.js on WebGL2) in Chromium (vitest browser mode; SwiftShader's WebGL2 through
 * ANGLE), against the same float64 references as every other backend. Every case family runs with every
 * dtype: float32 kernels run on the GPU, other dtypes on the host, and kernels the backend lacks fall back
 * to `cpu` (each with its one-time warning). Without a WebGL2 context the suite skips, unless the run requires
 * GPU backends (REQUIRE_WEBGPU=1 or REQUIRE_WEBGL=1, passed in by vitest.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.js';
import { getBackend, setBackend } from '../../src/index.js';
import '../../src/webgl.js';
import type { WebGLBackend } from '../../src/webgl.js';
import { CASE_FAMILIES } from '../cases/families.js';
import { describeBackend } from '../helpers/backends.js';
import { runCases } from '../helpers/cases.js';

declare const __REQUIRE_WEBGL__: boolean;

describe('WebGL2 in the browser', () => {
  it('has a WebGL2 context with float render targets (required on CI)', (ctx) => {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl === null && !__REQUIRE_WEBGL__) ctx.skip('no WebGL2 context in this browser');
    expect(gl).not.toBeNull();
    expect(gl!.getExtension('EXT_color_buffer_float')).not.toBeNull();
  });

  it('starts the webgl backend (required on CI)', async (ctx) => {
    try {
      await setBackend('webgl');
    } catch (e) {
      if (!__REQUIRE_WEBGL__) ctx.skip(`webgl unavailable: ${e instanceof Error ? e.message : e}`);
      throw e;
    }
    expect(getBackend()).toBe('webgl');
  });
});

for (const [name, parts] of Object.entries(CASE_FAMILIES)) {
  describeBackend('webgl', `${name} (browser)`, (backend) => {
    for (const [cases, kind] of parts) runCases(cases, backend, kind);
  });
}

describeBackend('webgl', 'the GPU path runs', () => {
  it('float32 kernels dispatched on the GPU, other dtypes on the host', () => {
    const webgl = engine.backendInstance('webgl') as WebGLBackend;
    // the families above ran elementwise, reduction, softmax and matmul cases
    expect(webgl.counters.dispatches).toBeGreaterThan(100);
    expect(webgl.counters.programs).toBeGreaterThan(40);
    expect(webgl.counters.hostRuns).toBeGreaterThan(0);
  });
});
