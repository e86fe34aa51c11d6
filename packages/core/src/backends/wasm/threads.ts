import { engine } from '../../engine.js';
import { SparselandError } from '../../errors/sparseland-error.js';
import { MAX_WORKERS } from './thread-pool.js';
import { setRequestedThreads, WasmBackend } from './wasm-backend.js';

/**
 * Set how many threads the `wasm` backend's kernels use (the calling thread plus `n - 1` workers):
 * `worker_threads` in Node, Web Workers in cross-origin-isolated pages. `'auto'` (the default) uses one
 * thread per core. Where memory cannot be shared (a page without cross-origin isolation) kernels run on
 * one thread whatever the setting. Results never depend on the thread count.
 *
 * @param n - Threads, an integer in `[1, 32]`, or `'auto'`.
 * @throws {@link SparselandError} `SPARSELAND__CORE__INVALID_ARGUMENT` for anything else.
 * @example
 * ```ts
 * setWasmThreads(1);      // single-threaded
 * setWasmThreads('auto'); // one per core
 * ```
 */
export function setWasmThreads(n: number | 'auto'): void {
  if (n !== 'auto' && !(Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS + 1)) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn: 'setWasmThreads',
      arg: 'n',
      expected: `be an integer in [1, ${MAX_WORKERS + 1}] or 'auto'`,
      actual: typeof n === 'number' ? n : String(n),
    });
  }
  setRequestedThreads(n === 'auto' ? 0 : n);
}

/**
 * The number of threads the `wasm` backend's kernels use now (1 where threads are unavailable).
 *
 * @throws {@link SparselandError} `SPARSELAND__CORE__BACKEND_UNAVAILABLE` when the wasm backend cannot start.
 * @example
 * ```ts
 * setWasmThreads(2);
 * getWasmThreads(); // 2 (on a host with shared memory)
 * ```
 */
export function getWasmThreads(): number {
  const backend = engine.backendInstance('wasm');
  return backend instanceof WasmBackend ? backend.threads() : 1;
}
