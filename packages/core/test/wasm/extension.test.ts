/**
 * Wasm extensions (`@sparseland/core/extend`): a module built by another package runs over the backend's
 * memory, in place on tensors, and on the worker threads; modules that break the contract are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.js';
import { defineWasmExtension, type WasmExtension } from '../../src/extend.js';
import { isSparselandError, setBackend, setWasmThreads, tensor, type WasmBackend } from '../../src/index.js';

/** Compile AssemblyScript with the flags of the workspace's build script (shared imported memory, SIMD). */
async function compile(source: string): Promise<string> {
  const { default: asc } = await import('assemblyscript/asc');
  const outputs = new Map<string, Uint8Array | string>();
  const flags = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd,threads', '--importMemory'];
  const more = ['--noExportMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536'];
  const { error, stderr } = await asc.main(['input.ts', ...flags, ...more, '--outFile', 'out.wasm'], {
    readFile: (name: string) => (name === 'input.ts' ? source : null),
    writeFile: (name: string, contents: Uint8Array | string) => void outputs.set(name, contents),
  });
  if (error) throw new Error(`${error.message}\n${stderr.toString()}`);
  return Buffer.from(outputs.get('out.wasm') as Uint8Array).toString('base64');
}

interface ScaleExports {
  scale(out: number, x: number, n: number, s: number): void;
}

const SCALE = `
export function scale(out: usize, x: usize, n: i32, s: f32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}
// tile kernel 7: out[i] = x[i] * 3 + tile for the 64 elements of tile \`tile\`; args = [out, x]
export function run_tile(kernel: i32, args: usize, tile: i32, scratch: usize): i32 {
  if (kernel != 7) return 1;
  const out = load<u32>(args);
  const x = load<u32>(args + 4);
  store<f32>(scratch, <f32>tile);
  for (let i = tile * 64; i < tile * 64 + 64; i++) {
    store<f32>(out + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * 3 + load<f32>(scratch));
  }
  return 0;
}
`;

let wasm: WasmBackend;
let ext: WasmExtension<ScaleExports>;

beforeAll(async () => {
  await setBackend('wasm');
  wasm = engine.backendInstance('wasm') as WasmBackend;
  ext = defineWasmExtension<ScaleExports>('test-scale', await compile(SCALE));
}, 60_000);
afterAll(() => setWasmThreads('auto'));

describe('defineWasmExtension', () => {
  it('runs in place on tensors in the backend memory', async () => {
    const x = tensor([1, -2, 3.5, 0]);
    const out = wasm.output(x.shape, 'float32');
    ext.on(wasm).scale(wasm.ptr(out), wasm.ptr(x), 4, 2);
    const y = engine.makeTensorFromInfo(out, wasm);
    expect(Array.from(await y.data())).toEqual([2, -4, 7, 0]);
    expect(Array.from(await x.data())).toEqual([1, -2, 3.5, 0]);
    x.dispose();
    y.dispose();
  });

  it('instantiates once per backend', () => {
    expect(ext.on(wasm)).toBe(ext.on(wasm));
  });

  it('runs its tiles on the worker threads', async () => {
    ext.on(wasm); // instantiated before the pool starts, so the workers load it
    setWasmThreads(2);
    wasm.startWorkers();
    const start = performance.now();
    while (wasm.readyWorkers() < 1) {
      if (performance.now() - start > 20_000) throw new Error('no worker started');
      await new Promise((r) => setTimeout(r, 5));
    }
    const tiles = 400;
    const values = Float32Array.from({ length: tiles * 64 }, (_, i) => (i % 97) - 48);
    const x = tensor(values);
    const out = wasm.output(x.shape, 'float32');
    const before = wasm.threadedJobs;
    const args = wasm.args([wasm.ptr(out), wasm.ptr(x)]);
    const local = ext.on(wasm) as unknown as {
      run_tile(k: number, a: number, t: number, s: number): number;
    };
    wasm.runTiles(ext.tileKernel(7), args, tiles, 64, (t, s) => {
      expect(local.run_tile(7, args, t, s)).toBe(0);
    });
    wasm.release();
    expect(wasm.threadedJobs).toBe(before + 1);
    const y = engine.makeTensorFromInfo(out, wasm);
    const got = await y.data();
    for (let i = 0; i < values.length; i++) expect(got[i]).toBe(values[i]! * 3 + Math.floor(i / 64));
    x.dispose();
    y.dispose();
  }, 60_000);

  it('validates tile kernel ids', () => {
    for (const bad of [-1, 65536, 1.5]) {
      expect(() => ext.tileKernel(bad)).toThrow(/tileKernel: argument 'id' must be an integer/);
    }
  });
});

describe('the extension contract', () => {
  async function refusal(source: string): Promise<string> {
    const bad = defineWasmExtension('bad', await compile(source));
    try {
      bad.on(wasm);
    } catch (e) {
      expect(isSparselandError(e, 'SPARSELAND__CORE__BACKEND_UNAVAILABLE')).toBe(true);
      return (e as Error).message;
    }
    throw new Error('the module was accepted');
  }

  it('refuses static data, which would overwrite the heap', async () => {
    const message = await refusal(
      'const T: StaticArray<f32> = [1, 2, 3];\nexport function f(i: i32): f32 { return unchecked(T[i]); }',
    );
    expect(message).toMatch(/extension 'bad': it has data segments/);
  }, 60_000);

  it('refuses imports other than the memory', async () => {
    const message = await refusal(
      '@external("env", "log") declare function log(x: i32): void;\nexport function f(i: i32): void { log(i); }',
    );
    expect(message).toMatch(/it imports env.log; only the memory env.memory is allowed/);
  }, 60_000);

  it('refuses bytes that are not a module', () => {
    const bad = defineWasmExtension('junk', btoa('not wasm at all'));
    expect(() => bad.on(wasm)).toThrow(/extension 'junk': not a wasm module/);
  });
});
