/**
 * Worker threads for the wasm backend: `worker_threads` in Node, Web Workers from a blob URL in browsers
 * (only where the memory is shared, i.e. the page is cross-origin isolated).
 *
 * A job is a kernel split into tiles. The calling thread publishes the job in a small shared control
 * block, wakes the workers that are ready, and takes tiles itself from the same atomic counter; then it
 * waits until every woken worker has acknowledged the job. Jobs run synchronously from the caller's point
 * of view, so no buffer can be freed while a worker uses it, and the next job never starts before every
 * worker has left the previous one. Which thread computes a tile never changes the tile's result.
 *
 * Workers start lazily (at the first job big enough to share) and report readiness through the control
 * block, so a worker still starting simply does not take part. Workers are unreferenced: they never keep a
 * Node process alive.
 *
 * @module
 */

/** Control block layout (int32 slots). */
const NEXT = 0;
const TOTAL = 1;
const KERNEL = 2;
const ARGS = 3;
const SCRATCH = 4;
const STRIDE = 5;
const FAILED = 6;
/** Most workers a pool holds. */
export const MAX_WORKERS = 31;
const WSEQ = 16;
const ACK = WSEQ + MAX_WORKERS + 1;
const READY = ACK + MAX_WORKERS + 1;
const SLOTS = READY + MAX_WORKERS + 1;

/** Worker states in READY. */
const STARTING = 0;
const RUNNING = 1;
const BROKEN = 2;

/**
 * The worker's program, as source text (it runs from a string, so bundlers never need to locate a file).
 * It instantiates the kernels over the shared memory and then waits for jobs.
 */
const WORKER_BODY = `
function start(d) {
  const ctrl = new Int32Array(d.ctrl);
  const w = d.index;
  let runs;
  try {
    runs = d.modules.map((m) => m && new WebAssembly.Instance(m, { env: { memory: d.memory } }).exports.run_tile);
  } catch (e) {
    Atomics.store(ctrl, ${READY} + w, ${BROKEN});
    return;
  }
  let seq = Atomics.load(ctrl, ${WSEQ} + w);
  Atomics.store(ctrl, ${READY} + w, ${RUNNING});
  for (;;) {
    let s = Atomics.load(ctrl, ${WSEQ} + w);
    if (s < 0) return; // the pool was disposed (possibly while this worker was starting)
    for (let spin = 0; s === seq && spin < 2000; spin++) s = Atomics.load(ctrl, ${WSEQ} + w);
    if (s === seq) {
      Atomics.wait(ctrl, ${WSEQ} + w, seq);
      continue;
    }
    seq = s;
    if (s < 0) return;
    const kernel = ctrl[${KERNEL}] & 0xffff;
    const run = runs[ctrl[${KERNEL}] >>> 16];
    const args = ctrl[${ARGS}];
    const total = ctrl[${TOTAL}];
    const scratch = ctrl[${SCRATCH}] + (w + 1) * ctrl[${STRIDE}];
    try {
      for (;;) {
        const t = Atomics.add(ctrl, ${NEXT}, 1);
        if (t >= total) break;
        if (run === undefined || run(kernel, args, t, scratch) !== 0) throw new Error('unknown kernel');
      }
    } catch (e) {
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    Atomics.store(ctrl, ${ACK} + w, seq);
    Atomics.notify(ctrl, ${ACK} + w);
  }
}
`;

const NODE_WORKER = `${WORKER_BODY}
const { workerData } = require('node:worker_threads');
start(workerData);
`;

