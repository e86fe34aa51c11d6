import type { Backend, BackendMemory, DataId, TensorInfo } from '../../backend/backend.js';
import {
  getKernel,
  type KernelArgs,
  type KernelImpl,
  type KernelName,
  registerKernel,
} from '../../backend/registry.js';
import { SparselandError } from '../../errors/sparseland-error.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { GLSL_MATH } from './glsl-math.js';

/** The part of a gpu.js kernel this backend uses (gpu.js's own types stay out of the public API). */
interface GpuJsKernel {
  (...args: unknown[]): unknown;
  setOutput(output: number[]): void;
}

/** The part of a gpu.js `GPU` instance this backend uses. */
interface GpuJsInstance {
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  addNativeFunction(name: string, source: string, settings: Record<string, unknown>): unknown;
  injectNative(source: string): unknown;
  destroy(): unknown;
}

/** The part of the gpu.js module this backend uses. */
interface GpuJsModule {
  GPU: new (settings: Record<string, unknown>) => GpuJsInstance;
}

/** A GLSL function a kernel's JavaScript may call: gpu.js needs its return and argument types. */
export interface NativeFunction {
  /** GLSL source of the function (it may call the helpers of `glsl-math.ts`). */
  source: string;
  /** gpu.js type of the result: `'Number'` (float) or `'Integer'`. */
  returnType: 'Number' | 'Integer';
  /** gpu.js types of the arguments, in order. */
  argumentTypes: ('Number' | 'Integer')[];
}

/** A gpu.js kernel: its JavaScript source (built on a cache miss only) and its argument types by name. */
export interface WebGLProgram {
  /** Cache key: the kernel's name and static facts, never shapes (they travel as uniforms). */
  key: string;
  /** The kernel function, in gpu.js's JavaScript subset (`this.thread.x` is the output index). */
  source: () => string;
  /** gpu.js argument types by argument name, in order: `'Array'` (a Float32Array), `'Integer'` or `'Float'`. */
  argumentTypes: Record<string, 'Array' | 'Integer' | 'Float'>;
}

/** Options of {@link WebGLBackend.create}. */
export interface WebGLBackendOptions {
  /**
   * The canvas to draw on (default: a new `OffscreenCanvas(1, 1)`, or a `<canvas>` element where there is no
   * OffscreenCanvas). The backend creates its own WebGL2 context on it.
   */
  canvas?: HTMLCanvasElement | OffscreenCanvas;
  /**
   * Most elements one tensor may have on the GPU (default and upper bound: the texture limit, see
   * {@link WebGLBackend.maxElements}); a lower value makes the size checks testable.
   */
  maxElements?: number;
  /** Called once when the WebGL context is lost (not after `dispose()`). */
  onLost?: () => void;
}

/** Counters of GPU work, for tests and profiling. */
export interface WebGLCounters {
  /** Kernel runs (one gpu.js call each: upload, draw, readback). */
  dispatches: number;
  /** gpu.js kernels compiled (cache misses). */
  programs: number;
  /** Kernels that ran on the host because an operand was not float32. */
  hostRuns: number;
}

/** Upper bound of a loop in a kernel (a compile-time constant in GLSL; the real bound is a uniform). */
const LOOP_MAX = 1 << 24;

/**
 * Elements beyond which positions are not exact: gpu.js keeps the variables of a kernel's JavaScript as
 * float32 (`const i = this.thread.x` becomes `float user_i = float(threadId.x)`), and every integer below
 * 2^24 is exact in float32, so index arithmetic is exact as long as no tensor has more elements.
 */
const EXACT_INDEX_LIMIT = 1 << 24;

type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;

function unavailable(reason: string): SparselandError<'SPARSELAND__CORE__BACKEND_UNAVAILABLE'> {
  return new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
    fn: 'WebGLBackend.create',
    backend: 'webgl',
    reason,
  });
}

function defaultCanvas(): AnyCanvas | undefined {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return undefined;
}

