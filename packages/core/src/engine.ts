import type { Backend, BackendMemory, DataId, TensorInfo } from './backend/backend.js';
import { getKernel, type KernelAttrs, type KernelInputs, type KernelName } from './backend/registry.js';
import { SparselandError } from './errors/sparseland-error.js';
import { bytesPerElement, type DType, isDType, isFloat, type TypedArray } from './tensor/dtype.js';
import { Tensor, Variable } from './tensor/tensor.js';

/** Backend factory: may be async (a GPU device, a compiled wasm module). */
export type BackendFactory = () => Backend | Promise<Backend>;

interface BackendEntry {
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
  pending?: Promise<Backend>;
}

interface DataEntry {
  backend: Backend;
  refs: number;
  bytes: number;
}

/** Gradient of one recorded op: for each input name, a thunk computing its gradient. */
export type GradThunks = Record<string, (() => Tensor) | (() => Tensor[]) | undefined>;

/** What a gradient function receives about the recorded op. */
export interface GradContext {
  /** Inputs as they were when the op ran. */
  inputs: Record<string, Tensor | Tensor[]>;
  /** Outputs of the op. */
  outputs: Tensor[];
  /** Attributes of the op. */
  attrs: unknown;
}

/** A gradient function: upstream gradients (one per output) to input gradient thunks. */
export type GradFn = (dys: Tensor[], ctx: GradContext) => GradThunks;

/** @internal One op recorded on a tape. */
export interface TapeNode {
  kernel: string;
  inputIds: Record<string, number | number[]>;
  outputIds: number[];
  ctx: GradContext;
  grad: GradFn | undefined;
}

/** @internal A gradient tape: the ops that depend on the watched tensors, in order. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  readonly tracked = new Set<number>();
  readonly saved: Tensor[] = [];
}

/** Live tensors and bytes, overall and per backend. */
export interface MemoryInfo {
  /** Live tensors (variables included). */
  numTensors: number;
  /** Live buffers (tensors may share one, e.g. after `reshape`). */
  numDataBuffers: number;
  /** Bytes held by live buffers on every backend. */
  numBytes: number;
  /** The same, per initialised backend. */
  backends: Record<string, BackendMemory>;
}

type InputsRecord = Record<string, Tensor | Tensor[]>;

const gradients = new Map<string, GradFn>();
const warnedFallbacks = new Set<string>();

/** @internal The process-wide state: backends, buffers, scopes and tapes. */
export class Engine {
  private readonly registry = new Map<string, BackendEntry>();
  private activeName: string | undefined;
  private readonly data = new Map<DataId, DataEntry>();
  private nextId = 0;
  private numTensors = 0;
  private readonly scopes: Set<Tensor>[] = [];
  private readonly kept = new WeakSet<Tensor>();
  private readonly tapes: Tape[] = [];
  private tapePaused = 0;

  // ---- backends ------------------------------------------------------------------------------

  registerBackend(name: string, factory: BackendFactory, priority: number): void {
    this.registry.set(name, { factory, priority });
  }

