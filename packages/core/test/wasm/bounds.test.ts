/**
 * No wasm kernel writes outside its output: on a fresh heap filled with a sentinel byte, every kernel runs
 * on odd sizes and then every byte between the end of each live buffer and the end of its 64-byte block,
 * and everything above the heap's top, must still hold the sentinel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_ALIGN } from '../../src/backends/wasm/heap.js';
import type { WasmData } from '../../src/backends/wasm/wasm-backend.js';
import { loadKernelsSync } from '../../src/backends/wasm/wasm-module.js';
import {
  BINARY_KERNELS,
  type DType,
  dispose,
  type KernelName,
  REDUCE_KERNELS,
  registerBackend,
  runKernelMulti,
  setBackend,
  type Tensor,
  tensor,
  UNARY_KERNELS,
  WasmBackend,
} from '../../src/index.js';

const SENTINEL = 0xa5;
/** Bytes checked above the highest address the heap ever handed out. */
const WINDOW = 1 << 14;
/** Bytes filled with the sentinel above the heap's high-water mark before each kernel (more than any case uses). */
const FILL = 1 << 16;
const fresh = new WasmBackend(loadKernelsSync());

beforeAll(async () => {
  registerBackend('wasm-bounds', () => fresh, -12);
  await setBackend('wasm-bounds');
});
afterAll(async () => {
  await setBackend('wasm');
  fresh.dispose();
});

function values(n: number, dtype: DType, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const v = Math.sin(i * 12.9898 + seed * 78.233) * 4;
    return dtype === 'float32' ? v : dtype === 'bool' ? (v > 0 ? 1 : 0) : Math.abs(Math.round(v * 10)) % 7;
  });
}

/** Run `kernel` and check the sentinel around every buffer it could touch. */
function guarded(
  kernel: KernelName,
  make: () => Record<string, Tensor | Tensor[]>,
  attrs: object,
  fill = FILL,
): void {
  const view = fresh.heapView();
  const top = fresh.heapStats().top;
  const filled = Math.min(view.length, fresh.heapStats().highWater + fill);
  view.fill(SENTINEL, top, filled);
  const inputs = make();
  const made = Object.values(inputs).flat();
  const outs = runKernelMulti(kernel, inputs as never, attrs as never);
  const bytes = fresh.heapView();
  for (const t of [...made, ...outs]) {
    const d = t.dataId as WasmData;
    if (d.bytes === 0) continue;
    const end = d.ptr + d.bytes;
    const blockEnd = Math.ceil(end / HEAP_ALIGN) * HEAP_ALIGN;
    for (let i = end; i < blockEnd; i++) {
      if (bytes[i] !== SENTINEL) expect.fail(`${kernel}: byte ${i - end} past a ${t.dtype} buffer changed`);
    }
  }
  const { highWater } = fresh.heapStats();
  for (let i = highWater; i < Math.min(filled, highWater + WINDOW); i++) {
    if (bytes[i] !== SENTINEL)
      expect.fail(`${kernel}: byte ${i - highWater} above the heap's high-water mark changed`);
  }
  dispose([...made, ...outs]);
}

const t = (n: number[], dtype: DType = 'float32', seed = 1) =>
  tensor(
    values(
      n.reduce((a, b) => a * b, 1),
      dtype,
      seed,
    ),
    { shape: n, dtype },
  );