async function importGpuJs(): Promise<GpuJsModule> {
  let mod: Partial<GpuJsModule> & { default?: Partial<GpuJsModule> };
  try {
    // loaded on first use: importing @sparseland/core/webgl costs nothing until a backend starts
    mod = (await import('gpu.js')) as unknown as typeof mod;
  } catch (e) {
    throw unavailable(
      `the optional peer dependency gpu.js could not be loaded (install it: 'pnpm add gpu.js'): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const GPU = mod.GPU ?? mod.default?.GPU;
  if (typeof GPU !== 'function') throw unavailable('the gpu.js module has no GPU class');
  return { GPU };
}

/**
 * The `webgl` backend: kernels written for gpu.js run as WebGL2 fragment shaders, for browsers without
 * WebGPU. Import `@sparseland/core/webgl` to register it, then `await setBackend('webgl')`.
 *
 * - **Data lives on the host** in typed arrays, as on `cpu`. Each kernel uploads its float32 operands as
 *   float textures, draws, and reads its float32 result back (`precision: 'single'`, gpu.js's
 *   `EXT_color_buffer_float` path). That costs a round trip per kernel, but tensors never need a GPU
 *   lifetime, reads are synchronous (`dataSync()` works), a lost context loses no data, and the `cpu`
 *   fallback needs no copy.
 * - **float32 only on the GPU**: the backend stores `int32`, `uint8` and `bool` on the host too, and a kernel
 *   with a non-float32 operand runs the `cpu` implementation on the same host arrays (no warning: that is the
 *   design). `float64` is not stored; the engine keeps float64 tensors on `cpu`.
 * - **Kernels on the GPU**: elementwise unary and binary ops (with broadcasting), comparisons and logical
 *   ops, `Clip` and `Where`, the reductions, softmax and log-softmax, and batched matmul with transposes
 *   (`Cast` always runs on the host). Every other kernel falls back to `cpu` through the engine, with its
 *   one-time warning.
 * - **Programs** are compiled once per backend, keyed by kernel name and static facts; shapes travel as
 *   uniforms (gpu.js `dynamicOutput` and `dynamicArguments`).
 * - **Size**: a tensor with more than {@link WebGLBackend.maxElements} elements is rejected with
 *   `TEXTURE_TOO_LARGE` before anything is dispatched.
 * - **Precision**: every special value (NaN, infinities, signed zeros) is tested on its bit pattern, and the
 *   transcendental functions are written out where GLSL leaves them imprecise or undefined (`glsl-math.ts`),
 *   so results match `cpu` within float32 tolerances.
 */
export class WebGLBackend implements Backend {
  /** Registry name. */
  readonly name = 'webgl';
  /** Most elements one tensor may have on the GPU. */
  readonly maxElements: number;
  /** `MAX_TEXTURE_SIZE` of the context. */
  readonly maxTextureSize: number;
  /** The renderer the context reports (`RENDERER`, or the unmasked one where the browser tells it). */
  readonly renderer: string;
  /** Work done so far. */
  readonly counters: WebGLCounters = { dispatches: 0, programs: 0, hostRuns: 0 };
  private readonly store = new CpuBackend();
  private readonly programs = new Map<string, GpuJsKernel>();
  private lost = false;
  private readonly onLost: (() => void) | undefined;
  private disposed = false;

  private constructor(
    private readonly gpu: GpuJsInstance,
    canvas: AnyCanvas,
    private readonly gl: WebGL2RenderingContext,
    options: WebGLBackendOptions,
  ) {
    const { maxElements, onLost } = options;
    this.maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array | null;
    const side = Math.min(this.maxTextureSize, viewport?.[0] ?? this.maxTextureSize);
    // gpu.js packs n outputs into a near-square texture of at most side x side texels
    const hardware = Math.min((side - 1) * (side - 1), EXACT_INDEX_LIMIT);
    this.maxElements = Math.max(1, Math.min(maxElements ?? hardware, hardware));
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    this.renderer = String(
      debug === null ? gl.getParameter(gl.RENDERER) : gl.getParameter(debug.UNMASKED_RENDERER_WEBGL),
    );
    this.onLost = onLost;
    canvas.addEventListener('webglcontextlost', () => this.markLost());
  }

  /**
   * Create a WebGL2 context and a gpu.js instance on it, or fail with `BACKEND_UNAVAILABLE` (no canvas, as
   * in Node.js; no WebGL2 context; no float render targets; gpu.js not installed).
   */
  static async create(options: WebGLBackendOptions = {}): Promise<WebGLBackend> {
    const canvas = options.canvas ?? defaultCanvas();
    if (canvas === undefined) {
      throw unavailable(
        'no canvas to create a WebGL2 context on (neither OffscreenCanvas nor document exists here, as in Node.js)',
      );
    }
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      depth: false,
      antialias: false,
      powerPreference: 'high-performance',
    }) as WebGL2RenderingContext | null;
    if (gl === null) throw unavailable('the browser could not create a WebGL2 context');
    if (gl.getExtension('EXT_color_buffer_float') === null) {
      throw unavailable('the WebGL2 context lacks EXT_color_buffer_float (float32 render targets)');
    }
    const { GPU } = await importGpuJs();
    let gpu: GpuJsInstance;
    try {
      gpu = new GPU({ mode: 'webgl2', canvas, context: gl });
      gpu.injectNative(GLSL_MATH);
      for (const [name, fn] of nativeFunctions) {
        gpu.addNativeFunction(name, fn.source, {
          returnType: fn.returnType,
          argumentTypes: fn.argumentTypes,
        });
      }
    } catch (e) {
      throw unavailable(
        `gpu.js could not start on the WebGL2 context: ${e instanceof Error ? e.message : e}`,
      );
    }
    return new WebGLBackend(gpu, canvas, gl, options);
  }

  /** Every dtype but `float64` (which the engine keeps on `cpu`). */
  supportsDType(dtype: DType): boolean {
    return dtype !== 'float64';
  }

  /** Keep `values` on the host (no copy: the caller hands over ownership). */
  write(values: TypedArray, shape: readonly number[], dtype: DType): DataId {
    return this.store.write(values, shape, dtype);
  }

  /** The stored array itself, for kernels. */
  values(info: TensorInfo): TypedArray {
    return this.store.values(info);
  }

  /** Wrap a fresh array as a kernel output. */
  output(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    return this.store.output(values, shape, dtype);
  }

  /** A copy of the buffer. */
  read(dataId: DataId): Promise<TypedArray> {
    return this.store.read(dataId);
  }

  /** A copy of the buffer (data lives on the host, so reads are synchronous). */
  readSync(dataId: DataId): TypedArray {
    return this.store.readSync(dataId);
  }

  /** Free a buffer. */
  disposeData(dataId: DataId): void {
    this.store.disposeData(dataId);
  }

  /** Bytes and buffers held (on the host). */
  memory(): BackendMemory {
    return this.store.memory();
  }

  /** Drop every buffer and the compiled kernels, and release the WebGL context. */
  dispose(): void {
    this.disposed = true;
    this.store.dispose();
    this.programs.clear();
    this.gpu.destroy();
  }

  /**
   * Run `kernel`'s `cpu` implementation on this backend's host arrays: for operands that are not float32.
   * Its outputs stay here.
   */
  runOnHost<K extends KernelName>(kernel: K, args: KernelArgs<K, WebGLBackend>): TensorInfo | TensorInfo[] {
    const impl = getKernel(kernel, 'cpu');
    if (impl === undefined)
      throw new SparselandError('SPARSELAND__CORE__KERNEL_MISSING', { kernel, backend: 'cpu' });
    this.counters.hostRuns++;
    return impl({ inputs: args.inputs, attrs: args.attrs, backend: this.store });
  }

  /** Throw TEXTURE_TOO_LARGE unless a tensor of `shape` fits one texture. Call it before any dispatch. */
  checkSize(shape: readonly number[], fn: string): void {
    const elements = shape.reduce((a, b) => a * b, 1);
    if (elements > this.maxElements) {
      throw new SparselandError('SPARSELAND__CORE__TEXTURE_TOO_LARGE', {
        fn,
        backend: this.name,
        elements,
        limit: this.maxElements,
        shape: [...shape],
      });
    }
  }

  /** Whether the WebGL context was lost (the backend then refuses to run kernels; its data is intact). */
  get isLost(): boolean {
    return this.lost || this.gl.isContextLost();
  }

  private markLost(): void {
    if (this.lost || this.disposed) return;
    this.lost = true;
    this.onLost?.();
  }

  /** Throw DEVICE_LOST if the context is gone (checked synchronously: the loss event comes later). */
  private checkContext(fn: string): void {
    if (!this.isLost) return;
    this.markLost();
    throw new SparselandError('SPARSELAND__CORE__DEVICE_LOST', {
      fn,
      backend: this.name,
      reason: 'context lost',
      message: 'the WebGL2 context was lost',
      dataKept: true,
    });
  }

  /**
   * Run `program` over `n` outputs with `args` (Float32Arrays and numbers, in the order of
   * `program.argumentTypes`) and return the `n` results. Sizes must have been checked.
   */
  run(program: WebGLProgram, n: number, args: (Float32Array | number)[]): Float32Array {
    if (n === 0) return new Float32Array(0);
    this.checkContext(program.key);
    let kernel = this.programs.get(program.key);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(program.source(), {
        output: [n],
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: true,
        dynamicArguments: true,
        loopMaxIterations: LOOP_MAX,
        argumentTypes: program.argumentTypes,
      });
      this.programs.set(program.key, kernel);
      this.counters.programs++;
    }
    kernel.setOutput([n]);
    // a Float32Array of length 0 is never bound: kernels with an empty operand have no outputs
    const result = kernel(...args) as Float32Array;
    this.counters.dispatches++;
    // a context lost during the call leaves garbage (zeros) behind: never return it
    this.checkContext(program.key);
    if (!(result instanceof Float32Array) || result.length !== n) {
      throw new SparselandError('SPARSELAND__CORE__GPU_VALIDATION', {
        fn: program.key,
        backend: this.name,
        kind: 'internal',
        message: `gpu.js returned ${result instanceof Float32Array ? `${result.length} values` : typeof result}, expected ${n} float32 values`,
      });
    }
    // gpu.js reads back into a fresh array per call and returns exactly n values (possibly a view of its
    // slightly larger readback buffer), so the result is ours to keep: no copy
    return result;
  }
}

/** GLSL functions the kernels call, by name; every backend instance declares all of them to gpu.js. */
const nativeFunctions = new Map<string, NativeFunction>();

/**
 * Declare a GLSL function (calling the helpers of `glsl-math.ts`) that kernel sources may call.
 *
 * @example
 * ```ts
 * defineNative('u_Exp', { source: 'float u_Exp(float x) { return m_exp(x); }', returnType: 'Number', argumentTypes: ['Number'] });
 * ```
 */
export function defineNative(name: string, fn: NativeFunction): void {
  nativeFunctions.set(name, fn);
}

/** Register `impl` as the `webgl` implementation of `kernel`. */
export function defineWebGLKernel<K extends KernelName>(kernel: K, impl: KernelImpl<K, WebGLBackend>): void {
  registerKernel(kernel, 'webgl', impl);
}

/** Whether every operand is float32 (the GPU path); otherwise the kernel runs on the host. */
export function allFloat32(...infos: TensorInfo[]): boolean {
  return infos.every((t) => t.dtype === 'float32');
}

/** The float32 values of `info` (the GPU path reads float32 operands only). */
export function f32(backend: WebGLBackend, info: TensorInfo): Float32Array {
  return backend.values(info) as Float32Array;
}