  backendNames(): string[] {
    return [...this.registry.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
  }

  async setBackend(name: string): Promise<void> {
    await this.initBackend(name, 'setBackend');
    this.activeName = name;
  }

  private entry(name: string, fn: string): BackendEntry {
    const entry = this.registry.get(name);
    if (entry === undefined) {
      throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
        fn,
        backend: name,
        reason: `not registered (registered: ${this.backendNames().join(', ') || 'none'})`,
      });
    }
    return entry;
  }

  /** Start a backend once: a synchronous factory yields the instance now, an async one a pending promise. */
  private start(entry: BackendEntry): void {
    if (entry.instance !== undefined || entry.pending !== undefined) return;
    const result = entry.factory();
    if (result instanceof Promise) {
      entry.pending = result.then(
        (inst) => (entry.instance = inst),
        (e: unknown) => {
          delete entry.pending; // a later call may retry
          throw e;
        },
      );
    } else {
      entry.instance = result;
    }
  }

  private async initBackend(name: string, fn: string): Promise<Backend> {
    const entry = this.entry(name, fn);
    try {
      this.start(entry);
      return entry.instance ?? (await entry.pending!);
    } catch (e) {
      throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
        fn,
        backend: name,
        reason: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /** Initialise backends in priority order and activate the first that works. */
  async ready(): Promise<string> {
    if (this.activeName !== undefined) return this.activeName;
    for (const name of this.backendNames()) {
      try {
        await this.setBackend(name);
        return name;
      } catch {
        // try the next one
      }
    }
    throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
      fn: 'ready',
      backend: '(any)',
      reason: 'no registered backend could be initialised',
    });
  }

  /** Name of the active backend; before any `setBackend`, the best one that starts without waiting. */
  get backendName(): string {
    if (this.activeName === undefined) {
      for (const name of this.backendNames()) {
        const entry = this.registry.get(name)!;
        try {
          this.start(entry);
        } catch {
          continue; // not available here
        }
        if (entry.instance !== undefined) {
          this.activeName = name;
          return name;
        }
      }
      throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
        fn: 'getBackend',
        backend: '(any)',
        reason: 'no backend starts synchronously; call `await setBackend(name)` first',
      });
    }
    return this.activeName;
  }

  /** The instance of backend `name`, started synchronously if it can be. */
  backendInstance(name: string): Backend {
    const entry = this.entry(name, 'engine');
    this.start(entry);
    if (entry.instance === undefined) {
      throw new SparselandError('SPARSELAND__CORE__BACKEND_UNAVAILABLE', {
        fn: 'engine',
        backend: name,
        reason: 'still initialising; call `await setBackend(name)` first',
      });
    }
    return entry.instance;
  }

  get backend(): Backend {
    return this.backendInstance(this.backendName);
  }

  // ---- tensors and buffers ---------------------------------------------------------------

  /** Wrap a buffer already on `backend` as a new tensor tracked by the current scope. */
  makeTensorFromInfo(info: TensorInfo, backend: Backend): Tensor {
    const entry = this.data.get(info.dataId);
    if (entry === undefined) {
      this.data.set(info.dataId, {
        backend,
        refs: 1,
        bytes: info.shape.reduce((a, b) => a * b, 1) * bytesPerElement(info.dtype),
      });
    } else {
      entry.refs++;
    }
    const t = new Tensor(info.dataId, info.shape, info.dtype, backend.name, this.nextId++);
    this.numTensors++;
    this.track(t);
    return t;
  }

  /**
   * A new tensor holding `values` (ownership passes to the backend) on the active backend, or on `cpu` for a
   * dtype only `cpu` stores (`float64`): see {@link Engine.cpuFor}.
   */
  makeTensor(values: TypedArray, shape: readonly number[], dtype: DType, fn: string): Tensor {
    const active = this.backend;
    const backend = active.supportsDType(dtype) ? active : (this.cpuFor(dtype) ?? active);
    this.checkDType(backend, dtype, fn);
    return this.makeTensorFromInfo({ dataId: backend.write(values, shape, dtype), shape, dtype }, backend);
  }

  /** Whether a tensor of `dtype` can be made now: on the active backend, or on `cpu` (see {@link Engine.cpuFor}). */
  storesDType(dtype: DType): boolean {
    return this.backend.supportsDType(dtype) || this.cpuFor(dtype) !== undefined;
  }

  /**
   * The rule for a dtype the active backend cannot store (`float64` off `cpu`): such tensors live on `cpu`
   * whatever the active backend, and a kernel with such an input or output dtype runs on `cpu`; its
   * results of other dtypes join the active backend. Returns the cpu instance when it stores `dtype`.
   */
  private cpuFor(dtype: DType): Backend | undefined {
    if (!this.registry.has('cpu')) return undefined;
    const cpu = this.backendInstance('cpu');
    return cpu.supportsDType(dtype) ? cpu : undefined;
  }

  private checkDType(backend: Backend, dtype: DType, fn: string): void {
    if (!backend.supportsDType(dtype)) {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn,
        arg: 'dtype',
        expected: `be a dtype backend '${backend.name}' supports`,
        actual: dtype,
      });
    }
  }

  /** A tensor sharing `t`'s buffer with another shape (same size); tracked by the current scope. */
  reshapeShared(t: Tensor, shape: readonly number[]): Tensor {
    const entry = this.data.get(t.dataId)!;
    return this.makeTensorFromInfo({ dataId: t.dataId, shape, dtype: t.dtype }, entry.backend);
  }

  makeVariable(source: Tensor, name: string, trainable: boolean): Variable {
    source.assertLive('variable');
    this.data.get(source.dataId)!.refs++;
    const v = new Variable(source, name, trainable, this.nextId++);
    this.numTensors++;
    return v;
  }

  assign(v: Variable, value: Tensor): void {
    v.assertLive('Variable.assign');
    value.assertLive('Variable.assign');
    if (value.shape.length !== v.shape.length || value.shape.some((d, i) => d !== v.shape[i])) {
      throw new SparselandError('SPARSELAND__CORE__SHAPE_MISMATCH', {
        fn: 'Variable.assign',
        arg: 'value',
        expected: `have shape [${v.shape.join(', ')}]`,
        actual: `[${value.shape.join(', ')}]`,
      });
    }
    if (value.dtype !== v.dtype) {
      throw new SparselandError('SPARSELAND__CORE__DTYPE_MISMATCH', {
        fn: 'Variable.assign',
        arg: 'value',
        expected: `have dtype ${v.dtype}`,
        actual: value.dtype,
      });
    }
    this.data.get(value.dataId)!.refs++;
    this.releaseData(v.dataId);
    v.dataId = value.dataId;
    v.backendName = value.backendName;
  }

  disposeTensor(t: Tensor): void {
    if (t.disposed) return;
    t.disposed = true;
    this.numTensors--;
    this.releaseData(t.dataId);
    for (const s of this.scopes) s.delete(t);
  }

  private releaseData(dataId: DataId): void {
    const entry = this.data.get(dataId);
    if (entry === undefined) return;
    if (--entry.refs === 0) {
      this.data.delete(dataId);
      entry.backend.disposeData(dataId);
    }
  }

  read(t: Tensor): Promise<TypedArray> {
    return this.data.get(t.dataId)!.backend.read(t.dataId);
  }

  /** Whether `t`'s backend reads synchronously (cpu, wasm; not the GPU backends). */
  readsSync(t: Tensor): boolean {
    return this.data.get(t.dataId)!.backend.readSync !== undefined;
  }

  readSync(t: Tensor, fn: string): TypedArray {
    const backend = this.data.get(t.dataId)!.backend;
    if (backend.readSync === undefined) {
      throw new SparselandError('SPARSELAND__CORE__SYNC_UNSUPPORTED', { fn, backend: backend.name });
    }
    return backend.readSync(t.dataId);
  }

  /** Move `t`'s data to `backend` (synchronously); `t` keeps its identity. */
  private moveTo(t: Tensor, backend: Backend, fn: string): void {
    this.checkDType(backend, t.dtype, fn);
    const values = this.readSync(t, fn);
    const dataId = backend.write(values, t.shape, t.dtype);
    this.releaseData(t.dataId);
    this.data.set(dataId, { backend, refs: 1, bytes: values.byteLength });
    t.dataId = dataId;
    t.backendName = backend.name;
  }

  memory(): MemoryInfo {
    const backends: Record<string, BackendMemory> = {};
    for (const [name, entry] of this.registry)
      if (entry.instance !== undefined) backends[name] = entry.instance.memory();
    let numBytes = 0;
    for (const d of this.data.values()) numBytes += d.bytes;
    return { numTensors: this.numTensors, numDataBuffers: this.data.size, numBytes, backends };
  }

  // ---- scopes ------------------------------------------------------------------------------

  private track(t: Tensor): void {
    const top = this.scopes[this.scopes.length - 1];
    if (top !== undefined) top.add(t);
  }

  tidy<T>(fn: () => T): T {
    const scope = new Set<Tensor>();
    this.scopes.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.scopes.pop();
      for (const t of scope) if (!this.kept.has(t)) t.dispose();
      throw e;
    }
    this.scopes.pop();
    if (result instanceof Promise) {
      for (const t of scope) t.dispose();
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'tidy',
        arg: 'fn',
        expected: 'be synchronous (return a value, not a Promise)',
        actual: 'a Promise',
      });
    }
    const survivors = new Set<Tensor>();
    collectTensors(result, survivors);
    const parent = this.scopes[this.scopes.length - 1];
    for (const t of scope) {
      if (survivors.has(t)) parent?.add(t);
      else if (!this.kept.has(t) && !(t instanceof Variable)) t.dispose();
    }
    return result;
  }

  keep<T extends Tensor>(t: T): T {
    this.kept.add(t);
    for (const s of this.scopes) s.delete(t);
    return t;
  }

  // ---- kernels -----------------------------------------------------------------------------

  runKernel<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): Tensor[] {
    const ins = inputs as unknown as InputsRecord;
    for (const v of Object.values(ins)) {
      if (Array.isArray(v)) for (const t of v) t.assertLive(kernel);
      else v.assertLive(kernel);
    }
    const backend = this.backend;
    let impl = getKernel(kernel, backend.name);
    let exec = backend;
    const outDType = (attrs as { dtype?: unknown }).dtype;
    const foreign = (d: DType) => !backend.supportsDType(d) && this.cpuFor(d) !== undefined;
    const needsCpu =
      (isDType(outDType) && foreign(outDType)) ||
      Object.values(ins).some((v) => (Array.isArray(v) ? v.some((t) => foreign(t.dtype)) : foreign(v.dtype)));
    if (needsCpu && backend.name !== 'cpu') {
      // float64 in or out: the kernel runs on cpu, where that dtype lives (see cpuFor)
      impl = getKernel(kernel, 'cpu');
      if (impl === undefined)
        throw new SparselandError('SPARSELAND__CORE__KERNEL_MISSING', { kernel, backend: 'cpu' });
      exec = this.backendInstance('cpu');
    } else if (impl === undefined) {
      impl = getKernel(kernel, 'cpu');
      if (impl === undefined)
        throw new SparselandError('SPARSELAND__CORE__KERNEL_MISSING', { kernel, backend: backend.name });
      exec = this.backendInstance('cpu');
      const key = `${backend.name}/${kernel}`;
      if (!warnedFallbacks.has(key)) {
        warnedFallbacks.add(key);
        console.warn(
          `sparseland: kernel '${kernel}' is not implemented on backend '${backend.name}'; running it on 'cpu'.`,
        );
      }
    }
    const temps: Tensor[] = [];
    const infoOn = (t: Tensor): TensorInfo => {
      if (this.data.get(t.dataId)!.backend !== exec) {
        if (exec === backend) {
          this.moveTo(t, exec, kernel); // a tensor made under another backend joins the active one
        } else {
          // cpu fallback: run on a temporary cpu copy, never moving the caller's tensor
          const values = this.readSync(t, kernel);
          const copy = this.noScope(() =>
            this.makeTensorFromInfo(
              { dataId: exec.write(values, t.shape, t.dtype), shape: t.shape, dtype: t.dtype },
              exec,
            ),
          );
          temps.push(copy);
          return copy;
        }
      }
      return t;
    };
    const infos: Record<string, TensorInfo | TensorInfo[]> = {};
    for (const [name, v] of Object.entries(ins)) infos[name] = Array.isArray(v) ? v.map(infoOn) : infoOn(v);
    let outputs: Tensor[];
    try {
      const raw = impl({ inputs: infos as never, attrs, backend: exec });
      outputs = (Array.isArray(raw) ? raw : [raw]).map((info) => this.makeTensorFromInfo(info, exec));
      if (exec !== backend) {
        for (const t of outputs) if (backend.supportsDType(t.dtype)) this.moveTo(t, backend, kernel);
      }
    } finally {
      for (const t of temps) t.dispose();
    }
    this.record(kernel, ins, outputs, attrs, gradients.get(kernel));
    return outputs;
  }

  // ---- autograd ----------------------------------------------------------------------------

  registerGradient(kernel: string, fn: GradFn): void {
    gradients.set(kernel, fn);
  }

  hasGradient(kernel: string): boolean {
    return gradients.has(kernel);
  }

  pushTape(watched: Tensor[]): Tape {
    const tape = new Tape();
    for (const t of watched) tape.tracked.add(t.id);
    this.tapes.push(tape);
    return tape;
  }

  popTape(tape: Tape): void {
    const i = this.tapes.lastIndexOf(tape);
    if (i >= 0) this.tapes.splice(i, 1);
  }

  disposeTape(tape: Tape): void {
    for (const t of tape.saved) t.dispose();
    tape.saved.length = 0;
  }

  /** Run `fn` without recording ops on any tape. */
  noGrad<T>(fn: () => T): T {
    this.tapePaused++;
    try {
      return fn();
    } finally {
      this.tapePaused--;
    }
  }

  /** Record an op on every active tape that tracks one of its inputs. */
  record(
    kernel: string,
    inputs: InputsRecord,
    outputs: Tensor[],
    attrs: unknown,
    grad: GradFn | undefined,
  ): void {
    if (this.tapes.length === 0 || this.tapePaused > 0) return;
    if (!outputs.some((o) => isFloat(o.dtype))) return;
    for (const tape of this.tapes) {
      let depends = false;
      for (const v of Object.values(inputs)) {
        if (Array.isArray(v) ? v.some((t) => tape.tracked.has(t.id)) : tape.tracked.has(v.id)) depends = true;
      }
      if (!depends) continue;
      const save = (t: Tensor): Tensor => {
        const c = this.noScope(() => this.reshapeShared(t, t.shape));
        tape.saved.push(c);
        return c;
      };
      const inputIds: Record<string, number | number[]> = {};
      const savedInputs: InputsRecord = {};
      for (const [name, v] of Object.entries(inputs)) {
        inputIds[name] = Array.isArray(v) ? v.map((t) => t.id) : v.id;
        savedInputs[name] = Array.isArray(v) ? v.map(save) : save(v);
      }
      for (const o of outputs) if (isFloat(o.dtype)) tape.tracked.add(o.id);
      tape.nodes.push({
        kernel,
        inputIds,
        outputIds: outputs.map((o) => o.id),
        ctx: { inputs: savedInputs, outputs: outputs.map(save), attrs },
        grad,
      });
    }
  }

  private noScope<T>(fn: () => T): T {
    const saved = this.scopes.splice(0, this.scopes.length);
    try {
      return fn();
    } finally {
      this.scopes.push(...saved);
    }
  }

  newTensorId(): number {
    return this.nextId++;
  }
}

