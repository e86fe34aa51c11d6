/**
 * Loading the wasm backend's kernels: decode the embedded binary, compile it (synchronously in Node,
 * asynchronously elsewhere), and instantiate it over a linear memory the host creates.
 *
 * The binary is built with a shared imported memory (for worker threads). Where `SharedArrayBuffer` is
 * unavailable (a browser page that is not cross-origin isolated) the memory import is rewritten to an
 * unshared one, which is valid because the kernels use no atomic instructions; such hosts run one thread.
 *
 * @module
 */
import { WASM_KERNELS_BASE64 } from './generated/kernels-wasm.js';

/** The kernels' exports (pointers and sizes are byte offsets and element counts as int32). */
export interface KernelExports {
  heap_base(): number;
  run_tile(kernel: number, args: number, tile: number, scratch: number): number;
  unary_f32(op: number, out: number, x: number, n: number): number;
  unary_i32(op: number, out: number, x: number, n: number): number;
  unary_u8(op: number, out: number, x: number, n: number): number;
  binary_f32(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  binary_i32(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  binary_u8(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  compare_f32(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  compare_i32(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  compare_u8(op: number, out: number, a: number, b: number, args: number, rank: number): number;
  cast(out: number, to: number, x: number, from: number, n: number): number;
  clip_f32(out: number, x: number, n: number, lo: number, hi: number): void;
  clip_int(out: number, x: number, n: number, lo: number, hi: number, shift: number): void;
  copy_bytes(dst: number, src: number, n: number): void;
  copy_nd(dst: number, src: number, args: number, rank: number, shift: number): void;
  fill8(ptr: number, n: number, byte: number): void;
  fill32(ptr: number, n: number, bits: number): void;
  transpose32(out: number, x: number, batch: number, rows: number, cols: number): void;
  where_nd(out: number, c: number, a: number, b: number, args: number, rank: number, shift: number): void;
  layer_norm_rows(
    out: number,
    x: number,
    w: number,
    b: number,
    n: number,
    eps: number,
    r0: number,
    r1: number,
  ): void;
  rms_norm_rows(out: number, x: number, w: number, n: number, eps: number, r0: number, r1: number): void;
  matmul_f32(args: number, scratch: number): void;
  matmul_f32_tile(args: number, tile: number, scratch: number): void;
  matmul_f32_tiles(args: number): number;
  matmul_int(args: number, shift: number): void;
  matmul_scratch_bytes(): number;
  reduce(
    op: number,
    out: number,
    outDt: number,
    x: number,
    dt: number,
    outer: number,
    r: number,
    inner: number,
  ): void;
  arg_reduce(
    out: number,
    x: number,
    dt: number,
    outer: number,
    n: number,
    inner: number,
    isMax: number,
  ): void;
  softmax_f32(out: number, x: number, outer: number, n: number, inner: number, isLog: number): void;
  cumsum(
    out: number,
    x: number,
    dt: number,
    outer: number,
    n: number,
    inner: number,
    exclusive: number,
    reverse: number,
  ): void;
  gather(
    out: number,
    x: number,
    idx: number,
    outer: number,
    n: number,
    inner: number,
    m: number,
    shift: number,
  ): void;
  scatter_add(
    out: number,
    idx: number,
    u: number,
    dt: number,
    outer: number,
    n: number,
    inner: number,
    m: number,
  ): void;
  one_hot(
    out: number,
    idx: number,
    count: number,
    depth: number,
    on: number,
    off: number,
    shift: number,
  ): void;
  sort(
    values: number,
    indices: number,
    x: number,
    dt: number,
    outer: number,
    n: number,
    inner: number,
    descending: number,
    scratch: number,
  ): void;
  top_k(
    values: number,
    indices: number,
    x: number,
    dt: number,
    rows: number,
    n: number,
    k: number,
    largest: number,
    scratch: number,
  ): void;
}

/** Pages (64 KiB) the memory starts with: 16 MiB. */
export const INITIAL_PAGES = 256;
/** The most pages a wasm32 memory can have (4 GiB). */
export const MAX_PAGES = 65536;

let bytesCache: Uint8Array | undefined;

/** Bytes of a base64 string. */
export function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The embedded kernels binary (decoded once). */
export function kernelBytes(): Uint8Array {
  bytesCache ??= decodeBase64(WASM_KERNELS_BASE64);
  return bytesCache;
}

/** Whether this host can share a wasm memory between threads. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node !== undefined) return true;
  return g.crossOriginIsolated === true;
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++]!;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value >>> 0, i];
    shift += 7;
  }
}

/**
 * A copy of `bytes` whose imported memory is not shared: the limits flag of the memory import changes from
 * 0x03 (shared, with maximum) to 0x01 (with maximum). Throws if the module has no such import.
 */
export function unshareMemoryImport(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  let at = 8; // magic + version
  while (at < out.length) {
    const id = out[at]!;
    const [size, body] = readLeb(out, at + 1);
    if (id === 2) {
      let [count, p] = readLeb(out, body);
      while (count-- > 0) {
        let len: number;
        [len, p] = readLeb(out, p);
        p += len; // module name
        [len, p] = readLeb(out, p);
        p += len; // field name
        const kind = out[p++]!;
        if (kind === 0) {
          [, p] = readLeb(out, p);
        } else if (kind === 1) {
          p++; // reftype
          const flags = out[p++]!;
          [, p] = readLeb(out, p);
          if (flags & 1) [, p] = readLeb(out, p);
        } else if (kind === 2) {
          if (out[p] === 0x03) {
            out[p] = 0x01;
            return out;
          }
          throw new Error(`memory import has limits flag ${out[p]}, expected shared (3)`);
        } else if (kind === 3) {
          p += 2; // valtype, mutability
        } else {
          throw new Error(`unknown import kind ${kind}`);
        }
      }
    }
    at = body + size;
  }
  throw new Error('the kernels module imports no memory');
}

/** A compiled kernels module with the memory its instances share. */
export interface LoadedKernels {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: KernelExports;
  shared: boolean;
}

function newMemory(shared: boolean): WebAssembly.Memory {
  // a 4 GiB reservation may be refused on 32-bit hosts: fall back to smaller maxima
  let lastError: unknown;
  for (const maximum of [MAX_PAGES, 32768, 16384]) {
    try {
      return new WebAssembly.Memory({
        initial: INITIAL_PAGES,
        maximum,
        shared,
      } as WebAssembly.MemoryDescriptor);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory, shared: boolean): LoadedKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { module, memory, exports: instance.exports as unknown as KernelExports, shared };
}

function checkHost(): void {
  if (typeof WebAssembly === 'undefined') throw new Error('WebAssembly is not available');
}

function sourceBytes(shared: boolean): Uint8Array {
  const bytes = kernelBytes();
  const src = shared ? bytes : unshareMemoryImport(bytes);
  if (!WebAssembly.validate(src as BufferSource)) throw new Error('this WebAssembly engine lacks SIMD128');
  return src;
}

/** Compile and instantiate synchronously (Node, workers). */
export function loadKernelsSync(): LoadedKernels {
  checkHost();
  const shared = canShareMemory();
  const module = new WebAssembly.Module(sourceBytes(shared) as BufferSource);
  return instantiate(module, newMemory(shared), shared);
}

/** Compile asynchronously, then instantiate (browsers' main threads refuse large synchronous compiles). */
export async function loadKernels(): Promise<LoadedKernels> {
  checkHost();
  const shared = canShareMemory();
  const module = await WebAssembly.compile(sourceBytes(shared) as BufferSource);
  return instantiate(module, newMemory(shared), shared);
}
