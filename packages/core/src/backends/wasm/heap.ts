/**
 * The wasm backend's allocator: a first-fit free list with coalescing over a region of the linear memory.
 *
 * Every block starts on a 64-byte boundary (a cache line, and more than SIMD loads need) and its size is a
 * multiple of 64. Free blocks are kept sorted by address; freeing merges a block with free neighbours, and a
 * free block that reaches the top of the used region lowers the top, so the heap returns to its baseline
 * once everything is freed. When no free block fits, the region grows through `grow`.
 *
 * @module
 */

/** Alignment and size granularity of every block, in bytes. */
export const HEAP_ALIGN = 64;

/** A snapshot of the allocator, for tests and `memory()` reports. */
export interface HeapStats {
  /** First byte the allocator manages. */
  base: number;
  /** End of the used region (blocks and free gaps below it). */
  top: number;
  /** The highest `top` so far: nothing above it was ever handed out. */
  highWater: number;
  /** Bytes the memory can hold now (the region may grow up to here before the memory grows). */
  capacity: number;
  /** Bytes in live blocks (rounded up to the alignment). */
  inUse: number;
  /** Live blocks. */
  blocks: number;
  /** Bytes in free gaps below `top`. */
  free: number;
  /** Free gaps below `top`. */
  freeBlocks: number;
}

const roundUp = (n: number): number => Math.ceil(n / HEAP_ALIGN) * HEAP_ALIGN;

/** First-fit allocator with coalescing. Addresses are byte offsets into the linear memory. */
export class HeapAllocator {
  private readonly freeStarts: number[] = [];
  private readonly freeSize = new Map<number, number>();
  private readonly live = new Map<number, number>();
  private inUse = 0;
  readonly base: number;
  private topAddr: number;
  private highWater: number;

  /**
   * @param base - First usable byte (rounded up to the alignment).
   * @param capacity - Current size of the memory in bytes.
   * @param grow - Make the memory at least `bytes` long and return its new size; throws when it cannot.
   */
  constructor(
    base: number,
    private capacity: number,
    private readonly grow: (bytes: number) => number,
  ) {
    this.base = roundUp(base);
    this.topAddr = this.base;
    this.highWater = this.base;
  }

  /** Allocate `bytes` (0 allowed: a 64-byte block) and return its address. */
  alloc(bytes: number): number {
    const size = Math.max(HEAP_ALIGN, roundUp(bytes));
    const starts = this.freeStarts;
    for (let i = 0; i < starts.length; i++) {
      const at = starts[i]!;
      const have = this.freeSize.get(at)!;
      if (have < size) continue;
      this.freeSize.delete(at);
      if (have === size) {
        starts.splice(i, 1);
      } else {
        starts[i] = at + size;
        this.freeSize.set(at + size, have - size);
      }
      return this.take(at, size);
    }
    const at = this.topAddr;
    if (at + size > this.capacity) this.capacity = this.grow(at + size);
    this.topAddr = at + size;
    this.highWater = Math.max(this.highWater, this.topAddr);
    return this.take(at, size);
  }

  private take(at: number, size: number): number {
    this.live.set(at, size);
    this.inUse += size;
    return at;
  }

  /** Free the block at `at`; freeing an address that is not live throws (a double free is a bug). */
  free(at: number): void {
    const size = this.live.get(at);
    if (size === undefined) throw new Error(`wasm heap: free of ${at}, which is not a live block`);
    this.live.delete(at);
    this.inUse -= size;
    let start = at;
    let end = at + size;
    const starts = this.freeStarts;
    // position of the first free block after `at`
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    let removeFrom = lo;
    let removeCount = 0;
    const prev = lo > 0 ? starts[lo - 1]! : -1;
    if (prev >= 0 && prev + this.freeSize.get(prev)! === start) {
      start = prev;
      removeFrom = lo - 1;
      removeCount++;
    }
    const next = lo < starts.length ? starts[lo]! : -1;
    if (next === end) {
      end += this.freeSize.get(next)!;
      removeCount++;
    }
    for (let i = removeFrom; i < removeFrom + removeCount; i++) this.freeSize.delete(starts[i]!);
    if (end === this.topAddr) {
      starts.splice(removeFrom, removeCount);
      this.topAddr = start;
    } else {
      starts.splice(removeFrom, removeCount, start);
      this.freeSize.set(start, end - start);
    }
  }

  /** Size of the live block at `at` (rounded), or undefined. */
  sizeOf(at: number): number | undefined {
    return this.live.get(at);
  }

  /** Free every block. */
  reset(): void {
    this.freeStarts.length = 0;
    this.freeSize.clear();
    this.live.clear();
    this.inUse = 0;
    this.topAddr = this.base;
    this.highWater = this.base;
  }

  /** Counters for tests and reports. */
  stats(): HeapStats {
    let free = 0;
    for (const s of this.freeSize.values()) free += s;
    return {
      base: this.base,
      top: this.topAddr,
      highWater: this.highWater,
      capacity: this.capacity,
      inUse: this.inUse,
      blocks: this.live.size,
      free,
      freeBlocks: this.freeStarts.length,
    };
  }
}
