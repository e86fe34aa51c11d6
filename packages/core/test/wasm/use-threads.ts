/** Shared by the wasm thread tests: set the thread count and wait until the pool's workers are up. */
import { setWasmThreads, type WasmBackend } from '../../src/index.js';

/**
 * Sets the wasm backend to `n` threads, starts its workers and waits (up to 20 s) until the `n - 1`
 * workers report ready, so the next kernel call takes the threaded path.
 */
export async function useThreads(wasm: WasmBackend, n: number): Promise<void> {
  setWasmThreads(n);
  wasm.startWorkers();
  const start = performance.now();
  while (wasm.readyWorkers() < n - 1) {
    if (performance.now() - start > 20000)
      throw new Error(`only ${wasm.readyWorkers()} of ${n - 1} workers started`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