describe('kernels stay inside their buffers', () => {
  const SIZES = [1, 3, 17, 255];
  it('unary, every dtype', () => {
    for (const k of UNARY_KERNELS) {
      for (const dtype of ['float32', 'int32', 'uint8'] as DType[]) {
        for (const n of SIZES) guarded(k, () => ({ x: t([n], dtype) }), {});
      }
    }
  });

  it('binary and comparisons, broadcast', () => {
    for (const k of BINARY_KERNELS) {
      for (const dtype of ['float32', 'int32', 'uint8'] as DType[]) {
        for (const n of SIZES) {
          guarded(k, () => ({ a: t([n], dtype, 1), b: t([n], dtype, 2) }), {});
          guarded(k, () => ({ a: t([3, 1], dtype, 1), b: t([1, n], dtype, 2) }), {});
        }
      }
    }
  });

  it('reductions, softmax, cumsum, norms', () => {
    for (const k of REDUCE_KERNELS) {
      for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
        guarded(k, () => ({ x: t([3, 17, 5], dtype) }), { axes: [1], keepDims: false });
        guarded(k, () => ({ x: t([3, 17, 5], dtype) }), { axes: [0, 2], keepDims: true });
      }
    }
    for (const k of ['Softmax', 'LogSoftmax'] as const) {
      guarded(k, () => ({ logits: t([3, 17]) }), { axis: 1 });
      guarded(k, () => ({ logits: t([17, 19]) }), { axis: 0 });
    }
    for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
      guarded('Cumsum', () => ({ x: t([5, 7], dtype) }), { axis: 1, exclusive: true, reverse: true });
    }
    guarded('ArgMax', () => ({ x: t([5, 7]) }), { axis: 0 });
    guarded('LayerNorm', () => ({ x: t([3, 17]), weight: t([17]), bias: t([17]) }), { eps: 1e-5 });
    guarded('RMSNorm', () => ({ x: t([3, 17]), weight: t([17]) }), { eps: 1e-5 });
  });

  it('matmul, layout, indexing, ordering', () => {
    for (const [a, b] of [
      [
        [3, 17],
        [17, 5],
      ],
      [
        [2, 9, 13],
        [13, 11],
      ],
      [
        [130, 7],
        [7, 259],
      ],
    ] as number[][][]) {
      // matmul takes about 400 KB of packing scratch per thread
      guarded('MatMul', () => ({ a: t(a!), b: t(b!) }), { transposeA: false, transposeB: false }, 1 << 21);
      guarded('MatMul', () => ({ a: t(a!, 'int32'), b: t(b!, 'int32') }), {
        transposeA: false,
        transposeB: false,
      });
    }
    for (const dtype of ['float32', 'uint8'] as DType[]) {
      guarded('Transpose', () => ({ x: t([5, 7, 3], dtype) }), { perm: [2, 0, 1] });
      guarded('Transpose', () => ({ x: t([17, 9], dtype) }), { perm: [1, 0] });
      guarded('Slice', () => ({ x: t([9, 7], dtype) }), { begin: [1, 2], size: [5, 3] });
      guarded('Concat', () => ({ tensors: [t([3, 5], dtype), t([3, 2], dtype)] }), { axis: 1 });
      guarded('Pad', () => ({ x: t([3, 5], dtype) }), {
        paddings: [
          [1, 2],
          [0, 3],
        ],
        value: 1,
      });
      guarded('Tile', () => ({ x: t([3, 5], dtype) }), { reps: [2, 3] });
      guarded('Cast', () => ({ x: t([17], dtype) }), { dtype: dtype === 'float32' ? 'int32' : 'float32' });
      guarded('Where', () => ({ condition: t([17], 'bool'), a: t([17], dtype), b: t([1], dtype) }), {});
      guarded('Sort', () => ({ x: t([5, 17], dtype) }), { axis: 1, descending: true });
      guarded('TopK', () => ({ x: t([5, 17], dtype) }), { k: 3, largest: true });
      const idx = () => tensor([0, 4, -1, 9, 2], { dtype: 'int32' }); // out-of-range on purpose
      guarded('Gather', () => ({ x: t([5, 3], dtype), indices: idx() }), { axis: 0 });
      guarded('ScatterAdd', () => ({ x: t([5, 3], dtype), indices: idx(), updates: t([5, 3], dtype) }), {
        axis: 0,
      });
      guarded('OneHot', () => ({ indices: idx() }), { depth: 3, onValue: 1, offValue: 0, dtype });
      guarded('Clip', () => ({ x: t([17], dtype) }), { min: 1, max: 3 });
    }
  });
});
