/**
 * `webgpu` CSR structure transpose (the CSC of a CSR matrix): `[colPtr, rowIdx, perm]` with
 * `valuesᵀ = values[perm]`, in three dispatches and without atomics:
 *
 * 1. one invocation per column counts its entries, finding the column in each row by binary search
 *    (column indices increase within a row);
 * 2. one workgroup turns the counts into `colPtr` (chunked exclusive scan);
 * 3. one invocation per column writes its entries in row order, which keeps `rowIdx` increasing within
 *    each column exactly as the `cpu` counting sort does.
 *
 * Work is `O(cols·rows·log(nnz/rows))`, so it serves structure that exists only on the device: structure
 * this package built from host arrays keeps a host copy, and its transposes run on the host
 * (`csrTransposeParts`). A counting sort with storage atomics would be `O(nnz + cols)`.
 *
 * @module
 */
import type { TensorInfo } from '@sparseland/core';
import { grid, threadGrid, Uniforms, type WebGPUBackend } from '@sparseland/core/extend';
import type { CsrAttrs } from '../../kernel-names.js';
import { CsrTranspose } from '../../kernel-names.js';
import { defineWebGPUKernel, indexFn, program, WG } from './common.js';

/** WGSL: `find(r, c)` is the slot of column `c` in row `r`, or `0xffffffff` when it is not stored. */
const FIND = [
  'fn find(r: u32, c: u32) -> u32 {',
  '  var lo = ld_rowPtr(r); var hi = ld_rowPtr(r + 1u); let end = hi;',
  '  while (lo < hi) { let mid = (lo + hi) >> 1u; if (col_at(mid) < c) { lo = mid + 1u; } else { hi = mid; } }',
  '  if (lo < end && col_at(lo) == c) { return lo; }',
  '  return 0xffffffffu;',
  '}',
].join('\n');

/** The transposed structure of CSR `(rowPtr, colIdx)`: `[colPtr [cols+1], rowIdx [nnz], perm [nnz]]`. */
function csrTransposeGpu(
  backend: WebGPUBackend,
  rowPtr: TensorInfo,
  colIdx: TensorInfo,
  attrs: CsrAttrs,
): [TensorInfo, TensorInfo, TensorInfo] {
  const { rows, cols, nnz, indexWidth } = attrs;
  const colPtr = backend.output([cols + 1], 'int32', CsrTranspose);
  const rowIdx = backend.output([nnz], 'int32', CsrTranspose);
  const perm = backend.output([nnz], 'int32', CsrTranspose);
  const structure = [
    { name: 'rowPtr', type: 'u32' as const },
    { name: 'colIdx', type: 'u32' as const },
  ];
  const helpers = `${indexFn('col_at', 'colIdx', indexWidth)}\n${FIND}`;
  const count = program(`CsrTranspose:count:${indexWidth}`, 2, () => ({
    inputs: structure,
    outputs: [{ name: 'colPtr', type: 'u32' }],
    workgroup: WG,
    helpers,
    body: [
      'let rows = U(0u); let cols = U(1u);',
      'if (gi == 0u) { st_colPtr(0u, 0u); }',
      'if (gi >= cols) { return; }',
      'var k = 0u;',
      'for (var r = 0u; r < rows; r++) { if (find(r, gi) != 0xffffffffu) { k++; } }',
      'st_colPtr(gi + 1u, k);',
    ].join('\n'),
  }));
  const scan = program('CsrTranspose:scan', 1, () => ({
    inputs: [],
    outputs: [{ name: 'colPtr', type: 'u32' }],
    workgroup: WG,
    helpers: `var<workgroup> part: array<u32, ${WG}>;`,
    body: [
      'let cols = U(0u);',
      `let per = (cols + ${WG - 1}u) / ${WG}u;`,
      'let s = min(lid * per, cols); let e = min(s + per, cols);',
      'var t = 0u;',
      'for (var c = s; c < e; c++) { t += ld_colPtr(c + 1u); }',
      'part[lid] = t;',
      'workgroupBarrier();',
      `if (lid == 0u) { var run = 0u; for (var i = 0u; i < ${WG}u; i++) { let v = part[i]; part[i] = run; run += v; } }`,
      'workgroupBarrier();',
      'var run = part[lid];',
      'for (var c = s; c < e; c++) { run += ld_colPtr(c + 1u); st_colPtr(c + 1u, run); }',
    ].join('\n'),
  }));
  const fill = program(`CsrTranspose:fill:${indexWidth}`, 2, () => ({
    inputs: structure,
    outputs: [
      { name: 'colPtr', type: 'u32' },
      { name: 'rowIdx', type: 'u32' },
      { name: 'perm', type: 'u32' },
    ],
    workgroup: WG,
    helpers,
    body: [
      'let rows = U(0u); let cols = U(1u);',
      'if (gi >= cols) { return; }',
      'var q = ld_colPtr(gi);',
      'for (var r = 0u; r < rows; r++) {',
      '  let p = find(r, gi);',
      '  if (p != 0xffffffffu) { st_rowIdx(q, r); st_perm(q, p); q++; }',
      '}',
    ].join('\n'),
  }));
  const u = new Uniforms().u(rows, cols);
  const threads = threadGrid(Math.max(cols, 1), WG);
  backend.run({
    program: count,
    inputs: [rowPtr, colIdx],
    outputs: [colPtr],
    uniforms: u,
    workgroups: threads,
  });
  if (cols > 0) {
    backend.run({
      program: scan,
      inputs: [],
      outputs: [colPtr],
      uniforms: new Uniforms().u(cols),
      workgroups: grid(1),
    });
  }
  if (nnz > 0) {
    backend.run({
      program: fill,
      inputs: [rowPtr, colIdx],
      outputs: [colPtr, rowIdx, perm],
      uniforms: u,
      workgroups: threads,
    });
  }
  return [colPtr, rowIdx, perm];
}

/** Registration of {@link CsrTranspose} on `webgpu`. */
export const csrTransposeOnWebGPU = defineWebGPUKernel(CsrTranspose, ({ inputs, attrs, backend }) =>
  csrTransposeGpu(backend, inputs.rowPtr, inputs.colIdx, attrs),
);
