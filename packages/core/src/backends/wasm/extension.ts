/**
 * Wasm extensions: WebAssembly modules of extra kernels, built by another package, that run over the `wasm`
 * backend's linear memory, so their kernels read and write tensors in place and share the thread pool.
 *
 * An extension is built like core's own kernels (the workspace's `scripts/build-wasm.mjs`: SIMD, an imported
 * shared `env.memory`, no runtime). It must import nothing but that memory, hold no data segment (it would
 * overwrite the heap) and start nothing; it takes temporary memory from the backend (`scratch`). A module
 * that wants threads exports `run_tile(kernel, args, tile, scratch) -> i32` (0 when the kernel id is known),
 * which the backend's workers call for the tiles of a job (see {@link WasmExtension.tileKernel}).
 *
 * @module
 */
import { SparselandError } from '../../errors/sparseland-error.js';
import type { WasmBackend } from './wasm-backend.js';
import { canShareMemory, decodeBase64, unshareMemoryImport } from './wasm-module.js';

/** Kernel ids per module in a tile job (`module << 16 | id`). */
const IDS_PER_MODULE = 1 << 16;

const registered: WasmExtension<object>[] = [];

/**
 * A module of extra `wasm` kernels. Create one with {@link defineWasmExtension}; in a kernel, get the exports
 * instantiated on the running backend with `ext.on(backend)`.
 *
 * @typeParam E - the module's exports (pointers and sizes as `number`).
 */
export class WasmExtension<E extends object> {
  private compiled: WebAssembly.Module | undefined;
  private compiling: Promise<WebAssembly.Module> | undefined;

  /** @internal Use {@link defineWasmExtension}. */
  constructor(
    /** Name used in error messages. */
    readonly name: string,
    /** Position among the registered extensions (module `index + 1` in tile jobs; core's kernels are 0). */
    readonly index: number,
    private readonly base64: () => string,
  ) {}

  /** The compiled module (compiled synchronously on first use, unless {@link compile} ran first). */
  module(): WebAssembly.Module {
    this.compiled ??= new WebAssembly.Module(this.bytes() as BufferSource);
    return this.compiled;
  }

  /**
   * Compile asynchronously (browsers refuse large synchronous compiles on the main thread); afterwards
   * {@link module} returns at once.
   */
  async compile(): Promise<WebAssembly.Module> {
    if (this.compiled !== undefined) return this.compiled;
    this.compiling ??= WebAssembly.compile(this.bytes() as BufferSource);
    this.compiled = await this.compiling;
    return this.compiled;
  }

  /**
   * The exports instantiated over `backend`'s memory (instantiated once per backend).
   *
   * @param backend - the running `wasm` backend (a kernel's `args.backend`).
   */
  on(backend: WasmBackend): E {
    return backend.extensionExports(this as WasmExtension<object>) as E;
  }

  /**
   * The id under which the backend's workers run tile kernel `id` of this module's `run_tile`; pass it to
   * `WasmBackend.runTiles`.
   */
  tileKernel(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= IDS_PER_MODULE) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'WasmExtension.tileKernel',
        arg: 'id',
        expected: `be an integer in [0, ${IDS_PER_MODULE})`,
        actual: String(id),
      });
    }
    return (this.index + 1) * IDS_PER_MODULE + id;
  }

  private bytes(): Uint8Array {
    const bytes = decodeBase64(this.base64());
    checkExtension(bytes, this.name);
    const src = canShareMemory() ? bytes : unshareMemoryImport(bytes);
    if (!WebAssembly.validate(src as BufferSource)) {
      throw unavailable(this.name, 'the module does not validate (this engine may lack SIMD128)');
    }
    return src;
  }
}

/**
 * Declare a module of extra `wasm` kernels (once, at import time of the package that ships it).
 *
 * @param name - a name for error messages, e.g. the package name.
 * @param base64 - the module's bytes as base64, or a function returning them (decoded at first use).
 * @example
 * ```ts
 * import { defineWasmExtension, defineWasmKernel } from '@sparseland/core/extend';
 * interface Exports { scale_f32(out: number, x: number, n: number, s: number): void }
 * const ext = defineWasmExtension<Exports>('my-kernels', () => MY_KERNELS_BASE64);
 * defineWasmKernel('MyScale', ({ inputs: { x }, attrs: { s }, backend }) => {
 *   const out = backend.output(x.shape, 'float32');
 *   ext.on(backend).scale_f32(backend.ptr(out), backend.ptr(x), x.dataId.size, s);
 *   return out;
 * });
 * ```
 */
export function defineWasmExtension<E extends object>(
  name: string,
  base64: string | (() => string),
): WasmExtension<E> {
  const ext = new WasmExtension<E>(
    name,
    registered.length,
    typeof base64 === 'string' ? () => base64 : base64,
  );
  registered.push(ext as WasmExtension<object>);
  return ext;
}

/** @internal Every extension declared so far, in index order. */
export function wasmExtensions(): readonly WasmExtension<object>[] {
  return registered;
}

function unavailable(name: string, reason: string): SparselandError {
  return new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
    fn: 'defineWasmExtension',
    backend: 'wasm',
    reason: `extension '${name}': ${reason}`,
  });
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= bytes.length || shift > 28) throw new RangeError('truncated LEB128');
    const b = bytes[i++]!;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value >>> 0, i];
    shift += 7;
  }
}

/**
 * Check the extension contract on the binary: the only import is the memory `env.memory`, and there is no
 * data section (static data would land on the heap) and no start function.
 */
function checkExtension(bytes: Uint8Array, name: string): void {
  const text = (a: number, n: number) => new TextDecoder().decode(bytes.subarray(a, a + n));
  try {
    if (bytes.length < 8 || bytes[0] !== 0 || text(1, 3) !== 'asm')
      throw unavailable(name, 'not a wasm module');
    let at = 8;
    let importsMemory = false;
    while (at < bytes.length) {
      const id = bytes[at]!;
      const [size, body] = readLeb(bytes, at + 1);
      if (id === 8) throw unavailable(name, 'it has a start function');
      if (id === 11) {
        const [count] = readLeb(bytes, body);
        if (count > 0) throw unavailable(name, 'it has data segments (static data would overwrite the heap)');
      }
      if (id === 2) {
        let [count, p] = readLeb(bytes, body);
        if (count !== 1) throw unavailable(name, `it has ${count} imports; only env.memory is allowed`);
        let len: number;
        [len, p] = readLeb(bytes, p);
        const module = text(p, len);
        p += len;
        [len, p] = readLeb(bytes, p);
        const field = text(p, len);
        p += len;
        if (module !== 'env' || field !== 'memory' || bytes[p] !== 2) {
          throw unavailable(name, `it imports ${module}.${field}; only the memory env.memory is allowed`);
        }
        importsMemory = true;
      }
      at = body + size;
    }
    if (!importsMemory) throw unavailable(name, 'it does not import env.memory');
  } catch (e) {
    if (e instanceof SparselandError) throw e;
    throw unavailable(name, `malformed module (${(e as Error).message})`);
  }
}
