/**
 * `webgpu` SDDMM, `out[p] = ⟨A[row p], B[col p]⟩ (· scale[p])` on a CSR pattern (spec §3.3).
 *
 * One invocation per stored entry, so work is balanced whatever the row lengths: it finds its row by a
 * binary search of `rowPtr` (the last row starting at or before `p`, which skips empty rows), then takes
 * the dot product with four accumulators. Plain and transposed layouts of `A` and `B` are strides in the
 * uniforms, so one pipeline serves all four.
 *
 * @module
 */
import { threadGrid, Uniforms } from '@sparseland/core/extend';
import { SDDMM } from '../../kernel-names.js';
import { defineWebGPUKernel, indexFn, program, WG } from './common.js';

/** Registration of {@link SDDMM} on `webgpu` (float32). */
export const sddmmOnWebGPU = defineWebGPUKernel(SDDMM, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth, k, transposeA, transposeB } = attrs;
  const out = backend.output([nnz], 'float32', SDDMM);
  if (nnz === 0) return out;
  const scaled = inputs.scale !== undefined;
  const p = program(`SDDMM:${indexWidth}:${scaled ? 'scale' : '-'}`, 7, () => ({
    inputs: [
      { name: 'rowPtr', type: 'u32' },
      { name: 'colIdx', type: 'u32' },
      { name: 'a', type: 'f32' },
      { name: 'b', type: 'f32' },
      ...(scaled ? [{ name: 'scale', type: 'f32' as const }] : []),
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: indexFn('col_at', 'colIdx', indexWidth),
    body: [
      'let nnz = U(0u); let rows = U(1u); let k = U(2u);',
      'let sa = U(3u); let ta = U(4u); let sb = U(5u); let tb = U(6u);',
      'if (gi >= nnz) { return; }',
      'var lo = 0u; var hi = rows;',
      'while (lo < hi) { let mid = (lo + hi + 1u) >> 1u; if (ld_rowPtr(mid) <= gi) { lo = mid; } else { hi = mid - 1u; } }',
      'let ao = lo * sa;',
      'let bo = col_at(gi) * sb;',
      'var s0 = 0.0; var s1 = 0.0; var s2 = 0.0; var s3 = 0.0;',
      'var t = 0u;',
      'for (; t + 3u < k; t += 4u) {',
      '  s0 += ld_a(ao + t * ta) * ld_b(bo + t * tb);',
      '  s1 += ld_a(ao + (t + 1u) * ta) * ld_b(bo + (t + 1u) * tb);',
      '  s2 += ld_a(ao + (t + 2u) * ta) * ld_b(bo + (t + 2u) * tb);',
      '  s3 += ld_a(ao + (t + 3u) * ta) * ld_b(bo + (t + 3u) * tb);',
      '}',
      'for (; t < k; t++) { s0 += ld_a(ao + t * ta) * ld_b(bo + t * tb); }',
      'let dot = s0 + s1 + (s2 + s3);',
      scaled ? 'st_out(gi, dot * ld_scale(gi));' : 'st_out(gi, dot);',
    ].join('\n'),
  }));
  const ins = [inputs.rowPtr, inputs.colIdx, inputs.a, inputs.b];
  if (inputs.scale !== undefined) ins.push(inputs.scale);
  backend.run({
    program: p,
    inputs: ins,
    outputs: [out],
    uniforms: new Uniforms().u(
      nnz,
      rows,
      k,
      transposeA ? 1 : k,
      transposeA ? rows : 1,
      transposeB ? 1 : k,
      transposeB ? cols : 1,
    ),
    workgroups: threadGrid(nnz, WG),
  });
  return out;
});