/** Every tensor inside a value: itself, or the members of arrays, maps and plain objects. */
export function collectTensors(value: unknown, out: Set<Tensor>): void {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, out);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, out);
  else if (value !== null && typeof value === 'object') {
    const holder = value as Partial<TensorHolder>;
    if (typeof holder[TENSORS] === 'function') for (const t of holder[TENSORS]()) out.add(t);
    else if (Object.getPrototypeOf(value) === Object.prototype)
      for (const v of Object.values(value)) collectTensors(v, out);
  }
}

/**
 * The method name through which an object made of tensors (a sparse matrix, a module's state) lists them,
 * so that `tidy` keeps them when the object is returned, and `dispose(obj)` frees them.
 *
 * @example
 * ```ts
 * class Pair implements TensorHolder {
 *   constructor(readonly a: Tensor, readonly b: Tensor) {}
 *   [TENSORS]() { return [this.a, this.b]; }
 * }
 * const p = tidy(() => new Pair(ones([2]), zeros([2]))); // both tensors survive
 * ```
 */
export const TENSORS: unique symbol = Symbol.for('@sparseland/core.tensors');

/** An object that lists the tensors it is made of (see {@link TENSORS}). */
export interface TensorHolder {
  /** The tensors this object holds. */
  [TENSORS](): Iterable<Tensor>;
}

/** @internal The single engine. */
export const engine = new Engine();
