/**
 * Reading tensors on the host. `cpu` and `wasm` read synchronously; `webgpu` cannot (`dataSync()` throws),
 * so the int32 structure tensors this package makes from host arrays (row pointers, indices, bits,
 * metadata) keep their host copy when they live on such a backend, and {@link readInt32} answers from it.
 * Structure tensors are never written after they are made, so the copy stays exact; it goes with the
 * tensor object (a `WeakMap`), and {@link shareHostCopy} passes it to another handle on the same buffer.
 */
import { type Tensor, tensor } from '@sparseland/core';

/** Backends that read synchronously (no host copy is kept for their tensors). */
const SYNC_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

const hostCopies = new WeakMap<Tensor, Int32Array>();

/** Whether backend `name` reads tensors synchronously (`cpu`, `wasm`). */
export function readsSynchronously(name: string): boolean {
  return SYNC_BACKENDS.has(name);
}

/** A new int32 tensor of `values` on the active backend, remembering `values` when it cannot read back synchronously. */
export function structureTensor(values: Int32Array | readonly number[]): Tensor {
  const t = tensor(values as Int32Array | number[], { dtype: 'int32' });
  // `tensor` copies `values`; only a backend that cannot read back needs a (private) host copy as well
  if (!SYNC_BACKENDS.has(t.backendName)) hostCopies.set(t, Int32Array.from(values));
  return t;
}

/** Let `to` (a handle on `from`'s buffer) answer {@link readInt32} from `from`'s host copy. */
export function shareHostCopy(from: Tensor, to: Tensor): void {
  const h = hostCopies.get(from);
  if (h !== undefined) hostCopies.set(to, h);
}

/** Whether `t` is a live structure tensor with a host copy (it lives on a backend without synchronous reads). */
export function hasHostCopy(t: Tensor): boolean {
  return hostCopies.has(t) && !t.isDisposed;
}

/** The int32 contents of `t` (a fresh copy): from its host copy when it has one, else `dataSync()`. */
export function readInt32(t: Tensor): Int32Array {
  const h = hostCopies.get(t);
  if (h !== undefined && !t.isDisposed) return h.slice();
  return t.dataSync() as Int32Array;
}

/** The float contents of `t` (a fresh copy). */
export function readFloat(t: Tensor): Float32Array | Float64Array {
  return t.dataSync() as Float32Array | Float64Array;
}
