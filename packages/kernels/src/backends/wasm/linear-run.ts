/** @internal The shared launch of the `wasm` Linear tile kernel (SparseLinear, and DSMM with transposeB). */
import type { Tensor } from '@sparseland/core';
import type { WasmBackend } from '@sparseland/core/extend';
import type { Activation, IndexWidth } from '../../kernel-names.js';
import { rowTiles, runTiles, SPARSE_WASM, TILE } from './module.js';

/** Activation ids of wasm/assembly/act.ts. */
const ACT_ID: Record<Activation, number> = { none: 0, relu: 1, gelu: 2, silu: 3, sigmoid: 4, tanh: 5 };

type Info = Parameters<WasmBackend['ptr']>[0];

/**
 * `act(x·Wᵀ + bias)` for `x [m, cols]` and CSR `W [rows, cols]`, into a new `[m, rows]` float32 output. `x` is
 * transposed into scratch when `m > 1` (the row products then run across `m`, f32x4 wide).
 */
export function runLinear(
  backend: WasmBackend,
  x: Info & Pick<Tensor, 'shape'>,
  w: { rowPtr: Info; colIdx: Info; values: Info },
  attrs: { rows: number; cols: number; nnz: number; indexWidth: IndexWidth },
  bias: Info | undefined,
  activation: Activation,
): ReturnType<WasmBackend['output']> {
  const { rows, cols, nnz, indexWidth } = attrs;
  const m = x.shape[0]!;
  const out = backend.output([m, rows], 'float32');
  if (m * rows === 0) return out;
  let xT = backend.ptr(x);
  if (m > 1 && cols > 0) {
    const t = backend.scratch(m * cols * 4);
    SPARSE_WASM.on(backend).transpose_f32(t, xT, m, cols);
    xT = t;
  }
  const { per, tiles } = rowTiles(backend, rows, nnz * m);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(w.rowPtr),
    backend.ptr(w.colIdx),
    backend.ptr(w.values),
    xT,
    m,
    rows,
    per,
    indexWidth,
    bias === undefined ? 0 : backend.ptr(bias),
    ACT_ID[activation],
  ]);
  runTiles(backend, TILE.LINEAR_F32, args, tiles, nnz * m, Math.ceil(m / 4) * 16);
  return out;
}
