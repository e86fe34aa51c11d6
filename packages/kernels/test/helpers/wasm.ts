/**
 * The `wasm` backend instance for tests that look inside it (threads, threaded jobs, workers): a test-only
 * kernel hands it over; {@link useWasmThreads} switches the thread count and waits for the workers.
 */
import { runKernel, setWasmThreads, type Tensor, tensor, tidy } from '@sparseland/core';
import { defineWasmKernel, type WasmBackend } from '@sparseland/core/extend';

const Probe = 'KernelsTestWasmProbe' as const;
declare module '@sparseland/core' {
  interface KernelTable {
    /** Test only: hands the `wasm` backend instance to `capture`. */
    [Probe]: { inputs: { x: Tensor }; attrs: { capture: (b: WasmBackend) => void } };
  }
}
defineWasmKernel(Probe, ({ inputs, attrs, backend }) => {
  attrs.capture(backend);
  return backend.output(inputs.x.shape, 'float32');
});

/** The `wasm` backend instance; call while `wasm` is the active backend. */
export function activeWasmBackend(): WasmBackend {
  let wasm = undefined as WasmBackend | undefined;
  tidy(() => runKernel(Probe, { x: tensor([0]) }, { capture: (b) => (wasm = b) }));
  if (wasm === undefined) throw new Error('the wasm probe kernel did not run on wasm');
  return wasm;
}

/**
 * Use `n` threads, with the workers started (the first jobs would otherwise run before they are ready).
 * Where this runtime has no shared memory or workers (`threads() < n`) it stays on one thread.
 */
export async function useWasmThreads(wasm: WasmBackend, n: number): Promise<void> {
  setWasmThreads(n);
  if (wasm.threads() < n) return;
  wasm.startWorkers();
  const start = performance.now();
  while (wasm.readyWorkers() < n - 1) {
    if (performance.now() - start > 20000) throw new Error(`only ${wasm.readyWorkers()} workers started`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
