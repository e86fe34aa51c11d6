/// <reference types="@webgpu/types" />
/**
 * A pool of GPU buffers keyed by size class and usage.
 *
 * Sizes round up to a class (16-byte granularity below 256 bytes, then four classes per power of two, so at
 * most 25% is wasted). `release()` parks a buffer while commands that use it are still being encoded; the
 * backend calls {@link BufferPool.recycle} right after `queue.submit`, which returns parked buffers to the
 * free lists. That is safe because the queue runs in order: whatever later reuses a buffer (a dispatch in a
 * later submit, or `queue.writeBuffer`) executes after the submitted commands that read it.
 *
 * @module
 */

/** Buffer usage flags (numeric values from the WebGPU specification, so no global is needed). */
export const USAGE = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** Usage of tensor buffers. */
export const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;
/** Usage of uniform buffers. */
export const UNIFORM_USAGE = USAGE.UNIFORM | USAGE.COPY_DST;
/** Usage of readback staging buffers. */
export const READBACK_USAGE = USAGE.MAP_READ | USAGE.COPY_DST;

/** The size class of a request of `bytes` (at least 16). */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(16, Math.ceil(bytes / 16) * 16);
  const p = 2 ** Math.floor(Math.log2(bytes));
  const step = p / 4;
  return Math.ceil(bytes / step) * step;
}

/** Counts describing a pool, for tests and leak hunting. */
export interface PoolStats {
  /** Buffers handed out and not released. */
  inUse: number;
  /** Released buffers waiting for the next submit. */
  pending: number;
  /** Buffers ready for reuse. */
  free: number;
  /** Buffers created since the pool started (reuse keeps this flat). */
  created: number;
  /** Bytes of every buffer the pool holds (in use, pending and free). */
  bytes: number;
  /** Bytes of the buffers in use. */
  bytesInUse: number;
}

/** Buffers by size class and usage; see the module comment for when a released buffer is reused. */
export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private pending: GPUBuffer[] = [];
  private readonly inUse = new Set<GPUBuffer>();
  private created = 0;
  private bytes = 0;
  private bytesInUse = 0;
  private freeBytes = 0;

  /**
   * @param device - Device the buffers belong to.
   * @param maxFreeBytes - Free buffers beyond this many bytes are destroyed instead of kept.
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly maxFreeBytes = 512 * 1024 * 1024,
  ) {}

  /** A buffer of at least `bytes` bytes with exactly `usage`, reused when one is free. */
  acquire(bytes: number, usage: number, label = 'sparseland'): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(`${size}:${usage}`);
    let buffer = list?.pop();
    if (buffer !== undefined) {
      this.freeBytes -= size;
    } else {
      buffer = this.device.createBuffer({ size, usage, label: `${label} ${size}B` });
      this.created++;
      this.bytes += size;
    }
    this.inUse.add(buffer);
    this.bytesInUse += size;
    return buffer;
  }

  /** Hand a buffer back; it is reused after the next {@link BufferPool.recycle} (or now, with `idle`). */
  release(buffer: GPUBuffer, idle = false): void {
    if (!this.inUse.delete(buffer)) return;
    this.bytesInUse -= buffer.size;
    if (idle) this.park(buffer);
    else this.pending.push(buffer);
  }

  /** Make every pending buffer reusable: call right after `queue.submit`. */
  recycle(): void {
    const pending = this.pending;
    this.pending = [];
    for (const b of pending) this.park(b);
  }

  private park(buffer: GPUBuffer): void {
    if (this.freeBytes + buffer.size > this.maxFreeBytes) {
      this.bytes -= buffer.size;
      buffer.destroy();
      return;
    }
    const key = `${buffer.size}:${buffer.usage}`;
    let list = this.free.get(key);
    if (list === undefined) {
      list = [];
      this.free.set(key, list);
    }
    list.push(buffer);
    this.freeBytes += buffer.size;
  }

  /** Destroy the free buffers (in-use and pending ones are kept). */
  trim(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        this.bytes -= b.size;
        b.destroy();
      }
    }
    this.free.clear();
    this.freeBytes = 0;
  }

  /** Counts and bytes. */
  stats(): PoolStats {
    let free = 0;
    for (const list of this.free.values()) free += list.length;
    return {
      inUse: this.inUse.size,
      pending: this.pending.length,
      free,
      created: this.created,
      bytes: this.bytes,
      bytesInUse: this.bytesInUse,
    };
  }

  /** Destroy every buffer. */
  destroy(): void {
    this.trim();
    for (const b of this.pending) b.destroy();
    for (const b of this.inUse) b.destroy();
    this.pending = [];
    this.inUse.clear();
    this.bytes = 0;
    this.bytesInUse = 0;
  }
}
