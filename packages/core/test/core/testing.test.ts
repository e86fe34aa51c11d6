/** The framework-free helpers of @sparseland/core/testing (the gradient checker has its own file). */
import { afterEach, describe, expect, it } from 'vitest';
import { listBackends } from '../../src/index.js';
import {
  closeTo,
  compareClose,
  GPU_TEST_BACKENDS,
  TEST_BACKENDS_ENV,
  TOLERANCES,
  testBackendNames,
  toleranceFor,
} from '../../src/testing/index.js';

const exact = { rtol: 0, atol: 0 };
const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

describe('closeTo', () => {
  it('uses atol + rtol * |expected|', () => {
    expect(closeTo(1.09, 1, { rtol: 0.1, atol: 0 })).toBe(true);
    expect(closeTo(1.11, 1, { rtol: 0.1, atol: 0 })).toBe(false);
    expect(closeTo(0.05, 0, { rtol: 0.1, atol: 0.05 })).toBe(true);
    expect(closeTo(-0, 0, exact)).toBe(true);
  });

  it('treats NaN as equal to NaN only, and infinities as equal to the same infinity only', () => {
    expect(closeTo(nan, nan, exact)).toBe(true);
    expect(closeTo(nan, 1, { rtol: 1, atol: 1 })).toBe(false);
    expect(closeTo(1, nan, { rtol: 1, atol: 1 })).toBe(false);
    expect(closeTo(inf, inf, exact)).toBe(true);
    expect(closeTo(ninf, inf, { rtol: 1, atol: 1 })).toBe(false);
    expect(closeTo(1e308, inf, { rtol: 1, atol: 1 })).toBe(false);
    expect(closeTo(inf, 1e308, { rtol: 1, atol: 1 })).toBe(false);
  });
});

describe('compareClose', () => {
  it('passes equal arrays', () => {
    const r = compareClose(new Float32Array([1, nan, inf]), [1, nan, inf], exact);
    expect(r).toEqual({ ok: true, mismatches: 0, message: 'ok' });
  });

  it('reports the first mismatch, its multi-index and the number of mismatches', () => {
    const r = compareClose([1, 2, 3, 4, 5, 6], [1, 2, 3, 4.5, 5, 7], { rtol: 0, atol: 0.1 }, [2, 3]);
    expect(r.ok).toBe(false);
    expect(r.index).toBe(3);
    expect(r.position).toEqual([1, 0]);
    expect(r.actual).toBe(4);
    expect(r.expected).toBe(4.5);
    expect(r.mismatches).toBe(2);
    expect(r.message).toBe(
      '2 of 6 elements differ; first at index 3 [1, 0]: got 4, expected 4.5 (|diff| 0.5, allowed 0.1 + 0 * |expected|)',
    );
  });

  it('reports a length mismatch', () => {
    const r = compareClose([1, 2], [1, 2, 3], exact);
    expect(r.ok).toBe(false);
    expect(r.message).toBe('length 2 differs from the expected 3');
  });
});

describe('tolerances', () => {
  it('are exact for integer and bool results', () => {
    for (const d of ['int32', 'uint8', 'bool'] as const) {
      for (const k of ['elementwise', 'reduction', 'matmul'] as const)
        expect(toleranceFor(d, k)).toEqual(exact);
    }
  });

  it('loosen from elementwise to reductions and matmul, and are tighter for float64', () => {
    const f32 = TOLERANCES.float32;
    expect(toleranceFor('float32')).toBe(f32.elementwise);
    expect(f32.elementwise.rtol).toBe(1e-5);
    expect(f32.reduction.rtol).toBeGreaterThan(f32.elementwise.rtol);
    expect(f32.matmul.rtol).toBeGreaterThanOrEqual(f32.reduction.rtol);
    for (const k of ['elementwise', 'reduction', 'matmul'] as const) {
      expect(TOLERANCES.float64[k].rtol).toBeLessThan(TOLERANCES.float32[k].rtol * 1e-3);
    }
  });
});

describe('testBackendNames', () => {
  const saved = process.env[TEST_BACKENDS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[TEST_BACKENDS_ENV];
    else process.env[TEST_BACKENDS_ENV] = saved;
  });

  it('defaults to every registered backend', () => {
    delete process.env[TEST_BACKENDS_ENV];
    expect(testBackendNames()).toContain('cpu');
    process.env[TEST_BACKENDS_ENV] = '  ';
    expect(testBackendNames()).toContain('cpu');
  });

  it('leaves GPU backends out by default, unless a suite asks for them or the list names them', () => {
    delete process.env[TEST_BACKENDS_ENV];
    expect(listBackends()).toContain('webgpu');
    expect(testBackendNames()).not.toContain('webgpu');
    expect(testBackendNames()).toEqual(listBackends().filter((b) => !GPU_TEST_BACKENDS.includes(b)));
    expect(testBackendNames({ gpu: true })).toEqual(listBackends());
    process.env[TEST_BACKENDS_ENV] = 'webgpu';
    expect(testBackendNames()).toEqual(['webgpu']);
  });

  it('reads a comma list, trimmed and without duplicates, keeping unknown names', () => {
    process.env[TEST_BACKENDS_ENV] = ' cpu, webgpu ,,cpu';
    expect(testBackendNames()).toEqual(['cpu', 'webgpu']);
  });
});
