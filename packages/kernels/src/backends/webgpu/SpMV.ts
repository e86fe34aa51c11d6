/**
 * `webgpu` SpMV, `y = α·A·x + β·y0` for CSR `A` (spec §3.1):
 *
 * - **scalar CSR** (mean nnz/row below 32): one invocation per row walks its nonzeros;
 * - **vector CSR** (otherwise): one workgroup of 64 invocations per row, each summing a strided share of
 *   the row, finished by a tree reduction in workgroup memory (no subgroup operations, so it runs on every
 *   adapter).
 *
 * With the matrix's `rowOrder` (rows by length, descending: Sputnik's row swizzle), invocation or
 * workgroup `k` takes row `rowOrder[k]`, so neighbours get rows of similar length and the heavy rows start
 * first; results do not depend on it.
 *
 * @module
 */
import { grid, threadGrid, Uniforms } from '@sparseland/core/extend';
import { SpMV } from '../../kernel-names.js';
import { defineWebGPUKernel, indexFn, program, WG } from './common.js';

/** Mean nonzeros per row from which a workgroup takes each row. */
export const SPMV_VECTOR_THRESHOLD = 32;

/** Registration of {@link SpMV} on `webgpu` (float32). */
export const spmvOnWebGPU = defineWebGPUKernel(SpMV, ({ inputs, attrs, backend }) => {
  const { rows, nnz, indexWidth, alpha, beta } = attrs;
  const out = backend.output([rows], 'float32', SpMV);
  if (rows === 0) return out;
  const withY = inputs.y !== undefined;
  const ordered = inputs.rowOrder !== undefined;
  const vector = nnz >= SPMV_VECTOR_THRESHOLD * rows;
  const finish = withY ? 'UF(1u) * s + UF(2u) * ld_y(r)' : 'UF(1u) * s';
  const p = program(
    `SpMV:${indexWidth}:${withY ? 'y' : '-'}:${vector ? 'vec' : 'scalar'}${ordered ? ':ord' : ''}`,
    3,
    () => ({
      inputs: [
        { name: 'rowPtr', type: 'u32' },
        { name: 'colIdx', type: 'u32' },
        { name: 'vals', type: 'f32' },
        { name: 'x', type: 'f32' },
        ...(withY ? [{ name: 'y', type: 'f32' as const }] : []),
        ...(ordered ? [{ name: 'rowOrder', type: 'u32' as const }] : []),
      ],
      outputs: [{ name: 'out', type: 'f32' }],
      workgroup: WG,
      helpers: [
        indexFn('col_at', 'colIdx', indexWidth),
        vector ? `var<workgroup> part: array<f32, ${WG}>;` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      body: vector
        ? [
            'if (wi >= U(0u)) { return; }', // uniform per workgroup, so no invocation misses a barrier
            ordered ? 'let r = ld_rowOrder(wi);' : 'let r = wi;',
            'var s = 0.0;',
            'let end = ld_rowPtr(r + 1u);',
            `for (var q = ld_rowPtr(r) + lid; q < end; q += ${WG}u) { s += ld_vals(q) * ld_x(col_at(q)); }`,
            'part[lid] = s;',
            'workgroupBarrier();',
            `for (var h = ${WG / 2}u; h > 0u; h >>= 1u) {`,
            '  if (lid < h) { part[lid] += part[lid + h]; }',
            '  workgroupBarrier();',
            '}',
            `if (lid == 0u) { let s = part[0]; st_out(r, ${finish}); }`,
          ].join('\n')
        : [
            'if (gi >= U(0u)) { return; }',
            ordered ? 'let r = ld_rowOrder(gi);' : 'let r = gi;',
            'let end = ld_rowPtr(r + 1u);',
            'var q = ld_rowPtr(r);',
            'var s0 = 0.0; var s1 = 0.0; var s2 = 0.0; var s3 = 0.0;',
            'for (; q + 3u < end; q += 4u) {',
            '  s0 += ld_vals(q) * ld_x(col_at(q));',
            '  s1 += ld_vals(q + 1u) * ld_x(col_at(q + 1u));',
            '  s2 += ld_vals(q + 2u) * ld_x(col_at(q + 2u));',
            '  s3 += ld_vals(q + 3u) * ld_x(col_at(q + 3u));',
            '}',
            'for (; q < end; q++) { s0 += ld_vals(q) * ld_x(col_at(q)); }',
            'let s = s0 + s1 + (s2 + s3);',
            `st_out(r, ${finish});`,
          ].join('\n'),
    }),
  );
  const ins = [inputs.rowPtr, inputs.colIdx, inputs.values, inputs.x];
  if (inputs.y !== undefined) ins.push(inputs.y);
  if (inputs.rowOrder !== undefined) ins.push(inputs.rowOrder);
  backend.run({
    program: p,
    inputs: ins,
    outputs: [out],
    uniforms: new Uniforms().u(rows).f(alpha, beta),
    workgroups: vector ? grid(rows) : threadGrid(rows, WG),
  });
  return out;
});
