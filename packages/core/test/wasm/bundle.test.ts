/**
 * The wasm backend survives bundlers: a consumer program bundled with esbuild (honouring package.json's
 * `sideEffects`, tree-shaking) runs from a directory without node_modules and picks `wasm` synchronously; a
 * browser build resolves no Node built-in and no file path.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sparseland-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = `
import { add, getBackend, getWasmThreads, kernelsFor, matmul, memory, setWasmThreads, softmax, tensor, tidy } from ${JSON.stringify(index)};
const backend = getBackend();
setWasmThreads(2);
const big = tensor(Float32Array.from({ length: 512 * 512 }, (_, i) => (i % 7) - 3), { shape: [512, 512] });
const out = tidy(() => ({
  add: Array.from(add(tensor([1, 2, 3]), 1).dataSync()),
  mm: Array.from(matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]])).dataSync()),
  sm: Array.from(softmax(tensor([0, 0])).dataSync()),
  trace: matmul(big, big).dataSync()[0],
}));
console.log(JSON.stringify({ backend, kernels: kernelsFor('wasm').length, cpuKernels: kernelsFor('cpu').length, threads: getWasmThreads(), out, bytes: memory().backends.wasm.numBytes }));
`;

describe('bundling', () => {
  it('a tree-shaken Node bundle runs from an empty directory on the wasm backend', async () => {
    await build({
      stdin: { contents: program, resolveDir: dir, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(dir, 'app.mjs'),
      conditions: ['@sparseland/source'],
      external: ['webgpu'],
      logLevel: 'silent',
    });
    const stdout = execFileSync(process.execPath, [join(dir, 'app.mjs')], { cwd: dir, encoding: 'utf8' });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.backend).toBe('wasm');
    // the kernel modules are side effects of register.ts: a wrong `sideEffects` list drops them
    expect(r.kernels).toBeGreaterThan(60);
    expect(r.kernels).toBe(r.cpuKernels);
    expect(r.threads).toBe(2);
    expect(r.out.add).toEqual([2, 3, 4]);
    expect(r.out.mm).toEqual([3, 7]);
    expect(r.out.sm).toEqual([0.5, 0.5]);
    // row 0 of big . column 0 of big: sum_k ((k % 7) - 3) * (((k * 512) % 7) - 3)
    let want = 0;
    for (let k = 0; k < 512; k++) want += ((k % 7) - 3) * (((k * 512) % 7) - 3);
    expect(r.out.trace).toBe(want);
    expect(r.bytes).toBe(512 * 512 * 4);
  }, 60000);

  it('a browser bundle needs no Node built-in module and no file', async () => {
    const result = await build({
      stdin: { contents: program, resolveDir: dir, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      conditions: ['@sparseland/source'],
      external: ['webgpu'],
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
    const text = result.outputFiles[0]!.text;
    expect(text).toContain('WASM_KERNELS_BASE64');
    expect(text).not.toMatch(/\.wasm['"]/); // no kernels file to fetch
  });
});
