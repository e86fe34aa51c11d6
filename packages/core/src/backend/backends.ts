import { type BackendFactory, collectTensors, engine, type MemoryInfo } from '../engine.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Make `name` the active backend, initialising it first (a GPU device, a wasm module).
 *
 * @throws {@link SparselandError} `SPARSELAND__CORE__BACKEND_UNAVAILABLE` when it is not registered or fails to start.
 * @example
 * ```ts
 * await setBackend('cpu');
 * getBackend(); // 'cpu'
 * ```
 */
export function setBackend(name: string): Promise<void> {
  return engine.setBackend(name);
}

/**
 * Name of the active backend. Before any `setBackend`, the highest-priority backend that can start
 * synchronously is chosen.
 *
 * @example
 * ```ts
 * getBackend(); // 'cpu'
 * ```
 */
export function getBackend(): string {
  return engine.backendName;
}

/**
 * Initialise the best available backend (highest priority first) and return its name.
 *
 * @example
 * ```ts
 * const name = await ready();
 * ```
 */
export function ready(): Promise<string> {
  return engine.ready();
}

/**
 * Register a backend under `name`; higher `priority` is preferred by default. Kernels are registered
 * separately with `registerKernel(kernel, name, impl)`.
 *
 * @example
 * ```ts
 * registerBackend('mine', () => new MyBackend(), 5);
 * ```
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 0): void {
  engine.registerBackend(name, factory, priority);
}

/** Names of the registered backends, highest priority first. */
export function listBackends(): string[] {
  return engine.backendNames();
}

/**
 * Run `fn` and dispose every tensor it created except those it returns (inside arrays or plain objects)
 * and those passed to {@link keep}. Variables are never disposed. `fn` must be synchronous.
 *
 * @example
 * ```ts
 * const y = tidy(() => add(mul(x, 2), 1)); // the intermediate mul(x, 2) is freed
 * ```
 */
export function tidy<T>(fn: () => T): T {
  return engine.tidy(fn);
}

/**
 * Exclude `t` from disposal by the enclosing `tidy` scopes.
 *
 * @example
 * ```ts
 * let kept: Tensor;
 * tidy(() => { kept = keep(ones([2])); });
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  return engine.keep(t);
}

/**
 * Live tensors, buffers and bytes, overall and per backend: use it to find leaks.
 *
 * @example
 * ```ts
 * const before = memory().numTensors;
 * tidy(() => mul(ones([3]), 2));
 * memory().numTensors === before; // true
 * ```
 */
export function memory(): MemoryInfo {
  return engine.memory();
}

/**
 * Free a tensor, or every tensor inside arrays and plain objects.
 *
 * @example
 * ```ts
 * dispose([a, { b, c }]);
 * ```
 */
export function dispose(value: unknown): void {
  const set = new Set<Tensor>();
  collectTensors(value, set);
  for (const t of set) t.dispose();
}
