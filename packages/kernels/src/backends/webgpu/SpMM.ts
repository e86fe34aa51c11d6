/**
 * `webgpu` SpMM, `C[rows, n] = A·B` for CSR `A` and row-major `B [cols, n]` (spec §3.2).
 *
 * One invocation owns one row and four adjacent output columns (a vec4 of accumulators); consecutive
 * invocations take consecutive column quads of the same row, so the loads of a `B` row are contiguous across
 * a workgroup and the row's nonzeros are shared through the cache. The nonzero loop is the row's own
 * length, so the cost is `nnz·⌈n/4⌉` loop trips in all. With the matrix's `rowOrder` (rows by length,
 * descending), the `k`-th row slot takes row `rowOrder[k]`, so a workgroup's rows have similar lengths.
 *
 * @module
 */
import type { TensorInfo } from '@sparseland/core';
import { type GpuProgram, threadGrid, Uniforms, type WebGPUBackend } from '@sparseland/core/extend';
import type { IndexWidth } from '../../kernel-names.js';
import { SpMM } from '../../kernel-names.js';
import { defineWebGPUKernel, indexFn, program, WG } from './common.js';

/**
 * WGSL body computing `acc` (a `vec4<f32>`) for CSR row `r` and output columns `j..j+3` of a product with
 * row-major `B [*, n]`; the caller declares `r`, `j` and `n` and stores `acc`.
 */
const CSR_ROW_QUAD = [
  'var acc = vec4<f32>();',
  'let end = ld_rowPtr(r + 1u);',
  'for (var q = ld_rowPtr(r); q < end; q++) {',
  '  let v = ld_vals(q);',
  '  let o = col_at(q) * n + j;',
  '  acc += v * vec4<f32>(ld_b(o), ld_b(o + 1u), ld_b(o + 2u), ld_b(o + 3u));',
  '}',
].join('\n');

/** WGSL statements storing the quad `v` at row `r`, columns `j..j+3` of a row-major `[*, n]` output. */
export function storeQuad(v: string): string {
  return [
    'let base = r * n + j;',
    `st_out(base, ${v}.x);`,
    `if (j + 1u < n) { st_out(base + 1u, ${v}.y); }`,
    `if (j + 2u < n) { st_out(base + 2u, ${v}.z); }`,
    `if (j + 3u < n) { st_out(base + 3u, ${v}.w); }`,
  ].join('\n');
}

/**
 * Run `prog`, one invocation per (row, quad of output columns), into a new `[rows, n]` output;
 * `uniforms(quads)` gives its uniforms (`quads = ⌈n/4⌉`). Nothing runs for an empty output.
 */
export function runRowQuads(
  backend: WebGPUBackend,
  name: string,
  prog: GpuProgram,
  inputs: TensorInfo[],
  rows: number,
  n: number,
  uniforms: (quads: number) => Uniforms,
): TensorInfo {
  const out = backend.output([rows, n], 'float32', name);
  if (rows === 0 || n === 0) return out;
  const quads = Math.ceil(n / 4);
  backend.run({
    program: prog,
    inputs,
    outputs: [out],
    uniforms: uniforms(quads),
    workgroups: threadGrid(rows * quads, WG),
  });
  return out;
}

/** The CSR × dense program for `indexWidth`. */
function spmmProgram(indexWidth: IndexWidth, ordered = false) {
  return program(`SpMM:${indexWidth}${ordered ? ':ord' : ''}`, 3, () => ({
    inputs: [
      { name: 'rowPtr', type: 'u32' },
      { name: 'colIdx', type: 'u32' },
      { name: 'vals', type: 'f32' },
      { name: 'b', type: 'f32' },
      ...(ordered ? [{ name: 'rowOrder', type: 'u32' as const }] : []),
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: indexFn('col_at', 'colIdx', indexWidth),
    body: [
      'let rows = U(0u); let n = U(1u); let quads = U(2u);',
      'if (gi >= rows * quads) { return; }',
      ordered ? 'let r = ld_rowOrder(gi / quads);' : 'let r = gi / quads;',
      'let j = (gi % quads) * 4u;',
      CSR_ROW_QUAD,
      storeQuad('acc'),
    ].join('\n'),
  }));
}

/** Registration of {@link SpMM} on `webgpu` (float32). */
export const spmmOnWebGPU = defineWebGPUKernel(SpMM, ({ inputs, attrs, backend }) => {
  const { rows, indexWidth } = attrs;
  const n = inputs.b.shape[1]!;
  const ins = [inputs.rowPtr, inputs.colIdx, inputs.values, inputs.b];
  if (inputs.rowOrder !== undefined) ins.push(inputs.rowOrder);
  return runRowQuads(
    backend,
    SpMM,
    spmmProgram(indexWidth, inputs.rowOrder !== undefined),
    ins,
    rows,
    n,
    (quads) => new Uniforms().u(rows, n, quads),
  );
});