const WEB_WORKER = `${WORKER_BODY}
self.onmessage = (e) => start(e.data);
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', fn: (e: unknown) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, opts: { eval: true; workerData: unknown }) => NodeWorker;
}
interface WebWorkerLike {
  postMessage(data: unknown): void;
  terminate(): void;
  onerror: ((e: unknown) => void) | null;
}

type Spawned = { terminate(): void };

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const proc = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } }
  ).process;
  if (proc?.versions?.node === undefined || typeof proc.getBuiltinModule !== 'function') return undefined;
  try {
    return proc.getBuiltinModule('node:worker_threads') as NodeWorkerThreads;
  } catch {
    return undefined;
  }
}

let cores: number | undefined;

/** Number of logical cores, or 1 when unknown (asked once: it is a system call in Node). */
export function hardwareThreads(): number {
  cores ??= countCores();
  return cores;
}

function countCores(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule === 'function') {
    try {
      const os = proc.getBuiltinModule('node:os') as {
        availableParallelism?: () => number;
        cpus: () => unknown[];
      };
      return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    } catch {
      // fall through
    }
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

let spawnable: boolean | undefined;

/** Whether this host can start workers that share a wasm memory (asked once). */
export function canSpawnWorkers(): boolean {
  spawnable ??= detectWorkers();
  return spawnable;
}

function detectWorkers(): boolean {
  if (nodeWorkerThreads() !== undefined) return true;
  const g = globalThis as { Worker?: unknown; Blob?: unknown; URL?: { createObjectURL?: unknown } };
  return (
    typeof g.Worker === 'function' &&
    typeof g.Blob === 'function' &&
    typeof g.URL?.createObjectURL === 'function'
  );
}

/** A job's description: kernel id, argument block, tile count and per-thread scratch. */
export interface TileJob {
  /** Kernel id: `module << 16 | id`, where module 0 is core's kernels and `i + 1` extension `i`. */
  kernel: number;
  /** Address of the argument block. */
  args: number;
  /** Number of tiles. */
  tiles: number;
  /** Address of thread 0's scratch; thread `t` uses `scratch + t * scratchStride`. */
  scratch: number;
  /** Bytes of scratch per thread. */
  scratchStride: number;
}

/** The pool of worker threads of one wasm backend instance. */
export class ThreadPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly workers: Spawned[] = [];
  private seq = 0;
  private readonly canBlock: boolean;

  constructor(
    /** Core's kernels module, then the extensions by index (`null`: not in use on this backend). */
    private readonly modules: readonly (WebAssembly.Module | null)[],
    private readonly memory: WebAssembly.Memory,
  ) {
    this.canBlock = nodeWorkerThreads() !== undefined;
  }

  /** Workers started (ready or not). */
  get size(): number {
    return this.workers.length;
  }

  /** Workers that finished starting and take jobs. */
  readyCount(): number {
    let n = 0;
    for (let w = 0; w < this.workers.length; w++) if (Atomics.load(this.ctrl, READY + w) === RUNNING) n++;
    return n;
  }

  /** Start workers until there are `count` (at most {@link MAX_WORKERS}); never stops running ones. */
  ensure(count: number): void {
    const want = Math.min(count, MAX_WORKERS);
    while (this.workers.length < want) {
      const index = this.workers.length;
      Atomics.store(this.ctrl, READY + index, STARTING);
      const data = { modules: this.modules, memory: this.memory, ctrl: this.ctrl.buffer, index };
      const wt = nodeWorkerThreads();
      if (wt !== undefined) {
        const worker = new wt.Worker(NODE_WORKER, { eval: true, workerData: data });
        worker.on('error', () => Atomics.store(this.ctrl, READY + index, BROKEN));
        worker.unref();
        this.workers.push({ terminate: () => void worker.terminate() });
      } else {
        const g = globalThis as unknown as {
          Worker: new (url: string) => WebWorkerLike;
          Blob: new (parts: string[], opts: { type: string }) => unknown;
          URL: { createObjectURL(b: unknown): string; revokeObjectURL(u: string): void };
        };
        // the URL stays valid until the worker ends: revoking it at once can race the worker's script fetch
        const url = g.URL.createObjectURL(new g.Blob([WEB_WORKER], { type: 'text/javascript' }));
        const worker = new g.Worker(url);
        worker.onerror = () => Atomics.store(this.ctrl, READY + index, BROKEN);
        worker.postMessage(data);
        this.workers.push({
          terminate: () => {
            worker.terminate();
            g.URL.revokeObjectURL(url);
          },
        });
      }
    }
  }

  /**
   * Run every tile of `job`, on this thread and on up to `helpers` ready workers; `runLocal(tile,
   * scratch)` computes a tile on this thread. Returns when every tile is done.
   */
  run(job: TileJob, helpers: number, runLocal: (tile: number, scratch: number) => void): void {
    const ctrl = this.ctrl;
    const team: number[] = [];
    for (let w = 0; w < this.workers.length && team.length < helpers; w++) {
      if (Atomics.load(ctrl, READY + w) === RUNNING) team.push(w);
    }
    if (team.length === 0 || job.tiles < 2) {
      for (let t = 0; t < job.tiles; t++) runLocal(t, job.scratch);
      return;
    }
    ctrl[KERNEL] = job.kernel;
    ctrl[ARGS] = job.args;
    ctrl[TOTAL] = job.tiles;
    ctrl[SCRATCH] = job.scratch;
    ctrl[STRIDE] = job.scratchStride;
    ctrl[FAILED] = 0;
    Atomics.store(ctrl, NEXT, 0);
    this.seq = (this.seq + 1) & 0x3fffffff;
    const seq = this.seq;
    for (const w of team) {
      Atomics.store(ctrl, WSEQ + w, seq);
      Atomics.notify(ctrl, WSEQ + w);
    }
    let error: unknown;
    try {
      for (;;) {
        const t = Atomics.add(ctrl, NEXT, 1);
        if (t >= job.tiles) break;
        runLocal(t, job.scratch);
      }
    } catch (e) {
      // stop handing out tiles, but still wait: workers may be using the buffers
      Atomics.store(ctrl, NEXT, job.tiles);
      error = e;
    }
    for (const w of team) this.waitFor(w, seq);
    if (error !== undefined) throw error;
    if (ctrl[FAILED] !== 0) throw new Error('a wasm worker thread failed while running a kernel');
  }

  private waitFor(w: number, seq: number): void {
    const ctrl = this.ctrl;
    for (;;) {
      const v = Atomics.load(ctrl, ACK + w);
      if (v === seq) return;
      if (Atomics.load(ctrl, READY + w) === BROKEN) {
        throw new Error(`wasm worker thread ${w} stopped while running a kernel`);
      }
      if (this.canBlock) Atomics.wait(ctrl, ACK + w, v, 50);
    }
  }

  /** Stop every worker. */
  dispose(): void {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.ctrl, WSEQ + w, -1);
      Atomics.notify(this.ctrl, WSEQ + w);
      Atomics.store(this.ctrl, READY + w, BROKEN);
      this.workers[w]!.terminate();
    }
    this.workers.length = 0;
  }
}
