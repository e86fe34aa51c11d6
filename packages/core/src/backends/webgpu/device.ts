/// <reference types="@webgpu/types" />
/**
 * Finding a WebGPU device: `navigator.gpu` in browsers (and Deno); in Node, Dawn through the optional
 * `webgpu` npm package.
 *
 * In Node the object returned by the package's `create()` must outlive every device made from it: when it is
 * garbage-collected while a device lives, Dawn aborts the process. It is therefore held at module scope for
 * the life of the process, and created once.
 *
 * @module
 */

/** The Node `webgpu` package's exports that are used here. */
interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

/** Module scope on purpose: it must outlive every device (see the module comment). */
let nodeGpu: GPU | undefined;
let nodeGpuPromise: Promise<GPU | undefined> | undefined;

/** Name of the Node package, in a variable so that bundlers do not try to resolve it for browsers. */
const DAWN_PACKAGE = 'webgpu';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function loadNodeGpu(): Promise<GPU | undefined> {
  let mod: DawnModule;
  try {
    mod = (await import(/* @vite-ignore */ DAWN_PACKAGE)) as DawnModule;
  } catch {
    return undefined; // the optional package is not installed
  }
  // GPUBufferUsage, GPUMapMode, ... for code that expects the browser globals; never overwrite
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in g)) g[k] = v;
  nodeGpu = mod.create([]);
  return nodeGpu;
}

/**
 * The `GPU` entry point: `navigator.gpu` when the platform has one, else Dawn from the `webgpu` package in
 * Node, else `undefined`.
 */
export async function getGpu(): Promise<GPU | undefined> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  if (nodeGpu !== undefined) return nodeGpu;
  if (!isNode()) return undefined;
  nodeGpuPromise ??= loadNodeGpu();
  return nodeGpuPromise;
}

/** Limits the backend asks for at the adapter's values (the defaults are far lower on most GPUs). */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Optional features requested when the adapter has them. */
const OPTIONAL_FEATURES = ['shader-f16', 'timestamp-query'] as const;

/** A device and what is known about its adapter. */
export interface AcquiredDevice {
  /** The device. */
  device: GPUDevice;
  /** The adapter's description (`vendor`, `architecture`, `device`, `description`), when it gives one. */
  adapterInfo: Record<string, string>;
  /** Whether the adapter is a software fallback (SwiftShader, lavapipe). */
  isFallbackAdapter: boolean;
}

/** Options for {@link requestDevice}. */
export interface DeviceOptions {
  /** Adapter power preference. */
  powerPreference?: GPUPowerPreference;
}

/**
 * Request an adapter and a device with the adapter's own limits for the values in `WANTED_LIMITS`.
 *
 * @throws Error when there is no WebGPU implementation or no adapter (the caller turns it into
 * `BACKEND_UNAVAILABLE`).
 */
export async function requestDevice(options: DeviceOptions = {}): Promise<AcquiredDevice> {
  const gpu = await getGpu();
  if (gpu === undefined) {
    throw new Error(
      isNode()
        ? "no WebGPU implementation: install the optional 'webgpu' package (Dawn for Node)"
        : 'no WebGPU implementation (navigator.gpu is missing)',
    );
  }
  const adapter = await gpu.requestAdapter({
    powerPreference: options.powerPreference ?? 'high-performance',
  });
  if (adapter === null) {
    throw new Error(
      'no WebGPU adapter (in Node on Linux, install a Vulkan driver such as Mesa >= 25 lavapipe; see scripts/install-system-deps.sh)',
    );
  }
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const name of WANTED_LIMITS) {
    const v = limits[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    label: 'sparseland',
    requiredLimits,
    requiredFeatures: requiredFeatures as GPUFeatureName[],
  });
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  const adapterInfo: Record<string, string> = {};
  for (const k of ['vendor', 'architecture', 'device', 'description'] as const) {
    const v = info?.[k];
    if (typeof v === 'string' && v !== '') adapterInfo[k] = v;
  }
  const fallback =
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    false;
  return { device, adapterInfo, isFallbackAdapter: fallback };
}
